/**
 * The router state: one immutable object, replaced whole on reload (never mutated), with a generation
 * counter. Requests capture the state they started with, so a reload never changes a request mid-way.
 */
import type { RouterWeights, RoutingStrategy } from './types.js';

export interface RouterState {
  readonly weights: RouterWeights;
  /** 1 for the first package loaded, +1 on every successful reload. */
  readonly generation: number;
  /** Absolute package directory (remembered for reloads without a path). */
  readonly weightsPath: string;
  readonly loadedAtMs: number;
}

export function createState(weights: RouterWeights, generation: number, loadedAtMs: number): RouterState {
  return Object.freeze({ weights, generation, weightsPath: weights.path, loadedAtMs });
}

/** The state that replaces `prev` after a successful reload. */
export function nextState(prev: RouterState | null, weights: RouterWeights, loadedAtMs: number): RouterState {
  return createState(weights, (prev?.generation ?? 0) + 1, loadedAtMs);
}

/** Summary for /health and the reload answer. */
export interface StateSummary {
  num_clusters: number;
  num_models: number;
  generation: number;
  weights_path: string;
  strategy: RoutingStrategy;
  default_model: string;
}

export function summarize(s: RouterState): StateSummary {
  return {
    num_clusters: s.weights.k,
    num_models: s.weights.profiles.length,
    generation: s.generation,
    weights_path: s.weightsPath,
    strategy: s.weights.strategy,
    default_model: s.weights.profiles[0]?.model_id ?? '',
  };
}
