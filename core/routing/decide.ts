/**
 * One routing decision from an embedding, pure: cluster assignment, expected errors (cluster mixture,
 * or the knn estimate for knn packages), then the UniRoute rule. The worker and the offline
 * evaluation both call this, so what is measured is what is served.
 */
// Native kernels when the addon loaded (bit-identical results), else the TypeScript reference.
import { kernels } from '../kernels.js';
import { knnExpectedErrors } from './knn.js';
import { expectedErrors, scoreModels } from './scoring.js';
import type { RouteOptions, RouterWeights } from './types.js';

export interface DecisionCore {
  selected_model: string;
  expected_error: number;
  cost_adjusted_score: number;
  all_scores: Record<string, number>;
  cluster_id: number;
  probabilities: Float64Array;
  reasoning: string;
  /** Candidate ids best first: the fallback order. */
  ranking: string[];
}

export interface SearchHints {
  /** Nearest centroid from an index (hard kmeans assignment); computed exactly when absent. */
  nearestCluster?: number;
  /** Nearest labelled prompts (knn strategy); required for knn packages. */
  neighbors?: readonly number[];
  /**
   * mlp strategy: P(correct) per profile for this prompt (from the package's ONNX graph or the
   * TypeScript forward pass), blended with the cluster estimate; without it an mlp package routes
   * on its cluster evidence alone (e.g. a pre-computed embedding with no text).
   */
  correct?: ArrayLike<number>;
}

export function decide(w: RouterWeights, x: ArrayLike<number>, opts: RouteOptions, hints: SearchHints = {}): DecisionCore {
  const a = kernels().assignCluster(w, x, opts.soft, hints.nearestCluster);
  let gamma = expectedErrors(w.profiles, a.phi);
  if (w.strategy === 'knn' && w.knn) {
    if (!hints.neighbors) throw new Error('knn package routed without neighbour search');
    gamma = knnExpectedErrors(w.knn, w.profiles.length, hints.neighbors, gamma);
  } else if (w.strategy === 'mlp' && w.mlp && hints.correct) {
    const p = hints.correct;
    const a = w.mlp.alpha;
    if (p.length !== gamma.length) throw new RangeError(`mlp gives ${p.length} outputs, the package has ${gamma.length} profiles`);
    for (let m = 0; m < gamma.length; m++) gamma[m] = a * (1 - p[m]!) + (1 - a) * gamma[m]!;
  }
  const s = scoreModels({
    profiles: w.profiles,
    gamma,
    costWeight: opts.costWeight,
    ...(opts.allowedModels !== undefined ? { allowedModels: opts.allowedModels } : {}),
    clusterId: a.clusterId,
    confidence: a.phi[a.clusterId] ?? 0,
  });
  return {
    selected_model: s.selected_model,
    expected_error: s.expected_error,
    cost_adjusted_score: s.cost_adjusted_score,
    all_scores: s.all_scores,
    cluster_id: a.clusterId,
    probabilities: a.probabilities,
    reasoning: s.reasoning,
    ranking: s.ranking.map((i) => w.profiles[i]!.model_id),
  };
}
