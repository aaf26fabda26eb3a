/**
 * Management search benchmark: 1,000,000 generated traces over 30 days in a temp store (written
 * directly with the contract layout), then over HTTP against a management server on loopback:
 *  - filtered search, model + one-day window, limit 100 (target p50 < 20 ms, p99 < 100 ms)
 *  - text search over one day: a common term (stops after 100 hits) and a rare term (scans the day)
 *  - analytics over one day (target < 500 ms)
 * Run: node dist/bench/macro/management-search.js [--n 1000000] [--keep]
 */
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { open } from 'lmdb';
import {
  INDEX_DB_OPTIONS,
  TRACE_DBS,
  traceDbOptions,
  TRACE_ENV_OPTIONS,
  TRACES_ENV_DIR,
  traceIndexKeys,
} from '../../core/contract/store.js';
import { newTraceId } from '../../core/contract/trace-id.js';
import type { TraceRecord } from '../../core/contract/trace.js';
import { loadConfig } from '../../management/src/config.js';
import { startManagement } from '../../management/src/service.js';
import { MODELS, randomTrace } from '../../management/test/helpers/records.js';
import { pick, seeded } from '../../management/test/helpers/rng.js';
import { tempDir } from '../../management/test/helpers/server.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 1_000_000);
const DAYS = 30;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

function writeStore(dir: string): number {
  const started = performance.now();
  const root = open({ path: `${dir}/${TRACES_ENV_DIR}`, ...TRACE_ENV_OPTIONS });
  const traces = root.openDB<TraceRecord, string>({ name: TRACE_DBS.traces, ...traceDbOptions(root) });
  const idx = {
    byModel: root.openDB<Buffer, [string, string]>({ name: TRACE_DBS.byModel, ...INDEX_DB_OPTIONS }),
    byProvider: root.openDB<Buffer, [string, string]>({ name: TRACE_DBS.byProvider, ...INDEX_DB_OPTIONS }),
    byStatus: root.openDB<Buffer, [string, string]>({ name: TRACE_DBS.byStatus, ...INDEX_DB_OPTIONS }),
    bySession: root.openDB<Buffer, [string, string]>({ name: TRACE_DBS.bySession, ...INDEX_DB_OPTIONS }),
    byApiKey: root.openDB<Buffer, [string, string]>({ name: TRACE_DBS.byApiKey, ...INDEX_DB_OPTIONS }),
  };
  const empty = Buffer.alloc(0);
  const rng = seeded(2025);
  const step = (DAYS * DAY) / N;
  const BATCH = 10_000;
  for (let b = 0; b < N; b += BATCH) {
    root.transactionSync(() => {
      for (let i = b; i < Math.min(N, b + BATCH); i++) {
        const r = randomTrace(rng, Math.floor(T0 + i * step));
        if (rng() < 0.0005) r.input_text += ' zanzibar';
        r.request_id = newTraceId(r.timestamp);
        traces.putSync(r.request_id, r);
        for (const [name, key] of traceIndexKeys(r, r.request_id)) idx[name].putSync(key, empty);
      }
    });
    if (b % 200_000 === 0) process.stderr.write(`  wrote ${b}/${N}\n`);
  }
  void root.close();
  return performance.now() - started;
}

async function timeGet(port: number, path: string): Promise<{ ms: number; body: unknown }> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = (await res.json()) as unknown;
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (x: number): string => x.toFixed(1);

async function main(): Promise<void> {
  const dir = tempDir();
  process.stderr.write(`generating ${N} traces in ${dir}\n`);
  const writeMs = writeStore(dir);
  const svc = await startManagement(loadConfig({ OPENTRACY_DATA_DIR: dir, OPENTRACY_MANAGEMENT_PORT: '0', OPENTRACY_GATEWAY_URL: 'http://127.0.0.1:9' }), { log: () => undefined, pushSecretsAtStart: false });
  const rng = seeded(99);
  const dayStart = (): number => T0 + Math.floor(rng() * (DAYS - 1)) * DAY + Math.floor(rng() * DAY);
  const rows: Array<[string, string, string, string, string]> = [];
  const run = async (name: string, n: number, path: () => string, count: (b: unknown) => string): Promise<void> => {
    await timeGet(svc.port, path()); // warm-up
    const ms: number[] = [];
    let last = '';
    for (let i = 0; i < n; i++) {
      const r = await timeGet(svc.port, path());
      ms.push(r.ms);
      last = count(r.body);
    }
    rows.push([name, String(n), fmt(pct(ms, 50)), fmt(pct(ms, 99)), last]);
  };
  const nTraces = (b: unknown): string => String((b as { traces: unknown[] }).traces.length);
  await run('model + 1-day window, limit 100', 300, () => {
    const s = dayStart();
    return `/v1/traces?model_id=${pick(rng, MODELS)}&start_date=${s}&end_date=${s + DAY}&limit=100`;
  }, nTraces);
  await run('model + status + 1-day window, limit 100', 200, () => {
    const s = dayStart();
    return `/v1/traces?model_id=${pick(rng, MODELS)}&status=error&start_date=${s}&end_date=${s + DAY}&limit=100`;
  }, nTraces);
  await run('no filter, newest 100', 200, () => '/v1/traces?limit=100', nTraces);
  await run('text "needle" in 1 day, limit 100', 50, () => {
    const s = dayStart();
    return `/v1/traces?search=needle&start_date=${s}&end_date=${s + DAY}&limit=100`;
  }, nTraces);
  await run('text "zanzibar" (rare) in 1 day: full-day scan', 20, () => {
    const s = dayStart();
    return `/v1/traces?search=zanzibar&start_date=${s}&end_date=${s + DAY}&limit=100`;
  }, nTraces);
  await run('analytics over 1 day', 20, () => {
    const s = dayStart();
    return `/v1/stats/default/analytics?start_date=${s}&end_date=${s + DAY}`;
  }, (b) => String((b as { total_traces: number }).total_traces));
  await svc.close();
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(`management-search: ${N} traces over ${DAYS} days (${Math.round(N / DAYS)}/day), written in ${(writeMs / 1000).toFixed(1)} s`);
  console.log(`machine: ${cpu} x${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
  console.log('| query | runs | p50 ms | p99 ms | rows (last run) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
