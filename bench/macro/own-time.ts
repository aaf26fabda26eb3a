/**
 * The gateway's own time per request, from its traces: `latency_ms` (arrival of the request body
 * to the response written) minus `upstream_ms` (the upstream exchange, from dispatch to its last
 * body byte), over the traces that arrived in [--since, --until] (unix ms). Unlike the added
 * latency a client measures, it leaves out the loopback hops and wake-ups on the way in and out.
 *
 *   npm run build && node dist/bench/macro/own-time.js <dataDir> [--since ms] [--until ms]
 *
 * Prints one JSON line: n, and p50 / p90 / p99 of own time, p50 of latency and upstream (ms).
 */
import { parseArgs } from 'node:util';
import { openTraceStore } from '../../gateway/src/traces/store-open.js';

/** The first trace id of a unix ms (ids start with 12 hex digits of their arrival time). */
function idAt(ms: number): string {
  return Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
}

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! : Number.NaN;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { since: { type: 'string', default: '0' }, until: { type: 'string', default: String(Number.MAX_SAFE_INTEGER) } },
});
const dataDir = positionals[0];
if (!dataDir) {
  process.stderr.write('usage: own-time <dataDir> [--since ms] [--until ms]\n');
  process.exit(2);
}
const store = openTraceStore(dataDir, { readOnly: true });
const own: number[] = [];
const latency: number[] = [];
const upstream: number[] = [];
for (const { value: t } of store.traces.getRange({ start: idAt(Number(values.since)), end: idAt(Number(values.until) + 1) })) {
  if (t.is_error || t.upstream_ms <= 0) continue;
  own.push(t.latency_ms - t.upstream_ms);
  latency.push(t.latency_ms);
  upstream.push(t.upstream_ms);
}
await store.root.close();
for (const a of [own, latency, upstream]) a.sort((x, y) => x - y);
const ms = (v: number): number => Math.round(v * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    n: own.length,
    own_p50_ms: ms(quantile(own, 0.5)),
    own_p90_ms: ms(quantile(own, 0.9)),
    own_p99_ms: ms(quantile(own, 0.99)),
    latency_p50_ms: ms(quantile(latency, 0.5)),
    upstream_p50_ms: ms(quantile(upstream, 0.5)),
  }) + '\n',
);
