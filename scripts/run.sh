#!/usr/bin/env bash
# Command (1): build, start the bundled server with a demo board on 127.0.0.1, and the
# desktop client connected to it. Data lives in ~/.local/share/tessera/demo-server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

data="${XDG_DATA_HOME:-$HOME/.local/share}/tessera/demo-server"
mkdir -p "$data"
log="$data/server.log"
port="${TESSERA_PORT:-7420}"

./build/server/tessera-server --data "$data" --listen "127.0.0.1:$port" --demo >"$log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
    grep -q "listening on" "$log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "run: the server did not start" >&2; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$log" | head -n 1)
echo "Tessera server: $url (data in $data, log in $log)"
echo "Demo accounts: ana (server admin), ben, cy; password: tessera-demo"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    cat <<MSG
No display was found, so the desktop client was not started. To see it headless, run:
    echo tessera-demo | xvfb-run -a ./build/app/tessera --server $url --login ana --password-stdin
The server keeps running; press Ctrl+C to stop it.
MSG
    wait "$server_pid"
else
    echo tessera-demo | ./build/app/tessera --server "$url" --login ana --password-stdin
fi
