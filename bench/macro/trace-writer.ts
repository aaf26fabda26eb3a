/**
 * Trace writer throughput under a concurrent reader.
 *
 * Writes realistic traces (~2 KB: system + user messages, an answer, routing scores) through
 * TraceWriter as fast as the main thread can produce them, `--chunk` per event turn (a busy
 * gateway turn), for `--seconds`, while a second process opens the same env read-only and scans
 * it (full scans with snapshot:false, plus index range reads). Repeats `--runs` times on fresh
 * envs and reports the median.
 *
 * A second series runs open loop at `--rate` traces/s (default 20,000; 0 skips it) and shows
 * whether that rate is sustained without a growing backlog.
 *
 * Reported per run: committed traces/s (written during the window / window), dropped, the
 * largest pending backlog (sampled every 50 ms and after each turn), the mean backlog over the first
 * and last thirds of the samples, and whether the backlog grew: it never drained (to about two
 * turns' worth) during the last third. Writer process CPU per trace, data.mdb bytes per trace.
 * Reader: entries decoded/s.
 *
 *   npm run build && node dist/bench/macro/trace-writer.js [--seconds 5] [--runs 3] [--chunk 200] [--rate 20000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import type { TraceRecord } from '../../core/contract/trace.js';
import { indexRange } from '../../core/contract/store.js';
import { emptyTrace, finishTrace } from '../../gateway/src/traces/record.js';
import { openTraceStore } from '../../gateway/src/traces/store-open.js';
import { TraceWriter } from '../../gateway/src/traces/writer.js';

const SELF = fileURLToPath(import.meta.url);
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-haiku', 'mistral-small', 'llama-3.1-8b'];
const PROVIDERS = ['openai', 'openai', 'anthropic', 'mistral', 'groq'];
const WORDS = 'the of and to in is that for it as with was on be by this are or from at which an but not have has had were can all their more one will would there been what about when your out some if into other time only could new these two may first then do any like'.split(' ');

function text(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed * 2654435761;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

const SYSTEM = 'You are a careful assistant. Answer concisely, cite sources when you can, and say when you are unsure. ' + text(1, 12);
const QUESTIONS = Array.from({ length: 256 }, (_, i) => text(i + 2, 70));
const ANSWERS = Array.from({ length: 256 }, (_, i) => text(i + 999, 55));

function makeTrace(i: number, now: number): TraceRecord {
  const t = emptyTrace(now);
  const k = i % MODELS.length;
  t.requested_model = i % 3 === 0 ? 'auto' : MODELS[k]!;
  t.selected_model = MODELS[k]!;
  t.provider = PROVIDERS[k]!;
  t.input_text = QUESTIONS[i & 255]!;
  t.input_messages = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: t.input_text },
  ];
  t.output_text = ANSWERS[(i * 7) & 255]!;
  t.output_message = { role: 'assistant', content: t.output_text };
  t.finish_reason = 'stop';
  if (t.requested_model === 'auto') {
    t.cluster_id = i % 100;
    t.all_scores = Object.fromEntries(MODELS.map((m, j) => [m, 0.1 * j + (i % 10) / 100]));
    t.routing_ms = 1.2;
    t.embedding_ms = 0.9;
  }
  t.tokens_in = 180 + (i % 50);
  t.tokens_out = 120 + (i % 30);
  t.input_cost_usd = t.tokens_in * 1.5e-7;
  t.output_cost_usd = t.tokens_out * 6e-7;
  t.upstream_ms = 400 + (i % 300);
  t.status = i % 50 === 0 ? 502 : 200;
  t.error_code = t.status === 502 ? 'provider_server_error' : '';
  t.session_id = i % 4 === 0 ? `sess-${i % 1000}` : '';
  t.api_key_id = `key-${i % 8}`;
  t.metadata = { team: `team-${i % 5}`, env: 'bench' };
  return finishTrace(t, now + t.upstream_ms + 3);
}

interface RunResult {
  tracesPerS: number;
  acceptedPerS: number;
  dropped: number;
  failed: number;
  maxPending: number;
  grew: boolean;
  pendingFirstThird: number;
  pendingLastThird: number;
  readerEntriesPerS: number;
  /** CPU time of the writer process (main thread, lmdb-js write thread, libuv pool) per trace. */
  cpuUsPerTrace: number;
  /** data.mdb size / traces stored. */
  diskBytesPerTrace: number;
}

