/**
 * Anthropic SSE to OpenAI chunks. Tool blocks get OpenAI indexes 0,1,2... in the
 * order they start; prompt tokens from message_start are kept for the usage chunk.
 */
import { chunk, errorEvent, makeUsage, usageChunk, type ChunkHead } from '../shared/chunks.js';
import { StreamEnd, streamDecoder } from '../shared/stream-end.js';
import { asNumber, asObject, asString, tryParse, type JsonObject } from '../shared/json.js';
import { ToolCallAccumulator } from '../shared/tool-calls.js';
import type { DecodeContext, ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo, Usage } from '../types.js';
import { readAnthropicError, statusForType } from './errors.js';
import { mapStopReason } from '../shared/stop-reasons.js';
import { promptTokens } from './response.js';

export function createStreamDecoder(ctx: DecodeContext & { clientWantsUsage: boolean }): StreamDecoder {
  const head: ChunkHead = { id: '', created: ctx.created, model: ctx.model };
  const tools = new ToolCallAccumulator();
  /** Anthropic content-block index to OpenAI tool-call index. */
  const toolIndex = new Map<number, number>();
  let content = '';
  let finishReason = '';
  let prompt = 0;
  let completion = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  let usage: Usage | null = null;
  let err: UpstreamErrorInfo | null = null;
  const end = new StreamEnd(); // usage went out with message_delta

  function blockStart(doc: JsonObject): string {
    const b = asObject(doc.content_block);
    const at = asNumber(doc.index) ?? 0;
    if (b?.type === 'tool_use') {
      const k = toolIndex.size;
      toolIndex.set(at, k);
      const id = asString(b.id) ?? '';
      const name = asString(b.name) ?? '';
      tools.add(k, id, name, undefined);
      return chunk(head, { tool_calls: [{ index: k, id, type: 'function', function: { name, arguments: '' } }] });
    }
    const text = b?.type === 'text' ? asString(b.text) : undefined;
    if (!text) return '';
    content += text;
    return chunk(head, { content: text });
  }

  function blockDelta(doc: JsonObject): string {
    const d = asObject(doc.delta);
    if (d?.type === 'text_delta') {
      const text = asString(d.text) ?? '';
      content += text;
      return text === '' ? '' : chunk(head, { content: text });
    }
    if (d?.type === 'input_json_delta') {
      const k = toolIndex.get(asNumber(doc.index) ?? 0);
      const part = asString(d.partial_json) ?? '';
      if (k === undefined || part === '') return '';
      tools.add(k, undefined, undefined, part);
      return chunk(head, { tool_calls: [{ index: k, function: { arguments: part } }] });
    }
    return ''; // thinking_delta, signature_delta, citations_delta
  }

  function messageDelta(doc: JsonObject): string {
    const reason = mapStopReason(asString(asObject(doc.delta)?.stop_reason));
    const u = asObject(doc.usage);
    prompt = promptTokens(u) ?? prompt;
    completion = asNumber(u?.output_tokens) ?? completion;
    cacheRead = asNumber(u?.cache_read_input_tokens) ?? cacheRead;
    cacheWrite = asNumber(u?.cache_creation_input_tokens) ?? cacheWrite;
    usage = makeUsage(prompt, completion, undefined, cacheRead, cacheWrite);
    if (reason) finishReason = reason;
    let out = chunk(head, {}, reason || 'stop');
    if (ctx.clientWantsUsage) out += usageChunk(head, usage);
    return out;
  }

  function onError(doc: JsonObject): string {
    const e = readAnthropicError(doc);
    const type = e?.type ?? 'api_error';
    err = { status: statusForType(type), message: e?.message || 'anthropic stream error', providerCode: type };
    return errorEvent(err);
  }

  function handle(doc: JsonObject): string {
    switch (asString(doc.type)) {
      case 'message_start': {
        const msg = asObject(doc.message);
        head.id = asString(msg?.id) ?? '';
        head.model = asString(msg?.model) ?? ctx.model;
        const u = asObject(msg?.usage);
        prompt = promptTokens(u) ?? 0;
        completion = asNumber(u?.output_tokens) ?? 0;
        cacheRead = asNumber(u?.cache_read_input_tokens) ?? 0;
        cacheWrite = asNumber(u?.cache_creation_input_tokens) ?? 0;
        return chunk(head, { role: 'assistant', content: '' });
      }
      case 'content_block_start':
        return blockStart(doc);
      case 'content_block_delta':
        return blockDelta(doc);
      case 'message_delta':
        return messageDelta(doc);
      case 'message_stop':
        return end.close();
      case 'error':
        return onError(doc);
      default:
        return ''; // ping, content_block_stop, unknown events
    }
  }

  return streamDecoder(
    end,
    (ev: SseEvent): string => {
      const doc = asObject(tryParse(ev.data));
      return doc ? handle(doc) : '';
    },
    (): ResponseSummary => ({ id: head.id, model: head.model, content, toolCalls: tools.list(), finishReason, usage }),
    (): UpstreamErrorInfo | null => err,
  );
}
