/** Reading one GenerateContentResponse (a whole response or one stream event). */
import { makeUsage } from '../shared/chunks.js';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../shared/json.js';
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import type { Usage } from '../types.js';

export interface CandidateView {
  text: string;
  /** Function calls; `signature` is the part's thoughtSignature (thinking models), to be echoed back. */
  calls: { name: string; arguments: string; signature?: string }[];
  /** Gemini's finishReason as sent ('' when absent). */
  finishReason: string;
  /** True when the prompt itself was blocked (no candidates). */
  blocked: boolean;
}

export function readCandidate(doc: JsonObject): CandidateView {
  const cand = asObject(asArray(doc.candidates)[0]);
  let text = '';
  const calls: CandidateView['calls'] = [];
  for (const raw of asArray(asObject(cand?.content)?.parts)) {
    const p = asObject(raw);
    if (!p || p.thought === true) continue;
    const t = asString(p.text);
    if (t !== undefined) text += t;
    const fc = asObject(p.functionCall);
    const signature = asString(p.thoughtSignature);
    if (fc) calls.push({ name: asString(fc.name) ?? '', arguments: JSON.stringify(fc.args ?? {}), ...(signature ? { signature } : {}) });
  }
  const blocked = !cand && asString(asObject(doc.promptFeedback)?.blockReason) !== undefined;
  return { text, calls, finishReason: asString(cand?.finishReason) ?? '', blocked };
}

/** Gemini finishReason to OpenAI finish_reason; tool calls win over STOP. */
export function mapFinishReason(reason: string, hasToolCalls: boolean): string {
  if (reason === '') return '';
  if (reason === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** usageMetadata to OpenAI usage; thinking tokens count as completion tokens. */
export function readUsage(v: unknown): Usage | null {
  const u = asObject(v);
  if (!u) return null;
  const prompt = asNumber(u.promptTokenCount) ?? 0;
  const completion = (asNumber(u.candidatesTokenCount) ?? 0) + (asNumber(u.thoughtsTokenCount) ?? 0);
  return makeUsage(prompt, completion, asNumber(u.totalTokenCount), asNumber(u.cachedContentTokenCount) ?? 0);
}

/** The OpenAI-side carrier of a call's thought signature (none when the part had none). */
export function signatureField(signature: string | undefined): Pick<ToolCallRecord, 'extra_content'> {
  return signature ? { extra_content: { google: { thought_signature: signature } } } : {};
}

/** Gemini sends no tool-call ids; ours are stable per response. */
export function toolCallId(responseId: string, n: number): string {
  return `call_${responseId}_${n}`;
}
