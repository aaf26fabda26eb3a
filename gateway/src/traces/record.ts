import type { TraceRecord } from '../../../core/contract/trace.js';
import { errorCategory } from '../metrics/error-category.js';

/**
 * Pure builders for trace records. Handlers start from `emptyTrace(now)`, fill what they learn
 * and call `finishTrace` once the response is done; the writer only stores.
 */

/** A trace with every field at its default (cluster_id -1: not routed; source 'gateway'). */
export function emptyTrace(now: number): TraceRecord {
  return {
    request_id: '',
    timestamp: now,
    request_type: 'chat',
    requested_model: '',
    selected_model: '',
    provider: '',
    cluster_id: -1,
    expected_error: 0,
    cost_adjusted_score: 0,
    all_scores: {},
    cluster_probabilities: [],
    routing_ms: 0,
    embedding_ms: 0,
    cache_hit: false,
    latency_ms: 0,
    ttft_ms: 0,
    upstream_ms: 0,
    tokens_in: 0,
    tokens_out: 0,
    total_tokens: 0,
    usage_estimated: false,
    input_cost_usd: 0,
    output_cost_usd: 0,
    cache_input_cost_usd: 0,
    total_cost_usd: 0,
    tokens_per_s: 0,
    status: 200,
    is_error: false,
    error_category: '',
    error_code: '',
    error_message: '',
    is_stream: false,
    input_text: '',
    input_messages: [],
    request_tools: [],
    output_text: '',
    output_message: null,
    finish_reason: '',
    response_tool_calls: [],
    has_tool_calls: false,
    tool_calls_count: 0,
    execution_timeline: [],
    fallback_count: 0,
    provider_attempts: [],
    session_id: '',
    metadata: {},
    api_key_id: '',
    source: 'gateway',
    tags: [],
  };
}

/**
 * Fills the derived fields of a trace in place and returns it:
 * - latency_ms from `endMs` (when given) minus timestamp; ttft_ms defaults to latency_ms
 *   for non-streamed answers
 * - total_tokens = tokens_in + tokens_out; total_cost_usd = input + output when left at 0
 * - tokens_per_s = tokens_out / seconds of latency (0 without latency)
 * - is_error from status >= 400 or an error code; error_category from errorCategory()
 * - has_tool_calls / tool_calls_count from response_tool_calls when left at their defaults
 */
export function finishTrace(t: TraceRecord, endMs?: number): TraceRecord {
  if (endMs !== undefined && endMs >= t.timestamp) t.latency_ms = endMs - t.timestamp;
  if (t.ttft_ms === 0 && !t.is_stream) t.ttft_ms = t.latency_ms;
  t.total_tokens = t.tokens_in + t.tokens_out;
  if (t.total_cost_usd === 0) t.total_cost_usd = t.input_cost_usd + t.cache_input_cost_usd + t.output_cost_usd;
  t.tokens_per_s = t.latency_ms > 0 ? t.tokens_out / (t.latency_ms / 1000) : 0;
  t.is_error = t.is_error || t.status >= 400 || t.error_code !== '';
  if (t.is_error && t.error_category === '') t.error_category = errorCategory(t.status, t.error_code) || 'UNKNOWN';
  if (t.tool_calls_count === 0 && t.response_tool_calls.length > 0) t.tool_calls_count = t.response_tool_calls.length;
  if (t.tool_calls_count > 0) t.has_tool_calls = true;
  return t;
}

/**
 * The text of the last `role: "user"` message: string content, or its text parts joined with
 * "\n". Without a user message, the last message's text. This is also the routing text.
 */
export function lastUserText(messages: readonly unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isObject(m) && m.role === 'user') return contentText(m.content);
  }
  const last = messages[messages.length - 1];
  return isObject(last) ? contentText(last.content) : '';
}

/** Text of an OpenAI message `content`: a string, or the `text` of its `{type:"text"}` parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') parts.push(part);
    else if (isObject(part) && (part.type === 'text' || part.type === undefined) && typeof part.text === 'string') {
      parts.push(part.text);
    }
  }
  return parts.join('\n');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
