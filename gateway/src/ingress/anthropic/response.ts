/**
 * Chat answers in the Anthropic Messages shape: the finished `message` object and the
 * error body. Pure. Stop reasons are the inverse of providers/shared/stop-reasons.ts.
 */
import type { DialectAnswer } from '../../chat/dialect.js';
import type { GatewayError } from '../../errors.js';
import { tryParse } from '../../providers/shared/json.js';
import type { ToolCallRecord } from '../../../../core/contract/trace.js';

/** OpenAI finish_reason -> Anthropic stop_reason. */
export function stopReasonOf(finish: string): string {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic's message ids start with msg_; the gateway's request id keeps them unique and traceable. */
export function messageId(upstreamId: string, requestId: string): string {
  return upstreamId.startsWith('msg_') ? upstreamId : `msg_${requestId}`;
}

/** A tool call's arguments as the `input` object (arguments that are not a JSON object are wrapped). */
export function toolInput(args: string): unknown {
  if (args.trim() === '') return {};
  const v = tryParse(args);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { arguments: args };
}

export function toolUseBlock(tc: ToolCallRecord, i: number, requestId: string): Record<string, unknown> {
  return { type: 'tool_use', id: tc.id || `toolu_${requestId}_${i}`, name: tc.function.name, input: toolInput(tc.function.arguments) };
}

export function encodeMessage(a: DialectAnswer): string {
  const s = a.summary;
  const content: Array<Record<string, unknown>> = [];
  if (s.content !== '' || s.toolCalls.length === 0) content.push({ type: 'text', text: s.content });
  s.toolCalls.forEach((tc, i) => content.push(toolUseBlock(tc, i, a.requestId)));
  return JSON.stringify({
    id: messageId(s.id, a.requestId),
    type: 'message',
    role: 'assistant',
    model: a.model,
    content,
    stop_reason: stopReasonOf(s.finishReason),
    stop_sequence: null,
    usage: { input_tokens: a.usage.prompt_tokens, output_tokens: a.usage.completion_tokens },
  });
}

/** Anthropic's error type for an HTTP status (its documented table). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 415:
    case 422:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

/** `{"type":"error","error":{"type","message"}}` for a gateway error. */
export function anthropicErrorBody(e: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: anthropicErrorType(e.status), message: e.message } };
}
