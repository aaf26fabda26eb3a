/** components.schemas of the management server's OpenAPI document, read from the stored shapes. */
import {
  anyObject, anyValue, arr, bool, ERROR_SCHEMA, int, mapOf, nullable, num, obj, oneOfEnum, str, type Schema,
} from '../../../core/contract/openapi.js';

const iso = (d?: string): Schema => ({ type: 'string', description: d ?? 'ISO-8601 date-time' });

/** A trace as listed (no `embedding`); GET /v1/traces/{id} adds it when stored. */
const TRACE: Schema = obj(
  {
    request_id: str('time-ordered id'),
    timestamp: int('request arrival, unix ms'),
    request_type: str('chat, chat_stream, chat_multiturn, route, ...'),
    requested_model: str('the model string the client sent'),
    selected_model: str('the upstream model that answered'),
    provider: str(),
    latency_ms: num(),
    tokens_in: int(),
    tokens_out: int(),
    total_cost_usd: num(),
    status: int('HTTP status sent to the client'),
    is_error: bool(),
    is_stream: bool(),
    input_text: str(),
    output_text: str(),
    session_id: str(),
    metadata: mapOf(str()),
    source: str('`gateway` for live traffic, else the ingest source'),
  },
  {
    cluster_id: int(),
    expected_error: num(),
    routing_ms: num(),
    ttft_ms: num(),
    upstream_ms: num(),
    input_messages: arr(anyValue()),
    output_message: anyValue(),
    finish_reason: str(),
    error_category: str(),
    error_code: str(),
    error_message: str(),
    provider_attempts: arr(obj({ provider: str(), model: str(), status: int(), latency_ms: num() }, { error: str() })),
    execution_timeline: arr(anyObject()),
    api_key_id: str(),
    tags: arr(str()),
    embedding: arr(num(), 'only on GET /v1/traces/{id}'),
    cost_adjusted_score: num(),
    all_scores: mapOf(num()),
    cluster_probabilities: arr(num()),
    embedding_ms: num(),
    cache_hit: bool(),
    weights_generation: int(),
    total_tokens: int(),
    usage_estimated: bool('token counts estimated by the gateway (the upstream gave none)'),
    input_cost_usd: num('uncached input plus prompt-cache writes'),
    output_cost_usd: num(),
    cache_input_cost_usd: num('prompt-cache reads at the cached price (0 when none)'),
    cached_tokens_in: int('input tokens read from the provider\'s prompt cache (absent when 0)'),
    tokens_per_s: num(),
    request_tools: arr(anyValue()),
    response_tool_calls: arr(anyObject()),
    has_tool_calls: bool(),
    tool_calls_count: int(),
    fallback_count: int(),
  },
  'One request through the gateway (core/contract/trace.ts).',
);

const DATASET: Schema = obj({
  dataset_id: str(),
  id: str(),
  name: str(),
  description: str(),
  source: str('manual, traces, import, auto_collected (cluster views)'),
  samples_count: int(),
  created_at: iso(),
  updated_at: iso(),
}, { tenant_id: str(), status: str(), rationale: str() });

/** A `cluster:<run>:<cid>` dataset as listed beside the tenant's own. */
const CLUSTER_DATASET_ENTRY: Schema = obj({ id: str('cluster:<run_id>:<cluster_id>'), name: str(), description: str(), source: { const: 'auto_collected' }, samples_count: int(), created_at: iso(), updated_at: iso() });

const SAMPLE: Schema = obj(
  { sample_id: str(), id: str(), dataset_id: str(), input: str(), expected_output: str(), metadata: anyObject(), created_at: iso() },
  { tenant_id: str(), trace_id: nullable(str()), status: str() },
);

const CLUSTER: Schema = obj(
  {
    cluster_id: int(),
    label: obj({ domain_label: str(), short_description: str() }),
    keywords: arr(str()),
    trace_count: int(),
    status: oneOfEnum(['candidate', 'qualified', 'rejected']),
    failed_gates: arr(str()),
    coherence_score: num(),
    diversity_score: num(),
    noise_rate: num(),
  },
  {
    label_source: str(),
    avg_success_rate: num(),
    avg_latency_ms: num(),
    avg_cost_usd: num(),
    top_models: arr(obj({ model_id: str(), count: int() })),
    top_providers: arr(obj({ provider: str(), count: int() })),
    has_tool_usage: bool(),
    sample_prompts: arr(str()),
  },
);

