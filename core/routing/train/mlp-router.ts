/**
 * The mlp strategy's training, pure: features (features/extract.ts) of every prompt, a cluster router
 * (k-means + psi, trainer.ts) kept as the package's cluster evidence and fallback, and the MLP
 * (mlp-train.ts) estimating P(correct) per model. Served expected error:
 *
 *   gamma_m = alpha * (1 - p_m(x)) + (1 - alpha) * (phi(x) . psi_m)
 *
 * (shrinkage of the per-prompt estimate toward the cluster's; alpha chosen by cross-validation).
 * The MLP's outputs are in profile order (profile file-name order, as the gateway loads them).
 * p itself mixes per-model heads with a source classifier's mixture of per-source accuracies
 * (MlpModel in types.ts): the classifier is trained on the training prompts' `source` labels, which
 * the router never needs at serving time.
 */
import type { ModelProfile, MlpModel, RouterWeights } from '../types.js';
import { IDENTITY, type Platt } from '../calibrate.js';
import { extractFeatures, featureDim, type FeatureConfig } from '../features/extract.js';
import { predictRows, trainMlp, type MlpOptions, type SparseRows } from './mlp-train.js';
import { profileFileName, toRouterWeights, trainRouter, type KMeansMemo, type TrainInput, type TrainOptions, type TrainedRouter } from './trainer.js';

export interface MlpRouterOptions {
  features: FeatureConfig;
  /** The per-model heads (hidden 0 = logistic). */
  mlp: MlpOptions;
  /** The source classifier (one-vs-rest logistic), trained when the data has 2+ sources. */
  sourceHead: MlpOptions;
  /** Weight of the heads against the source mixture, [0,1]. */
  mix: number;
  /** Weight of the MLP estimate in the blend with the cluster estimate, [0,1]. */
  alpha: number;
  /** Platt scaling of p (fitted on out-of-fold predictions; identity when absent). */
  calibration?: Platt;
  cluster: TrainOptions;
}

export interface TrainedMlpRouter {
  cluster: TrainedRouter;
  model: MlpModel;
  /** Model ids in output (profile) order. */
  outputIds: string[];
  options: MlpRouterOptions;
}

/** Profile order of the training columns: indexes into input.models, sorted by profile file name. */
export function profileOrder(ids: readonly string[]): number[] {
  const name = ids.map(profileFileName);
  return ids.map((_, j) => j).sort((a, b) => (name[a]! < name[b]! ? -1 : name[a]! > name[b]! ? 1 : 0));
}

/** Feature rows of many prompts, sparse (row by row: no n x F dense matrix is built). */
export function featureRows(texts: readonly string[], embeddings: Float32Array, cfg: FeatureConfig): SparseRows {
  const F = featureDim(cfg);
  const buf = new Float32Array(F);
  const ptr = new Int32Array(texts.length + 1);
  let idx = new Int32Array(texts.length * 256);
  let val = new Float32Array(idx.length);
  let k = 0;
  for (let i = 0; i < texts.length; i++) {
    extractFeatures(texts[i]!, embeddings.subarray(i * cfg.dim, (i + 1) * cfg.dim), cfg, buf);
    if (k + F > idx.length) {
      const grow = (a: number): number => Math.max(a * 2, k + F);
      const ni = new Int32Array(grow(idx.length));
      ni.set(idx.subarray(0, k));
      const nv = new Float32Array(ni.length);
      nv.set(val.subarray(0, k));
      idx = ni;
      val = nv;
    }
    for (let j = 0; j < F; j++) {
      const v = buf[j]!;
      if (v !== 0) {
        idx[k] = j;
        val[k++] = v;
      }
    }
    ptr[i + 1] = k;
  }
  return { n: texts.length, dim: F, ptr, idx: idx.slice(0, k), val: val.slice(0, k) };
}

/** The n x M score matrix with columns permuted into `order`. */
export function permuteColumns(y: Float64Array, n: number, order: readonly number[]): Float64Array {
  const M = order.length;
  const out = new Float64Array(n * M);
  for (let i = 0; i < n; i++) for (let c = 0; c < M; c++) out[i * M + c] = y[i * M + order[c]!]!;
  return out;
}

