/** The six built-in metrics, with the reference's ids, types and default configs. */
import type { MetricDef } from './types.js';

const CREATED = '2025-01-01T00:00:00Z';

const def = (metric_id: string, name: string, type: MetricDef['type'], description: string, config: Record<string, unknown>): MetricDef =>
  Object.freeze({ metric_id, name, type, description, config: Object.freeze(config), is_builtin: true, created_at: CREATED, updated_at: CREATED });

export const BUILTIN_METRICS: readonly MetricDef[] = Object.freeze([
  def('exact_match', 'Exact Match', 'exact_match', 'Output equals the expected answer (trimmed).', { ignore_case: false, ignore_whitespace: false }),
  def('contains', 'Contains', 'contains', 'The expected answer appears in the output.', { ignore_case: true, all_must_match: false }),
  def('similarity', 'Semantic Similarity', 'semantic_sim', "Cosine similarity of output and expected answer under the router's embedder.", { threshold: 0.8 }),
  def('llm_judge', 'LLM Judge', 'llm_judge', 'An LLM called through the gateway grades the output against a rubric.', {
    judge_model: null,
    criteria: ['accuracy', 'helpfulness', 'coherence'],
    rubric: null,
    scale: { min: 1, max: 10 },
    threshold: 0.7,
  }),
  def('latency', 'Latency', 'latency', 'score = 1 - sqrt(t / max_acceptable), passes when t <= max_acceptable (seconds).', { max_acceptable: 10.0 }),
  def('cost', 'Cost', 'cost', 'score = 1 - c / max_acceptable, passes when c <= max_acceptable (USD).', { max_acceptable: 0.01 }),
]);

export const builtinById = (id: string): MetricDef | undefined => BUILTIN_METRICS.find((m) => m.metric_id === id || m.type === id);
