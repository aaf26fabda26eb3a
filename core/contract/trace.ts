/**
 * The trace record: one per request through the gateway. Dependency-free; the
 * management server imports this file to read what the gateway wrote.
 * Field names follow the OpenTracy `llm_traces` columns (reference section 6.1)
 * where one exists; structured values are kept as JSON values, not strings.
 */

export type RequestType = 'chat' | 'chat_stream' | 'chat_multiturn' | 'route' | string;

export interface ToolCallRecord {
  id: string;
  type: string;
  function: { name: string; arguments: string };
  /**
   * Provider data the client must send back with the call: Gemini's thought signature, as
   * Google's own OpenAI-compatible endpoint carries it (`extra_content.google.thought_signature`).
   */
  extra_content?: { google?: { thought_signature?: string } };
}

export interface ProviderAttempt {
  provider: string;
  model: string;
  status: number; // upstream HTTP status, 0 for a network error
  error?: string;
  latency_ms: number;
}

export interface TimelineStep {
  step: number;
  phase: 'inference' | 'tool_execution' | 'preparation';
  started_at: string; // RFC 3339
  completed_at: string | null;
  duration_ms: number | null;
  status: 'pending' | 'completed' | 'failed';
  provider: string | null;
  model: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  ttft_ms: number | null;
  tool_name: string | null;
  tool_call_id: string | null;
  tool_input: unknown;
  tool_output: string | null;
  tool_error: string | null;
  metadata: Record<string, unknown> | null;
}

export interface TraceRecord {
  /** Time-ordered id (see trace-id.ts); also the primary key. */
  request_id: string;
  /** Request arrival, unix ms. */
  timestamp: number;
  request_type: RequestType;
  /** The model string the client sent ("auto", "openai/gpt-4o-mini", an alias...). */
  requested_model: string;
  /** The upstream model that answered (bare, no provider prefix). */
  selected_model: string;
  provider: string;

  // routing (cluster_id -1 when not routed)
  cluster_id: number;
  expected_error: number;
  cost_adjusted_score: number;
  all_scores: Record<string, number>;
  cluster_probabilities: number[];
  routing_ms: number;
  embedding_ms: number;
  cache_hit: boolean;
  /** Routing embedding, kept so the management server can cluster without re-embedding. */
  embedding?: number[];
  weights_generation?: number;

  // timing
  latency_ms: number;
  ttft_ms: number;
  /** Time spent waiting on the upstream (all attempts); overhead = latency_ms - upstream_ms. */
  upstream_ms: number;

  // usage and cost
  tokens_in: number;
  tokens_out: number;
  total_tokens: number;
  /** True when token counts were estimated by the gateway (the upstream gave none). */
  usage_estimated: boolean;
  /** Uncached input plus prompt-cache writes. */
  input_cost_usd: number;
  output_cost_usd: number;
  /**
   * Cached input (prompt-cache reads) at the model's cached price (core/pricing/cached-prices.ts);
   * 0 when none. Older records lack it: read with `cacheInputCostOf`.
   */
  cache_input_cost_usd: number;
  /** input + cache input + output. */
  total_cost_usd: number;
  /** Input tokens read from the provider's prompt cache (inside tokens_in); absent when 0. */
  cached_tokens_in?: number;
  tokens_per_s: number;

  // outcome
  status: number; // HTTP status sent to the client
  is_error: boolean;
  error_category: string; // reference categories: AUTH_ERROR, RATE_LIMIT, ... or ''
  error_code: string; // our error code or ''
  error_message: string;

  // content
  is_stream: boolean;
  input_text: string; // text of the last user message
  input_messages: unknown[];
  request_tools: unknown[];
  output_text: string;
  /** The assistant message when it carries more than `output_text` (tool calls); else null. Read it with `outputMessageOf`. */
  output_message: unknown;
  finish_reason: string;
  response_tool_calls: ToolCallRecord[];
  has_tool_calls: boolean;
  tool_calls_count: number;
  /**
   * Steps of a tool-call session turn (tool executions, then the inference). Empty for a plain
   * single-turn request: readers make a one-step timeline from latency, as the reference does.
   */
  execution_timeline: TimelineStep[];

  // attempts
  fallback_count: number;
  provider_attempts: ProviderAttempt[];

  // caller
  session_id: string;
  /** Request `metadata` object merged with the `X-OpenTracy-Metadata` header (JSON or k=v;k=v). */
  metadata: Record<string, string>;
  /** Short, non-secret id of the bearer token used ('' when auth is off). */
  api_key_id: string;
  source: string; // 'gateway' for live traffic, else the ingest source
  tags: string[];
}

/** A trace's cache_input_cost_usd (0 for records written before the field existed). */
export function cacheInputCostOf(t: Partial<Pick<TraceRecord, 'cache_input_cost_usd'>>): number {
  return typeof t.cache_input_cost_usd === 'number' ? t.cache_input_cost_usd : 0;
}

/** The assistant message of a trace (stored only when it holds more than the text). */
export function outputMessageOf(t: Pick<TraceRecord, 'output_message' | 'output_text'>): unknown {
  return t.output_message ?? { role: 'assistant', content: t.output_text };
}

/**
 * The 'inference' step of a timeline for trace `t`: step number and timing given, provider, model,
 * tokens and status from the trace; `toolError` (null by default) goes to tool_error.
 */
export function inferenceStepOf(
  t: Pick<TraceRecord, 'is_error' | 'provider' | 'selected_model' | 'tokens_in' | 'tokens_out' | 'ttft_ms'>,
  step: number,
  startMs: number,
  durationMs: number,
  toolError: string | null = null,
): TimelineStep {
  return {
    step,
    phase: 'inference',
    started_at: new Date(startMs).toISOString(),
    completed_at: new Date(startMs + durationMs).toISOString(),
    duration_ms: durationMs,
    status: t.is_error ? 'failed' : 'completed',
    provider: t.provider || null,
    model: t.selected_model || null,
    tokens_in: t.tokens_in,
    tokens_out: t.tokens_out,
    ttft_ms: t.ttft_ms,
    tool_name: null,
    tool_call_id: null,
    tool_input: null,
    tool_output: null,
    tool_error: toolError,
    metadata: null,
  };
}
