/** components.schemas of the gateway's OpenAPI document: the shapes several routes share. */
import { anyObject, anyValue, arr, bool, ERROR_SCHEMA, int, mapOf, nullable, num, obj, oneOfEnum, str, type Schema } from '../../../core/contract/openapi.js';

const contentPart: Schema = obj({ type: str('`text`, `image_url`, or any type the provider takes') }, { text: str(), image_url: obj({ url: str() }, { detail: str() }) });

export const MESSAGE: Schema = obj(
  { role: str('system, developer, user, assistant or tool') },
  {
    content: { type: ['string', 'array', 'null'], items: contentPart, description: 'text, content parts, or null (assistant turns with tool calls)' },
    name: str(),
    tool_calls: arr(obj({ id: str(), type: str(), function: obj({ name: str(), arguments: str() }) }, { extra_content: anyObject('provider data to send back, e.g. Gemini thought signatures') })),
    tool_call_id: str(),
  },
);

export const CHAT_REQUEST: Schema = obj(
  { messages: arr(MESSAGE, 'at least one message') },
  {
    model: str('`provider/model`, a bare model name, an alias or `auto` (the default when missing)'),
    stream: bool(),
    stream_options: nullable(obj({}, { include_usage: bool() })),
    temperature: num(),
    top_p: num(),
    max_tokens: int(),
    max_completion_tokens: int(),
    n: int(),
    stop: { type: ['string', 'array', 'null'], items: str() },
    tools: arr(anyObject('an OpenAI tool definition')),
    tool_choice: anyValue(),
    metadata: anyObject('merged into the trace (values as strings)'),
    fallbacks: arr(str(), 'models tried in order when the first one fails (stripped before forwarding)'),
    cost_weight: num('`auto` only: λ, the weight of cost against expected error (stripped before forwarding)'),
    quality_cost_tradeoff: num('`auto` only, instead of cost_weight: 0 (best quality) to 1 (cheapest), mapped onto the routing package\'s cost scale (stripped before forwarding)'),
    available_models: arr(str(), '`auto` only: the routing profiles to choose from (stripped before forwarding)'),
  },
  'An OpenAI chat completion request. Unknown fields are passed to the provider unchanged.',
);

export const CHAT_COMPLETION: Schema = {
  ...obj(
  {
    id: str(),
    object: { const: 'chat.completion' },
    created: int(),
    model: str(),
    choices: arr(
      obj(
        { index: int(), message: obj({ role: str() }, { content: nullable(str()), tool_calls: arr(anyObject()) }), finish_reason: nullable(str()) },
        { logprobs: anyValue() },
      ),
    ),
  },
  { usage: obj({ prompt_tokens: int(), completion_tokens: int(), total_tokens: int() }), system_fingerprint: nullable(str()) },
  'An OpenAI chat completion (fields the provider adds are kept).',
  ),
  additionalProperties: true,
};

export const MODEL: Schema = obj(
  { id: str(), object: { const: 'model' }, created: int(), owned_by: str('`opentracy` (auto), `opentracy-router` (a routing profile), `alias`, or the provider id') },
  {
    routing: obj({ num_clusters: int(), num_models: int(), generation: int() }),
    target: str('routing profiles: the `provider/model` the profile is served by'),
    model_id: str('routing profiles: the profile id'),
    cost_per_1k_tokens: num('routing profiles'),
    num_clusters: int('routing profiles'),
    overall_accuracy: num('routing profiles: mean accuracy over clusters'),
    targets: arr(str()),
    fallbacks: arr(str()),
  },
);

export const ALIAS: Schema = obj({
  alias: str(),
  object: { const: 'model.alias' },
  source: oneOfEnum(['registered', 'config']),
  targets: arr(str()),
  fallbacks: arr(str()),
  endpoint: nullable(obj({ base_url: str(), model: str(), has_api_key: bool() })),
  registered_at: nullable(str('ISO-8601')),
});

const percentiles = { p50_latency_ms: num(), p95_latency_ms: num() };
const groupMetrics: Schema = obj({ requests: int(), errors: int(), error_rate: { type: 'number', minimum: 0, maximum: 1 }, total_tokens: int(), total_cost_usd: num(), ...percentiles });

export const METRICS_SUMMARY: Schema = obj({
  total_requests: int(),
  total_errors: int(),
  error_rate: { type: 'number', minimum: 0, maximum: 1, description: 'a fraction, 0..1' },
  total_tokens_in: int(),
  total_tokens_out: int(),
  total_tokens: int(),
  total_cost_usd: num(),
  p50_latency_ms: num(),
  p95_latency_ms: num(),
  p99_latency_ms: num(),
  p50_ttft_ms: num(),
  p95_ttft_ms: num(),
  by_provider: mapOf(groupMetrics),
  by_model: mapOf(groupMetrics),
}, { trace_writer: anyObject('trace-writer counters (accepted, written, failed, dropped, pending, ...) or {enabled:false}') });

export const METRIC_RECORD: Schema = obj(
  { ttft_ms: num(), latency_ms: num(), tokens_in: int(), tokens_out: int(), total_tokens: int(), error: int('1 for a failed request, else 0'), timestamp: int('unix ms') },
  { request_id: str(), provider: str(), model: str(), selected_model: str(), total_cost_usd: num(), error_category: str(), error_message: str(), cluster_id: int(), routing_ms: num(), stream: bool(), fallback_count: int(), provider_attempts: arr(anyObject()) },
);

const CURVE_SEGMENT: Schema = obj({
  lambda_min: num('the segment holds for λ in [lambda_min, lambda_max)'),
  lambda_max: nullable(num('null: unbounded')),
  model: str(),
  expected_error: num(),
  cost_per_1k_tokens: num(),
});

export const ROUTING_DECISION: Schema = obj({
  selected_model: str('the routing profile id chosen'),
  cost_weight: num('the λ used: cost_weight, or quality_cost_tradeoff mapped onto the package\'s cost scale, or the configured default'),
  expected_error: num(),
  cost_adjusted_score: num(),
  all_scores: mapOf(num()),
  cluster_id: int(),
  cluster_probabilities: arr(num()),
  reasoning: str(),
  cache_hit: bool(),
  weights_generation: int(),
  usage: obj({ routing_ms: num() }, { embedding_ms: num() }),
}, { curve: arr(CURVE_SEGMENT, '`curve: true`: the choice as λ grows, best quality first, cheapest last') });

export const HEALTH: Schema = obj(
  {
    status: { const: 'healthy' },
    router_initialized: bool(),
    num_models: int(),
    num_clusters: int(),
    embedder_ready: bool(),
    weights_generation: int(),
    weights_path: str(),
    routing_strategy: str(),
    http_engine: str(),
    native: obj({ active: bool(), reason: str() }),
    traces: anyObject('trace-writer counters (accepted, written, failed, dropped, pending...) or {enabled:false}'),
    in_flight: int(),
    sessions: int(),
    event_loop_delay_ms: obj({ p50: num(), p99: num(), max: num() }),
    uptime_s: int(),
  },
  { routing_executor: str('`inline` or `pool`'), router_error: str() },
);

export const GATEWAY_SCHEMAS: Record<string, Schema> = {
  Error: ERROR_SCHEMA,
  ChatCompletionRequest: CHAT_REQUEST,
  ChatCompletion: CHAT_COMPLETION,
  Model: MODEL,
  Alias: ALIAS,
  MetricsSummary: METRICS_SUMMARY,
  MetricRecord: METRIC_RECORD,
  RoutingDecision: ROUTING_DECISION,
  Health: HEALTH,
};
