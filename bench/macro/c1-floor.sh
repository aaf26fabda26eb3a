#!/usr/bin/env bash
# Added p50 latency at c=1: how much of it is the machine's transport and how much the gateway.
#
# In the peer-bench set-up (proxy pinned to GW_CPU, mock upstream and wrk on LOAD_CPU) it measures,
# interleaved per round: the mock directly, the minimal uWS + undici pass-through
# (bench/macro/minimal-proxy.ts: no parsing, no trace), the peer-bench's plain node:http + undici
# proxy, and this gateway (router loaded, tracing on, as `npm start`), with its own time read back
# from its traces (bench/macro/own-time.ts). SAME_CPU=1 pins everything to LOAD_CPU instead, which
# leaves out the wake-ups of a second, idle CPU. Prints one markdown table; about
# (4 * C1_S + 8) seconds per round.
#
#   npm run build && bash bench/macro/c1-floor.sh
#
# Env: ROUNDS (2), C1_S (6), SAME_CPU (0), GW_CPU (1), LOAD_CPU (0), PEER (../shared/tools/peer-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
PEER=${PEER:-$REPO/../shared/tools/peer-bench}
ROUNDS=${ROUNDS:-2}
C1_S=${C1_S:-6}
LOAD_CPU=${LOAD_CPU:-0}
GW_CPU=${GW_CPU:-1}
[ "${SAME_CPU:-0}" = 1 ] && GW_CPU=$LOAD_CPU
. "$REPO/bench/macro/wrk-common.sh"
wrk_setup c1-floor "$PEER/body.json"

# The peer-bench's plain proxy imports undici: run a copy from inside this package, which has it.
PLAIN=$REPO/dist/bench/macro/peer-plain-proxy.mjs
cp "$PEER/plain-proxy.mjs" "$PLAIN"

MOCK_PORT=9901 taskset -c "$LOAD_CPU" node "$PEER/mock-upstream.mjs" > "$WORK/mock.log" 2>&1 &
PIDS+=($!)
sleep 0.5

c1() { # url -> p50 ms (after a 1 s warm-up)
  taskset -c "$LOAD_CPU" wrk -t1 -c1 -d1s -s "$WORK/post.lua" "$1" > /dev/null
  taskset -c "$LOAD_CPU" wrk -t1 -c1 -d"${C1_S}"s --latency -s "$WORK/post.lua" "$1" > "$WORK/wrk.txt"
  lat_ms 50% "$WORK/wrk.txt"
}
wait_up() { for _ in $(seq 1 100); do curl -s -m 2 -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

echo "| round | target | p50 c=1 ms | added ms | gateway's own time p50 ms |"
echo "|---|---|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  direct=$(c1 http://127.0.0.1:9901/v1/chat/completions)
  echo "| $round | direct | $direct | – | – |"

  UPSTREAM=http://127.0.0.1:9901 PORT=8090 taskset -c "$GW_CPU" node "$REPO/dist/bench/macro/minimal-proxy.js" 2> "$WORK/min.log" &
  p=$!; PIDS+=($p); wait_up http://127.0.0.1:8090/
  v=$(c1 http://127.0.0.1:8090/v1/chat/completions); kill "$p"; wait "$p" 2>/dev/null || true
  echo "| $round | minimal uWS + undici | $v | $(awk -v a="$v" -v b="$direct" 'BEGIN { printf "%.3f", a - b }') | – |"

  PROXY_PORT=9902 UPSTREAM=http://127.0.0.1:9901 taskset -c "$GW_CPU" node "$PLAIN" > "$WORK/plain.log" 2>&1 &
  p=$!; PIDS+=($p); wait_up http://127.0.0.1:9902/
  v=$(c1 http://127.0.0.1:9902/v1/chat/completions); kill "$p"; wait "$p" 2>/dev/null || true
  echo "| $round | plain node:http + undici | $v | $(awk -v a="$v" -v b="$direct" 'BEGIN { printf "%.3f", a - b }') | – |"

  rm -rf "$WORK/data"
  OPENAI_BASE_URL=http://127.0.0.1:9901/v1 OPENAI_API_KEY=sk-mock OPENTRACY_HOST=127.0.0.1 OPENTRACY_PORT=8091 \
    OPENTRACY_DATA_DIR="$WORK/data" OPENTRACY_LOG_LEVEL=warn OPENTRACY_WATCH_WEIGHTS=0 \
    taskset -c "$GW_CPU" node --single-threaded-gc "$REPO/dist/gateway/src/main.js" > "$WORK/gw.log" 2>&1 &
  p=$!; PIDS+=($p); wait_up http://127.0.0.1:8091/health
  from=$(date +%s%3N); v=$(c1 http://127.0.0.1:8091/v1/chat/completions); to=$(date +%s%3N)
  kill "$p"; wait "$p" 2>/dev/null || true # SIGTERM: traces flushed
  own=$(node "$REPO/dist/bench/macro/own-time.js" "$WORK/data" --since "$from" --until "$to" | sed -E 's/.*"own_p50_ms":([0-9.]+).*/\1/')
  echo "| $round | this gateway | $v | $(awk -v a="$v" -v b="$direct" 'BEGIN { printf "%.3f", a - b }') | $own |"
done