const RUN: Schema = obj(
  { run_id: str(), version: str(), created_at: iso(), trace_count: int(), num_clusters: int(), silhouette_score: num() },
  {
    source_window_start: iso(),
    source_window_end: iso(),
    embedding_model: str(),
    embedding_dim: int(),
    clustering_config: anyObject(),
    labeler_model: nullable(str()),
    summary: obj({ total: int(), qualified: int(), candidate: int(), rejected: int() }),
    merge_suggestions: arr(obj({ cluster_a: int(), cluster_b: int(), similarity_score: num() }, { llm_agrees: nullable(bool()), reason: str() })),
  },
);

const METRIC: Schema = obj({
  metric_id: str('1-64 of a-z 0-9 _ . -'),
  name: str(),
  type: oneOfEnum(['exact_match', 'contains', 'semantic_sim', 'llm_judge', 'latency', 'cost', 'regex', 'json_schema', 'judge_prompt', 'python', 'javascript']),
  description: str(),
  config: anyObject('per type: see management/README.md'),
  is_builtin: bool(),
  created_at: iso(),
  updated_at: iso(),
});

const EVAL_STATUS = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

const EVALUATION: Schema = obj(
  {
    evaluation_id: str(),
    id: str(),
    tenant_id: str(),
    name: str(),
    description: str(),
    dataset_id: str('a dataset id, `cluster:<run>:<cid>`, `inline`, or `logged` (POST /v1/evaluations/log)'),
    models: arr(str()),
    metrics: arr(str()),
    config: obj({ concurrency: int(), max_samples: int(), max_tokens: int(), temperature: num(), group_by: nullable(str()), judge_model: nullable(str()) }),
    status: oneOfEnum(EVAL_STATUS),
    progress: obj({ total_samples: int(), completed_samples: int(), failed_samples: int(), total_calls: int(), completed_calls: int() }),
    error: nullable(str()),
    summary: nullable(anyObject('per model: samples, errors, latency, cost, avg_scores, pass_rates; per metric; per group')),
    winner: nullable(obj({ model: nullable(str()), overall_score: nullable(num()), scores_by_model: mapOf(nullable(num())) })),
    created_at: iso(),
    updated_at: iso(),
    started_at: nullable(iso()),
    completed_at: nullable(iso()),
  },
  { resumed: int('times resumed after a restart'), rerun_of: str('the evaluation this one reruns (POST /v1/evaluations/{id}/rerun)') },
);

const PHASE_STATUS = oneOfEnum(['pending', 'running', 'completed', 'skipped']);

const JOB: Schema = obj(
  {
    id: str('dist_<hex>'),
    name: str(),
    description: str(),
    tenant_id: str(),
    status: oneOfEnum(['pending', 'running', 'completed', 'failed', 'cancelled']),
    phase: oneOfEnum(['initializing', 'data_generation', 'curation', 'export', 'training', 'evaluation', 'completed']),
    config: anyObject('the parsed config, defaults filled in (see POST /v1/distillation)'),
    progress: obj({
      data_generation: obj({ status: PHASE_STATUS }),
      curation: obj({ status: PHASE_STATUS }),
      export: obj({ status: PHASE_STATUS }),
      training: obj({ status: PHASE_STATUS }),
      evaluation: obj({ status: PHASE_STATUS }),
    }),
    results: anyObject(),
    artifacts: arr(obj({ key: str(), size: int(), url: str('GET this to download') })),
    student_model: nullable(str('the callable fine-tuned model, when training produced one')),
    deployment: nullable(anyObject()),
    error: nullable(str()),
    cost_accrued: num('USD spent on teacher and judge calls so far'),
    created_at: iso(),
    updated_at: iso(),
    started_at: nullable(iso()),
    completed_at: nullable(iso()),
  },
  { training_state: anyObject(), resumed: int(), estimate: anyObject('the estimate shown before the job was confirmed (prompts, calls, cost)') },
);

const PACKAGE: Schema = obj(
  {
    id: str(),
    weights_path: str(),
    created_at: iso(),
    source: anyObject('what it was trained from: evaluation_ids or dataset_id'),
    metric: nullable(str()),
    num_clusters: int(),
    models: arr(str()),
    n_prompts: int(),
    check: nullable(anyObject('held-out comparison with the router in use')),
    status: oneOfEnum(['written', 'active', 'inactive', 'reload_failed', 'external', 'refused']),
    deployed_at: nullable(iso()),
    error: nullable(str()),
  },
);

export const MANAGEMENT_SCHEMAS: Record<string, Schema> = {
  Error: ERROR_SCHEMA,
  Trace: TRACE,
  Dataset: DATASET,
  ClusterDatasetEntry: CLUSTER_DATASET_ENTRY,
  Sample: SAMPLE,
  Cluster: CLUSTER,
  ClusteringRun: RUN,
  Metric: METRIC,
  Evaluation: EVALUATION,
  DistillationJob: JOB,
  RouterPackage: PACKAGE,
};

export { EVAL_STATUS, iso };
