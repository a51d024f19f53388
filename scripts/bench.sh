#!/usr/bin/env bash
# The standard benchmark set of issue #14, one bench at a time, as a markdown table: per aim
# the figure measured, the aim, whether it was met, the errors seen and the exact command.
#
#   scripts/bench.sh [--quick | --smoke] [--build DIR] [OUTPUT.md]
#
#   (default)  the full run (~15 min with the peers side by side, ~4 min without)
#   --quick    a few seconds per bench (fewer rounds and batches, shorter runs)
#   --smoke    tiny parameters, no peers: checks for errors only (CTest's tst_bench_smoke)
#   --build    the build folder holding bench/tessera-bench (default $TESSERA_BUILD_DIR or build)
#   OUTPUT.md  write the table there instead of stdout (progress goes to stderr)
#
# Timings never fail the script. It exits 1 when any bench saw an error: a non-zero exit,
# no JSON, or a count that must be zero (gaps, duplicates, lost acks, rejects, lost or
# twice-applied events, failed connections or batches, closed subscribers, a server that
# exited); 2 for a bad command line or a missing tool. Needs jq (scripts/setup.sh installs
# it). The peers side by side (../shared/peers/side-by-side.sh, or $TESSERA_PEERS_DIR) also
# needs node and npm; without them the table says so. Never run two benchmarks at once.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
mode=full build=${TESSERA_BUILD_DIR:-build} out=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --build) [ $# -ge 2 ] || { echo "bench.sh: --build needs a folder" >&2; usage; }; build=$2; shift ;;
    --help|-h) usage ;;
    --*) echo "bench.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$out" ] || { echo "bench.sh: one output file only (got $out and $1)" >&2; usage; }; out=$1 ;;
    esac
    shift
done
case $build in /*) ;; *) build=$repo/$build ;; esac
bench=$build/bench/tessera-bench
[ -x "$bench" ] || { echo "bench.sh: no $bench (build the tessera-bench target first)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench.sh: needs jq to read the benches' JSON (scripts/setup.sh installs it)" >&2; exit 2; }
if [ -n "$out" ]; then
    : >"$out" || { echo "bench.sh: cannot write $out" >&2; exit 2; }
fi
# How a command is shown: relative to the repository when it lies inside it.
shown() { case $1 in "$repo"/*) echo "${1#"$repo"/}" ;; *) echo "$1" ;; esac; }
shown_bench=$(shown "$bench")
peers=${TESSERA_PEERS_DIR:-$repo/../shared/peers}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
read -r load1 _ </proc/loadavg
awk -v l="$load1" 'BEGIN { exit !(l >= 1.0) }' \
    && echo "bench.sh: load average $load1: the machine is busy, latencies will show it" >&2

# Shared jq definitions: number formats, and the errors a bench's JSON reports.
jqlib='
def r1: . * 10 | round / 10;
def r2: . * 100 | round / 100;
def commas: round | if . >= 1000 then ((. / 1000 | floor) | commas) + "," + ((. % 1000) | tostring | ("00" + .)[-3:]) else tostring end;
def zero_counts: ["gaps", "duplicates", "lostAcks", "rejected", "lost", "appliedTwice", "duplicateBatches",
                  "outOfOrder", "failed", "failedBatches", "subscribersClosed"];
def errs: .results as $r
    | [zero_counts[] | select(($r[.] // 0) > 0) | "\(.) \($r[.])"]
    + (if $r.serverAlive == false then ["server exited"] else [] end)
    + (if $r.cacheReadFailed == true then ["local cache read failed"] else [] end)
    + (if $r.allReady == false then ["not all subscribers ready"] else [] end)
    + (if $r.caughtUp == false then ["subscribers did not catch up"] else [] end);
'

rows=() errors=0 extra=()
add_row() { rows+=("| $1 | $2 | $3 | $4 | $5 | \`$6\` |"); }
clean() { tr '\n|' ' /' | sed 's/  */ /g; s/ *$//' | cut -c1-240; }

# bench MEASURE AIM FIGURE_JQ MET_JQ -- ARGS...: runs tessera-bench ARGS and adds its row.
bench() {
    local measure=$1 aim=$2 figure_jq=$3 met_jq=$4
    shift 5
    local cmd="$shown_bench $*" rc json figure met errs
    echo "bench.sh: $cmd   (load $(load))" >&2
    "$bench" "$@" >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    json=$(grep '^{' "$tmp/out.json" | tail -n 1)
    if [ -z "$json" ] || ! jq -e . >/dev/null 2>&1 <<<"$json"; then
        figure="—" met="—" errs="no result (exit $rc): $(tail -c 300 "$tmp/err" | clean)"
    else
        figure=$(jq -r "$jqlib try ($figure_jq) catch \"(figures missing from its JSON)\"" <<<"$json")
        met=$(jq -r "$jqlib try (if ($met_jq) == null then \"—\" elif ($met_jq) then \"yes\" else \"**no**\" end) catch \"—\"" <<<"$json")
        errs=$(jq -r "$jqlib errs | join(\", \")" <<<"$json")
        if [ "$rc" -ne 0 ]; then
            errs="exit $rc${errs:+; $errs}"
            [ -s "$tmp/err" ] && errs="$errs: $(tail -c 200 "$tmp/err" | clean)"
        fi
    fi
    [ "$mode" = smoke ] && met="—" # tiny parameters: the aims do not apply
    [ -n "$errs" ] && errors=$((errors + 1))
    add_row "$measure" "$figure" "$aim" "$met" "${errs:-none}" "$cmd"
}

