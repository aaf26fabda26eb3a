/**
 * Neutral types between the gateway and its provider adapters. Adapters are pure:
 * they turn an OpenAI-format request into an upstream HTTP call, and upstream
 * bytes back into OpenAI-format JSON / SSE. No sockets, clocks or env here.
 */
import type { ToolCallRecord } from '../../../core/contract/trace.js';
import type { AwsCredentials } from './shared/sigv4.js';

/** An OpenAI chat completion request body. Unknown fields are kept and passed through. */
export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [k: string]: unknown };
  tools?: unknown[];
  tool_choice?: unknown;
  [field: string]: unknown;
}

export interface ChatMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCallRecord[];
  tool_call_id?: string;
  [field: string]: unknown;
}

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: string; [k: string]: unknown };

export type { AuthStyle, ProviderRow, WireFamily } from '../../../core/providers/catalog-row.js';
import type { ProviderRow, WireFamily } from '../../../core/providers/catalog-row.js';

/** A provider as configured at runtime: row + resolved base URL + key. */
export interface ProviderConfig extends ProviderRow {
  apiKey: string;
  /** The region: the one a configured regional base URL names, else from `regionEnv`. */
  region?: string;
  /** IAM credentials, for rows with `sigV4Service`. */
  awsCredentials?: AwsCredentials;
}

/** Where one request goes: provider + the model name the upstream expects. */
export interface Target {
  provider: ProviderConfig;
  /** Model name sent upstream (no provider prefix). */
  model: string;
}

/** A fully built upstream HTTP call. */
export interface UpstreamCall {
  /** e.g. https://api.openai.com */
  origin: string;
  /** path + query, e.g. /v1/chat/completions */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Usage {
  /** All input tokens, cache reads and writes included. */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Cache reads (OpenAI's field; Anthropic, Gemini and Bedrock mapped onto it); only when non-zero. */
  prompt_tokens_details?: { cached_tokens?: number };
  /** Cache writes (Anthropic, Bedrock); only when non-zero. */
  cache_creation_input_tokens?: number;
}

/** What the gateway learns from a response, for traces and cost. */
export interface ResponseSummary {
  id: string;
  model: string;
  content: string;
  toolCalls: ToolCallRecord[];
  finishReason: string;
  usage: Usage | null;
}

/** Decoded upstream error, already in gateway terms. */
export interface UpstreamErrorInfo {
  status: number;
  message: string;
  /** Provider's own error type/code when it gave one. */
  providerCode: string;
  /** Seconds from Retry-After (or the provider's equivalent). */
  retryAfter?: number;
}

export interface BuildInput {
  body: ChatBody;
  target: Target;
  stream: boolean;
  /** Ask the upstream for a usage chunk on streams (for traces), even if the client did not. */
  wantStreamUsage: boolean;
  /** Unix ms, for adapters that sign requests (default: the epoch, which no upstream accepts). */
  now?: number;
}

export interface DecodeContext {
  /** Model name to report when the upstream does not echo one. */
  model: string;
  /** Unix seconds for `created` when the upstream has no such field. */
  created: number;
  /** A unique id (the trace id) for upstreams whose responses carry none. */
  id?: string;
}

/** A parsed SSE event from the upstream. */
export interface SseEvent {
  event: string; // '' when absent
  data: string;
}

/**
 * Per-stream decoder: owns its own state. `push` returns the OpenAI-format SSE text to
 * send to the client for this event ('' for nothing); `end` returns what to send when
 * the upstream ends (normally `data: [DONE]\n\n` if not already sent).
 */
export interface StreamDecoder {
  push(ev: SseEvent): string;
  end(): string;
  summary(): ResponseSummary;
  /** Set when the upstream sent an error event mid-stream. */
  error(): UpstreamErrorInfo | null;
}

/** Turns a streamed upstream body into events; the relay uses an SSE parser unless the adapter brings its own. */
export interface StreamFramer {
  push(chunk: Buffer): SseEvent[];
  end(): SseEvent[];
}

export interface ProviderAdapter {
  family: WireFamily;
  /** Stream framing other than SSE (Bedrock's AWS event stream). */
  createFramer?(): StreamFramer;
  buildRequest(input: BuildInput): UpstreamCall;
  /**
   * Turns a 2xx upstream body into the OpenAI `chat.completion` JSON text to send.
   * OpenAI-family adapters return the upstream text unchanged (every field kept).
   */
  decodeResponse(text: string, ctx: DecodeContext): { json: string; summary: ResponseSummary };
  createStreamDecoder(ctx: DecodeContext & { clientWantsUsage: boolean }): StreamDecoder;
  /** `now` (unix ms) lets an HTTP-date Retry-After be turned into seconds; without it such a date is ignored. */
  decodeError(
    status: number,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    now?: number,
  ): UpstreamErrorInfo;
}
