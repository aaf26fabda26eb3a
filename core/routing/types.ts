/** Routing types: the immutable router state and the decision it produces. */
import type { EmbedderSpec } from '../embedding/types.js';
import type { FeatureConfig } from './features/extract.js';
import type { MlpParams } from './train/mlp-train.js';

export type ClusterType = 'kmeans' | 'learned_map';

export interface ModelProfile {
  model_id: string;
  /** Per-cluster error rate (1 - accuracy), length K. */
  psi: Float64Array;
  cost_per_1k_tokens: number;
  cluster_sample_counts: Float64Array;
  num_validation_samples: number;
  metadata: Record<string, unknown>;
}

/** A loaded, validated weights package. Immutable once built. */
export interface RouterWeights {
  path: string;
  manifest: Record<string, unknown>;
  clusterType: ClusterType;
  k: number;
  dim: number;
  /** K x dim, row-major. */
  centroids: Float32Array;
  /** learned_map only: K x dim, row-major. */
  theta: Float32Array | null;
  temperature: number;
  /** Sorted by file name; the first is the default model. */
  profiles: ModelProfile[];
  /** Which embedder produced the centroids (from the manifest; absent = MiniLM, OpenTracy's own). */
  embedder: EmbedderSpec | null;
  /**
   * 'cluster' (UniRoute over centroids), 'knn' (error estimated from nearest labelled prompts) or
   * 'mlp' (a trained model's P(correct) per prompt, shrunk toward the cluster estimate).
   */
  strategy: RoutingStrategy;
  /** knn strategy only (additive): the labelled training prompts; null/absent for 'cluster'. */
  knn?: KnnTable | null;
  /** mlp strategy only (additive): the trained model; null/absent otherwise. */
  mlp?: MlpModel | null;
}

export type RoutingStrategy = 'cluster' | 'knn' | 'mlp';

/**
 * The mlp strategy's model (routing/mlp-model.ts computes it; routing/mlp-onnx.ts exports it):
 *
 *   p_m = mix * heads_m(x) + (1 - mix) * sum_s q_s(x) * accuracy[s][m]
 *
 * heads: per-model P(correct) (MLP or logistic), q: the normalised one-vs-rest source classifier,
 * accuracy: each training source's accuracy per model; then p <- sigmoid(a * logit(p) + b) (Platt
 * scaling fitted on out-of-fold predictions). In decide(), gamma = alpha * (1 - p) +
 * (1 - alpha) * cluster gamma.
 */
export interface MlpModel {
  features: FeatureConfig;
  alpha: number;
  mix: number;
  /** Platt scaling applied to p before the blend (identity: a 1, b 0). */
  calibration: { a: number; b: number };
  /** Outputs in profile order. Null when loaded from a package (the ONNX graph holds them). */
  heads: MlpParams | null;
  /** Null when loaded from a package or when the training data had no sources. */
  source: { params: MlpParams; accuracy: Float32Array; names: string[] } | null;
  /** The exported graph (features -> p_correct); '' when in memory only. */
  onnxPath: string;
}

/** Labelled training prompts for the knn strategy (additive). Model columns follow `profiles` order. */
export interface KnnTable {
  /** Number of labelled prompts. */
  n: number;
  /** n x dim, row-major, same space as the centroids. */
  embeddings: Float32Array;
  /** n x profiles.length, row-major: error (1 - score) of each profile on each prompt; NaN = not measured. */
  errors: Float32Array;
  /** Neighbours used per query. */
  k: number;
  /** Pseudo-count of the cluster prior psi in the neighbour estimate. */
  priorWeight: number;
}

export interface RouteOptions {
  /** lambda in score = expected_error + lambda * cost. */
  costWeight: number;
  /** Restrict to these profile ids (undefined = all). */
  allowedModels?: readonly string[];
  soft: boolean;
}

export interface RoutingDecision {
  selected_model: string;
  expected_error: number;
  cost_adjusted_score: number;
  all_scores: Record<string, number>;
  cluster_id: number;
  cluster_probabilities: number[];
  reasoning: string;
  cache_hit: boolean;
  routing_ms: number;
  embedding_ms: number;
  weights_generation: number;
  /** Candidate ids best first, deterministic tie-break (additive): the fallback order. */
  ranking?: string[];
}
