/**
 * Micro benchmarks of routing (tinybench):
 * - UniRoute scoring (expected errors + rule + reasoning text) for the default package (11 models x 16
 *   clusters) and OpenTracy's (10 x 100);
 * - nearest centroid, exact JS loop vs HNSW (hnswlib-node): 16 x 100 (default), 100 x 384 (OpenTracy),
 *   and kNN (k=64) over 1,887 x 100 training prompts (the knn strategy);
 * - the whole decision via RouterPool.route (tokenize + embed + assign + score), cache missed on
 *   purpose, in a piscina worker (round trip included) and inline on this thread (the default for the
 *   static embedder), then the cache-hit path; and the same decision in-process without the pool.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/micro/routing.bench.js [--time 1000]
 */
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { createEmbedder } from '../../core/embedding/index.js';
import { decide } from '../../core/routing/decide.js';
import { expectedErrors, scoreModels } from '../../core/routing/scoring.js';
import { seededRng } from '../../core/routing/train/rng.js';
import type { RouterWeights } from '../../core/routing/types.js';
import { exactIndex, hnswIndex } from '../../core/routing/vector-index.js';
import { loadWeights } from '../../core/routing/weights.js';
import { RouterPool } from '../../gateway/src/worker/router-pool.js';

const REPO = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const timeArg = process.argv.indexOf('--time');
const TIME_MS = timeArg > 0 ? Number(process.argv[timeArg + 1]) : 1000;
const quiet = { warn: () => undefined };

function unitRows(n: number, dim: number, seed: number): Float32Array {
  const rng = seededRng(seed);
  const m = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (m[i * dim + j] = rng() - 0.5) ** 2;
    for (let j = 0; j < dim; j++) m[i * dim + j]! /= Math.sqrt(s);
  }
  return m;
}

function queryFor(w: { dim: number }, seed: number): Float32Array {
  return unitRows(1, w.dim, seed);
}

const def = await loadWeights(resolve(REPO, 'models/router-default'), quiet);
const ot = await loadWeights(resolve(REPO, '../shared/data/opentracy-weights-mmlu-v1'), quiet);
const bench = new Bench({ time: TIME_MS, warmup: true });

for (const [name, w] of [['default 11x16', def], ['opentracy 10x100', ot]] as Array<[string, RouterWeights]>) {
  const phi = new Float64Array(w.k);
  phi[3] = 1;
  bench.add(`scoring ${name}`, () => {
    scoreModels({ profiles: w.profiles, gamma: expectedErrors(w.profiles, phi), costWeight: 1, clusterId: 3, confidence: 1 });
  });
}

const knnRows = unitRows(1887, 100, 7);
const sets: Array<[string, Float32Array, number, number, number]> = [
  ['centroids 16x100', def.centroids, def.k, def.dim, 1],
  ['centroids 100x384', ot.centroids, ot.k, ot.dim, 1],
  ['knn 1887x100 k=64', knnRows, 1887, 100, 64],
];
for (const [name, m, n, dim, k] of sets) {
  const exact = exactIndex(m, n, dim);
  const hnsw = hnswIndex(m, n, dim);
  const q = queryFor({ dim }, 11);
  bench.add(`exact ${name}`, () => void exact.search(q, k));
  bench.add(`hnsw ${name}`, () => void hnsw.search(q, k));
}

const prompt = 'Question: Which gas do plants absorb from the atmosphere during photosynthesis? Answer:';
const embedder = await createEmbedder(def.embedder!);
let n = 0;
bench.add('decision in-process (embed + decide)', async () => {
  decide(def, await embedder.embed(`${prompt} ${n++}`), { costWeight: 1, soft: false });
});
const pool = await RouterPool.create({ weightsPath: resolve(REPO, 'models/router-default'), workers: 1, mode: 'pool' });
bench.add('decision via worker (RouterPool.route, cache miss)', async () => {
  await pool.route({ text: `${prompt} ${n++}`, costWeight: 1 });
});
const inline = await RouterPool.create({ weightsPath: resolve(REPO, 'models/router-default'), mode: 'inline' });
bench.add('decision inline (RouterPool.route, cache miss)', async () => {
  await inline.route({ text: `${prompt} ${n++}`, costWeight: 1 });
});
bench.add('decision via RouterPool.route, cache hit', async () => {
  await pool.route({ text: prompt, costWeight: 1 });
});

await bench.run();
await pool.close();
await inline.close();
await embedder.close();

console.log(`# routing micro benchmarks: node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${TIME_MS} ms per task, ${new Date().toISOString()}`);
console.log('| task | median (µs) | mean (µs) | p99 (µs) | samples |');
console.log('| --- | --: | --: | --: | --: |');
for (const t of bench.tasks) {
  const r = t.result;
  if (!r || !('latency' in r)) continue;
  const l = r.latency;
  const us = (ms: number | undefined): string => (ms === undefined ? '–' : (ms * 1000).toFixed(2));
  console.log(`| ${t.name} | ${us(l.p50)} | ${us(l.mean)} | ${us(l.p99)} | ${l.samples.length} |`);
}
