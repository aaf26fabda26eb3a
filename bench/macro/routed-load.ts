/**
 * Routed load: `model: "auto"` at a fixed request rate (open loop) through a real
 * gateway process in front of the mock upstream. Reports the routing decision latency
 * as the gateway reports it (`X-OpenTracy-Routing-Ms`), end-to-end latency, errors,
 * and the gateway main thread's event-loop delay (from /health) during the run.
 *
 *   node dist/bench/macro/routed-load.js [--rate 1000] [--seconds 10] [--weights <dir>] [--minilm]
 *
 * GATEWAY_NODE_ARGS (space-separated) adds node flags to the gateway process, e.g. `--trace-gc`;
 * GATEWAY_CPUS pins it with `taskset -c` (e.g. `1`, with the load generator run under `taskset -c 0`).
 *
 * `--minilm` builds a MiniLM-shaped model of the real size (6 layers, 384 hidden, random
 * weights) and a weights package for it in a temp dir, for timing only. Prompts are the
 * dev splits of both routing datasets, each made unique so the decision cache misses.
 * Loopback only; every timer is bounded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { repoRoot } from '../../gateway/src/config.js';
import { writeNpz } from '../../core/routing/npz.js';
import { buildMiniLmShapedModel } from '../../core/test/fixtures/embedding/minilm-shaped.js';
import { startMockUpstream } from '../../gateway/test/helpers/mock-upstream.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const rate = Number(arg('rate', '1000'));
const seconds = Number(arg('seconds', '10'));
const useMiniLm = process.argv.includes('--minilm');
const root = repoRoot();

function prompts(): string[] {
  const out: string[] = [];
  for (const f of ['routing-routerbench/dev.jsonl', 'routing-routerdc/dev.jsonl']) {
    const text = readFileSync(resolve(root, '..', 'shared', 'data', f), 'utf8');
    for (const line of text.split('\n')) if (line.trim()) out.push((JSON.parse(line) as { prompt: string }).prompt.slice(0, 2000));
  }
  return out;
}

/** A package with the default profiles and random 384-d centroids, served by a MiniLM-shaped model. */
async function miniLmPackage(dir: string): Promise<string> {
  const model = await buildMiniLmShapedModel(dir);
  const pkg = join(dir, 'pkg');
  mkdirSync(join(pkg, 'clusters'), { recursive: true });
  mkdirSync(join(pkg, 'profiles'), { recursive: true });
  const src = join(root, 'models', 'router-default');
  const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  manifest.embedder = { kind: 'minilm', model: model.modelPath, vocab: model.vocabPath };
  writeFileSync(join(pkg, 'manifest.json'), JSON.stringify(manifest));
  for (const f of readdirSync(join(src, 'profiles'))) copyFileSync(join(src, 'profiles', f), join(pkg, 'profiles', f));
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const k = 16;
  const centroids = new Float32Array(k * 384).map(() => rnd());
  writeFileSync(join(pkg, 'clusters', 'default.npz'), writeNpz([['type', { dtype: 'U', shape: [], data: ['kmeans'] }], ['centroids', { dtype: '<f4', shape: [k, 384], data: centroids }]]));
  return pkg;
}