# peers N MODE [M REPEATS]: the side by side (ws relay, Socket.IO, ShareDB, Tessera), one row.
peers() {
    local n=$1 pmode=$2 measure aim
    shift 2
    local cmd
    cmd="$(shown "$peers/side-by-side.sh") $(shown "$build") $n $pmode${*:+ $*}"
    case $pmode in
    rate) measure="fan-out, $n subscribers, 200 updates/s, Tessera vs ws relay"; aim="p99 <= 1.5x the ws relay's, p50 <= 2x" ;;
    *) measure="fan-out saturated, $n subscribers, Tessera vs ws relay"; aim="<= 1.0 µs server CPU/delivery; >= 2.5x ws deliveries/s" ;;
    esac
    local why=
    if [ "$mode" = smoke ]; then why="not run in a smoke run"
    elif [ ! -x "$peers/side-by-side.sh" ]; then why="not run: no peers folder at $(shown "$peers")"
    elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then why="not run: node and npm are not installed"
    fi
    if [ -n "$why" ]; then
        add_row "$measure" "$why" "$aim" "—" "—" "$cmd"
        return
    fi
    echo "bench.sh: $cmd   (load $(load))" >&2
    # As tessera-bench does for its own server: one user on one address with hundreds of
    # sockets, and the adapter's item creations over HTTP, would hit the per-user,
    # per-address and HTTP mutation limits (issue #13); side-by-side.sh lifts only the frame rate.
    local name var
    for name in WS_MAX_SOCKETS_PER_USER WS_MAX_SOCKETS_PER_ADDRESS WS_MAX_UNAUTHENTICATED WS_MAX_UNAUTHENTICATED_PER_ADDRESS \
                HTTP_MAX_PENDING_PER_ADDRESS HTTP_MAX_PENDING HTTP_MAX_CONNECTIONS_PER_ADDRESS HTTP_MUTATIONS_PER_SECOND \
                HTTP_MUTATION_BURST; do
        var=TESSERA_$name
        export "$var=${!var:-1000000}"
    done
    "$peers/side-by-side.sh" "$build" "$n" "$pmode" "$@" >"$tmp/peers.md" 2>"$tmp/err"
    local rc=$?
    local ws tessera figure met errs=
    ws=$(grep '^| ws |' "$tmp/peers.md") tessera=$(grep '^| tessera |' "$tmp/peers.md")
    if [ "$rc" -ne 0 ] || [ -z "$ws" ] || [ -z "$tessera" ]; then
        errors=$((errors + 1))
        add_row "$measure" "—" "$aim" "—" "side-by-side.sh failed (exit $rc): $(tail -c 300 "$tmp/err" | clean)" "$cmd"
        return
    fi
    extra+=("" "Side by side, $n subscribers, $pmode (\`$cmd\`):" "" "$(cat "$tmp/peers.md")")
    # | server | mode | N | runs | complete | delivered/s | p50 | p99 | µs CPU/delivery | RSS |
    read -r figure met errs < <(awk -F'|' -v mode="$pmode" -v ws="$ws" -v t="$tessera" 'BEGIN {
        split(ws, w, "|"); split(t, x, "|");
        for (i in w) gsub(/[ ,]/, "", w[i]); for (i in x) gsub(/[ ,]/, "", x[i]);
        err = x[6] == "true" ? "none" : "the Tessera run is incomplete (missing deliveries)";
        if (mode == "rate") {
            p50 = x[8] / w[8]; p99 = x[9] / w[9];
            fig = sprintf("Tessera p50 %.2f ms, p99 %.2f ms; ws relay p50 %.2f ms, p99 %.2f ms: p50 %.2fx, p99 %.2fx", x[8], x[9], w[8], w[9], p50, p99);
            met = (p99 <= 1.5 && p50 <= 2) ? "yes" : "**no**";
        } else {
            ratio = x[7] / w[7];
            fig = sprintf("Tessera %.2f µs server CPU/delivery, %d deliveries/s; ws relay %.2f µs, %d/s: %.2fx its deliveries/s", x[10], x[7], w[10], w[7], ratio);
            met = (x[10] <= 1.0 && ratio >= 2.5) ? "yes" : "**no**";
        }
        gsub(/ /, "\037", fig); gsub(/ /, "\037", err);
        print fig, met, err }')
    figure=${figure//$'\037'/ } errs=${errs//$'\037'/ }
    [ "$errs" = none ] || errors=$((errors + 1))
    add_row "$measure" "$figure" "$aim" "$met" "$errs" "$cmd"
}

