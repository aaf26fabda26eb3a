import type { ProviderAttempt, TraceRecord } from '../../../core/contract/trace.js';

/** What the metrics recorder keeps per request (the reference's metrics record, section 1.8). */
export interface MetricRecord {
  request_id: string;
  /** unix ms */
  timestamp: number;
  provider: string;
  /** The model that answered (the by_model key). */
  model: string;
  /** The routed choice, set only when the client asked for "auto". */
  selected_model: string;
  ttft_ms: number;
  latency_ms: number;
  tokens_in: number;
  tokens_out: number;
  total_tokens: number;
  input_cost_usd: number;
  output_cost_usd: number;
  cache_input_cost_usd: number;
  total_cost_usd: number;
  error: boolean;
  error_category: string;
  error_message: string;
  /** -1 when not routed. */
  cluster_id: number;
  routing_ms: number;
  embedding_ms: number;
  stream: boolean;
  fallback_count: number;
  provider_attempts: ProviderAttempt[];
}

/** The `/v1/metrics/recent` wire shape: `?` fields are left out when zero or empty. */
export interface MetricRecordJson {
  ttft_ms: number;
  latency_ms: number;
  tokens_in: number;
  tokens_out: number;
  total_tokens: number;
  input_cost_usd?: number;
  output_cost_usd?: number;
  cache_input_cost_usd?: number;
  total_cost_usd?: number;
  error: number;
  error_category?: string;
  error_message?: string;
  request_id?: string;
  provider?: string;
  model?: string;
  timestamp: number;
  selected_model?: string;
  cluster_id?: number;
  routing_ms?: number;
  embedding_ms?: number;
  stream?: boolean;
  fallback_count?: number;
  provider_attempts?: ProviderAttempt[];
}

/** The metrics view of a finished trace. */
export function metricFromTrace(t: TraceRecord): MetricRecord {
  return {
    request_id: t.request_id,
    timestamp: t.timestamp,
    provider: t.provider,
    model: t.selected_model || t.requested_model,
    selected_model: t.requested_model === 'auto' ? t.selected_model : '',
    ttft_ms: t.ttft_ms,
    latency_ms: t.latency_ms,
    tokens_in: t.tokens_in,
    tokens_out: t.tokens_out,
    total_tokens: t.total_tokens,
    input_cost_usd: t.input_cost_usd,
    output_cost_usd: t.output_cost_usd,
    cache_input_cost_usd: t.cache_input_cost_usd ?? 0,
    total_cost_usd: t.total_cost_usd,
    error: t.is_error,
    error_category: t.error_category,
    error_message: t.error_message,
    cluster_id: t.cluster_id,
    routing_ms: t.routing_ms,
    embedding_ms: t.embedding_ms,
    stream: t.is_stream,
    fallback_count: t.fallback_count,
    provider_attempts: t.provider_attempts,
  };
}

/**
 * Wire form. Omission follows the reference ("left out when zero or empty"), except cluster_id,
 * which is left out when negative (not routed): cluster 0 is a real cluster here.
 */
export function metricToJson(m: MetricRecord): MetricRecordJson {
  const j: MetricRecordJson = {
    ttft_ms: m.ttft_ms,
    latency_ms: m.latency_ms,
    tokens_in: m.tokens_in,
    tokens_out: m.tokens_out,
    total_tokens: m.total_tokens,
    error: m.error ? 1 : 0,
    timestamp: m.timestamp,
  };
  if (m.input_cost_usd) j.input_cost_usd = m.input_cost_usd;
  if (m.output_cost_usd) j.output_cost_usd = m.output_cost_usd;
  if (m.cache_input_cost_usd) j.cache_input_cost_usd = m.cache_input_cost_usd;
  if (m.total_cost_usd) j.total_cost_usd = m.total_cost_usd;
  if (m.error_category) j.error_category = m.error_category;
  if (m.error_message) j.error_message = m.error_message;
  if (m.request_id) j.request_id = m.request_id;
  if (m.provider) j.provider = m.provider;
  if (m.model) j.model = m.model;
  if (m.selected_model) j.selected_model = m.selected_model;
  if (m.cluster_id >= 0) j.cluster_id = m.cluster_id;
  if (m.routing_ms) j.routing_ms = m.routing_ms;
  if (m.embedding_ms) j.embedding_ms = m.embedding_ms;
  if (m.stream) j.stream = true;
  if (m.fallback_count) j.fallback_count = m.fallback_count;
  if (m.provider_attempts.length > 0) j.provider_attempts = m.provider_attempts;
  return j;
}
