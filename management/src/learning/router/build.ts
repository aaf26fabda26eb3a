/**
 * Builds and checks a router, pure (the caller embeds): reuses the router trainer
 * (core/routing/train: k-means, smoothed psi, evaluation through decide()).
 *
 * With a clustering run the centroids are the run's clusters (mean embedding of each
 * cluster's prompts) and psi is estimated over them; otherwise k-means picks them.
 * psi_{m,c} = (errors of m in c + a * g_m) / (n_mc + a), a = prior weight (see psi.ts).
 * The check trains on the training split and routes the held-out split at lambda = 0,
 * against the best single model, random routing and the oracle.
 */
import { estimatePsi } from '../../../../core/routing/train/psi.js';
import { assignAll } from '../../../../core/routing/train/kmeans.js';
import { frame, measure, oracleCurve, randomRouting, type EvalSplit } from '../../../../core/routing/train/evaluate.js';
import { toMlpWeights, type TrainedMlpRouter } from '../../../../core/routing/train/mlp-router.js';
import { selectAndTrainMlp, type Selected } from '../../../../core/routing/train/mlp-select.js';
import { toRouterWeights, trainRouter, type TrainedRouter } from '../../../../core/routing/train/trainer.js';
import type { RouterWeights } from '../../../../core/routing/types.js';
import { choices, inMemory } from './compare.js';
import { pick, type Labelled } from './training-data.js';
// The native addon registers its tokenizers and kernels with core (identical results, faster).
import '../../../../native/index.js';

export interface BuildOptions {
  k: number;
  priorWeight: number;
  seed: number;
  /** Fixed centroids (k x dim) from a clustering run, or null for k-means. */
  centroids: { data: Float32Array; k: number } | null;
  costPer1k: readonly number[];
}

export function buildRouter(data: Labelled, x: Float32Array, dim: number, idx: readonly number[], o: BuildOptions): TrainedRouter {
  const M = data.models.length;
  const emb = pick(x, dim, idx);
  const scores = pick(data.scores, M, idx);
  const models = data.models.map((id, j) => ({ id, costPer1k: o.costPer1k[j]! }));
  if (!o.centroids) return trainRouter({ embeddings: emb, n: idx.length, dim, scores, models }, { k: Math.max(1, Math.min(o.k, idx.length)), seed: o.seed, priorWeight: o.priorWeight });
  const { data: centroids, k } = o.centroids;
  const assign = assignAll(emb, idx.length, dim, centroids, k);
  const est = estimatePsi(assign, k, scores, M, o.priorWeight);
  return {
    k,
    dim,
    centroids,
    models: models.map((m, j) => ({ ...m, psi: est.psi[j]!, counts: est.counts[j]!, globalError: est.globalError[j]! })),
    nTrain: idx.length,
    strategy: 'cluster',
    priorWeight: o.priorWeight,
    parentK: 0,
    seed: o.seed,
    knn: null,
  };
}

/**
 * The mlp strategy with the CLI's trainer (core/routing/train/mlp-select.ts: features, heads, source
 * mixture, Platt scaling and the blend chosen by k-fold cross-validation on these rows only).
 * No sources (the data has none) and no recorded costs: CV scores quality at λ = 0.
 */
export function buildMlpRouter(data: Labelled, x: Float32Array, dim: number, idx: readonly number[], o: BuildOptions): Selected {
  const M = data.models.length;
  const n = idx.length;
  const scores = pick(data.scores, M, idx);
  const input = { embeddings: pick(x, dim, idx), n, dim, scores, models: data.models.map((id, j) => ({ id, costPer1k: o.costPer1k[j]! })) };
  const sources = idx.map(() => '');
  const split: EvalSplit = { n, modelIds: data.models, scores, costs: null, sources };
  const folds = Math.max(2, Math.min(5, Math.floor(n / 4)));
  return selectAndTrainMlp({ input, texts: idx.map((i) => data.prompts[i]!), sources, split, lambdas: [0], hasCost: false }, { cluster: { k: Math.max(1, Math.min(o.k, n)), priorWeight: o.priorWeight }, folds, seed: o.seed });
}

/** In-memory weights of either kind of trained router. */
export function weightsOf(t: TrainedRouter | TrainedMlpRouter): RouterWeights {
  return 'model' in t ? toMlpWeights(t) : toRouterWeights(t);
}

export interface Check {
  n_holdout: number;
  router_quality: number;
  best_single_model: string;
  best_single_quality: number;
  random_quality: number;
  oracle_quality: number;
  passed: boolean;
  note: string;
}

/** Routes the held-out prompts with `t` and compares (quality = mean score at lambda 0). */
export function checkRouter(t: TrainedRouter | TrainedMlpRouter, data: Labelled, x: Float32Array, dim: number, holdout: readonly number[], tolerance: number): Check {
  return checkChoices(choices(inMemory(weightsOf(t)), data, holdout, pick(x, dim, holdout)), data, holdout, tolerance);
}

/** The check from a router's choices on the held-out prompts (data columns). */
export function checkChoices(sel: Int32Array, data: Labelled, holdout: readonly number[], tolerance: number): Check {
  const M = data.models.length;
  const n = holdout.length;
  const split: EvalSplit = { n, modelIds: data.models, scores: pick(data.scores, M, holdout), costs: null, sources: holdout.map(() => '') };
  const router = measure(split, sel).quality;
  const f = frame(split);
  const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;
  const passed = router >= f.best.quality - tolerance;
  return {
    n_holdout: n,
    router_quality: r6(router),
    best_single_model: f.best.model,
    best_single_quality: r6(f.best.quality),
    random_quality: r6(randomRouting(split).quality),
    oracle_quality: r6(oracleCurve(split, [0])[0]!.quality),
    passed,
    note: passed ? 'router is at least as good as the best single model on the held-out prompts (within tolerance)' : `router is worse than ${f.best.model} on the held-out prompts by more than ${tolerance}`,
  };
}

/** Centroids of a clustering run: the mean embedding of each cluster's member prompts (clusters renumbered densely). */
export function runCentroids(members: ReadonlyArray<Float32Array[]>, dim: number): { data: Float32Array; k: number } {
  const nonEmpty = members.filter((m) => m.length > 0);
  const data = new Float32Array(nonEmpty.length * dim);
  nonEmpty.forEach((vs, c) => {
    for (const v of vs) for (let j = 0; j < dim; j++) data[c * dim + j]! += v[j]! / vs.length;
  });
  return { data, k: nonEmpty.length };
}