# A private PostgreSQL cluster (tessera-bench --database auto) needs PostgreSQL's initdb,
# found where tests/support/pgcluster.cpp looks; without it the several-nodes rows say so.
have_pg() {
    if [ -n "${TESSERA_PG_BINDIR:-}" ]; then [ -x "$TESSERA_PG_BINDIR/initdb" ]; else compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; fi
}
# pg_bench ...: bench, or its row saying why not when PostgreSQL is missing (issue #16).
pg_bench() {
    if have_pg; then bench "$@"; return; fi
    local measure=$1 aim=$2
    shift 5
    add_row "$measure" "not run: PostgreSQL is not installed (no initdb)" "$aim" "—" "—" "$shown_bench $*"
}

# Parameters per mode: full / quick / smoke.
case $mode in
full) s=10 cu_rounds=5 cu_big_rounds=2 batches=50 peer_args=() cache=(--cache) ;;
quick) s=3 cu_rounds=2 cu_big_rounds=1 batches=10 peer_args=(400 1) cache=() ;;
smoke) s=1 peer_args=() ;;
esac

commit_fig='"\(.results.durableCommandsPerSecond | commas) durable commands/s, \(.results.serverCpuMicrosPerCommand // 0 | r1) µs server CPU per command (commit p99 \(.results.commitLatencyMs.p99 | r1) ms)"'
rate_fig='"p99 \(.results.commitLatencyMs.p99 | r2) ms, p50 \(.results.commitLatencyMs.p50 | r2) ms; \(.results.durableCommandsPerSecond | commas) acked/s of \(.params.rate | commas) offered"'
fan_fig='"delivery p50 \(.results.deliveryLatencyMs.p50 | r1) ms, p99 \(.results.deliveryLatencyMs.p99 | r1) ms; \(.results.deliveriesPerSecond | commas) deliveries/s, \(.results.serverCpuMicrosPerDelivery // 0 | r2) µs server CPU/delivery"'
cu_fig='"reconnect to caught up: median \(.results.reconnectToCaughtUpMs.p50 | r1) ms, max \(.results.reconnectToCaughtUpMs.max | r1) ms (\(.params.rounds) rounds)"'
conn_fig='"\(.results.rssPerIdleConnectionKiB // 0 | r1) KiB per idle connection; \(.results.connected) connected and subscribed in \(.results.totalMs | round) ms"'
nodes_fig='"\(.nodes) nodes: \(.results.durableCommandsPerSecond // .results.commandsPerSecond | commas) commands/s, commit p50 \((.results.commitLatencyMs // .results.ackLatencyMs).p50 | r1) ms, p99 \((.results.commitLatencyMs // .results.ackLatencyMs).p99 | r1) ms\(if .results.deliveryLatencyMs then "; delivery p50 \(.results.deliveryLatencyMs.p50 | r1) ms, p99 \(.results.deliveryLatencyMs.p99 | r1) ms" else "" end); CPU per command \(.results.serverCpuMicrosPerCommand // 0 | round) µs nodes, \(.results.databaseCpuMicrosPerCommand // 0 | round) µs PostgreSQL"'
model_fig='"applyBatch p99 \(.results.applyBatchMs.p99 | r2) ms (p50 \(.results.applyBatchMs.p50 | r2), with 40 rows read p99 \(.results.applyAndPaintRowsMs.p99 | r2)); load \(.results.loadMs | round) ms\(if .results.cacheReadMs then " + cache read \(.results.cacheReadMs | round) ms" else "" end); RSS \(.results.rssMiB | round) MiB"'

if [ "$mode" = smoke ]; then
    bench "durable commands/s" "(smoke)" "$commit_fig" null -- commit --writers 4 --window 4 --seconds 1 --items 50
    bench "commit -> ack at an offered rate" "(smoke)" "$rate_fig" null -- commit --writers 4 --rate 200 --seconds 1 --items 50
    bench "fan-out at a rate" "(smoke)" "$fan_fig" null -- fanout --clients 20 --writers 2 --rate 100 --seconds 1 --items 50
    bench "fan-out saturated" "(smoke)" "$fan_fig" null -- fanout --clients 10 --writers 2 --saturate --window 4 --seconds 1 --items 50
    pg_bench "fan-out across 3 nodes on PostgreSQL" "(smoke)" "$nodes_fig" null -- \
        fanout --database auto --nodes 3 --clients 12 --writers 3 --rate 100 --seconds 2 --items 30
    bench "catch-up" "(smoke)" "$cu_fig" null -- catchup --missed 300 --rounds 1
    bench "catch-up after a restart" "(smoke)" "$cu_fig" null -- catchup --missed 300 --rounds 1 --after-restart
    bench "idle connections" "(smoke)" "$conn_fig" null -- connect --clients 50
    bench "client model" "(smoke)" "$model_fig" null -- model --items 2000 --batch 100 --batches 5 --cache
