/** `POST /v1/embeddings` bodies (OpenAI's shape), validated. Pure. */
import { GatewayError } from '../../errors.js';
import { hasControlChar } from '../../server/header-value.js';

export const MAX_INPUTS = 2048;

export interface EmbeddingsRequest {
  model: string;
  /** Text inputs (token-id inputs are only passed through to remote providers). */
  texts: string[] | null;
  count: number;
  base64: boolean;
  fallbacks: string[];
  /** The body as sent, for pass-through. */
  body: Record<string, unknown>;
}

const fail = (message: string, param: string | null = null): never => {
  throw new GatewayError('caller_invalid_request', message, { param });
};

const isTokens = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && (x as number) >= 0);

export function validateEmbeddings(parsed: unknown): EmbeddingsRequest {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('request body must be a JSON object');
  const body = parsed as Record<string, unknown>;
  const model = body.model;
  if (typeof model !== 'string' || model === '') return fail("'model' is required and must be a string", 'model');
  if (hasControlChar(model)) fail("'model' may not contain control characters", 'model');
  const input = body.input;
  let texts: string[] | null = null;
  let count = 0;
  if (typeof input === 'string') {
    texts = [input];
    count = 1;
  } else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')) {
    texts = input as string[];
    count = input.length;
  } else if (isTokens(input)) count = 1;
  else if (Array.isArray(input) && input.length > 0 && input.every(isTokens)) count = input.length;
  else fail("'input' must be a string, an array of strings, or token arrays (non-empty)", 'input');
  if (count > MAX_INPUTS) fail(`'input' holds at most ${MAX_INPUTS} items`, 'input');
  if (texts?.some((t) => t === '')) fail("'input' may not contain empty strings", 'input');
  const fmt = body.encoding_format;
  if (fmt !== undefined && fmt !== 'float' && fmt !== 'base64') fail("'encoding_format' must be float or base64", 'encoding_format');
  const fb = body.fallbacks;
  if (fb !== undefined && !(Array.isArray(fb) && fb.every((f) => typeof f === 'string' && f !== '' && !hasControlChar(f)))) fail("'fallbacks' must be an array of model strings", 'fallbacks');
  return { model, texts, count, base64: fmt === 'base64', fallbacks: (fb as string[] | undefined) ?? [], body };
}

/** A float vector as OpenAI's base64 encoding (little-endian float32). */
export function base64Vector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}
