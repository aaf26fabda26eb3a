/**
 * Router training, pure: embeddings + labelled scores -> a trained router (k-means centroids, psi per
 * model, optional knn table), and its in-memory RouterWeights so evaluation routes exactly like the
 * gateway (same decide()).
 */
import type { EmbedderSpec } from '../../embedding/types.js';
import type { ModelProfile, RouterWeights } from '../types.js';
import { assignAll, kmeans, type KMeansResult } from './kmeans.js';
import { estimatePsi } from './psi.js';

export interface TrainInput {
  /** n x dim, row-major. */
  embeddings: Float32Array;
  n: number;
  dim: number;
  /** n x M scores in [0,1] (NaN = not measured), columns in `models` order. */
  scores: Float64Array;
  models: ReadonlyArray<{ id: string; costPer1k: number }>;
}

export interface TrainOptions {
  k: number;
  seed?: number;
  /** Pseudo-count of the shrinkage toward each model's global error (default 2). */
  priorWeight?: number;
  /**
   * Hierarchical prior: also cluster into `parentK` coarse clusters; each fine cluster then shrinks toward
   * its parent's psi (the parent nearest to its centroid) instead of the global rate. 0 = off (default).
   */
  parentK?: number;
  strategy?: 'cluster' | 'knn';
  /** knn strategy: neighbours per query and the weight of the cluster prior (defaults 16 and 1). */
  knnK?: number;
  knnPriorWeight?: number;
  maxIter?: number;
}

export interface TrainedModel {
  id: string;
  costPer1k: number;
  psi: Float64Array;
  counts: Float64Array;
  globalError: number;
}

export interface TrainedRouter {
  k: number;
  dim: number;
  centroids: Float32Array;
  models: TrainedModel[];
  nTrain: number;
  strategy: 'cluster' | 'knn';
  priorWeight: number;
  parentK: number;
  seed: number;
  /** knn only: the training embeddings and scores (columns in `models` order). */
  knn: { embeddings: Float32Array; scores: Float64Array; k: number; priorWeight: number } | null;
}

/** Memo of k-means runs by k (same data and seed), so sweeps do not recluster. */
export type KMeansMemo = Map<number, KMeansResult>;

function clusterOnce(input: TrainInput, k: number, seed: number, maxIter: number, memo?: KMeansMemo): KMeansResult {
  const hit = memo?.get(k);
  if (hit) return hit;
  const km = kmeans(input.embeddings, input.n, input.dim, { k, seed, maxIter });
  memo?.set(k, km);
  return km;
}

export function trainRouter(input: TrainInput, opts: TrainOptions, memo?: KMeansMemo): TrainedRouter {
  const seed = opts.seed ?? 42;
  const priorWeight = opts.priorWeight ?? 2;
  const maxIter = opts.maxIter ?? 100;
  const km = clusterOnce(input, opts.k, seed, maxIter, memo);
  const assign = assignAll(input.embeddings, input.n, input.dim, km.centroids, km.k);
  const M = input.models.length;
  const parentK = opts.parentK ?? 0;
  let prior: Float64Array[] | undefined;
  if (parentK > 0 && parentK < km.k) {
    const pk = clusterOnce(input, parentK, seed, maxIter, memo);
    const parentPsi = estimatePsi(assignAll(input.embeddings, input.n, input.dim, pk.centroids, pk.k), pk.k, input.scores, M, priorWeight).psi;
    const parentOf = assignAll(km.centroids, km.k, input.dim, pk.centroids, pk.k);
    prior = parentPsi.map((pp) => Float64Array.from(parentOf, (c) => pp[c]!));
  }
  const est = estimatePsi(assign, km.k, input.scores, M, priorWeight, prior);
  const strategy = opts.strategy ?? 'cluster';
  return {
    k: km.k,
    dim: input.dim,
    centroids: km.centroids,
    models: input.models.map((m, j) => ({ id: m.id, costPer1k: m.costPer1k, psi: est.psi[j]!, counts: est.counts[j]!, globalError: est.globalError[j]! })),
    nTrain: input.n,
    strategy,
    priorWeight,
    parentK: prior ? parentK : 0,
    seed,
    knn: strategy === 'knn' ? { embeddings: input.embeddings, scores: input.scores, k: opts.knnK ?? 16, priorWeight: opts.knnPriorWeight ?? 1 } : null,
  };
}

/** The trained router as the gateway would load it (profiles in the writer's file-name order). */
export function toRouterWeights(t: TrainedRouter, path = '<memory>', embedder: EmbedderSpec | null = null): RouterWeights {
  const order = t.models.map((_, j) => j).sort((a, b) => cmp(profileFileName(t.models[a]!.id), profileFileName(t.models[b]!.id)));
  const profiles: ModelProfile[] = order.map((j) => {
    const m = t.models[j]!;
    return { model_id: m.id, psi: m.psi, cost_per_1k_tokens: m.costPer1k, cluster_sample_counts: m.counts, num_validation_samples: t.nTrain, metadata: {} };
  });
  let knn: RouterWeights['knn'] = null;
  if (t.knn) {
    const M = t.models.length;
    const errors = new Float32Array(t.nTrain * M);
    for (let i = 0; i < t.nTrain; i++) order.forEach((j, col) => (errors[i * M + col] = 1 - t.knn!.scores[i * M + j]!));
    knn = { n: t.nTrain, embeddings: t.knn.embeddings, errors, k: Math.min(t.knn.k, t.nTrain), priorWeight: t.knn.priorWeight };
  }
  return {
    path,
    manifest: {},
    clusterType: 'kmeans',
    k: t.k,
    dim: t.dim,
    centroids: t.centroids,
    theta: null,
    temperature: 1,
    profiles,
    embedder,
    strategy: t.strategy,
    knn,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A file name for a profile id that is safe on every file system: the id itself when it only uses
 * [A-Za-z0-9._-], else the id with other characters replaced by '_' plus 8 hex of its FNV-1a hash
 * (so 'a/b' and 'a_b' never collide). Deterministic.
 */
export function profileFileName(id: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(id) && !id.startsWith('.') && id !== '_registry') return `${id}.json`;
  let h = 0x811c9dc5;
  for (const b of Buffer.from(id, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_')}-${h.toString(16).padStart(8, '0')}.json`;
}
