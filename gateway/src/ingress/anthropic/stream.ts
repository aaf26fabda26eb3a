/**
 * OpenAI chunk SSE (what every upstream adapter's decoder yields) re-encoded as the
 * Anthropic Messages event stream: message_start, ping, content_block_start / _delta / _stop
 * (text_delta, and input_json_delta for tool_use blocks), message_delta (stop reason, usage),
 * message_stop; an error chunk becomes an `error` event. State is owned by the encoder made
 * per stream. Usage comes from the inner decoder's summary at the end (every adapter records it).
 */
import type { GatewayError } from '../../errors.js';
import { asObject, asString, type JsonObject } from '../../providers/shared/json.js';
import type { StreamDecoder } from '../../providers/types.js';
import { encodeChunkStream } from '../chunk-stream.js';
import { anthropicErrorBody, anthropicErrorType, messageId, stopReasonOf } from './response.js';

export function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export function streamErrorEvent(e: GatewayError): string {
  return event('error', { error: anthropicErrorBody(e).error });
}

export function wrapAnthropicStream(inner: StreamDecoder, ctx: { requestId: string; model: string }): StreamDecoder {
  let started = false;
  let finished = false;
  /** Index of the open content block, -1 when none. */
  let open = -1;
  let openKind: 'text' | 'tool' | '' = '';
  let nextIndex = 0;
  /** OpenAI tool-call index -> Anthropic block index. */
  const toolBlocks = new Map<number, number>();
  let finish = '';

  function start(doc: JsonObject | null): string {
    if (started) return '';
    started = true;
    const id = messageId(asString(doc?.id) ?? '', ctx.requestId);
    const model = asString(doc?.model) || ctx.model;
    const message = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    return event('message_start', { message }) + event('ping', {});
  }

  function closeOpen(): string {
    if (open < 0) return '';
    const out = event('content_block_stop', { index: open });
    open = -1;
    openKind = '';
    return out;
  }

  function text(t: string): string {
    let out = '';
    if (openKind !== 'text') {
      out += closeOpen();
      open = nextIndex++;
      openKind = 'text';
      out += event('content_block_start', { index: open, content_block: { type: 'text', text: '' } });
    }
    return out + event('content_block_delta', { index: open, delta: { type: 'text_delta', text: t } });
  }

  function toolDelta(raw: unknown): string {
    const tc = asObject(raw);
    if (!tc) return '';
    const k = typeof tc.index === 'number' ? tc.index : 0;
    const fn = asObject(tc.function);
    let out = '';
    let at = toolBlocks.get(k);
    if (at === undefined) {
      out += closeOpen();
      at = nextIndex++;
      toolBlocks.set(k, at);
      open = at;
      openKind = 'tool';
      const id = asString(tc.id) || `toolu_${ctx.requestId}_${k}`;
      out += event('content_block_start', { index: at, content_block: { type: 'tool_use', id, name: asString(fn?.name) ?? '', input: {} } });
    }
    const args = asString(fn?.arguments) ?? '';
    if (args !== '') out += event('content_block_delta', { index: at, delta: { type: 'input_json_delta', partial_json: args } });
    return out;
  }

  function error(e: JsonObject | undefined): string {
    // The inner decoder kept the upstream's status for the error (529 -> overloaded_error).
    const type = anthropicErrorType(inner.error()?.status ?? 500);
    finished = true; // nothing follows an error event
    return start(null) + closeOpen() + event('error', { error: { type, message: asString(e?.message) ?? 'upstream stream error' } });
  }

  function end(): string {
    if (finished) return '';
    finished = true;
    const s = inner.summary();
    const reason = finish || s.finishReason;
    const usage = s.usage ? { input_tokens: s.usage.prompt_tokens, output_tokens: s.usage.completion_tokens } : { output_tokens: 0 };
    return start(null) + closeOpen() + event('message_delta', { delta: { stop_reason: stopReasonOf(reason), stop_sequence: null }, usage }) + event('message_stop', {});
  }

  return encodeChunkStream(inner, {
    finished: () => finished,
    error,
    start,
    text,
    toolDelta,
    finishReason: (fr) => {
      finish = fr;
    },
    end,
  });
}
