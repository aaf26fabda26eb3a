/**
 * OpenAI messages to Anthropic `system` + `messages`: every system/developer message
 * is kept (joined), assistant tool calls become tool_use blocks, and consecutive
 * tool results are merged into one user message of tool_result blocks.
 */
import { messageText, neutralParts, parseArguments, type NeutralPart } from '../shared/content.js';
import type { JsonObject } from '../shared/json.js';
import type { ChatMessage } from '../types.js';

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | JsonObject[];
}

function block(p: NeutralPart): JsonObject {
  switch (p.kind) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'image-data':
      return { type: 'image', source: { type: 'base64', media_type: p.mimeType, data: p.data } };
    case 'image-url':
      return { type: 'image', source: { type: 'url', url: p.url } };
  }
}

function userContent(m: ChatMessage, i: number): string | JsonObject[] {
  if (typeof m.content === 'string') return m.content;
  return neutralParts(m.content, i).map(block);
}

function assistantContent(m: ChatMessage, i: number): string | JsonObject[] {
  const calls = m.tool_calls ?? [];
  if (calls.length === 0) return userContent(m, i);
  const blocks: JsonObject[] = neutralParts(m.content, i)
    .filter((p) => p.kind !== 'text' || p.text !== '')
    .map(block);
  calls.forEach((tc, j) => {
    blocks.push({
      type: 'tool_use',
      id: tc.id,
      name: tc.function.name,
      input: parseArguments(tc.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`),
    });
  });
  return blocks;
}

function toolResult(m: ChatMessage, i: number): JsonObject {
  const content = typeof m.content === 'string' ? m.content : neutralParts(m.content, i).map(block);
  return { type: 'tool_result', tool_use_id: m.tool_call_id ?? '', content };
}

export function convertMessages(messages: readonly ChatMessage[]): { system: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  let toolBlocks: JsonObject[] | null = null;
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      const b = toolResult(m, i);
      if (toolBlocks) toolBlocks.push(b);
      else {
        toolBlocks = [b];
        out.push({ role: 'user', content: toolBlocks });
      }
      return;
    }
    toolBlocks = null;
    if (m.role === 'system' || m.role === 'developer') {
      const t = messageText(m.content);
      if (t !== '') system.push(t);
    } else if (m.role === 'assistant') {
      out.push({ role: 'assistant', content: assistantContent(m, i) });
    } else {
      out.push({ role: 'user', content: userContent(m, i) });
    }
  });
  if (out.length === 0) out.push({ role: 'user', content: [{ type: 'text', text: '' }] });
  return { system: system.join('\n\n'), messages: out };
}
