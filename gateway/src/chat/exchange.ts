/**
 * The state of one chat exchange, filled in as it goes, and turned into a trace at
 * the end. Owned by one request; nothing here touches sockets.
 */
import { newTraceId } from '../../../core/contract/trace-id.js';
import { inferenceStepOf, type ProviderAttempt, type TimelineStep, type TraceRecord } from '../../../core/contract/trace.js';
import type { GatewayError } from '../errors.js';
import { errorCategory } from '../metrics/error-category.js';
import { costOf, estimateTokens } from '../../../core/pricing/pricing.js';
import type { ChatBody, ResponseSummary, Usage } from '../providers/types.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import type { Deadline } from '../upstream/deadline.js';
import { emptyTrace, lastUserText } from '../traces/record.js';
import type { IngressDialect } from './dialect.js';
import type { Candidate } from './plan.js';

export interface Exchange {
  id: string;
  startedAt: number; // unix ms
  t0: number; // performance.now() at arrival
  body: ChatBody;
  stream: boolean;
  internal: boolean;
  apiKeyId: string;
  metadata: Record<string, string>;
  sessionId: string;
  /** Tool executions since the session's previous turn. */
  toolSteps: TimelineStep[];
  decision: RoutingDecision | null;
  /** The λ a routed decision used (X-OpenTracy-Cost-Weight); null when not routed. */
  costWeight: number | null;
  answeredBy: Candidate | null;
  attempts: ProviderAttempt[];
  upstreamMs: number;
  ttftMs: number;
  summary: ResponseSummary | null;
  status: number;
  error: GatewayError | null;
  /** The request's overall deadline (also watches the client's abort); null until dispatch. */
  deadline: Deadline | null;
  /** The trace was already written (sync durability writes it before the last byte). */
  traced: boolean;
  /** The client's dialect when it is not chat completions (Anthropic Messages, Responses). */
  dialect: IngressDialect | null;
}

export function newExchange(body: ChatBody, t0: number, apiKeyId: string, internal: boolean, metadata: Record<string, string>): Exchange {
  const startedAt = Date.now();
  return {
    id: newTraceId(startedAt),
    startedAt,
    t0,
    body,
    stream: body.stream === true,
    internal,
    apiKeyId,
    metadata,
    sessionId: '',
    toolSteps: [],
    decision: null,
    costWeight: null,
    answeredBy: null,
    attempts: [],
    upstreamMs: 0,
    ttftMs: 0,
    summary: null,
    status: 0,
    error: null,
    deadline: null,
    traced: false,
    dialect: null,
  };
}

/** Parses the metadata header: a JSON object, or `k=v;k=v`. */
export function parseMetadataHeader(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  const v = value.trim();
  if (v.startsWith('{')) {
    try {
      for (const [k, x] of Object.entries(JSON.parse(v) as Record<string, unknown>)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
    } catch {
      out.raw = v;
    }
    return out;
  }
  for (const pair of v.split(/[;,]/)) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** Usage from the upstream, or estimated from the text when it sent none. */
export function usageOf(ex: Exchange): { usage: Usage; estimated: boolean } {
  const u = ex.summary?.usage;
  if (u) return { usage: u, estimated: false };
  const prompt = estimateTokens(JSON.stringify(ex.body.messages));
  const completion = estimateTokens(ex.summary?.content ?? '') + (ex.summary?.toolCalls.length ? estimateTokens(JSON.stringify(ex.summary.toolCalls)) : 0);
  return { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }, estimated: true };
}

export function buildTrace(ex: Exchange, endT: number): TraceRecord {
  const r = emptyTrace(ex.startedAt);
  const s = ex.summary;
  const latency = endT - ex.t0;
  r.request_id = ex.id;
  r.request_type = ex.stream ? 'chat_stream' : 'chat';
  r.requested_model = ex.body.model;
  r.selected_model = ex.answeredBy?.target.model ?? s?.model ?? '';
  r.provider = ex.answeredBy?.target.provider.id ?? '';
  const d = ex.decision;
  if (d) {
    r.cluster_id = d.cluster_id;
    r.expected_error = d.expected_error;
    r.cost_adjusted_score = d.cost_adjusted_score;
    r.all_scores = d.all_scores;
    r.cluster_probabilities = d.cluster_probabilities;
    r.routing_ms = d.routing_ms;
    r.embedding_ms = d.embedding_ms;
    r.cache_hit = d.cache_hit;
    r.weights_generation = d.weights_generation;
  }
  r.latency_ms = latency;
  r.ttft_ms = ex.stream ? ex.ttftMs : latency;
  r.upstream_ms = ex.upstreamMs;
  if (s) {
    const { usage, estimated } = usageOf(ex);
    r.tokens_in = usage.prompt_tokens;
    r.tokens_out = usage.completion_tokens;
    r.total_tokens = usage.total_tokens;
    r.usage_estimated = estimated;
    const cost = costOf(r.selected_model, usage, r.provider);
    if (cost) {
      r.input_cost_usd = cost.input_cost_usd;
      r.output_cost_usd = cost.output_cost_usd;
      r.cache_input_cost_usd = cost.cache_input_cost_usd ?? 0;
      r.total_cost_usd = cost.total_cost_usd;
    }
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    if (cached > 0) r.cached_tokens_in = cached;
    r.tokens_per_s = latency > 0 ? (usage.completion_tokens * 1000) / latency : 0;
    r.output_text = s.content;
    // Stored only when it says more than output_text (keeps the hot-path record small).
    r.output_message = s.toolCalls.length ? { role: 'assistant', content: s.content, tool_calls: s.toolCalls } : null;
    r.finish_reason = s.finishReason;
    r.response_tool_calls = s.toolCalls;
    r.has_tool_calls = s.toolCalls.length > 0;
    r.tool_calls_count = s.toolCalls.length;
  }
  r.status = ex.status;
  const e = ex.error;
  r.is_error = e !== null || ex.status >= 400;
  if (e) {
    r.error_code = e.code;
    r.error_message = e.message;
  }
  r.error_category = r.is_error ? errorCategory(ex.status, e?.code ?? '') : '';
  r.is_stream = ex.stream;
  r.input_text = lastUserText(ex.body.messages);
  r.input_messages = ex.body.messages;
  r.request_tools = Array.isArray(ex.body.tools) ? ex.body.tools : [];
  // Single-turn requests carry no timeline (readers derive one from latency).
  r.execution_timeline = ex.toolSteps.length ? [...ex.toolSteps, inferenceStepOf(r, ex.toolSteps.length + 1, ex.startedAt, endT - ex.t0)] : [];
  r.fallback_count = ex.attempts.length > 0 ? new Set(ex.attempts.map((a) => `${a.provider}/${a.model}`)).size - 1 : 0;
  r.provider_attempts = ex.attempts;
  r.session_id = ex.sessionId;
  r.metadata = ex.metadata;
  r.api_key_id = ex.apiKeyId;
  r.source = 'gateway';
  return r;
}
