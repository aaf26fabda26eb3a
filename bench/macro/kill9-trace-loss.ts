/**
 * How many acknowledged requests' traces a kill -9 under load loses.
 *
 * Each run starts a real gateway process (--gateway, no router) in front of the mock upstream,
 * drives `--concurrency` clients for `--seconds`, SIGKILLs the gateway with requests in flight,
 * reopens the LMDB store and counts acknowledged request ids (complete 200 responses, their
 * X-OpenTracy-Request-Id) that have no trace. Reports per run and the median and max over
 * `--runs`: lost traces, the span of their start times, and how long before the kill the
 * earliest lost answer arrived (the durability bound: answers older than that were all traced)
 * and the oldest lost request started.
 *
 *   npm run build && node dist/bench/macro/kill9-trace-loss.js [--runs 7] [--seconds 3] [--concurrency 64] [--durability async|sync]
 */
import { parseArgs } from 'node:util';
import { kill9Trial, type Kill9Result } from '../../gateway/test/helpers/kill9.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '64' },
    durability: { type: 'string', default: 'async' },
    'batch-ms': { type: 'string' },
  },
});
const durability = values.durability === 'sync' ? 'sync' : 'async';
const runs = Number(values.runs);
const results: Kill9Result[] = [];
for (let i = 0; i < runs; i++) {
  const r = await kill9Trial({
    durability,
    concurrency: Number(values.concurrency),
    loadMs: Number(values.seconds) * 1000,
    env: values['batch-ms'] !== undefined ? { OPENTRACY_TRACE_BATCH_MS: values['batch-ms'] } : {},
  });
  results.push(r);
  console.log(
    `run ${i + 1}: acked ${r.acked} (${Math.round(r.reqPerS)} req/s), lost ${r.missing}, lost start times span ${r.missingSpanMs.toFixed(1)} ms, lost answers within ${r.ackWindowMs.toFixed(1)} ms before the kill (starts within ${r.lossWindowMs.toFixed(1)} ms)`,
  );
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const col = (f: (r: Kill9Result) => number): string => `median ${median(results.map(f)).toFixed(1)}, max ${Math.max(...results.map(f)).toFixed(1)}`;
console.log(`durability ${durability}, c=${values.concurrency}, ${values.seconds} s, ${runs} runs`);
console.log(`  lost traces:         ${col((r) => r.missing)}`);
console.log(`  lost span (ms):      ${col((r) => r.missingSpanMs)}`);
console.log(`  answers lost, ms before kill: ${col((r) => r.ackWindowMs)}`);
console.log(`  starts lost, ms before kill:  ${col((r) => r.lossWindowMs)}`);
console.log(`  req/s:               ${col((r) => r.reqPerS)}`);
