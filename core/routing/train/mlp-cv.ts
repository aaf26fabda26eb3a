/**
 * Honest model selection for the mlp strategy, pure: k-fold cross-validation on the training split
 * only. Every fold trains the cluster evidence, the source head and each candidate head config on the
 * other folds and predicts the held-out fold; the out-of-fold predictions then score every
 * (head config, mix, alpha) with the same rule and metric as the dev report (normalised AUC of the
 * quality-cost curve over recorded costs when the data has them, else quality at lambda = 0).
 */
import { featureDim } from '../features/extract.js';
import { predictRows, subsetRows, trainMlp, type MlpOptions, type SparseRows } from './mlp-train.js';
import { permuteColumns, profileOrder, sourceAccuracyTable, sourceNames, sourceTargets, type MlpRouterOptions } from './mlp-router.js';
import { seededRng } from './rng.js';
import { toRouterWeights, trainRouter, type TrainInput } from './trainer.js';
import { frame, measure, summarizeCurve, type EvalSplit } from './evaluate.js';
import { argmin, squaredDistances } from '../assign.js';
import { applyPlatt, fitPlatt, type Platt } from '../calibrate.js';

export interface CvGrid {
  heads: MlpOptions[];
  mixes: number[];
  alphas: number[];
  /** Fit Platt scaling per (head, mix) on the out-of-fold predictions (default true). */
  calibrate?: boolean;
}

export interface CvRow {
  head: MlpOptions;
  mix: number;
  alpha: number;
  /** Platt scaling fitted on this (head, mix)'s out-of-fold predictions. */
  calibration: Platt;
  quality0: number;
  auc: number;
  apgr: number;
  score: number;
}

export interface CvResult {
  rows: CvRow[];
  best: CvRow;
  folds: number;
}

