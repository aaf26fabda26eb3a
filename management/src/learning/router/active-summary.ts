/**
 * What the console's Routing page shows of the weights the gateway serves: per cluster, how many
 * validation prompts it holds and each model's expected error (psi), with the model the UniRoute
 * rule picks there at λ = 0 (pure; the route reads the package).
 */
import type { RouterWeights } from '../../../../core/routing/types.js';

export interface ClusterSummary {
  cluster_id: number;
  /** Validation prompts in the cluster (the largest count over the profiles). */
  samples: number;
  expected_error: Record<string, number>;
  /** Lowest expected error (ties: the cheaper model). */
  best_model: string;
}

export interface ActiveSummary {
  weights_path: string;
  strategy: string;
  embedder: string;
  num_clusters: number;
  models: Array<{ model_id: string; cost_per_1k_tokens: number; overall_error: number }>;
  clusters: ClusterSummary[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function summariseWeights(w: RouterWeights): ActiveSummary {
  const clusters: ClusterSummary[] = [];
  for (let c = 0; c < w.k; c++) {
    const expected_error: Record<string, number> = {};
    let samples = 0;
    let best = w.profiles[0];
    for (const p of w.profiles) {
      expected_error[p.model_id] = round(p.psi[c]!);
      samples = Math.max(samples, p.cluster_sample_counts[c] ?? 0);
      const better = p.psi[c]! < best!.psi[c]! || (p.psi[c] === best!.psi[c] && p.cost_per_1k_tokens < best!.cost_per_1k_tokens);
      if (better) best = p;
    }
    clusters.push({ cluster_id: c, samples, expected_error, best_model: best?.model_id ?? '' });
  }
  const models = w.profiles.map((p) => {
    let n = 0;
    let err = 0;
    for (let c = 0; c < w.k; c++) {
      const s = p.cluster_sample_counts[c] ?? 0;
      n += s;
      err += s * p.psi[c]!;
    }
    return { model_id: p.model_id, cost_per_1k_tokens: p.cost_per_1k_tokens, overall_error: round(n > 0 ? err / n : mean(p.psi)) };
  });
  return { weights_path: w.path, strategy: w.strategy, embedder: w.embedder?.kind ?? 'minilm', num_clusters: w.k, models, clusters };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length ? s / a.length : 0;
}
