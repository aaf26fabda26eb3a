/**
 * The part the ingress stream encoders (Anthropic Messages, Responses) share: the decoder's
 * OpenAI chunk SSE split into data payloads, each chunk's choices walked (text deltas, tool-call
 * deltas, finish reason), `[DONE]` and the stream's end handed to the dialect's `end`. The
 * dialect owns its state and events; this owns the walk and the StreamDecoder around it.
 */
import { asArray, asObject, asString, tryParse, type JsonObject } from '../providers/shared/json.js';
import type { ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo } from '../providers/types.js';

export interface ChunkEncoder {
  /** True once nothing more is to be written (after the end or an error). */
  finished(): boolean;
  /** An error chunk (its `error` object); the encoder marks itself finished. */
  error(e: JsonObject | undefined): string;
  /** Called before each chunk's choices (the first call opens the stream). */
  start(doc: JsonObject): string;
  text(t: string): string;
  toolDelta(tc: unknown): string;
  finishReason(fr: string): void;
  /** `[DONE]` or the end of the upstream stream; '' once finished. */
  end(): string;
}

/** Splits decoder output (`data: ...\n\n` events) into their data payloads. */
function payloads(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split('\n\n')) if (block.startsWith('data: ')) out.push(block.slice(6));
  return out;
}

function chunk(enc: ChunkEncoder, doc: JsonObject): string {
  if (doc.error !== undefined && doc.error !== null) return enc.error(asObject(doc.error));
  let out = enc.start(doc);
  for (const raw of asArray(doc.choices)) {
    const choice = asObject(raw);
    const delta = asObject(choice?.delta);
    const t = asString(delta?.content);
    if (t) out += enc.text(t);
    for (const tc of asArray(delta?.tool_calls)) out += enc.toolDelta(tc);
    const fr = asString(choice?.finish_reason);
    if (fr) enc.finishReason(fr);
  }
  return out;
}

/** The inner decoder's output re-encoded by `enc`; summary and error pass through. */
export function encodeChunkStream(inner: StreamDecoder, enc: ChunkEncoder): StreamDecoder {
  function translate(text: string): string {
    let out = '';
    for (const data of payloads(text)) {
      if (enc.finished()) break;
      if (data.trim() === '[DONE]') out += enc.end();
      else {
        const doc = asObject(tryParse(data));
        if (doc) out += chunk(enc, doc);
      }
    }
    return out;
  }
  return {
    push: (ev: SseEvent): string => (enc.finished() ? '' : translate(inner.push(ev))),
    end: (): string => translate(inner.end()) + enc.end(),
    summary: (): ResponseSummary => inner.summary(),
    error: (): UpstreamErrorInfo | null => inner.error(),
  };
}
