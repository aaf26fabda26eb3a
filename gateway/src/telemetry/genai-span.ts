/**
 * One request's trace record as an OTLP/JSON span following the OpenTelemetry GenAI semantic
 * conventions (gen_ai.* attributes), plus opentracy.* attributes for what the conventions do not
 * name (routing decision, cost, fallbacks). Pure.
 *
 * Kind CLIENT (the conventions' kind for a model call); name `{operation} {request model}`.
 * Prompt and completion text only when `captureContent` (gen_ai.input.messages,
 * gen_ai.output.messages, as JSON strings).
 */
import type { TraceRecord } from '../../../core/contract/trace.js';

/** What the span is built from; queued as is and turned into JSON when the batch is exported. */
export interface PendingSpan {
  trace: TraceRecord;
  /** The chat request body (sampling parameters are read from it). */
  body: Readonly<Record<string, unknown>>;
  /** λ of a routed decision, or null. */
  costWeight: number | null;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
}

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status: { code: number; message?: string };
}

export const SPAN_KIND_CLIENT = 3;
export const STATUS_UNSET = 0;
export const STATUS_ERROR = 2;

/** Our provider ids to the conventions' gen_ai.provider.name values (others pass as they are). */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  groq: 'groq',
  mistral: 'mistral_ai',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
  xai: 'x_ai',
  cohere: 'cohere',
};

export const providerName = (id: string): string => PROVIDER_NAMES[id] ?? id;

function attr(out: KeyValue[], key: string, v: unknown): void {
  if (v === undefined || v === null || v === '') return;
  if (typeof v === 'string') out.push({ key, value: { stringValue: v } });
  else if (typeof v === 'boolean') out.push({ key, value: { boolValue: v } });
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return;
    out.push({ key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } });
  } else if (Array.isArray(v)) {
    const values = v.filter((x): x is string => typeof x === 'string').map((s) => ({ stringValue: s }));
    if (values.length > 0) out.push({ key, value: { arrayValue: { values } } });
  }
}

/** A double attribute even when the value is integral (temperature 1 is still a double). */
function dbl(out: KeyValue[], key: string, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) out.push({ key, value: { doubleValue: v } });
}

/** Unix ms (fractional) to nanoseconds as a decimal string, without losing precision past 2^53. */
export function unixNanos(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(frac)).toString();
}

function outputMessages(t: TraceRecord): string {
  const msg: Record<string, unknown> = { role: 'assistant', parts: [] as unknown[], finish_reason: t.finish_reason || undefined };
  const parts = msg.parts as unknown[];
  if (t.output_text !== '') parts.push({ type: 'text', content: t.output_text });
  for (const tc of t.response_tool_calls) parts.push({ type: 'tool_call', id: tc.id, name: tc.function.name, arguments: tc.function.arguments });
  return JSON.stringify([msg]);
}

export function toOtlpSpan(p: PendingSpan, captureContent: boolean): OtlpSpan {
  const t = p.trace;
  const b = p.body;
  const a: KeyValue[] = [];
  const operation = 'chat';
  attr(a, 'gen_ai.operation.name', operation);
  if (t.provider !== '') {
    attr(a, 'gen_ai.provider.name', providerName(t.provider));
    attr(a, 'gen_ai.system', providerName(t.provider)); // the name before semconv 1.37, still read by many backends
  }
  attr(a, 'gen_ai.request.model', t.requested_model);
  attr(a, 'gen_ai.response.model', t.selected_model);
  dbl(a, 'gen_ai.request.temperature', b.temperature);
  dbl(a, 'gen_ai.request.top_p', b.top_p);
  dbl(a, 'gen_ai.request.frequency_penalty', b.frequency_penalty);
  dbl(a, 'gen_ai.request.presence_penalty', b.presence_penalty);
  attr(a, 'gen_ai.request.max_tokens', typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : b.max_tokens);
  attr(a, 'gen_ai.request.seed', b.seed);
  if (typeof b.n === 'number' && b.n !== 1) attr(a, 'gen_ai.request.choice.count', b.n);
  attr(a, 'gen_ai.request.stop_sequences', typeof b.stop === 'string' ? [b.stop] : b.stop);
  if (!t.is_error || t.tokens_in > 0 || t.tokens_out > 0) {
    attr(a, 'gen_ai.usage.input_tokens', t.tokens_in);
    attr(a, 'gen_ai.usage.output_tokens', t.tokens_out);
  }
  if ((t.cached_tokens_in ?? 0) > 0) attr(a, 'gen_ai.usage.cache_read.input_tokens', t.cached_tokens_in);
  if (t.finish_reason !== '') attr(a, 'gen_ai.response.finish_reasons', [t.finish_reason]);
  attr(a, 'gen_ai.conversation.id', t.session_id);
  if (captureContent) {
    attr(a, 'gen_ai.input.messages', JSON.stringify(t.input_messages));
    if (!t.is_error) attr(a, 'gen_ai.output.messages', outputMessages(t));
  }
  // OpenTracy's own: the request, the routing decision, cost, attempts.
  attr(a, 'opentracy.request_id', t.request_id);
  attr(a, 'opentracy.stream', t.is_stream);
  if (t.cluster_id >= 0) {
    attr(a, 'opentracy.routing.selected_model', t.selected_model);
    attr(a, 'opentracy.routing.cluster_id', t.cluster_id);
    dbl(a, 'opentracy.routing.expected_error', t.expected_error);
    dbl(a, 'opentracy.routing.ms', t.routing_ms);
    attr(a, 'opentracy.routing.cache_hit', t.cache_hit);
    if (p.costWeight !== null) dbl(a, 'opentracy.routing.cost_weight', p.costWeight);
  }
  dbl(a, 'opentracy.cost.input_usd', t.input_cost_usd);
  dbl(a, 'opentracy.cost.output_usd', t.output_cost_usd);
  if (t.cache_input_cost_usd > 0) dbl(a, 'opentracy.cost.cache_input_usd', t.cache_input_cost_usd);
  dbl(a, 'opentracy.cost.total_usd', t.total_cost_usd);
  attr(a, 'opentracy.fallback_count', t.fallback_count);
  attr(a, 'opentracy.provider_attempts', t.provider_attempts.map((x) => `${x.provider}/${x.model}:${x.status}`));
  attr(a, 'opentracy.upstream_ms', t.upstream_ms);
  attr(a, 'opentracy.ttft_ms', t.ttft_ms);
  if (t.api_key_id !== '') attr(a, 'opentracy.api_key_id', t.api_key_id);
  attr(a, 'http.response.status_code', t.status);
  let status: OtlpSpan['status'] = { code: STATUS_UNSET };
  if (t.is_error) {
    attr(a, 'error.type', t.error_code || t.error_category || String(t.status));
    status = { code: STATUS_ERROR, ...(t.error_message !== '' ? { message: t.error_message } : {}) };
  }
  const span: OtlpSpan = {
    traceId: p.traceId,
    spanId: p.spanId,
    name: `${operation} ${t.requested_model}`.trim(),
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: unixNanos(t.timestamp),
    endTimeUnixNano: unixNanos(t.timestamp + Math.max(0, t.latency_ms)),
    attributes: a,
    status,
  };
  if (p.parentSpanId !== '') span.parentSpanId = p.parentSpanId;
  if (p.traceState !== '') span.traceState = p.traceState;
  return span;
}
