/** Anthropic Messages response to an OpenAI `chat.completion`. */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { GatewayError } from '../../errors.js';
import { completion, makeUsage } from '../shared/chunks.js';
import { asArray, asNumber, asObject, asString, tryParse } from '../shared/json.js';
import { mapStopReason } from '../shared/stop-reasons.js';
import type { DecodeContext, ResponseSummary, Usage } from '../types.js';


/** Prompt tokens as OpenAI counts them: uncached + cache writes + cache reads. */
export function promptTokens(u: Record<string, unknown> | undefined): number | undefined {
  const input = asNumber(u?.input_tokens);
  if (input === undefined) return undefined;
  return input + (asNumber(u?.cache_creation_input_tokens) ?? 0) + (asNumber(u?.cache_read_input_tokens) ?? 0);
}

function readUsage(v: unknown): Usage | null {
  const u = asObject(v);
  if (!u) return null;
  return makeUsage(promptTokens(u) ?? 0, asNumber(u.output_tokens) ?? 0, undefined, asNumber(u.cache_read_input_tokens) ?? 0, asNumber(u.cache_creation_input_tokens) ?? 0);
}

export function decodeResponse(text: string, ctx: DecodeContext): { json: string; summary: ResponseSummary } {
  const doc = asObject(tryParse(text));
  if (!doc) throw new GatewayError('provider_bad_response', 'anthropic returned a body that is not a JSON object');
  let content = '';
  const toolCalls: ToolCallRecord[] = [];
  for (const raw of asArray(doc.content)) {
    const b = asObject(raw);
    if (b?.type === 'text') content += asString(b.text) ?? '';
    else if (b?.type === 'tool_use') {
      toolCalls.push({
        id: asString(b.id) ?? '',
        type: 'function',
        function: { name: asString(b.name) ?? '', arguments: JSON.stringify(b.input ?? {}) },
      });
    }
  }
  const finishReason = mapStopReason(asString(doc.stop_reason)) || 'stop';
  const usage = readUsage(doc.usage);
  const id = asString(doc.id) ?? '';
  const model = asString(doc.model) ?? ctx.model;
  return completion({ id, model, content, toolCalls, finishReason, usage }, ctx.created);
}
