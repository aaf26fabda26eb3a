#!/usr/bin/env bash
# This gateway beside direct, Portkey and a plain node:http+undici proxy, in one run of
# ../shared/tools/peer-bench (wrk + raw-socket SSE client, gateway pinned to one core,
# loopback only, hard time cap). Tracing is on, the router is loaded (as `npm start`).
# The gateway gets --single-threaded-gc, as `npm start` gives it on a one-core machine (the
# bench pins it to one core); GATEWAY_NODE_FLAGS= (empty) measures V8's default GC threads.
#
#   npm run build && bash bench/macro/peer-bench.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
PEER=${PEER_BENCH:-$REPO/../shared/tools/peer-bench}
DATA=$(mktemp -d /tmp/ot-peer-data.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
export TARGET_NAME=opentracy
export TARGET_URL=http://127.0.0.1:8080
GATEWAY_NODE_FLAGS=${GATEWAY_NODE_FLAGS---single-threaded-gc}
export TARGET_CMD="exec env OPENAI_BASE_URL=\"\$MOCK_BASE_URL\" OPENAI_API_KEY=sk-mock OPENTRACY_HOST=127.0.0.1 OPENTRACY_PORT=8080 OPENTRACY_DATA_DIR=$DATA OPENTRACY_LOG_LEVEL=warn OPENTRACY_WATCH_WEIGHTS=0 node $GATEWAY_NODE_FLAGS $REPO/dist/gateway/src/main.js"
export MAX_SECONDS=${MAX_SECONDS:-480}
exec bash "$PEER/run.sh" "${1:-/tmp/peerbench}"