/** User + system CPU seconds of a process so far (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

const pct = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'routed-load-'));
  const mock = await startMockUpstream();
  const weights = useMiniLm ? await miniLmPackage(tmp) : resolve(arg('weights', join(root, 'models', 'router-default')));
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8')) as { targets?: Record<string, string> };
  const profileTargets = Object.fromEntries(Object.keys(manifest.targets ?? {}).map((id) => [id, 'openai/mock-ok']));
  writeFileSync(join(tmp, 'config.json'), JSON.stringify({ routing: { profileTargets } }));
  const port = 18000 + Math.floor(Math.random() * 1000);
  const nodeArgs = (process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const gwArgs = [...nodeArgs, join(root, 'dist', 'gateway', 'src', 'main.js'), '--config', join(tmp, 'config.json')];
  const cpus = process.env.GATEWAY_CPUS;
  const gw = spawn(cpus ? 'taskset' : process.execPath, cpus ? ['-c', cpus, process.execPath, ...gwArgs] : gwArgs, {
    env: { ...process.env, OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: String(port), OPENTRACY_DATA_DIR: join(tmp, 'data'), OPENTRACY_WEIGHTS_PATH: weights, OPENTRACY_LOG_LEVEL: 'warn', OPENAI_BASE_URL: `${mock.origin}/v1`, OPENAI_API_KEY: 'sk-mock', OPENTRACY_WATCH_WEIGHTS: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const client = new Pool(base, { connections: 256 });
  const kill = setTimeout(() => gw.kill('SIGKILL'), (seconds + 120) * 1000);
  try {
    for (let i = 0; i < 300; i++) {
      try {
        const r = await client.request({ path: '/health', method: 'GET' });
        const h = (await r.body.json()) as { router_initialized: boolean };
        if (h.router_initialized) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ps = prompts();
    let n = 0;
    const send = async (): Promise<{ routing: number; total: number; status: number }> => {
      const i = n++;
      const body = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: `${ps[i % ps.length]} #${i}` }] });
      const t0 = performance.now();
      const r = await client.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await r.body.dump();
      return { routing: Number(r.headers['x-opentracy-routing-ms']), total: performance.now() - t0, status: r.statusCode };
    };
    // warm-up, then reset the event-loop histogram
    await Promise.all(Array.from({ length: 50 }, send));
    await (await client.request({ path: '/health?reset_event_loop=1', method: 'GET' })).body.dump();
    const results: Array<Promise<{ routing: number; total: number; status: number }>> = [];
    // Uniform arrivals (as wrk2 does): request i is due at start + i/rate. A 1 ms timer sends what is
    // due, so arrivals come one or two at a time rather than in bursts (a 10 ms tick would send ten at
    // once, and the tenth would wait for the nine before it).
    const intervalMs = 1000 / rate;
    let sent = 0;
    const cpu0 = cpuSeconds(gw.pid);
    const start = performance.now();
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.min(Math.floor((now - start) / intervalMs) + 1, Math.round(rate * seconds));
        while (sent < due) {
          sent++;
          results.push(send().catch(() => ({ routing: NaN, total: NaN, status: 0 })));
        }
        if (now - start >= seconds * 1000) {
          clearInterval(timer);
          done();
        }
      }, 1);
    });
    const all = await Promise.all(results);
    const elapsed = (performance.now() - start) / 1000;
    const cpu = cpuSeconds(gw.pid) - cpu0;
    const health = (await (await client.request({ path: '/health', method: 'GET' })).body.json()) as {
      event_loop_delay_ms: { p50: number; p99: number; max: number };
      native: { active: boolean };
      routing_executor?: string;
    };
    const ok = all.filter((r) => r.status === 200);
    const routing = ok.map((r) => r.routing).sort((a, b) => a - b);
    const total = ok.map((r) => r.total).sort((a, b) => a - b);
    const row = {
      embedder: useMiniLm ? 'MiniLM-shaped (6x384, random weights)' : 'static (default)',
      executor: health.routing_executor ?? '',
      target_rate: rate,
      achieved_rate: Math.round(all.length / elapsed),
      requests: all.length,
      errors: all.length - ok.length,
      routing_ms_p50: pct(routing, 50),
      routing_ms_p90: pct(routing, 90),
      routing_ms_p99: pct(routing, 99),
      routing_ms_max: routing[routing.length - 1],
      e2e_ms_p50: Number(pct(total, 50).toFixed(2)),
      e2e_ms_p99: Number(pct(total, 99).toFixed(2)),
      event_loop_delay_ms: health.event_loop_delay_ms,
      gateway_cpu_us_per_req: Math.round((cpu / all.length) * 1e6),
      native: health.native.active,
    };
    console.log(JSON.stringify(row));
    console.log(`| ${row.embedder} | ${row.executor} | ${row.target_rate} | ${row.achieved_rate} | ${row.errors}/${row.requests} | ${row.routing_ms_p50} | ${row.routing_ms_p99} | ${row.e2e_ms_p50} | ${row.e2e_ms_p99} | ${row.event_loop_delay_ms.p99.toFixed(2)} | ${row.gateway_cpu_us_per_req} |`);
  } finally {
    clearTimeout(kill);
    gw.kill('SIGTERM');
    await client.close();
    await mock.close();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
