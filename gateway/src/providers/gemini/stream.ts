/**
 * Gemini SSE (`alt=sse`: each data event is a GenerateContentResponse) to OpenAI
 * chunks. Tool calls arrive whole and are sent whole, one index each. Gemini has no
 * end marker: the usage chunk (if the client wants it) and [DONE] come from end().
 */
import { chunk, errorEvent, usageChunk, type ChunkHead } from '../shared/chunks.js';
import { StreamEnd, streamDecoder } from '../shared/stream-end.js';
import { asObject, asString, tryParse, type JsonObject } from '../shared/json.js';
import { ToolCallAccumulator } from '../shared/tool-calls.js';
import type { DecodeContext, ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo, Usage } from '../types.js';
import { mapFinishReason, readCandidate, readUsage, signatureField, toolCallId } from './candidate.js';
import { readGoogleError } from './errors.js';

export function createStreamDecoder(ctx: DecodeContext & { clientWantsUsage: boolean }): StreamDecoder {
  const head: ChunkHead = { id: '', created: ctx.created, model: ctx.model };
  const tools = new ToolCallAccumulator();
  let responseId = '';
  let started = false;
  let content = '';
  let finishReason = '';
  let usage: Usage | null = null;
  let err: UpstreamErrorInfo | null = null;
  const end = new StreamEnd(() => (ctx.clientWantsUsage && usage && !err ? usageChunk(head, usage) : ''));

  function onError(doc: JsonObject): string {
    const e = readGoogleError(doc);
    err = { status: e?.code ?? 500, message: e?.message || 'gemini stream error', providerCode: e?.status ?? '' };
    return errorEvent(err);
  }

  function handle(doc: JsonObject): string {
    if (doc.error !== undefined) return onError(doc);
    if (!started) {
      responseId = asString(doc.responseId) ?? String(ctx.created);
      head.id = `chatcmpl-${responseId}`;
      head.model = asString(doc.modelVersion) ?? ctx.model;
    }
    usage = readUsage(doc.usageMetadata) ?? usage;
    const view = readCandidate(doc);
    const delta: JsonObject = started ? {} : { role: 'assistant' };
    started = true;
    if (view.text !== '') {
      delta.content = view.text;
      content += view.text;
    }
    if (view.calls.length > 0) {
      delta.tool_calls = view.calls.map((c) => {
        const index = tools.size;
        const id = toolCallId(responseId, index);
        tools.add(index, id, c.name, c.arguments);
        return { index, id, type: 'function', function: { name: c.name, arguments: c.arguments }, ...signatureField(c.signature) };
      });
    }
    const reason = view.blocked ? 'content_filter' : mapFinishReason(view.finishReason, tools.size > 0);
    if (reason) finishReason = reason;
    if (Object.keys(delta).length === 0 && !reason) return '';
    return chunk(head, delta, reason || null);
  }

  return streamDecoder(
    end,
    (ev: SseEvent): string => {
      const parsed = tryParse(ev.data);
      const doc = asObject(Array.isArray(parsed) ? parsed[0] : parsed);
      return doc ? handle(doc) : '';
    },
    (): ResponseSummary => ({ id: head.id, model: head.model, content, toolCalls: tools.list(), finishReason, usage }),
    (): UpstreamErrorInfo | null => err,
  );
}
