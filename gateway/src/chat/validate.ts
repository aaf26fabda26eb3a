/**
 * Parses and validates a chat completion body. Pure. Only the fields the gateway
 * reads are checked; everything else is kept untouched and passed through.
 */
import { GatewayError } from '../errors.js';
import type { ChatBody, ChatMessage } from '../providers/types.js';

const fail = (message: string, param: string | null = null): never => {
  throw new GatewayError('caller_invalid_request', message, { param });
};

type Check = (v: unknown) => boolean;
const isNum: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isInt: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isBool: Check = (v) => typeof v === 'boolean';
const isObj: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrOrArr: Check = (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

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
  ['metadata', isObj, 'an object'],
  ['fallbacks', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of model strings'],
  ['cost_weight', (v) => isNum(v) && (v as number) >= 0, 'a non-negative number'],
  ['available_models', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of model ids'],
];

export function parseChatBody(raw: Buffer): ChatBody {
  if (raw.length === 0) fail('request body is empty; expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new GatewayError('caller_invalid_json', `invalid JSON body: ${(err as Error).message}`);
  }
  return validateChatBody(parsed);
}

export function validateChatBody(parsed: unknown): ChatBody {
  if (!isObj(parsed)) fail('request body must be a JSON object');
  const body = parsed as Record<string, unknown>;
  if (body.model === undefined || body.model === null || body.model === '') body.model = 'auto';
  if (typeof body.model !== 'string') fail("'model' must be a string", 'model');
  if (!Array.isArray(body.messages)) fail("'messages' is required and must be an array", 'messages');
  const messages = body.messages as unknown[];
  if (messages.length === 0) fail("'messages' must contain at least one message", 'messages');
  messages.forEach(validateMessage);
  for (const [field, check, what] of FIELD_CHECKS) {
    if (body[field] !== undefined && !check(body[field])) fail(`'${field}' must be ${what}`, field);
  }
  return body as ChatBody;
}

function validateMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObj(m)) fail(`${at} must be an object`, at);
  const msg = m as ChatMessage;
  if (typeof msg.role !== 'string' || msg.role === '') fail(`${at}.role must be a non-empty string`, `${at}.role`);
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
