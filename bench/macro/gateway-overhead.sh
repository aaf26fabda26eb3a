#!/usr/bin/env bash
# Gateway CPU and latency overhead per proxied request, against a local mock upstream.
#
# The gateway runs pinned to one core (GW_CPU, default 1); the mock upstream and wrk share
# another (LOAD_CPU, default 0). For each variant and each tracing mode it runs wrk at c=1
# (latency) and at c=64 (throughput, latency, and gateway CPU from /proc/<pid>/stat
# utime+stime divided by completed requests: immune to other jobs on the machine, unlike wall
# time), and the gateway's own time at c=1 read back from its traces (latency minus upstream,
# bench/macro/own-time.ts). Prints one markdown table. Loopback only; bounded: about (C1_S + C64_S + 4) seconds per
# variant and mode.
#
#   npm run build && bash bench/macro/gateway-overhead.sh
#   VARIANTS="base=/path/to/old/checkout new=." bash bench/macro/gateway-overhead.sh
#
# A variant is name=root, where root holds a built dist/ (and models/, node_modules/, build/).
# Compare variants within one run: the modes and variants interleave, so drift hits all alike.
#
# Env: VARIANTS ("current=."), MODES ("on off"; also "sync": tracing with OPENTRACY_TRACE_DURABILITY=sync),
#      C1_S (5), C64_S (8), ROUNDS (1),
#      BODY (the peer-bench body.json: a 289-byte non-streaming gpt-4o-mini request),
#      GATEWAY_NODE_FLAGS ("--single-threaded-gc", as `npm start` on one core; empty for V8's default).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
VARIANTS=${VARIANTS:-current=.}
MODES=${MODES:-on off}
C1_S=${C1_S:-5}
C64_S=${C64_S:-8}
ROUNDS=${ROUNDS:-1}
GW_CPU=${GW_CPU:-1}
GATEWAY_NODE_FLAGS=${GATEWAY_NODE_FLAGS---single-threaded-gc}
LOAD_CPU=${LOAD_CPU:-0}
BODY=${BODY:-/work/shared/tools/peer-bench/body.json}
MOCK=${MOCK:-/work/shared/tools/peer-bench/mock-upstream.mjs}
MOCK_PORT=${MOCK_PORT:-9901}
GW_PORT=${GW_PORT:-18081}
TCK=$(getconf CLK_TCK)
. "$REPO/bench/macro/wrk-common.sh"
wrk_setup gw-overhead "$BODY"

MOCK_PORT=$MOCK_PORT taskset -c "$LOAD_CPU" node "$MOCK" > "$WORK/mock.log" 2>&1 &
PIDS+=($!)
sleep 0.5

wrk_run() { # conns seconds out
  taskset -c "$LOAD_CPU" wrk -t1 -c"$1" -d"$2"s --latency -s "$WORK/post.lua" \
    "http://127.0.0.1:$GW_PORT/v1/chat/completions" > "$3"
}

echo "| variant | tracing | req/s c=64 | p50 c=1 ms | own p50 c=1 ms | p99 c=1 ms | p50 c=64 ms | p99 c=64 ms | CPU µs/req | RSS MiB | non-2xx |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    for v in $VARIANTS; do
      name=${v%%=*}; root=${v#*=}
      traces=1; [ "$mode" = off ] && traces=0
      durability=async; [ "$mode" = sync ] && durability=sync
      rm -rf "$WORK/data"
      OPENAI_BASE_URL=http://127.0.0.1:$MOCK_PORT/v1 OPENAI_API_KEY=sk-mock OPENTRACY_HOST=127.0.0.1 \
        OPENTRACY_PORT=$GW_PORT OPENTRACY_DATA_DIR="$WORK/data" OPENTRACY_LOG_LEVEL=warn OPENTRACY_TRACES=$traces OPENTRACY_TRACE_DURABILITY=$durability \
        taskset -c "$GW_CPU" node $GATEWAY_NODE_FLAGS "$root/dist/gateway/src/main.js" --gateway > "$WORK/gw.log" 2>&1 &
      gp=$!
      PIDS+=($gp)
      for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null && break; sleep 0.1; done
      wrk_run 64 2 "$WORK/warm.txt" # JIT warm-up, not reported
      c1_from=$(date +%s%3N)
      wrk_run 1 "$C1_S" "$WORK/c1.txt"
      c1_to=$(date +%s%3N)
      t0=$(awk '{print $14 + $15}' "/proc/$gp/stat")
      wrk_run 64 "$C64_S" "$WORK/c64.txt"
      t1=$(awk '{print $14 + $15}' "/proc/$gp/stat")
      rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$gp/status")
      kill "$gp"; wait "$gp" 2>/dev/null || true # SIGTERM: the gateway flushes its traces
      own="–" # the gateway's own time from its c=1 traces: latency_ms - upstream_ms (own-time.ts)
      [ "$mode" != off ] && own=$(node "$REPO/dist/bench/macro/own-time.js" "$WORK/data" --since "$c1_from" --until "$c1_to" | sed -E 's/.*"own_p50_ms":([0-9.]+).*/\1/')
      reqs=$(awk '/requests in/ {print $1}' "$WORK/c64.txt")
      rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/c64.txt")
      bad=$(awk '/Non-2xx/ {s += $NF} END {print s + 0}' "$WORK/c1.txt" "$WORK/c64.txt")
      cpu=$(awk -v d=$((t1 - t0)) -v n="$reqs" -v t="$TCK" 'BEGIN { printf "%.1f", (n > 0) ? d * 1e6 / t / n : 0 }')
      echo "| $name | $mode | $rps | $(lat_ms 50% "$WORK/c1.txt") | $own | $(lat_ms 99% "$WORK/c1.txt") | $(lat_ms 50% "$WORK/c64.txt") | $(lat_ms 99% "$WORK/c64.txt") | $cpu | $rss | $bad |"
    done
  done
done
