/**
 * OpenAI-format stream relay: every data event is forwarded unchanged, except the
 * usage-only chunk the gateway asked for when the client did not. Collects content,
 * tool-call deltas (by index), the last finish_reason and usage for the summary.
 */
import { sse } from '../shared/chunks.js';
import { StreamEnd, streamDecoder } from '../shared/stream-end.js';
import { asArray, asObject, asString, tryParse } from '../shared/json.js';
import { ToolCallAccumulator } from '../shared/tool-calls.js';
import type { DecodeContext, ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo, Usage } from '../types.js';
import { readOpenAIError } from './errors.js';
import { readUsage } from './response.js';

/** HTTP-like status for an error sent inside a stream (no HTTP status is left by then). */
export function streamErrorStatus(code: string): number {
  const n = Number(code);
  if (Number.isInteger(n) && n >= 400 && n <= 599) return n;
  if (/rate|quota/i.test(code)) return 429;
  if (/auth|key/i.test(code)) return 401;
  if (/invalid|bad_request/i.test(code)) return 400;
  if (/overload|unavailable/i.test(code)) return 503;
  return 500;
}

export function createStreamDecoder(ctx: DecodeContext & { clientWantsUsage: boolean }): StreamDecoder {
  let id = '';
  let model = '';
  let content = '';
  let finishReason = '';
  let usage: Usage | null = null;
  let err: UpstreamErrorInfo | null = null;
  const end = new StreamEnd();
  const tools = new ToolCallAccumulator();

  function observe(doc: Record<string, unknown>): boolean {
    if (doc.error !== undefined && doc.error !== null) {
      const e = readOpenAIError(doc);
      const code = e?.code ?? '';
      err = { status: streamErrorStatus(code), message: e?.message || 'upstream stream error', providerCode: code };
      return true;
    }
    id ||= asString(doc.id) ?? '';
    model ||= asString(doc.model) ?? '';
    const u = readUsage(doc.usage);
    if (u) usage = u;
    const choices = asArray(doc.choices);
    for (const raw of choices) {
      const choice = asObject(raw);
      const delta = asObject(choice?.delta);
      const text = asString(delta?.content);
      if (text) content += text;
      tools.addOpenAIDeltas(delta?.tool_calls);
      const fr = asString(choice?.finish_reason);
      if (fr) finishReason = fr;
    }
    // A usage-only chunk the client did not ask for is dropped.
    return !(choices.length === 0 && u !== null && !ctx.clientWantsUsage);
  }

  return streamDecoder(
    end,
    (ev: SseEvent): string => {
      if (ev.data.trim() === '[DONE]') return end.close();
      const doc = asObject(tryParse(ev.data));
      if (doc && !observe(doc)) return '';
      return sse(ev.data);
    },
    (): ResponseSummary => ({ id, model: model || ctx.model, content, toolCalls: tools.list(), finishReason, usage }),
    (): UpstreamErrorInfo | null => err,
  );
}
