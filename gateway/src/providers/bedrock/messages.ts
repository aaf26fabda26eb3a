/**
 * OpenAI messages to Bedrock Converse `system` + `messages`. Converse wants turns that alternate
 * user/assistant: consecutive messages of one role are merged into one turn (tool results included:
 * they are user content blocks). It refuses blank text blocks ("The text field in the ContentBlock
 * object is blank", whitespace included): they are dropped, a message left with nothing is skipped,
 * and an empty tool result says `(empty)`. Images travel as bytes (base64 in the JSON API); Converse
 * cannot fetch http(s) URLs, so those are refused with a clear error.
 */
import { messageText, neutralParts, parseArguments, unsupported, type NeutralPart } from '../shared/content.js';
import type { JsonObject } from '../shared/json.js';
import type { ChatMessage } from '../types.js';

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: JsonObject[];
}

const IMAGE_FORMATS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

function block(p: NeutralPart, param: string): JsonObject {
  switch (p.kind) {
    case 'text':
      return { text: p.text };
    case 'image-data': {
      const format = IMAGE_FORMATS[p.mimeType.toLowerCase()];
      if (!format) throw unsupported(`image type ${p.mimeType} (Bedrock takes png, jpeg, gif, webp)`, param);
      return { image: { format, source: { bytes: p.data } } };
    }
    case 'image-url':
      throw unsupported('image URLs (Bedrock Converse takes inline images only: send a data: URL)', param);
  }
}

const EMPTY = '(empty)';
const isBlank = (text: string): boolean => text.trim() === '';

function blocks(m: ChatMessage, i: number): JsonObject[] {
  if (typeof m.content === 'string') return isBlank(m.content) ? [] : [{ text: m.content }];
  const out: JsonObject[] = [];
  neutralParts(m.content, i).forEach((p, j) => {
    if (p.kind !== 'text' || !isBlank(p.text)) out.push(block(p, `messages[${i}].content[${j}]`));
  });
  return out;
}

function assistantBlocks(m: ChatMessage, i: number): JsonObject[] {
  const out = blocks(m, i);
  (m.tool_calls ?? []).forEach((tc, j) => {
    out.push({
      toolUse: {
        toolUseId: tc.id,
        name: tc.function.name,
        input: parseArguments(tc.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`),
      },
    });
  });
  return out;
}

function toolResult(m: ChatMessage, i: number): JsonObject {
  const content = blocks(m, i);
  return { toolResult: { toolUseId: m.tool_call_id ?? '', content: content.length > 0 ? content : [{ text: EMPTY }] } };
}

export function convertMessages(messages: readonly ChatMessage[]): { system: JsonObject[]; messages: ConverseMessage[] } {
  const system: JsonObject[] = [];
  const out: ConverseMessage[] = [];
  const append = (role: ConverseMessage['role'], content: JsonObject[]): void => {
    if (content.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'developer') {
      const t = messageText(m.content);
      if (!isBlank(t)) system.push({ text: t });
    } else if (m.role === 'tool') append('user', [toolResult(m, i)]);
    else if (m.role === 'assistant') append('assistant', assistantBlocks(m, i));
    else append('user', blocks(m, i));
  });
  // Converse starts with a user turn (dropped blank messages may have left an assistant one first).
  if (out[0]?.role !== 'user') out.unshift({ role: 'user', content: [{ text: EMPTY }] });
  return { system, messages: out };
}
