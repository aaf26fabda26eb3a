# Shared by the wrk benchmarks (sourced): `wrk_setup NAME BODY_FILE` makes $WORK (removed on exit,
# with every process listed in PIDS) and $WORK/post.lua, a wrk script POSTing BODY_FILE as JSON;
# `lat_ms P FILE` reads the P line ("50%", "99%") of a `wrk --latency` report, in ms.
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "${WORK:-}"; }

wrk_setup() {
  command -v wrk >/dev/null || { echo "wrk not found" >&2; exit 1; }
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  trap cleanup EXIT
  cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$2"):read("*a")
wrk.headers["Content-Type"] = "application/json"
LUA
}

lat_ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  m = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; printf "%.3f", v * m }' "$2"; }
