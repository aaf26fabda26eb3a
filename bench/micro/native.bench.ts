/**
 * Native addon vs TypeScript reference, function by function (tinybench).
 *
 *   node-gyp rebuild && npx tsc -p tsconfig.json && node dist/bench/micro/native.bench.js
 *
 * Prompts are real dev-split prompts (../shared/data/routing-*) cut to 20, 300 and 4,000
 * words. The word tokenizer uses models/embedder-static/vocab.txt; WordPiece uses a
 * 30k-token vocabulary built from the corpus (the MiniLM vocab is not shipped). Each
 * sample runs the function `reps` times; medians are per call, in microseconds.
 */
import { Bench } from 'tinybench';
import { join } from 'node:path';
import os from 'node:os';
import { loadVocab } from '../../core/embedding/vocab.js';
import { WordTokenizer as WordRef } from '../../core/embedding/word-tokenizer.js';
import { WordPieceTokenizer as WordPieceRef } from '../../core/embedding/wordpiece.js';
import * as ref from '../../core/routing/assign.js';
import type { RouterWeights } from '../../core/routing/types.js';
import { binding } from '../../native/binding.js';
import * as nat from '../../native/index.js';
import { realPrompts, repoRoot, rng, wordPieceVocab } from '../../native/test/corpus.js';

interface Case {
  fn: string;
  size: string;
  reps: number;
  ts: () => unknown;
  native: () => unknown;
}

const status = nat.nativeStatus();
if (!status.active || binding === null) {
  console.error(`native addon inactive: ${status.reason}`);
  process.exit(1);
}
const addon = binding;

const prompts = realPrompts();
const words = prompts.join(' ').split(/\s+/).filter((w) => w !== '');
const sizes: ReadonlyArray<readonly [string, number]> = [['short (20 words)', 20], ['medium (300 words)', 300], ['long (4,000 words)', 4000]];
// Different slices of the corpus for each size, so no prompt is a prefix of another.
const texts = sizes.map(([name, n], i) => [name, words.slice(5000 * (i + 1), 5000 * (i + 1) + n).join(' ')] as const);

const staticVocab = loadVocab(join(repoRoot(), 'models', 'embedder-static', 'vocab.txt'));
const wordRef = new WordRef(staticVocab);
const wordNat = new nat.WordTokenizer(staticVocab);
const wpVocab = wordPieceVocab(prompts, 30_000);
const wpRef = new WordPieceRef(wpVocab);
const wpNat = new nat.WordPieceTokenizer(wpVocab);

const cases: Case[] = [];
for (const [size, text] of texts) {
  const reps = size.startsWith('short') ? 50 : size.startsWith('medium') ? 5 : 1;
  cases.push({ fn: 'WordTokenizer.encode (static, max 512)', size, reps, ts: () => wordRef.encode(text), native: () => wordNat.encode(text) });
  cases.push({ fn: 'WordPieceTokenizer.encode (max 128)', size, reps, ts: () => wpRef.encode(text, 128), native: () => wpNat.encode(text, 128) });
  cases.push({ fn: 'WordPieceTokenizer.encode (no truncation)', size, reps, ts: () => wpRef.encode(text, 1 << 20), native: () => wpNat.encode(text, 1 << 20) });
}

const next = rng(5);
for (const [k, d] of [[16, 100], [64, 384], [256, 384]] as const) {
  const m = Float32Array.from({ length: k * d }, () => next() * 2 - 1);
  const x = Float32Array.from({ length: d }, () => next() * 2 - 1);
  const dist = ref.squaredDistances(m, k, d, x);
  const size = `K=${k}, d=${d}`;
  const reps = Math.max(1, Math.round(20000 / (k * d)) * 10);
  const w: RouterWeights = { path: '', manifest: {}, clusterType: 'kmeans', k, dim: d, centroids: m, theta: null, temperature: 0.1, profiles: [], embedder: null, strategy: 'cluster' };
  cases.push({ fn: 'squaredDistances', size, reps, ts: () => ref.squaredDistances(m, k, d, x), native: () => nat.squaredDistances(m, k, d, x) });
  cases.push({ fn: 'dotRows', size, reps, ts: () => ref.dotRows(m, k, d, x), native: () => nat.dotRows(m, k, d, x) });
  // The raw addon calls: native/kernels.ts keeps the reference below the break-even size.
  cases.push({ fn: 'softmax (raw addon call)', size: `K=${k}`, reps: 200, ts: () => ref.softmax(dist), native: () => addon.softmax(dist) });
  cases.push({ fn: 'argmin (raw addon call)', size: `K=${k}`, reps: 500, ts: () => ref.argmin(dist), native: () => addon.argmin(dist) });
  cases.push({ fn: 'assignCluster (kmeans, soft)', size, reps: Math.max(1, Math.round(reps / 2)), ts: () => ref.assignCluster(w, x, true), native: () => nat.assignCluster(w, x, true) });
}

let sink: unknown;
const bench = new Bench({ time: 400, warmupTime: 150 });
for (const c of cases) {
  bench.add(`ts | ${c.fn} | ${c.size}`, () => {
    for (let i = 0; i < c.reps; i++) sink = c.ts();
  });
  bench.add(`native | ${c.fn} | ${c.size}`, () => {
    for (let i = 0; i < c.reps; i++) sink = c.native();
  });
}
await bench.run();
void sink;

function medianUs(name: string, reps: number): number {
  const t = bench.getTask(name);
  const p50 = t?.result?.latency.p50;
  return p50 === undefined ? NaN : (p50 * 1000) / reps;
}

const fmt = (us: number): string => (us < 10 ? us.toFixed(3) : us < 100 ? us.toFixed(2) : us.toFixed(1));
console.log(`# native.bench: ${new Date().toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${status.reason}`);
console.log('| function | input | TS median (µs) | native median (µs) | speed-up |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const c of cases) {
  const ts = medianUs(`ts | ${c.fn} | ${c.size}`, c.reps);
  const na = medianUs(`native | ${c.fn} | ${c.size}`, c.reps);
  console.log(`| ${c.fn} | ${c.size} | ${fmt(ts)} | ${fmt(na)} | ${(ts / na).toFixed(1)}x |`);
}