/** Fold of every row: a seeded permutation dealt round-robin. */
export function foldOf(n: number, folds: number, seed: number): Int32Array {
  const rng = seededRng(seed ^ 0x5eed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Int32Array(n);
  order.forEach((row, r) => (out[row] = r % folds));
  return out;
}

function rowsOf(fold: Int32Array, f: number, held: boolean): Int32Array {
  const out: number[] = [];
  fold.forEach((g, i) => (held ? g === f : g !== f) && out.push(i));
  return Int32Array.from(out);
}

function subsetInput(input: TrainInput, rows: Int32Array): TrainInput {
  const M = input.models.length;
  const emb = new Float32Array(rows.length * input.dim);
  const sc = new Float64Array(rows.length * M);
  rows.forEach((i, r) => {
    emb.set(input.embeddings.subarray(i * input.dim, (i + 1) * input.dim), r * input.dim);
    sc.set(input.scores.subarray(i * M, (i + 1) * M), r * M);
  });
  return { ...input, embeddings: emb, n: rows.length, scores: sc };
}

/** The rule's choice per prompt for each lambda over gamma (profile order) -> curve on `split` columns. */
export function gammaCurve(gamma: Float64Array, split: EvalSplit, colOfProfile: readonly number[], profileCost: readonly number[], lambdas: readonly number[]) {
  const M = colOfProfile.length;
  return lambdas.map((lambda) => {
    const sel = new Int32Array(split.n);
    for (let i = 0; i < split.n; i++) {
      let b = 0;
      let bs = gamma[i * M]! + lambda * profileCost[0]!;
      for (let m = 1; m < M; m++) {
        const s = gamma[i * M + m]! + lambda * profileCost[m]!;
        if (s < bs || (s === bs && profileCost[m]! < profileCost[b]!)) {
          b = m;
          bs = s;
        }
      }
      sel[i] = colOfProfile[b]!;
    }
    return { lambda, ...measure(split, sel) };
  });
}

export interface CvInput {
  input: TrainInput;
  rows: SparseRows;
  sources: readonly string[];
  /** The training split laid out for scoring (same rows as input). */
  split: EvalSplit;
  lambdas: readonly number[];
  hasCost: boolean;
}

export function crossValidate(cv: CvInput, base: MlpRouterOptions, grid: CvGrid, folds: number, seed: number, log?: (line: string) => void): CvResult {
  const { input, rows, sources, split } = cv;
  const n = input.n;
  const ids = input.models.map((m) => m.id);
  const order = profileOrder(ids);
  const M = order.length;
  const colOfProfile = order.map((j) => split.modelIds.indexOf(ids[j]!));
  const profileCost = order.map((j) => input.models[j]!.costPer1k);
  const yProfile = permuteColumns(input.scores, n, order);
  const fold = foldOf(n, folds, seed);
  const oofHeads = grid.heads.map(() => new Float64Array(n * M));
  const oofSrc = new Float64Array(n * M);
  const oofCluster = new Float64Array(n * M);
  const names = sourceNames(sources);
  if (rows.dim !== featureDim(base.features)) throw new RangeError('feature rows do not match the feature config');
  for (let f = 0; f < folds; f++) {
    const tr = rowsOf(fold, f, false);
    const te = rowsOf(fold, f, true);
    const trRows = subsetRows(rows, tr);
    const teRows = subsetRows(rows, te);
    const yTr = new Float64Array(tr.length * M);
    tr.forEach((i, r) => yTr.set(yProfile.subarray(i * M, (i + 1) * M), r * M));
    // cluster evidence of the fold
    const cw = toRouterWeights(trainRouter(subsetInput(input, tr), { ...base.cluster, strategy: 'cluster' }));
    te.forEach((i) => {
      const c = argmin(squaredDistances(cw.centroids, cw.k, cw.dim, input.embeddings.subarray(i * input.dim, (i + 1) * input.dim)));
      for (let m = 0; m < M; m++) oofCluster[i * M + m] = cw.profiles[m]!.psi[c]!;
    });
    // source mixture of the fold
    if (names.length > 0) {
      const trSources = Array.from(tr, (i) => sources[i]!);
      const sp = trainMlp(trRows, sourceTargets(trSources, names), names.length, { ...base.sourceHead, hidden: 0 });
      const acc = sourceAccuracyTable(yTr, tr.length, M, trSources, names);
      const q = predictRows(sp, teRows);
      const S = names.length;
      te.forEach((i, r) => {
        let z = 0;
        for (let s = 0; s < S; s++) z += q[r * S + s]!;
        for (let m = 0; m < M; m++) {
          let a = 0;
          for (let s = 0; s < S; s++) a += (q[r * S + s]! / z) * acc[s * M + m]!;
          oofSrc[i * M + m] = a;
        }
      });
    }
    grid.heads.forEach((h, g) => {
      const p = predictRows(trainMlp(trRows, yTr, M, h), teRows);
      te.forEach((i, r) => oofHeads[g]!.set(p.subarray(r * M, (r + 1) * M), i * M));
    });
    log?.(`cv fold ${f + 1}/${folds} done`);
  }
  const fr = frame(split);
  const out: CvRow[] = [];
  const gamma = new Float64Array(n * M);
  grid.heads.forEach((head, g) => {
    for (const mix of names.length > 0 ? grid.mixes : [1]) {
      const ph = oofHeads[g]!;
      const p = Float64Array.from(ph, (v, k) => mix * v + (1 - mix) * oofSrc[k]!);
      // calibrated on the same out-of-fold predictions it is then scored on (2 parameters, monotone)
      const calibration = grid.calibrate ? fitPlatt(p, yProfile) : { a: 1, b: 0 };
      for (let k = 0; k < p.length; k++) p[k] = applyPlatt(calibration, p[k]!);
      for (const alpha of grid.alphas) {
        for (let k = 0; k < gamma.length; k++) gamma[k] = alpha * (1 - p[k]!) + (1 - alpha) * oofCluster[k]!;
        const s = summarizeCurve(gammaCurve(gamma, split, colOfProfile, profileCost, cv.lambdas), fr);
        out.push({ head, mix, alpha, calibration, quality0: s.quality0, auc: s.auc, apgr: s.apgr, score: cv.hasCost ? s.auc : s.quality0 });
      }
    }
  });
  // best score; ties (within 1e-9) go to the earlier (simpler) grid point
  const best = out.reduce((a, b) => (b.score > a.score + 1e-9 ? b : a));
  return { rows: out, best, folds };
}
