/** Bedrock Converse response to an OpenAI `chat.completion`. */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { GatewayError } from '../../errors.js';
import { completion, makeUsage } from '../shared/chunks.js';
import { asArray, asNumber, asObject, asString, tryParse } from '../shared/json.js';
import { mapStopReason } from '../shared/stop-reasons.js';
import type { DecodeContext, ResponseSummary, Usage } from '../types.js';


/** Converse usage: prompt tokens include cache reads and writes, as OpenAI counts them. */
export function readUsage(v: unknown): Usage | null {
  const u = asObject(v);
  const input = asNumber(u?.inputTokens);
  if (!u || input === undefined) return null;
  const prompt = input + (asNumber(u.cacheReadInputTokens) ?? 0) + (asNumber(u.cacheWriteInputTokens) ?? 0);
  return makeUsage(prompt, asNumber(u.outputTokens) ?? 0, undefined, asNumber(u.cacheReadInputTokens) ?? 0, asNumber(u.cacheWriteInputTokens) ?? 0);
}

/** Converse gives no response id: the gateway's trace id stands in. */
export function responseId(ctx: DecodeContext): string {
  return `chatcmpl-${ctx.id ?? `bedrock-${ctx.created}`}`;
}

export function decodeResponse(text: string, ctx: DecodeContext): { json: string; summary: ResponseSummary } {
  const doc = asObject(tryParse(text));
  if (!doc) throw new GatewayError('provider_bad_response', 'bedrock returned a body that is not a JSON object');
  let content = '';
  const toolCalls: ToolCallRecord[] = [];
  for (const raw of asArray(asObject(asObject(doc.output)?.message)?.content)) {
    const b = asObject(raw);
    const use = asObject(b?.toolUse);
    if (typeof b?.text === 'string') content += b.text;
    else if (use) {
      toolCalls.push({
        id: asString(use.toolUseId) ?? '',
        type: 'function',
        function: { name: asString(use.name) ?? '', arguments: JSON.stringify(use.input ?? {}) },
      });
    }
  }
  const finishReason = mapStopReason(asString(doc.stopReason)) || 'stop';
  return completion({ id: responseId(ctx), model: ctx.model, content, toolCalls, finishReason, usage: readUsage(doc.usage) }, ctx.created);
}
