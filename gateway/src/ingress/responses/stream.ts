/**
 * OpenAI chunk SSE (what every upstream adapter's decoder yields) re-encoded as Responses
 * streaming events: response.created, response.in_progress, response.output_item.added,
 * response.content_part.added, response.output_text.delta / .done, response.content_part.done,
 * response.function_call_arguments.delta / .done, response.output_item.done, and
 * response.completed (or response.incomplete); an error chunk becomes `error` then
 * response.failed. Every event carries a sequence_number. State is owned by the encoder.
 */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import type { GatewayError } from '../../errors.js';
import { asObject, asString } from '../../providers/shared/json.js';
import type { ResponseSummary, StreamDecoder } from '../../providers/types.js';
import { encodeChunkStream } from '../chunk-stream.js';
import type { ResponsesRequest } from './request.js';
import { callItem, finalStatus, messageItem, messageItemId, outputTextPart, responseObject, type Json } from './response.js';

export interface ResponsesStreamContext {
  requestId: string;
  created: number;
  model: string;
  request: ResponsesRequest;
  /** Called once with the final response object and summary (to store it). */
  onComplete(response: Json, summary: ResponseSummary): void;
}

export function errorEvents(seq: () => number, e: { code: string; message: string }, base: () => Json): string {
  const ev = (type: string, data: Json): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq(), ...data })}\n\n`;
  return ev('error', { code: e.code, message: e.message, param: null }) + ev('response.failed', { response: { ...base(), status: 'failed', error: { code: e.code, message: e.message } } });
}

export function createResponsesStream(inner: StreamDecoder, ctx: ResponsesStreamContext): { decoder: StreamDecoder; streamError(e: GatewayError): string } {
  let seq = 0;
  let started = false;
  let finished = false;
  let model = ctx.model;
  const output: Json[] = [];
  /** Open item: the message (text so far) or a function call (its output index). */
  let text: { index: number; text: string } | null = null;
  let call: { index: number; k: number; tc: ToolCallRecord } | null = null;
  const calls = new Map<number, { index: number; tc: ToolCallRecord }>();
  let finish = '';

  const ev = (type: string, data: Json): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const base = (status: string, usage: ResponseSummary['usage'] = null): Json =>
    responseObject(ctx.request, { requestId: ctx.requestId, created: ctx.created, model, output: [...output], usage, status, finishReason: finish });

  function start(doc: Json | null): string {
    if (started) return '';
    started = true;
    model = asString(doc?.model) || model;
    const r = base('in_progress');
    return ev('response.created', { response: r }) + ev('response.in_progress', { response: r });
  }

  function closeText(): string {
    if (!text) return '';
    const { index } = text;
    const itemId = messageItemId(ctx.requestId);
    const item = messageItem(ctx.requestId, text.text, 'completed');
    output[index] = item;
    const out =
      ev('response.output_text.done', { item_id: itemId, output_index: index, content_index: 0, text: text.text, logprobs: [] }) +
      ev('response.content_part.done', { item_id: itemId, output_index: index, content_index: 0, part: outputTextPart(text.text) }) +
      ev('response.output_item.done', { output_index: index, item });
    text = null;
    return out;
  }

  function closeCall(): string {
    if (!call) return '';
    const { index, k, tc } = call;
    const item = callItem(ctx.requestId, k, tc, 'completed');
    output[index] = item;
    call = null;
    return ev('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: tc.function.name, arguments: tc.function.arguments }) + ev('response.output_item.done', { output_index: index, item });
  }

  function onText(t: string): string {
    let out = '';
    if (!text) {
      out += closeCall();
      const index = output.length;
      const item = messageItem(ctx.requestId, '', 'in_progress');
      output.push(item);
      text = { index, text: '' };
      out += ev('response.output_item.added', { output_index: index, item });
      out += ev('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: outputTextPart('') });
    }
    text.text += t;
    return out + ev('response.output_text.delta', { item_id: messageItemId(ctx.requestId), output_index: text.index, content_index: 0, delta: t, logprobs: [] });
  }

  function onToolDelta(raw: unknown): string {
    const d = asObject(raw);
    if (!d) return '';
    const k = typeof d.index === 'number' ? d.index : 0;
    const fn = asObject(d.function);
    let out = '';
    let c = calls.get(k);
    if (!c) {
      out += closeText() + closeCall();
      const index = output.length;
      const tc: ToolCallRecord = { id: asString(d.id) ?? '', type: 'function', function: { name: asString(fn?.name) ?? '', arguments: '' } };
      c = { index, tc };
      calls.set(k, c);
      const item = callItem(ctx.requestId, k, tc, 'in_progress');
      output.push(item);
      call = { index, k, tc };
      out += ev('response.output_item.added', { output_index: index, item });
    }
    const args = asString(fn?.arguments) ?? '';
    if (args !== '') {
      c.tc.function.arguments += args;
      out += ev('response.function_call_arguments.delta', { item_id: `fc_${ctx.requestId}_${k}`, output_index: c.index, delta: args });
    }
    return out;
  }

  function onError(e: Json | undefined): string {
    finished = true;
    return start(null) + errorEvents(() => seq++, { code: asString(e?.code) || 'server_error', message: asString(e?.message) ?? 'upstream stream error' }, () => base('failed'));
  }

  function end(): string {
    if (finished) return '';
    finished = true;
    const s = inner.summary();
    finish ||= s.finishReason;
    let out = start(null) + closeText() + closeCall();
    if (output.length === 0) {
      // Nothing streamed: an empty message, as the non-streamed answer has.
      const index = 0;
      const item = messageItem(ctx.requestId, '', 'completed');
      output.push(item);
      out += ev('response.output_item.added', { output_index: index, item: messageItem(ctx.requestId, '', 'in_progress') }) + ev('response.output_item.done', { output_index: index, item });
    }
    const status = finalStatus(finish);
    const final = base(status, s.usage);
    ctx.onComplete(final, s);
    return out + ev(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final });
  }

  const decoder = encodeChunkStream(inner, {
    finished: () => finished,
    error: onError,
    start,
    text: onText,
    toolDelta: onToolDelta,
    finishReason: (fr) => {
      finish = fr;
    },
    end,
  });
  return {
    decoder,
    streamError(e: GatewayError): string {
      if (finished) return '';
      finished = true;
      return start(null) + errorEvents(() => seq++, { code: e.code, message: e.message }, () => base('failed'));
    },
  };
}
