/** OpenAI-format error bodies: `{error:{message,type,code}}`, plus the common variants. */
import type { HeaderBag } from '../shared/headers.js';
import { asArray, asObject, asString, tryParse } from '../shared/json.js';
import { errorInfo } from '../shared/error-info.js';
import { retryAfterSeconds } from '../shared/retry-after.js';
import type { UpstreamErrorInfo } from '../types.js';

function codeOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '';
}

/** Message and provider code from an OpenAI-like error object (or `{error:"text"}`). */
export function readOpenAIError(doc: unknown): { message: string; code: string } | null {
  const top = asObject(Array.isArray(doc) ? doc[0] : doc);
  if (!top) return null;
  const errStr = asString(top.error);
  if (errStr !== undefined) return { message: errStr, code: codeOf(top.code) || codeOf(top.type) };
  const err = asObject(top.error);
  if (err) {
    const message = asString(err.message) ?? asString(err.msg) ?? '';
    return { message, code: codeOf(err.code) || codeOf(err.type) || codeOf(err.status) };
  }
  const detail = top.detail;
  const message =
    asString(top.message) ??
    asString(detail) ??
    asString(asObject(asArray(detail)[0])?.msg) ??
    asString(asObject(asArray(top.errors)[0])?.message);
  return message === undefined ? null : { message, code: codeOf(top.code) || codeOf(top.type) };
}

export function decodeError(status: number, text: string, headers: HeaderBag, now?: number): UpstreamErrorInfo {
  const parsed = readOpenAIError(tryParse(text));
  return errorInfo(status, text, parsed?.message ?? '', parsed?.code ?? '', retryAfterSeconds(headers, now));
}
