/** OpenAI-format response: returned byte for byte; parsed once for the summary. */
import { GatewayError } from '../../errors.js';
import { asArray, asObject, asString, asNumber, tryParse } from '../shared/json.js';
import { readToolCalls } from '../shared/tool-calls.js';
import type { DecodeContext, ResponseSummary, Usage } from '../types.js';

export function readUsage(v: unknown): Usage | null {
  const u = asObject(v);
  if (!u) return null;
  const prompt = asNumber(u.prompt_tokens) ?? 0;
  const completion = asNumber(u.completion_tokens) ?? 0;
  const out: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: asNumber(u.total_tokens) ?? prompt + completion };
  // Cache reads: OpenAI's prompt_tokens_details.cached_tokens (also Gemini's and Groq's OpenAI-compatible
  // endpoints), DeepSeek's prompt_cache_hit_tokens.
  const cached = asNumber(asObject(u.prompt_tokens_details)?.cached_tokens) ?? asNumber(u.prompt_cache_hit_tokens) ?? 0;
  if (cached > 0) out.prompt_tokens_details = { cached_tokens: cached };
  return out;
}

export function decodeResponse(text: string, ctx: DecodeContext): { json: string; summary: ResponseSummary } {
  const doc = asObject(tryParse(text));
  if (!doc) throw new GatewayError('provider_bad_response', 'upstream returned a body that is not a JSON object');
  const choice = asObject(asArray(doc.choices)[0]);
  const message = asObject(choice?.message);
  const content = message?.content;
  return {
    json: text,
    summary: {
      id: asString(doc.id) ?? '',
      model: asString(doc.model) ?? ctx.model,
      content: typeof content === 'string' ? content : '',
      toolCalls: readToolCalls(message?.tool_calls),
      finishReason: asString(choice?.finish_reason) ?? '',
      usage: readUsage(doc.usage),
    },
  };
}