/** `rate` 0: as fast as possible, `chunk` per turn; else open loop at `rate` traces/s. */
async function runOnce(seconds: number, chunk: number, rate: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-traces-'));
  const writer = TraceWriter.open(dir, { log: () => {} });
  writer.write(makeTrace(0, Date.now())); // creates nothing new, but lets the reader see a non-empty env
  await writer.flush();
  const reader = spawn(process.execPath, [SELF, '--reader', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const readerOut = collect(reader);
  await waitFor(reader, 'ready');

  const samples: number[] = [];
  let maxPending = 0;
  const sampler = setInterval(() => {
    const p = writer.stats().pending;
    samples.push(p);
    if (p > maxPending) maxPending = p;
  }, 50);
  const base = writer.stats();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let i = 1;
  for (let t = start; t < end; t = performance.now()) {
    const now = Date.now();
    // open loop: what is due by now (at most one second's worth per turn if we fell behind)
    const n = rate > 0 ? Math.min(rate, Math.floor(((t - start) / 1000) * rate) - (i - 1)) : chunk;
    for (let k = 0; k < n; k++) writer.write(makeTrace(i++, now));
    const p = writer.stats().pending;
    if (p > maxPending) maxPending = p;
    if (n > 0) await tick();
    else await sleep(1);
  }
  const elapsed = (performance.now() - start) / 1000;
  const atEnd = writer.stats();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await writer.close();
  reader.kill('SIGTERM');
  const diskBytesPerTrace = statSync(join(dir, 'traces', 'data.mdb')).size / Math.max(1, atEnd.written);
  const readerStats = JSON.parse((await readerOut).trim().split('\n').pop() ?? '{}') as { entries?: number; seconds?: number };
  rmSync(dir, { recursive: true, force: true });

  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const first = mean(samples.slice(0, third));
  const perTurn = rate > 0 ? rate / 100 : chunk;
  const last = mean(samples.slice(-third));
  return {
    tracesPerS: (atEnd.written - base.written) / elapsed,
    acceptedPerS: (atEnd.accepted - base.accepted) / elapsed,
    dropped: atEnd.dropped,
    failed: atEnd.failed,
    maxPending,
    // A backlog that keeps up drains between bursts; one that grows never gets back down.
    grew: Math.min(...samples.slice(-third)) > Math.max(2 * perTurn, 0.1 * first + perTurn),
    pendingFirstThird: Math.round(first),
    pendingLastThird: Math.round(last),
    readerEntriesPerS: (readerStats.entries ?? 0) / (readerStats.seconds || 1),
    diskBytesPerTrace,
    cpuUsPerTrace: (cpu.user + cpu.system) / Math.max(1, atEnd.accepted - base.accepted),
  };
}

/** The reader process: scans the env read-only until SIGTERM, then prints what it read. */
async function reader(dir: string): Promise<void> {
  const store = openTraceStore(dir, { readOnly: true });
  let entries = 0;
  let stop = false;
  const start = performance.now();
  process.on('SIGTERM', () => (stop = true));
  process.stdout.write('ready\n');
  while (!stop) {
    for (const { value } of store.traces.getRange({ snapshot: false })) {
      if (value.tokens_in >= 0) entries++;
      if ((entries & 1023) === 0) {
        await tick(); // let SIGTERM in
        if (stop) break;
      }
    }
    for (const key of store.indexes.byModel.getKeys({ ...indexRange('gpt-4o'), reverse: true, limit: 1000 })) {
      if (store.traces.get(key[1]) !== undefined) entries++;
    }
    await tick();
  }
  process.stdout.write(JSON.stringify({ entries, seconds: (performance.now() - start) / 1000 }) + '\n');
  await store.root.close();
}

function collect(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('close', () => resolve(out));
  });
}

function waitFor(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer): void => {
      buf += c.toString('utf8');
      if (buf.includes(line + '\n')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.on('close', () => reject(new Error('reader exited early')));
  });
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

async function series(label: string, seconds: number, runs: number, chunk: number, rate: number): Promise<void> {
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) {
    const res = await runOnce(seconds, chunk, rate);
    results.push(res);
    console.log(
      `${label} run ${r + 1}: ${Math.round(res.tracesPerS)} traces/s committed (${Math.round(res.acceptedPerS)} accepted/s), ` +
        `dropped ${res.dropped}, failed ${res.failed}, max pending ${res.maxPending}, ` +
        `pending mean first/last third ${res.pendingFirstThird}/${res.pendingLastThird}, grew: ${res.grew}, ` +
        `writer CPU ${res.cpuUsPerTrace.toFixed(1)} us/trace, ${Math.round(res.diskBytesPerTrace)} B/trace on disk, reader ${Math.round(res.readerEntriesPerS)} entries/s, load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
  const sorted = [...results].sort((a, b) => a.tracesPerS - b.tracesPerS);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `${label} median: ${Math.round(median.tracesPerS)} traces/s; max pending over runs ${Math.max(...results.map((r) => r.maxPending))}; ` +
      `backlog grew in ${results.filter((r) => r.grew).length}/${results.length} runs; ` +
      `dropped ${results.reduce((a, r) => a + r.dropped, 0)}`,
  );
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 5);
  const runs = arg('runs', 3);
  const chunk = arg('chunk', 200);
  const rate = arg('rate', 20_000);
  const sample = makeTrace(3, Date.now());
  console.log(
    `trace-writer bench: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ` +
      `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}, ${seconds}s x ${runs} runs, ` +
      `sample trace ${JSON.stringify(sample).length} bytes as JSON`,
  );
  await series(`max (${chunk}/turn)`, seconds, runs, chunk, 0);
  if (rate > 0) await series(`open loop ${rate}/s`, seconds, runs, chunk, rate);
}

if (process.argv[2] === '--reader') await reader(process.argv[3]!);
else await main();
