/**
 * Gateway routing latency during weight reloads under load: closed-loop `model: "auto"`
 * requests (unique prompts, so the decision cache misses) at a fixed concurrency through
 * a real gateway with a router pool, in front of the mock upstream. Three windows of
 * equal length: before, during (a full reload of the package every `--every` ms) and
 * after. Reports routing ms (X-OpenTracy-Routing-Ms) and end-to-end ms percentiles per
 * window, errors and the number of reloads.
 *
 *   node dist/bench/macro/learning-reload-latency.js [--seconds 5] [--concurrency 16] [--every 500] [--workers 1]
 */
import { join } from 'node:path';
import { Pool } from 'undici';
import { RouterPool } from '../../gateway/src/worker/router-pool.js';
import { startHarness } from '../../gateway/test/helpers/gateway-harness.js';
import { REPO } from '../../management/test/learning/stack.js';

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const seconds = Number(arg('seconds', '5'));
const concurrency = Number(arg('concurrency', '16'));
const every = Number(arg('every', '500'));
const workers = Number(arg('workers', '1'));
const weights = join(REPO, 'models/router-default');

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

const pool = await RouterPool.create({ weightsPath: weights, workers });
const h = await startHarness({ router: pool });
const http = new Pool(h.base, { connections: concurrency });
let seq = 0;
const TOPICS = ['Write a python function that', 'Explain the history of', 'What is the derivative of', 'Summarise the plot of', 'Translate into French:'];

async function window(name: string, reloading: boolean): Promise<Record<string, unknown>> {
  const routing: number[] = [];
  const total: number[] = [];
  let errors = 0;
  let reloads = 0;
  const end = Date.now() + seconds * 1000;
  const reloader = reloading
    ? (async () => {
        while (Date.now() < end) {
          const r = await fetch(`${h.base}/v1/weights/reload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ weights_path: weights }) });
          if (r.status === 200) reloads++;
          await r.text();
          await new Promise((res) => setTimeout(res, every));
        }
      })()
    : Promise.resolve();
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      const prompt = `${TOPICS[seq % TOPICS.length]} item ${seq++} of the benchmark run`;
      const t0 = performance.now();
      const res = await http.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: prompt }] }) });
      await res.body.text();
      total.push(performance.now() - t0);
      if (res.statusCode !== 200) errors++;
      const rm = Number(res.headers['x-opentracy-routing-ms']);
      if (Number.isFinite(rm)) routing.push(rm);
    }
  };
  await Promise.all([...Array.from({ length: concurrency }, worker), reloader]);
  return { window: name, requests: total.length, rps: Math.round(total.length / seconds), errors, reloads, routing_ms: { p50: pct(routing, 50), p90: pct(routing, 90), p99: pct(routing, 99) }, total_ms: { p50: pct(total, 50), p99: pct(total, 99) } };
}

try {
  await window('warm-up', false);
  const rows = [await window('before', false), await window('during reloads', true), await window('after', false)];
  console.log(JSON.stringify({ bench: 'learning-reload-latency', seconds, concurrency, reload_every_ms: every, workers, generation: pool.state().generation, rows, node: process.version, date: new Date().toISOString() }, null, 1));
} finally {
  await http.close();
  await h.close();
  await pool.close();
}
