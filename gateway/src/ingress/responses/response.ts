/**
 * Chat answers as OpenAI `response` objects. Pure. Item ids derive from the gateway's request
 * id, so a response, its items and its trace are found from one another.
 */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import type { ChatMessage, ResponseSummary, Usage } from '../../providers/types.js';
import type { ResponsesRequest } from './request.js';

export type Json = Record<string, unknown>;

export const responseId = (requestId: string): string => `resp_${requestId}`;
export const messageItemId = (requestId: string): string => `msg_${requestId}`;
export const callItemId = (requestId: string, i: number): string => `fc_${requestId}_${i}`;

export function messageItem(requestId: string, text: string, status: 'in_progress' | 'completed'): Json {
  return { id: messageItemId(requestId), type: 'message', status, role: 'assistant', content: status === 'completed' ? [outputTextPart(text)] : [] };
}

export const outputTextPart = (text: string): Json => ({ type: 'output_text', text, annotations: [], logprobs: [] });

export function callItem(requestId: string, i: number, tc: ToolCallRecord, status: 'in_progress' | 'completed'): Json {
  return { id: callItemId(requestId, i), type: 'function_call', status, call_id: tc.id || callItemId(requestId, i), name: tc.function.name, arguments: status === 'completed' ? tc.function.arguments : '' };
}

export function outputItems(requestId: string, s: ResponseSummary): Json[] {
  const out: Json[] = [];
  if (s.content !== '' || s.toolCalls.length === 0) out.push(messageItem(requestId, s.content, 'completed'));
  s.toolCalls.forEach((tc, i) => out.push(callItem(requestId, i, tc, 'completed')));
  return out;
}

export function usageObject(u: Usage | null): Json | null {
  if (!u) return null;
  return { input_tokens: u.prompt_tokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: u.completion_tokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: u.total_tokens };
}

/** The response object; `status` in_progress (stream start), completed, incomplete (length) or failed. */
export function responseObject(
  req: ResponsesRequest,
  a: { requestId: string; created: number; model: string; output: Json[]; usage: Usage | null; status: string; finishReason?: string; error?: Json | null },
): Json {
  const e = req.echo;
  const incomplete = a.status === 'incomplete' ? { reason: a.finishReason === 'content_filter' ? 'content_filter' : 'max_output_tokens' } : null;
  return {
    id: responseId(a.requestId),
    object: 'response',
    created_at: a.created,
    status: a.status,
    error: a.error ?? null,
    incomplete_details: incomplete,
    instructions: e.instructions,
    max_output_tokens: e.max_output_tokens,
    model: a.model,
    output: a.output,
    parallel_tool_calls: e.parallel_tool_calls,
    previous_response_id: e.previous_response_id,
    reasoning: { effort: null, summary: null },
    store: e.store,
    temperature: e.temperature,
    text: e.text,
    tool_choice: e.tool_choice,
    tools: e.tools,
    top_p: e.top_p,
    truncation: 'disabled',
    usage: usageObject(a.usage),
    user: e.user,
    metadata: e.metadata,
  };
}

/** completed, or incomplete when the answer was cut (length, content filter). */
export function finalStatus(finishReason: string): string {
  return finishReason === 'length' || finishReason === 'content_filter' ? 'incomplete' : 'completed';
}

/** The assistant turn the answer adds to the stored conversation. */
export function assistantTurn(s: ResponseSummary): { role: 'assistant'; content: string | null; tool_calls?: ToolCallRecord[] } {
  return s.toolCalls.length ? { role: 'assistant', content: s.content === '' ? null : s.content, tool_calls: s.toolCalls } : { role: 'assistant', content: s.content };
}

/**
 * A stored conversation (chat messages, the response's own output excluded) as Responses input
 * items, for GET /v1/responses/{id}/input_items. Item ids derive from the response id and position.
 */
export function inputItemsOf(history: readonly ChatMessage[], responseId: string): Json[] {
  const out: Json[] = [];
  history.forEach((m, i) => {
    const id = `item_${responseId.slice(5)}_${i}`;
    if (m.role === 'tool') {
      out.push({ id, type: 'function_call_output', call_id: m.tool_call_id ?? '', output: typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '') });
      return;
    }
    const assistant = m.role === 'assistant';
    const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? m.content : [];
    const content = parts.flatMap((p): Json[] => {
      if (p.type === 'text') return [assistant ? outputTextPart(String(p.text)) : { type: 'input_text', text: String(p.text) }];
      if (p.type === 'image_url') return [{ type: 'input_image', image_url: (p.image_url as { url?: string } | undefined)?.url ?? '', detail: (p.image_url as { detail?: string } | undefined)?.detail ?? 'auto' }];
      return [];
    });
    if (content.length > 0 && !(assistant && content.every((c) => c.text === '') && m.tool_calls?.length)) out.push({ id, type: 'message', role: m.role, status: 'completed', content });
    (m.tool_calls ?? []).forEach((tc, j) => out.push({ id: `${id}_${j}`, type: 'function_call', status: 'completed', call_id: tc.id, name: tc.function.name, arguments: tc.function.arguments }));
  });
  return out;
}
