/**
 * OpenAI messages to Gemini `systemInstruction` + `contents`. Roles become user/model;
 * tool results become functionResponse parts (consecutive ones share one user turn),
 * named from the earlier assistant tool call with the same id.
 */
import { mimeFromUrl, neutralParts, parseArguments, type NeutralPart } from '../shared/content.js';
import { isObject, tryParse, type JsonObject } from '../shared/json.js';
import type { ChatMessage } from '../types.js';

export interface GeminiContent {
  role: 'user' | 'model';
  parts: JsonObject[];
}

function part(p: NeutralPart): JsonObject {
  switch (p.kind) {
    case 'text':
      return { text: p.text };
    case 'image-data':
      return { inlineData: { mimeType: p.mimeType, data: p.data } };
    case 'image-url':
      return { fileData: { mimeType: mimeFromUrl(p.url), fileUri: p.url } };
  }
}

/** A tool result as the `response` object Gemini expects (a JSON object stays one). */
function responseObject(m: ChatMessage, i: number): JsonObject {
  const text = neutralParts(m.content, i)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('');
  const parsed = tryParse(text);
  return isObject(parsed) ? parsed : { output: text };
}

export function convertContents(messages: readonly ChatMessage[]): { system: JsonObject[]; contents: GeminiContent[] } {
  const system: JsonObject[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  let toolTurn: GeminiContent | null = null;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!m) continue;
    if (m.role === 'tool') {
      const name = toolNames.get(m.tool_call_id ?? '') ?? m.name ?? '';
      const p = { functionResponse: { name, response: responseObject(m, i) } };
      if (toolTurn) toolTurn.parts.push(p);
      else {
        toolTurn = { role: 'user', parts: [p] };
        contents.push(toolTurn);
      }
      continue;
    }
    toolTurn = null;
    const parts = neutralParts(m.content, i).map(part);
    if (m.role === 'system' || m.role === 'developer') {
      system.push(...parts);
    } else if (m.role === 'assistant') {
      const textParts = parts.filter((p) => p.text !== '');
      (m.tool_calls ?? []).forEach((tc, j) => {
        toolNames.set(tc.id, tc.function.name);
        const args = parseArguments(tc.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`);
        // Thinking models reject a function-call turn sent back without its thought signature.
        const signature = tc.extra_content?.google?.thought_signature;
        textParts.push({ functionCall: { name: tc.function.name, args }, ...(typeof signature === 'string' && signature !== '' ? { thoughtSignature: signature } : {}) });
      });
      contents.push({ role: 'model', parts: textParts.length > 0 ? textParts : [{ text: '' }] });
    } else {
      contents.push({ role: 'user', parts: parts.length > 0 ? parts : [{ text: '' }] });
    }
  }
  return { system, contents };
}
