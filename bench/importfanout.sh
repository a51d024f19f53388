#!/usr/bin/env bash
# Fan-out latency of one board, idle and while a 100,000-row CSV import runs into another
# board of the same server (issue #17: within 2x of idle). A bench run, not a test.
# Usage: bench/importfanout.sh [BUILD_DIR] [ROWS]   (needs curl, jq, python3)
set -euo pipefail
build=${1:-build} rows=${2:-100000}
server=$build/server/tessera-server bench=$build/bench/tessera-bench
dir=$(mktemp -d) log=$(mktemp) csv=$(mktemp)
for name in WS_RATE_PER_SECOND WS_RATE_BURST WS_MAX_SOCKETS_PER_USER WS_MAX_SOCKETS_PER_ADDRESS HTTP_MAX_PENDING_PER_ADDRESS \
            HTTP_MAX_PENDING HTTP_MAX_CONNECTIONS_PER_ADDRESS HTTP_MUTATIONS_PER_SECOND HTTP_MUTATION_BURST; do
    export TESSERA_$name=1000000
done
start_server() { # a fresh server for each measurement (the fanout bench's item ids are fixed)
    rm -rf "$dir"; mkdir -p "$dir"
    "$server" --data "$dir" --listen 127.0.0.1:0 --demo >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
    url=$(sed -n 's/^listening on //p' "$log")
    token=$(curl -sf "$url/api/v1/login" -H 'Content-Type: application/json' -d '{"login":"ana","password":"tessera-demo"}' | jq -r .token)
    auth="Authorization: Bearer $token"
}
stop_server() { kill "$pid"; wait "$pid" || true; pid=; }
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir" "$log" "$csv"' EXIT
python3 - "$csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("Title,Status,Due\r\n")
    for i in range(1, int(sys.argv[2]) + 1):
        f.write("Imported row %d,%s,2026-%02d-%02d\r\n" % (i, "To do" if i % 2 else "Done", i % 12 + 1, i % 28 + 1))
PY
# What the server saw: group commit durations and event-loop stalls (histograms from /metrics).
loop_metrics() { curl -sf "$url/metrics" | grep -E '^tessera_(commit_seconds|event_loop_stall_seconds)_(bucket|count|sum)' || true; }
fanout() { "$bench" fanout --server "$url" --clients 50 --writers 2 --rate 50 --seconds "$1"; }
echo "idle:"
start_server
fanout 15
loop_metrics
stop_server
start_server
curl -sf -X PATCH "$url/api/v1/admin/settings" -H "$auth" -H 'Content-Type: application/json' \
     -d "{\"max_items_per_board\": $((rows + 1000))}" >/dev/null
board=$(curl -sf "$url/api/v1/boards" -H "$auth" -H 'Content-Type: application/json' -d '{"name":"import target"}' | jq -r '.board.id')
job=$(curl -sf -X POST "$url/api/v1/boards/$board/imports" -H "$auth" --data-binary "@$csv" | jq -r .job.id)
echo "during the import of $rows rows ($(stat -c %s "$csv") bytes), job $job:"
fanout 15 &
bench_pid=$!
start=$(date +%s.%N)
while :; do
    state=$(curl -sf "$url/api/v1/jobs/$job" -H "$auth" | jq -r .job.state)
    [ "$state" = done ] || [ "$state" = failed ] || [ "$state" = cancelled ] && break
    sleep 0.2
done
end=$(date +%s.%N)
wait $bench_pid
loop_metrics
curl -sf "$url/api/v1/jobs/$job" -H "$auth" | jq -c '.job | {state, total, imported, failed}'
echo "import took $(echo "$end - $start" | bc) s"