else
    bench "durable commands/s" ">= 50,000/s; <= 15 µs server CPU per command" "$commit_fig" \
        '.results.durableCommandsPerSecond >= 50000 and (.results.serverCpuMicrosPerCommand // 1e9) <= 15' -- \
        commit --writers 32 --window 32 --seconds "$s"
    bench "commit -> ack at 1,000 commands/s offered" "p99 <= 5 ms" "$rate_fig" '.results.commitLatencyMs.p99 <= 5' -- \
        commit --writers 32 --rate 1000 --seconds "$s"
    bench "fan-out, 500 subscribers, 200 updates/s (tessera-bench)" "compared with the ws relay in the side by side below" \
        "$fan_fig" null -- fanout --clients 500 --writers 2 --rate 200 --seconds "$s"
    bench "fan-out saturated, 100 subscribers (tessera-bench)" "<= 1.0 µs server CPU/delivery" "$fan_fig" \
        '(.results.serverCpuMicrosPerDelivery // 1e9) <= 1.0' -- fanout --clients 100 --writers 4 --saturate --window 16 --seconds "$s"
    pg_bench "durable commands/s, 3 nodes on PostgreSQL (issue #16)" "no errors; compare with the SQLite row" "$nodes_fig" null -- \
        commit --writers 32 --window 32 --seconds "$s" --database auto --nodes 3
    pg_bench "fan-out, 200 subscribers, 200 updates/s, 3 nodes on PostgreSQL (issue #16)" "no errors (every subscriber gets every event once)" \
        "$nodes_fig" null -- fanout --clients 200 --writers 2 --rate 200 --seconds "$s" --database auto --nodes 3
    bench "catch-up of 5,000 missed" "<= 20 ms (median of rounds)" "$cu_fig" '.results.reconnectToCaughtUpMs.p50 <= 20' -- \
        catchup --missed 5000 --rounds "$cu_rounds"
    bench "catch-up of 100,000 missed" "<= 200 ms" "$cu_fig" '.results.reconnectToCaughtUpMs.p50 <= 200' -- \
        catchup --missed 100000 --rounds "$cu_big_rounds"
    bench "catch-up of 5,000 missed, after a server restart" "<= 20 ms" "$cu_fig" '.results.reconnectToCaughtUpMs.p50 <= 20' -- \
        catchup --missed 5000 --rounds "$cu_rounds" --after-restart
    if [ "$mode" = full ]; then
        bench "catch-up of 100,000 missed, after a server restart" "<= 200 ms" "$cu_fig" \
            '.results.reconnectToCaughtUpMs.p50 <= 200' -- catchup --missed 100000 --rounds 1 --after-restart
    fi
    bench "idle connections, 1,000 clients" "<= 16 KiB each; 1,000 connected and subscribed in <= 1 s" "$conn_fig" \
        '(.results.rssPerIdleConnectionKiB // 1e9) <= 16 and .results.totalMs <= 1000' -- connect --clients 1000
    bench "client model, 100,000 items" "p99 <= 2 ms" "$model_fig" '.results.applyBatchMs.p99 <= 2' -- \
        model --items 100000 --batch 1000 --batches "$batches"
    bench "client model, 1,000,000 items" "p99 <= 8 ms per 1,000-event batch incl. moves; load <= 1 s; RSS <= 300 MiB" \
        "$model_fig" '.results.applyBatchMs.p99 <= 8 and (.results.cacheReadMs // 0) + .results.loadMs <= 1000 and .results.rssMiB <= 300' -- \
        model --items 1000000 --batch 1000 --batches "$batches" "${cache[@]}"
fi
peers 500 rate "${peer_args[@]}"
peers 100 tick "${peer_args[@]}"

{
    echo "Benchmarks ($mode run), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, load average at the end $(load)"
    echo
    echo "| measure | figure | aim (issue #14) | met | errors | command |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    [ ${#extra[@]} -eq 0 ] || printf '%s\n' "${extra[@]}"
} >"${out:-/dev/stdout}"
if [ "$errors" -gt 0 ]; then
    echo "bench.sh: $errors bench(es) saw errors (see the errors column)" >&2
    exit 1
fi
exit 0
