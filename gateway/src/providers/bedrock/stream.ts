/**
 * Bedrock ConverseStream events (see event-stream.ts for the framing) to OpenAI chunks. Tool blocks
 * get OpenAI indexes 0,1,2... in the order they start. The finish chunk goes out at `messageStop`;
 * usage arrives after it, in `metadata`, so the usage chunk and `[DONE]` go out there.
 */
import { chunk, errorEvent, usageChunk, type ChunkHead } from '../shared/chunks.js';
import { StreamEnd, streamDecoder } from '../shared/stream-end.js';
import { asNumber, asObject, asString, tryParse, type JsonObject } from '../shared/json.js';
import { ToolCallAccumulator } from '../shared/tool-calls.js';
import type { DecodeContext, ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo, Usage } from '../types.js';
import { readMessage, statusForType } from './errors.js';
import { mapStopReason } from '../shared/stop-reasons.js';
import { readUsage, responseId } from './response.js';

export function createStreamDecoder(ctx: DecodeContext & { clientWantsUsage: boolean }): StreamDecoder {
  const head: ChunkHead = { id: responseId(ctx), created: ctx.created, model: ctx.model };
  const tools = new ToolCallAccumulator();
  /** Converse content-block index to OpenAI tool-call index. */
  const toolIndex = new Map<number, number>();
  let content = '';
  let finishReason = '';
  let usage: Usage | null = null;
  let err: UpstreamErrorInfo | null = null;
  const end = new StreamEnd(() => (ctx.clientWantsUsage && usage ? usageChunk(head, usage) : ''));

  function blockStart(doc: JsonObject): string {
    const use = asObject(asObject(doc.start)?.toolUse);
    if (!use) return '';
    const k = toolIndex.size;
    toolIndex.set(asNumber(doc.contentBlockIndex) ?? 0, k);
    const id = asString(use.toolUseId) ?? '';
    const name = asString(use.name) ?? '';
    tools.add(k, id, name, undefined);
    return chunk(head, { tool_calls: [{ index: k, id, type: 'function', function: { name, arguments: '' } }] });
  }

  function blockDelta(doc: JsonObject): string {
    const d = asObject(doc.delta);
    const text = asString(d?.text);
    if (text !== undefined) {
      content += text;
      return text === '' ? '' : chunk(head, { content: text });
    }
    const input = asString(asObject(d?.toolUse)?.input);
    const k = toolIndex.get(asNumber(doc.contentBlockIndex) ?? 0);
    if (input === undefined || input === '' || k === undefined) return ''; // reasoningContent, citations
    tools.add(k, undefined, undefined, input);
    return chunk(head, { tool_calls: [{ index: k, function: { arguments: input } }] });
  }

  function onException(type: string, data: string): string {
    err = { status: statusForType(type), message: readMessage(asObject(tryParse(data))) || `bedrock stream ${type}`, providerCode: type };
    return errorEvent(err);
  }

  function handle(event: string, doc: JsonObject): string {
    switch (event) {
      case 'messageStart':
        return chunk(head, { role: 'assistant', content: '' });
      case 'contentBlockStart':
        return blockStart(doc);
      case 'contentBlockDelta':
        return blockDelta(doc);
      case 'messageStop':
        finishReason = mapStopReason(asString(doc.stopReason)) || 'stop';
        return chunk(head, {}, finishReason);
      case 'metadata':
        usage = readUsage(doc.usage) ?? usage;
        return end.close();
      default:
        return ''; // contentBlockStop, unknown events
    }
  }

  return streamDecoder(
    end,
    (ev: SseEvent): string => {
      if (ev.event.startsWith('exception:')) return onException(ev.event.slice('exception:'.length), ev.data);
      const doc = asObject(tryParse(ev.data));
      return doc ? handle(ev.event, doc) : '';
    },
    (): ResponseSummary => ({ id: head.id, model: head.model, content, toolCalls: tools.list(), finishReason, usage }),
    (): UpstreamErrorInfo | null => err,
  );
}
