/**
 * An OpenAI Responses request (`POST /v1/responses`) as a chat body. Pure: the stored history
 * of `previous_response_id` is passed in. `instructions` become the first system message (and,
 * as in OpenAI's API, are not carried to the next response); `input` is a string or a list of
 * items (messages with input_text / input_image / output_text parts, function_call and
 * function_call_output items); function tools and tool_choice map to their chat forms.
 */
import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { GatewayError } from '../../errors.js';
import { validateChatBody } from '../../chat/validate.js';
import { asObject, asString, type JsonObject } from '../../providers/shared/json.js';
import type { ChatBody, ChatMessage, ContentPart } from '../../providers/types.js';

const fail = (message: string, param: string | null = null): never => {
  throw new GatewayError('caller_invalid_request', message, { param });
};

/** The request as the response object echoes it, and the conversation to store. */
export interface ResponsesRequest {
  body: ChatBody;
  /** The conversation without the instructions (previous history + this input). */
  history: ChatMessage[];
  echo: {
    model: string;
    instructions: string | null;
    previous_response_id: string | null;
    tools: unknown[];
    tool_choice: unknown;
    parallel_tool_calls: boolean;
    temperature: number | null;
    top_p: number | null;
    max_output_tokens: number | null;
    metadata: Record<string, string>;
    store: boolean;
    user: string | null;
    text: unknown;
  };
}

const ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system', 'developer']);

function part(p: unknown, at: string): ContentPart {
  const o = asObject(p);
  if (!o) return fail(`${at} must be an object`, at);
  if (o.type === 'input_text' || o.type === 'output_text' || o.type === 'text') {
    if (typeof o.text !== 'string') fail(`${at}.text must be a string`, `${at}.text`);
    return { type: 'text', text: o.text as string };
  }
  if (o.type === 'refusal') return { type: 'text', text: asString(o.refusal) ?? '' };
  if (o.type === 'input_image') {
    const url = asString(o.image_url);
    if (!url) return fail(`${at}.image_url must be a data: or http(s) URL (file_id is not supported)`, `${at}.image_url`);
    return { type: 'image_url', image_url: typeof o.detail === 'string' ? { url, detail: o.detail } : { url } };
  }
  return fail(`${at}: content type "${String(o.type)}" is not supported`, `${at}.type`);
}

function content(c: unknown, at: string): string | ContentPart[] {
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return fail(`${at} must be a string or an array of content parts`, at);
  const parts = c.map((p, j) => part(p, `${at}[${j}]`));
  return parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('') : parts;
}

function outputText(o: unknown): string {
  if (typeof o === 'string') return o;
  if (Array.isArray(o)) return o.map((p) => asString(asObject(p)?.text) ?? '').join('');
  return JSON.stringify(o ?? '');
}

/** Input items to chat messages; consecutive function_call items form one assistant turn. */
export function inputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return fail("'input' must be a string or an array of input items", 'input');
  const out: ChatMessage[] = [];
  input.forEach((raw, i) => {
    const at = `input[${i}]`;
    const it = asObject(raw);
    if (!it) return fail(`${at} must be an object`, at);
    const type = it.type ?? 'message';
    if (type === 'message') {
      const role = asString(it.role) ?? '';
      if (!ROLES.has(role)) return fail(`${at}.role must be user, assistant, system or developer`, `${at}.role`);
      out.push({ role, content: content(it.content, `${at}.content`) });
    } else if (type === 'function_call') {
      const callId = asString(it.call_id);
      const name = asString(it.name);
      if (!callId || !name) return fail(`${at}: a function_call needs call_id and name`, at);
      const call: ToolCallRecord = { id: callId, type: 'function', function: { name, arguments: asString(it.arguments) ?? '{}' } };
      const last = out[out.length - 1];
      if (last?.role === 'assistant') {
        last.tool_calls = [...(last.tool_calls ?? []), call];
        if (last.content === '') last.content = null;
      } else out.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (type === 'function_call_output') {
      const callId = asString(it.call_id);
      if (!callId) return fail(`${at}.call_id must be a string`, `${at}.call_id`);
      out.push({ role: 'tool', tool_call_id: callId, content: outputText(it.output) });
    } else if (type === 'reasoning') {
      // Reasoning items from an earlier turn: nothing to send to a chat upstream.
    } else fail(`${at}: item type "${String(type)}" is not supported`, `${at}.type`);
  });
  return out;
}

