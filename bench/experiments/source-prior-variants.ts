/**
 * Experiment (issue 16, step 3): the source prior p0_m(x) = sum_s q~_s(x) acc[s][m] with
 *   - q~ = q^tau / sum q^tau (tau > 1 sharpens the source posterior toward a hard source choice), and
 *   - q averaged over E source heads trained with different seeds (seed ensemble).
 * (tau, E) chosen by 5-fold CV on the train split (quality at λ = 0 of the out-of-fold choices); dev reported.
 *
 *   node dist/bench/experiments/source-prior-variants.js --train datasets/routing-routerdc/train.jsonl.gz \
 *     --dev datasets/routing-routerdc/dev.jsonl.gz --models datasets/routing-routerdc/models.json
 */
import { embedderSpec, loadSplit, openEmbedder, parseFlags, readModels, repoRoot, type LoadedSplit } from '../../core/routing/train/cli-common.js';
import { DEFAULT_FEATURES } from '../../core/routing/features/extract.js';
import { foldOf } from '../../core/routing/train/mlp-cv.js';
import { featureRows, sourceAccuracyTable, sourceNames, sourceTargets } from '../../core/routing/train/mlp-router.js';
import { DEFAULT_SOURCE_HEAD } from '../../core/routing/train/mlp-select.js';
import { predictRows, subsetRows, trainMlp, type SparseRows } from '../../core/routing/train/mlp-train.js';

const f = parseFlags(process.argv.slice(2), ['train', 'dev', 'models', 'folds', 'seed']);
const folds = Number(f.get('folds') ?? 5);
const seed = Number(f.get('seed') ?? 42);
const models = await readModels(f.get('models')!);
const embedder = await openEmbedder(embedderSpec('static', repoRoot(import.meta.url)));
const train = await loadSplit(f.get('train')!, models, embedder);
const dev = await loadSplit(f.get('dev')!, models, embedder, train.split.modelIds);
await embedder.close();
const dim = embedder.dim;
const M = train.split.modelIds.length;
const names = sourceNames(train.split.sources);
const S = names.length;
const TAUS = [0.5, 1, 2, 4, 16];
const ES = [1, 3];
const rowsOf = (s: LoadedSplit): SparseRows => featureRows(s.examples.map((e) => e.prompt), s.embeddings, { dim, ...DEFAULT_FEATURES });
const trRows = rowsOf(train);
const devRows = rowsOf(dev);
const pickScores = (y: Float64Array, idx: ArrayLike<number>, w: number): Float64Array => {
  const out = new Float64Array(idx.length * w);
  for (let r = 0; r < idx.length; r++) out.set(y.subarray(idx[r]! * w, (idx[r]! + 1) * w), r * w);
  return out;
};

/** Source posteriors of the queries from E heads (seeds seed..seed+E-1), and the accuracy table. */
function fit(fitIdx: Int32Array, qRows: SparseRows): { qs: Float64Array[]; acc: Float32Array } {
  const src = Array.from(fitIdx, (i) => train.split.sources[i]!);
  const rows = subsetRows(trRows, fitIdx);
  const y = sourceTargets(src, names);
  const qs: Float64Array[] = [];
  for (let e = 0; e < Math.max(...ES); e++) qs.push(predictRows(trainMlp(rows, y, S, { ...DEFAULT_SOURCE_HEAD, seed: seed + e }), qRows));
  return { qs, acc: sourceAccuracyTable(pickScores(train.split.scores, fitIdx, M), fitIdx.length, M, src, names) };
}

function grid(nq: number, yq: Float64Array, r: { qs: Float64Array[]; acc: Float32Array }): Map<string, number> {
  const out = new Map<string, number>();
  const q = new Float64Array(S);
  for (const E of ES) for (const tau of TAUS) {
    let sum = 0;
    for (let i = 0; i < nq; i++) {
      let z = 0;
      for (let s = 0; s < S; s++) {
        let v = 0;
        for (let e = 0; e < E; e++) v += r.qs[e]![i * S + s]! / E;
        q[s] = Math.pow(Math.max(v, 1e-12), tau);
        z += q[s]!;
      }
      let best = 0;
      let bv = -1;
      for (let m = 0; m < M; m++) {
        let a = 0;
        for (let s = 0; s < S; s++) a += (q[s]! / z) * r.acc[s * M + m]!;
        if (a > bv) { bv = a; best = m; }
      }
      const v = yq[i * M + best]!;
      sum += Number.isNaN(v) ? 0 : v;
    }
    out.set(`E=${E} tau=${tau}`, sum / nq);
  }
  return out;
}

const t0 = Date.now();
const fold = foldOf(train.split.n, folds, seed);
const cv = new Map<string, number>();
for (let fi = 0; fi < folds; fi++) {
  const fitIdx = Int32Array.from({ length: train.split.n }, (_, i) => i).filter((i) => fold[i] !== fi);
  const held = Int32Array.from({ length: train.split.n }, (_, i) => i).filter((i) => fold[i] === fi);
  for (const [k, v] of grid(held.length, pickScores(train.split.scores, held, M), fit(fitIdx, subsetRows(trRows, held)))) cv.set(k, (cv.get(k) ?? 0) + (v * held.length) / train.split.n);
  process.stderr.write(`fold ${fi + 1}/${folds} ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
const devQ = grid(dev.split.n, dev.split.scores, fit(Int32Array.from({ length: train.split.n }, (_, i) => i), devRows));
const chosen = [...cv.entries()].sort((a, b) => b[1] - a[1])[0]![0];
console.log(`${folds}-fold CV on train (${train.split.n} prompts), dev ${dev.split.n}; ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
console.log('| setting | CV quality λ=0 | dev quality λ=0 |\n| --- | --: | --: |');
for (const [k, v] of cv) console.log(`| ${k}${k === chosen ? ' **chosen**' : ''} | ${v.toFixed(4)} | ${devQ.get(k)!.toFixed(4)} |`);
