/**
 * An Anthropic Messages request (`POST /v1/messages`) as an OpenAI chat body. Pure.
 * The reverse of providers/anthropic/messages.ts: `system` becomes a system message, text and
 * base64/url image blocks become content parts, assistant `tool_use` blocks become tool_calls,
 * and each `tool_result` block becomes a `tool` message (in order, before the user's other blocks).
 * Fields the chat pipeline has no use for (top_k, thinking, cache_control...) are dropped.
 */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { GatewayError } from '../../errors.js';
import { validateChatBody } from '../../chat/validate.js';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../../providers/shared/json.js';
import type { ChatBody, ChatMessage, ContentPart } from '../../providers/types.js';
import { parseJsonBody } from '../../server/json-parse.js';

const fail = (message: string, param: string | null = null): never => {
  throw new GatewayError('caller_invalid_request', message, { param });
};

/** Image media types the Messages API documents for base64 sources. */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** One text or image block as an OpenAI content part. */
function part(b: JsonObject, at: string): ContentPart {
  if (b.type === 'text') {
    const text = asString(b.text);
    if (text === undefined) fail(`${at}.text must be a string`, `${at}.text`);
    return { type: 'text', text: text as string };
  }
  if (b.type === 'image') {
    const src = asObject(b.source);
    if (src?.type === 'base64') {
      const mt = asString(src.media_type) ?? '';
      const data = asString(src.data);
      if (!IMAGE_TYPES.has(mt)) fail(`${at}.source.media_type must be one of ${[...IMAGE_TYPES].join(', ')}`, `${at}.source.media_type`);
      if (!data || !/^[A-Za-z0-9+/=\r\n]+$/.test(data)) fail(`${at}.source.data must be base64`, `${at}.source.data`);
      return { type: 'image_url', image_url: { url: `data:${mt};base64,${data as string}` } };
    }
    if (src?.type === 'url' && typeof src.url === 'string' && /^https?:\/\//i.test(src.url)) return { type: 'image_url', image_url: { url: src.url } };
    fail(`${at}.source must be a base64 or url image source`, `${at}.source`);
  }
  return fail(`${at}: content block type "${String(b.type)}" is not supported here`, `${at}.type`);
}

/** String content, or one text part, stays a string (what every adapter handles best). */
function simplify(parts: ContentPart[]): string | ContentPart[] {
  if (parts.every((p) => p.type === 'text')) return parts.map((p) => (p as { text: string }).text).join('');
  return parts;
}

function toolResultContent(c: unknown, at: string): string {
  if (typeof c === 'string') return c;
  if (c === undefined || c === null) return '';
  const texts: string[] = [];
  asArray(c).forEach((raw, k) => {
    const b = asObject(raw);
    if (b?.type === 'text') texts.push(asString(b.text) ?? '');
    else fail(`${at}.content[${k}]: only text blocks are supported in tool results`, `${at}.content[${k}]`);
  });
  return texts.join('\n');
}

function convertMessage(m: unknown, i: number, out: ChatMessage[]): void {
  const at = `messages[${i}]`;
  const msg = asObject(m);
  if (!msg) return fail(`${at} must be an object`, at);
  const role = msg.role;
  if (role !== 'user' && role !== 'assistant') return fail(`${at}.role must be "user" or "assistant"`, `${at}.role`);
  if (typeof msg.content === 'string') {
    out.push({ role, content: msg.content });
    return;
  }
  if (!Array.isArray(msg.content)) return fail(`${at}.content must be a string or an array of content blocks`, `${at}.content`);
  const parts: ContentPart[] = [];
  const calls: ToolCallRecord[] = [];
  msg.content.forEach((raw, j) => {
    const bat = `${at}.content[${j}]`;
    const b = asObject(raw);
    if (!b || typeof b.type !== 'string') return fail(`${bat} must be an object with a 'type'`, bat);
    if (b.type === 'tool_use' && role === 'assistant') {
      const id = asString(b.id);
      const name = asString(b.name);
      if (!id || !name) return fail(`${bat}: tool_use needs an id and a name`, bat);
      calls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(b.input ?? {}) } });
    } else if (b.type === 'tool_result' && role === 'user') {
      const id = asString(b.tool_use_id);
      if (!id) return fail(`${bat}.tool_use_id must be a string`, `${bat}.tool_use_id`);
      const text = toolResultContent(b.content, bat);
      out.push({ role: 'tool', tool_call_id: id, content: b.is_error === true ? `Error: ${text}` : text });
    } else if (b.type === 'thinking' || b.type === 'redacted_thinking') {
      // Reasoning from an earlier turn: no chat equivalent upstream.
    } else parts.push(part(b, bat));
  });
  if (role === 'assistant') {
    const content = parts.length === 0 ? (calls.length ? null : '') : simplify(parts);
    out.push(calls.length ? { role, content, tool_calls: calls } : { role, content });
  } else if (parts.length > 0) out.push({ role, content: simplify(parts) });
}

