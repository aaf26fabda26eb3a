/**
 * Parses and validates a chat completion body. Pure. Only the fields the gateway
 * reads are checked; everything else is kept untouched and passed through.
 *
 * The gateway's own fields (never sent upstream: GATEWAY_ONLY_FIELDS) come back typed once as
 * `options`; `/v1/route` reads its shared ones (cost knobs, available_models) with the same checks.
 */
import { GatewayError } from '../errors.js';
import type { ChatBody, ChatMessage } from '../providers/types.js';
import { hasControlChar } from '../server/header-value.js';
import { parseJsonBody } from '../server/json-parse.js';

const fail = (message: string, param: string | null = null): never => {
  throw new GatewayError('caller_invalid_request', message, { param });
};

type Check = (v: unknown) => boolean;
const isNum: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isInt: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isBool: Check = (v) => typeof v === 'boolean';
const isObj: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrOrArr: Check = (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
/** Model strings end up in response headers and upstream URLs: no control characters. */
const isModelName = (v: unknown): boolean => typeof v === 'string' && v !== '' && !hasControlChar(v);
const isModelList: Check = (v) => Array.isArray(v) && v.every(isModelName);

/** The chat roles OpenAI's API and the adapters know. */
const ROLES: ReadonlySet<string> = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/** Field -> check, for the optional fields the gateway or its adapters read. */
const FIELD_CHECKS: ReadonlyArray<readonly [string, Check, string]> = [
  ['stream', isBool, 'a boolean'],
  ['temperature', isNum, 'a number'],
  ['top_p', isNum, 'a number'],
  ['max_tokens', isInt, 'a non-negative integer'],
  ['max_completion_tokens', isInt, 'a non-negative integer'],
  ['n', isInt, 'a non-negative integer'],
  ['stop', (v) => v === null || isStrOrArr(v), 'a string or an array of strings'],
  ['stream_options', (v) => v === null || isObj(v), 'an object'],
  ['tools', Array.isArray, 'an array'],
  ['tool_choice', (v) => v === null || typeof v === 'string' || isObj(v), "a string or an object"],
  ['parallel_tool_calls', isBool, 'a boolean'],
  ['response_format', (v) => v === null || isObj(v), 'an object'],
  ['metadata', isObj, 'an object'],
];

/** The routing knobs /v1/route shares with chat completions. */
const ROUTING_FIELD_CHECKS: ReadonlyArray<readonly [string, Check, string]> = [
  ['cost_weight', (v) => isNum(v) && (v as number) >= 0, 'a non-negative number'],
  ['quality_cost_tradeoff', (v) => isNum(v) && (v as number) >= 0 && (v as number) <= 1, 'a number in [0, 1] (0 best quality, 1 cheapest)'],
  ['available_models', isModelList, 'an array of model ids without control characters'],
];

/** The gateway's own request fields (metadata is checked with the body: it is OpenAI's too). */
const OPTION_CHECKS: ReadonlyArray<readonly [string, Check, string]> = [
  ['fallbacks', isModelList, 'an array of model strings without control characters'],
  ...ROUTING_FIELD_CHECKS,
];

/** What `auto` routing reads from a request (chat completions and /v1/route). */
export interface RoutingOptions {
  /** Raw λ; cost-knob.ts resolves it with quality_cost_tradeoff, the header and the config. */
  costWeight?: number;
  /** `quality_cost_tradeoff` in [0, 1]. */
  tradeoff?: number;
  /** Routing profiles `auto` may pick from. */
  availableModels?: string[];
}

/** The gateway's own fields of a chat request, typed. */
export interface GatewayOptions extends RoutingOptions {
  /** Models tried in order after the primary (and its alias's fallbacks). */
  fallbacks: string[];
  /** The body's `metadata` for the trace: string values as they are, others JSON-encoded. */
  metadata: Record<string, string>;
}

export interface ChatRequest {
  body: ChatBody;
  options: GatewayOptions;
}

export function parseChatBody(raw: Buffer): ChatRequest {
  if (raw.length === 0) fail('request body is empty; expected a JSON object');
  return validateChatBody(parseJsonBody(raw));
}

/** Validates a parsed chat body; the gateway's own fields come back typed as `options`. */
export function validateChatBody(parsed: unknown): ChatRequest {
  const body = checkChatBody(parsed);
  return { body, options: gatewayOptions(body) };
}

/**
 * The gateway's own fields of an already validated body (a dialect's parse output), checked and typed.
 * Throws the same 400s as validateChatBody.
 */
export function gatewayOptions(body: Record<string, unknown>): GatewayOptions {
  checkFields(body, OPTION_CHECKS);
  const m = body.metadata;
  return {
    ...routingFields(body),
    fallbacks: (body.fallbacks as string[] | undefined) ?? [],
    metadata: isObj(m) ? stringMap(m as Record<string, unknown>) : {},
  };
}

/** The routing knobs of a /v1/route body (or a chat body), with the chat completion's checks. */
export function routingOptions(body: Record<string, unknown>): RoutingOptions {
  checkFields(body, ROUTING_FIELD_CHECKS);
  return routingFields(body);
}

function routingFields(body: Record<string, unknown>): RoutingOptions {
  const o: RoutingOptions = {};
  if (body.cost_weight !== undefined) o.costWeight = body.cost_weight as number;
  if (body.quality_cost_tradeoff !== undefined) o.tradeoff = body.quality_cost_tradeoff as number;
  if (body.available_models !== undefined) o.availableModels = body.available_models as string[];
  return o;
}

function checkFields(body: Record<string, unknown>, checks: ReadonlyArray<readonly [string, Check, string]>): void {
  for (const [field, check, what] of checks) {
    if (body[field] !== undefined && !check(body[field])) fail(`'${field}' must be ${what}`, field);
  }
}

function stringMap(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function checkChatBody(parsed: unknown): ChatBody {
  if (!isObj(parsed)) fail('request body must be a JSON object');
  const body = parsed as Record<string, unknown>;
  if (body.model === undefined || body.model === null || body.model === '') body.model = 'auto';
  if (typeof body.model !== 'string') fail("'model' must be a string", 'model');
  if (hasControlChar(body.model as string)) fail("'model' may not contain control characters", 'model');
  if (!Array.isArray(body.messages)) fail("'messages' is required and must be an array", 'messages');
  const messages = body.messages as unknown[];
  if (messages.length === 0) fail("'messages' must contain at least one message", 'messages');
  messages.forEach(validateMessage);
  checkFields(body, FIELD_CHECKS);
  if (body.tools !== undefined) (body.tools as unknown[]).forEach(validateTool);
  return body as ChatBody;
}

function validateMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObj(m)) fail(`${at} must be an object`, at);
  const msg = m as ChatMessage;
  if (typeof msg.role !== 'string' || msg.role === '') fail(`${at}.role must be a non-empty string`, `${at}.role`);
  if (!ROLES.has(msg.role)) fail(`${at}.role must be one of ${[...ROLES].join(', ')}`, `${at}.role`);
  if (msg.name !== undefined && typeof msg.name !== 'string') fail(`${at}.name must be a string`, `${at}.name`);
  if (msg.tool_call_id !== undefined && typeof msg.tool_call_id !== 'string') fail(`${at}.tool_call_id must be a string`, `${at}.tool_call_id`);
  if (msg.tool_calls !== undefined && msg.tool_calls !== null) validateToolCalls(msg.tool_calls, `${at}.tool_calls`);
  const c = msg.content;
  if (c === undefined || c === null || typeof c === 'string') return;
  if (!Array.isArray(c)) fail(`${at}.content must be a string, an array of content parts or null`, `${at}.content`);
  (c as unknown[]).forEach((part, j) => {
    const pat = `${at}.content[${j}]`;
    if (!isObj(part) || typeof (part as { type?: unknown }).type !== 'string') fail(`${pat} must be an object with a 'type'`, pat);
    const p = part as { type: string; text?: unknown; image_url?: unknown };
    if (p.type === 'text' && typeof p.text !== 'string') fail(`${pat}.text must be a string`, `${pat}.text`);
    if (p.type === 'image_url') {
      const url = isObj(p.image_url) ? (p.image_url as { url?: unknown }).url : undefined;
      if (typeof url !== 'string' || url === '') fail(`${pat}.image_url.url must be a non-empty string`, `${pat}.image_url.url`);
    }
  });
}

