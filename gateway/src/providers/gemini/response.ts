/** Gemini GenerateContentResponse to an OpenAI `chat.completion`. */
import type { ToolCallRecord } from '../../contract/trace.js';
import { GatewayError } from '../../errors.js';
import { asObject, asString, tryParse } from '../shared/json.js';
import type { DecodeContext, ResponseSummary } from '../types.js';
import { mapFinishReason, readCandidate, readUsage, toolCallId } from './candidate.js';

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
  }));
  const finishReason = view.blocked ? 'content_filter' : mapFinishReason(view.finishReason || 'STOP', toolCalls.length > 0);
  const usage = readUsage(doc.usageMetadata);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: view.text === '' && toolCalls.length > 0 ? null : view.text,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const out = {
    id,
    object: 'chat.completion',
    created: ctx.created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
  return { json: JSON.stringify(out), summary: { id, model, content: view.text, toolCalls, finishReason, usage } };
}
