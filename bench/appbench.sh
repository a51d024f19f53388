#!/usr/bin/env bash
# The real app with a large board, under Xvfb (issue #14). A bench run, not a test.
# Usage: bench/appbench.sh [BUILD_DIR] [ITEMS]     (needs Xvfb, xdotool, curl, jq)
#   PERF=1 also records `perf record -g` of the app during the update stream and the
#   interaction (files perf-cold.data / perf-cached.data in the output folder); SHOTS=1 saves
#   screenshots of the steps (ImageMagick import) there too.
# A fresh tessera-server (--demo) gets a board "000 appbench" with ITEMS items (appload --seed:
# item.create commands over the WebSocket, the fastest supported way). Then the app runs twice,
# signed in as ana with the same HOME: cold (no local cache) and cached. Each time, once the
# board is live: 5 s of 1,000 updates/s with the app idle (its CPU per 1,000 updates), then
# 10 s more of 1,000 updates/s while xdotool scrolls the table (Page Down x20, End, Home),
# types a filter and clears it, switches to Kanban and back. The app writes its frame
# statistics (TESSERA_FRAME_STATS, app/shell/framestats.h) when it gets SIGTERM.
set -euo pipefail
build=$(realpath "${1:-build}") items=${2:-100000}
server=$build/server/tessera-server bench=$build/bench/tessera-bench app=$build/app/tessera
out=$(mktemp -d /tmp/appbench.XXXXXX) data=$(mktemp -d) home=$(mktemp -d)
for name in WS_RATE_PER_SECOND WS_RATE_BURST WS_MAX_SOCKETS_PER_USER WS_MAX_SOCKETS_PER_ADDRESS HTTP_MAX_PENDING_PER_ADDRESS \
            HTTP_MAX_PENDING HTTP_MAX_CONNECTIONS_PER_ADDRESS HTTP_MUTATIONS_PER_SECOND HTTP_MUTATION_BURST; do
    export TESSERA_$name=1000000
done
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$data" "$home"
}
trap cleanup EXIT
wait_for() { # wait_for FILE PATTERN SECONDS
    local until=$((SECONDS + $3))
    while ! grep -q "$2" "$1" 2>/dev/null; do
        [ $SECONDS -lt $until ] || { echo "timed out waiting for '$2' in $1" >&2; return 1; }
        sleep 0.1
    done
}
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) * 1000 / t }' "/proc/$1/stat"; }

"$server" --data "$data" --listen 127.0.0.1:0 --demo >"$out/server.log" 2>&1 &
pids+=($!)
wait_for "$out/server.log" "listening on" 20
url=$(sed -n 's/^listening on //p' "$out/server.log")
token=$(curl -sf "$url/api/v1/login" -H 'Content-Type: application/json' -d '{"login":"ana","password":"tessera-demo"}' | jq -r .token)
auth="Authorization: Bearer $token"
curl -sf -X PATCH "$url/api/v1/admin/settings" -H "$auth" -H 'Content-Type: application/json' \
     -d "{\"max_items_per_board\": $((items + 1000))}" >/dev/null
board=$(curl -sf "$url/api/v1/boards" -H "$auth" -H 'Content-Type: application/json' -d '{"name":"000 appbench"}' | jq -r '.board.id')
start=$SECONDS
"$bench" appload --server "$url" --board "$board" --items "$items" --seed --writers 4 >"$out/seed.json"
echo "seeded $items items in $((SECONDS - start)) s: $(jq -c '.results | {acked, rejected, commandsPerSecond}' "$out/seed.json")"

display=90
while [ -e /tmp/.X11-unix/X$display ] || [ -e /tmp/.X$display-lock ]; do display=$((display + 1)); done
Xvfb :$display -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=:$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

interact() { # the person at the keyboard, while the writer streams
    local wid
    wid=$(xdotool search --sync --onlyvisible --name Tessera | head -1)
    xdotool windowfocus --sync "$wid" || true
    key() { xdotool key --clearmodifiers "$@"; sleep 0.15; }
    shot() { [ "${SHOTS:-0}" != 1 ] || import -window root "$out/$name-$1.png"; }
    key ctrl+1 # the table takes the focus
    for _ in $(seq 20); do key Next; done
    shot paged
    key End; sleep 0.5; shot end; key Home; sleep 0.5
    key ctrl+f
    for word in I t e m space 9; do key "$word"; done
    sleep 0.5; shot filtered; key Escape; sleep 0.5
    key ctrl+2; sleep 1; shot kanban; key ctrl+1; sleep 0.5
}

run_app() { # run_app NAME
    local name=$1 stats=$out/stats-$1.json log=$out/app-$1.log
    echo tessera-demo | env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
        XDG_CACHE_HOME="$home/.cache" DBUS_SESSION_BUS_ADDRESS=disabled: TESSERA_FRAME_STATS="$stats" \
        "$app" --server "$url" --login ana --password-stdin >"$log" 2>&1 &
    local pid=$!
    pids+=($pid)
    wait_for "$log" "framestats: livePainted" $((60 + items / 2000))
    sleep 1
    local perf_pid=
    if [ "${PERF:-0}" = 1 ]; then
        perf record --call-graph dwarf,16384 -F 149 -p "$pid" -o "$out/perf-$name.data" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    local before after
    before=$(cpu_ms "$pid")
    "$bench" appload --server "$url" --board "$board" --items "$items" --rate 1000 --seconds 5 --writers 2 >"$out/stream-idle-$name.json"
    sleep 1 # the last batches reach the app
    after=$(cpu_ms "$pid")
    local updates
    updates=$(jq .results.acked "$out/stream-idle-$name.json")
    echo "{\"updates\": $updates, \"appCpuMs\": $(echo "$after - $before" | bc)}" >"$out/cpu-$name.json"
    "$bench" appload --server "$url" --board "$board" --items "$items" --rate 1000 --seconds 10 --writers 2 \
        >"$out/stream-busy-$name.json" &
    local writer=$!
    name=$name interact
    wait $writer
    [ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
    kill -TERM "$pid" # handled once the GUI thread gets to it (it may still be working off queued keys)
    local until=$((SECONDS + ${QUIT_SECONDS:-600}))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $until ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "== $name: the app did not quit within ${QUIT_SECONDS:-600} s of SIGTERM; killed, no statistics" >&2
        kill -KILL "$pid"
        return 0
    fi
    echo "   (quit $((SECONDS - until + ${QUIT_SECONDS:-600})) s after SIGTERM)"
    echo "== $name: $(jq -c '{items, milestonesMs, peakRssMiB, rssMiB}' "$stats") load average $(cut -d' ' -f1-3 /proc/loadavg)"
    jq -r '.ms | to_entries[] | "   \(.key): n=\(.value.count) p50 \(.value.p50) p95 \(.value.p95) p99 \(.value.p99) max \(.value.max) ms"' "$stats"
    jq -r --argjson u "$updates" '"   app CPU per 1,000 remote updates (idle GUI): \(.appCpuMs * 1000 / $u | floor) ms"' "$out/cpu-$name.json"
}
run_app cold
run_app cached
echo "all output (stats JSON, logs, perf data) in $out"