/** `tools[i]`: an object with a `type`; function tools need `function.name` (the adapters read it). */
function validateTool(t: unknown, i: number): void {
  const at = `tools[${i}]`;
  if (!isObj(t) || typeof (t as { type?: unknown }).type !== 'string') fail(`${at} must be an object with a 'type'`, at);
  const tool = t as { type: string; function?: unknown };
  if (tool.type !== 'function') return;
  const fn = tool.function;
  if (!isObj(fn)) fail(`${at}.function must be an object`, `${at}.function`);
  const f = fn as { name?: unknown; parameters?: unknown };
  if (typeof f.name !== 'string' || f.name === '') fail(`${at}.function.name must be a non-empty string`, `${at}.function.name`);
  if (f.parameters !== undefined && !isObj(f.parameters)) fail(`${at}.function.parameters must be an object`, `${at}.function.parameters`);
}

/** An assistant message's `tool_calls`: objects with `function: {name, arguments}` (sessions and adapters read them). */
function validateToolCalls(v: unknown, at: string): void {
  if (!Array.isArray(v)) fail(`${at} must be an array`, at);
  (v as unknown[]).forEach((tc, j) => {
    const pat = `${at}[${j}]`;
    if (!isObj(tc)) fail(`${pat} must be an object`, pat);
    const call = tc as { id?: unknown; function?: unknown };
    if (call.id !== undefined && typeof call.id !== 'string') fail(`${pat}.id must be a string`, `${pat}.id`);
    if (!isObj(call.function)) fail(`${pat}.function must be an object`, `${pat}.function`);
    const fn = call.function as { name?: unknown; arguments?: unknown };
    if (typeof fn.name !== 'string') fail(`${pat}.function.name must be a string`, `${pat}.function.name`);
    if (fn.arguments !== undefined && typeof fn.arguments !== 'string') fail(`${pat}.function.arguments must be a string`, `${pat}.function.arguments`);
  });
}