/** Sorted distinct non-empty sources; [] when fewer than two (no source head then). */
export function sourceNames(sources: readonly string[]): string[] {
  const names = [...new Set(sources.filter((s) => s !== ''))].sort();
  return names.length >= 2 ? names : [];
}

/** Accuracy per (source, output) with a light pull toward the output's global accuracy (pseudo-count 1). */
export function sourceAccuracyTable(y: Float64Array, n: number, M: number, sources: readonly string[], names: readonly string[]): Float32Array {
  const S = names.length;
  const sum = new Float64Array(S * M), cnt = new Float64Array(S * M), gs = new Float64Array(M), gn = new Float64Array(M);
  const at = new Map(names.map((s, i) => [s, i]));
  for (let i = 0; i < n; i++) {
    const s = at.get(sources[i]!);
    for (let m = 0; m < M; m++) {
      const v = y[i * M + m]!;
      if (Number.isNaN(v)) continue;
      gs[m]! += v;
      gn[m]!++;
      if (s !== undefined) { sum[s * M + m]! += v; cnt[s * M + m]!++; }
    }
  }
  const out = new Float32Array(S * M);
  for (let s = 0; s < S; s++) for (let m = 0; m < M; m++) {
    const g = gn[m] ? gs[m]! / gn[m]! : 0;
    out[s * M + m] = (sum[s * M + m]! + g) / (cnt[s * M + m]! + 1);
  }
  return out;
}

export function sourceTargets(sources: readonly string[], names: readonly string[]): Float64Array {
  const S = names.length;
  const y = new Float64Array(sources.length * S);
  const at = new Map(names.map((s, i) => [s, i]));
  sources.forEach((s, i) => {
    const j = at.get(s);
    if (j !== undefined) y[i * S + j] = 1;
    else for (let k = 0; k < S; k++) y[i * S + k] = NaN;
  });
  return y;
}

/** The MLP parts only (heads and source head), for cross-validation folds and the final model. */
export function trainMlpParts(rows: SparseRows, yProfile: Float64Array, M: number, sources: readonly string[], opts: MlpRouterOptions): Pick<MlpModel, 'heads' | 'source'> {
  const heads = trainMlp(rows, yProfile, M, opts.mlp);
  const names = sourceNames(sources);
  if (names.length === 0) return { heads, source: null };
  const params = trainMlp(rows, sourceTargets(sources, names), names.length, { ...opts.sourceHead, hidden: 0 });
  return { heads, source: { params, accuracy: sourceAccuracyTable(yProfile, rows.n, M, sources, names), names } };
}

/** Trains the whole mlp router: cluster evidence + MLP parts; `sources` are the training prompts' sources. */
export function trainMlpRouter(input: TrainInput, rows: SparseRows, sources: readonly string[], opts: MlpRouterOptions, memo?: KMeansMemo): TrainedMlpRouter {
  const cluster = trainRouter(input, { ...opts.cluster, strategy: 'cluster' }, memo);
  const order = profileOrder(input.models.map((m) => m.id));
  const parts = trainMlpParts(rows, permuteColumns(input.scores, input.n, order), order.length, sources, opts);
  const model: MlpModel = { features: opts.features, alpha: opts.alpha, mix: parts.source ? opts.mix : 1, calibration: opts.calibration ?? IDENTITY, ...parts, onnxPath: '' };
  return { cluster, model, outputIds: order.map((j) => input.models[j]!.id), options: opts };
}

/** The trained router as the gateway loads it (in memory; `onnxPath` set by the package writer). */
export function toMlpWeights(t: TrainedMlpRouter, path = '<memory>', embedder: RouterWeights['embedder'] = null, onnxPath = ''): RouterWeights {
  const w = toRouterWeights(t.cluster, path, embedder);
  const ids = w.profiles.map((p: ModelProfile) => p.model_id);
  if (ids.join('\n') !== t.outputIds.join('\n')) throw new Error('mlp outputs are not in profile order');
  return { ...w, strategy: 'mlp', mlp: { ...t.model, onnxPath } };
}

/** gamma for every prompt of a split (n x M, profile order), from predicted P(correct) and the cluster psi. */
export function blendedErrors(p: Float64Array, clusterGamma: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = alpha * (1 - p[i]!) + (1 - alpha) * clusterGamma[i]!;
  return out;
}

export { predictRows };