function systemText(system: unknown): string {
  if (system === undefined || system === null) return '';
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return fail("'system' must be a string or an array of text blocks", 'system');
  return system
    .map((raw, i) => {
      const b = asObject(raw);
      if (b?.type !== 'text' || typeof b.text !== 'string') fail(`system[${i}] must be a text block`, `system[${i}]`);
      return b!.text as string;
    })
    .join('\n\n');
}

function convertTools(tools: unknown): unknown[] | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return fail("'tools' must be an array", 'tools');
  return tools.map((raw, i) => {
    const t = asObject(raw);
    const name = asString(t?.name);
    if (!t || !name) return fail(`tools[${i}].name must be a non-empty string`, `tools[${i}].name`);
    // Server tools (web_search, bash...) have a `type` and no input_schema: nothing upstream can run them.
    if (t.input_schema === undefined && t.type !== undefined && t.type !== 'custom') fail(`tools[${i}]: tool type "${String(t.type)}" is not supported`, `tools[${i}].type`);
    const fn: JsonObject = { name, parameters: asObject(t.input_schema) ?? { type: 'object', properties: {} } };
    if (typeof t.description === 'string') fn.description = t.description;
    return { type: 'function', function: fn };
  });
}

function convertToolChoice(choice: unknown, body: JsonObject): void {
  const c = asObject(choice);
  if (choice === undefined) return;
  if (!c) return fail("'tool_choice' must be an object", 'tool_choice');
  if (c.type === 'auto') body.tool_choice = 'auto';
  else if (c.type === 'any') body.tool_choice = 'required';
  else if (c.type === 'none') body.tool_choice = 'none';
  else if (c.type === 'tool' && typeof c.name === 'string') body.tool_choice = { type: 'function', function: { name: c.name } };
  else fail("'tool_choice.type' must be auto, any, tool (with a name) or none", 'tool_choice');
  if (c.disable_parallel_tool_use === true) body.parallel_tool_calls = false;
}

/** The gateway's own request fields, accepted on this route too. */
const GATEWAY_FIELDS = ['fallbacks', 'cost_weight', 'quality_cost_tradeoff', 'available_models'] as const;

export function anthropicToChat(parsed: unknown): ChatBody {
  const a = asObject(parsed);
  if (!a) return fail('request body must be a JSON object');
  if (!Array.isArray(a.messages) || a.messages.length === 0) fail("'messages' is required and must be a non-empty array", 'messages');
  const maxTokens = a.max_tokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) fail("'max_tokens' must be a positive integer", 'max_tokens');
  const messages: ChatMessage[] = [];
  const system = systemText(a.system);
  if (system !== '') messages.push({ role: 'system', content: system });
  (a.messages as unknown[]).forEach((m, i) => convertMessage(m, i, messages));
  const body: JsonObject = { model: a.model ?? 'auto', messages };
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  for (const k of ['temperature', 'top_p'] as const) if (a[k] !== undefined) body[k] = asNumber(a[k]) ?? fail(`'${k}' must be a number`, k);
  if (a.stop_sequences !== undefined) body.stop = a.stop_sequences;
  if (a.stream !== undefined) body.stream = a.stream;
  const tools = convertTools(a.tools);
  if (tools && tools.length > 0) {
    body.tools = tools;
    convertToolChoice(a.tool_choice, body);
  }
  const userId = asString(asObject(a.metadata)?.user_id);
  if (userId !== undefined) body.user = userId;
  for (const k of GATEWAY_FIELDS) if (a[k] !== undefined) body[k] = a[k];
  return validateChatBody(body).body;
}

export function parseAnthropicBody(raw: Buffer): ChatBody {
  if (raw.length === 0) fail('request body is empty; expected a JSON object');
  return anthropicToChat(parseJsonBody(raw));
}
