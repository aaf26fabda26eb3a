/** Anthropic error bodies: `{type:"error", error:{type, message}}`. */
import type { HeaderBag } from '../shared/headers.js';
import { asObject, asString, tryParse } from '../shared/json.js';
import { errorInfo } from '../shared/error-info.js';
import { retryAfterSeconds } from '../shared/retry-after.js';
import type { UpstreamErrorInfo } from '../types.js';

/** HTTP status Anthropic documents for each error type (used for mid-stream errors). */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = Object.freeze({
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
});

export function readAnthropicError(doc: unknown): { type: string; message: string } | null {
  const err = asObject(asObject(doc)?.error);
  if (!err) return null;
  return { type: asString(err.type) ?? '', message: asString(err.message) ?? '' };
}

export function statusForType(type: string): number {
  return STATUS_BY_TYPE[type] ?? 500;
}

export function decodeError(status: number, text: string, headers: HeaderBag, now?: number): UpstreamErrorInfo {
  const e = readAnthropicError(tryParse(text));
  return errorInfo(status, text, e?.message ?? '', e?.type ?? '', retryAfterSeconds(headers, now));
}