function tools(v: unknown): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return fail("'tools' must be an array", 'tools');
  return v.map((raw, i) => {
    const t = asObject(raw);
    if (t?.type !== 'function') return fail(`tools[${i}]: only function tools are supported (got "${String(t?.type)}")`, `tools[${i}].type`);
    const fn: JsonObject = { name: t.name };
    if (t.description !== undefined) fn.description = t.description;
    if (t.parameters !== undefined && t.parameters !== null) fn.parameters = t.parameters;
    if (t.strict !== undefined && t.strict !== null) fn.strict = t.strict;
    return { type: 'function', function: fn };
  });
}

function toolChoice(v: unknown): unknown {
  if (v === undefined || v === 'auto' || v === 'none' || v === 'required') return v;
  const o = asObject(v);
  if (o?.type === 'function' && typeof o.name === 'string') return { type: 'function', function: { name: o.name } };
  return fail("'tool_choice' must be auto, none, required or {type:'function', name}", 'tool_choice');
}

function responseFormat(text: unknown): unknown {
  const f = asObject(asObject(text)?.format);
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  if (f.type === 'json_schema') return { type: 'json_schema', json_schema: { name: f.name ?? 'response', schema: f.schema, ...(f.strict !== undefined ? { strict: f.strict } : {}) } };
  return fail("'text.format.type' must be text, json_object or json_schema", 'text.format');
}

const num = (v: unknown, k: string): number | null => (v === undefined || v === null ? null : typeof v === 'number' && Number.isFinite(v) ? v : fail(`'${k}' must be a number`, k));

/** The gateway's own request fields, accepted here too. */
const GATEWAY_FIELDS = ['fallbacks', 'cost_weight', 'quality_cost_tradeoff', 'available_models'] as const;

export function responsesToChat(parsed: unknown, previous: readonly ChatMessage[] | null): ResponsesRequest {
  const r = asObject(parsed);
  if (!r) return fail('request body must be a JSON object');
  if (r.input === undefined) fail("'input' is required", 'input');
  const instructions = r.instructions === undefined || r.instructions === null ? null : typeof r.instructions === 'string' ? r.instructions : fail("'instructions' must be a string", 'instructions');
  const history = [...(previous ?? []), ...inputMessages(r.input)];
  if (history.length === 0) fail("'input' must hold at least one item", 'input');
  const messages: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }, ...history] : [...history];
  const maxOut = r.max_output_tokens;
  if (maxOut !== undefined && maxOut !== null && !(Number.isInteger(maxOut) && (maxOut as number) > 0)) fail("'max_output_tokens' must be a positive integer", 'max_output_tokens');
  const body: JsonObject = { model: r.model ?? 'auto', messages };
  const temperature = num(r.temperature, 'temperature');
  const topP = num(r.top_p, 'top_p');
  if (temperature !== null) body.temperature = temperature;
  if (topP !== null) body.top_p = topP;
  if (typeof maxOut === 'number') body.max_tokens = maxOut;
  if (r.stream !== undefined) body.stream = r.stream;
  const t = tools(r.tools);
  if (t && t.length > 0) {
    body.tools = t;
    const tc = toolChoice(r.tool_choice);
    if (tc !== undefined) body.tool_choice = tc;
    if (r.parallel_tool_calls !== undefined) body.parallel_tool_calls = r.parallel_tool_calls;
  }
  const rf = responseFormat(r.text);
  if (rf !== undefined) body.response_format = rf;
  if (typeof r.user === 'string') body.user = r.user;
  for (const k of GATEWAY_FIELDS) if (r[k] !== undefined) body[k] = r[k];
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(r.metadata) ?? {})) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const chat = validateChatBody(body).body;
  return {
    body: chat,
    history,
    echo: {
      model: chat.model,
      instructions,
      previous_response_id: asString(r.previous_response_id) ?? null,
      tools: Array.isArray(r.tools) ? r.tools : [],
      tool_choice: r.tool_choice ?? 'auto',
      parallel_tool_calls: r.parallel_tool_calls !== false,
      temperature,
      top_p: topP,
      max_output_tokens: typeof maxOut === 'number' ? maxOut : null,
      metadata,
      store: r.store !== false,
      user: typeof r.user === 'string' ? r.user : null,
      text: asObject(r.text) ?? { format: { type: 'text' } },
    },
  };
}
