/**
 * The seam for client dialects other than OpenAI chat completions (Anthropic Messages,
 * OpenAI Responses): a pure request transform into a ChatBody before the pipeline, and a
 * response / stream transform after it. The pipeline, routing, fallbacks and traces are the
 * same ones; a plain /v1/chat/completions request has no dialect and pays one null check.
 */
import type { GatewayError } from '../errors.js';
import type { ChatBody, ResponseSummary, StreamDecoder, Target, UpstreamCall, Usage, WireFamily } from '../providers/types.js';

/** What a dialect gets to encode a finished non-streamed answer. */
export interface DialectAnswer {
  summary: ResponseSummary;
  /** Upstream usage, or the gateway's estimate when it sent none. */
  usage: Usage;
  /** The gateway's request id (trace id). */
  requestId: string;
  /** Unix seconds of the request's arrival. */
  created: number;
  /** The model that answered, as the upstream named it. */
  model: string;
  /** The upstream's own body and wire family (a dialect that called it natively passes it on). */
  upstreamText: string;
  family: WireFamily;
}

export interface IngressDialect {
  /** Raw request body -> validated chat body (throws GatewayError, shaped by the route's errorBody). */
  parse(raw: Buffer): ChatBody;
  /** The JSON text to send for a finished answer. */
  encodeJson(answer: DialectAnswer): string;
  /** Wraps the upstream adapter's decoder (which yields OpenAI chunk SSE) into one yielding this dialect's events. */
  wrapStream(inner: StreamDecoder, ctx: { requestId: string; created: number; model: string; family: WireFamily }): StreamDecoder;
  /**
   * The upstream call for a target that speaks this dialect natively (Anthropic Messages to an
   * Anthropic provider), or null to go through the chat adapter. Optional.
   */
  nativeCall?(target: Target, stream: boolean): UpstreamCall | null;
  /** An error after the stream began, as this dialect's SSE event. */
  streamError(e: GatewayError): string;
}
