/** Gemini GenerateContentResponse to an OpenAI `chat.completion`. */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { GatewayError } from '../../errors.js';
import { completion } from '../shared/chunks.js';
import { asObject, asString, tryParse } from '../shared/json.js';
import type { DecodeContext, ResponseSummary } from '../types.js';
import { mapFinishReason, readCandidate, readUsage, signatureField, toolCallId } from './candidate.js';

export function decodeResponse(text: string, ctx: DecodeContext): { json: string; summary: ResponseSummary } {
  const doc = asObject(tryParse(text));
  if (!doc) throw new GatewayError('provider_bad_response', 'gemini returned a body that is not a JSON object');
  const view = readCandidate(doc);
  const responseId = asString(doc.responseId) ?? String(ctx.created);
  const id = `chatcmpl-${responseId}`;
  const model = asString(doc.modelVersion) ?? ctx.model;
  const toolCalls: ToolCallRecord[] = view.calls.map((c, n) => ({
    id: toolCallId(responseId, n),
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
    ...signatureField(c.signature),
  }));
  const finishReason = view.blocked ? 'content_filter' : mapFinishReason(view.finishReason || 'STOP', toolCalls.length > 0);
  const usage = readUsage(doc.usageMetadata);
  return completion({ id, model, content: view.text, toolCalls, finishReason, usage }, ctx.created);
}
