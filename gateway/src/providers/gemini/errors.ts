/** Google API errors: `{error:{code, message, status, details}}`, sometimes wrapped in an array. */
import type { HeaderBag } from '../shared/headers.js';
import { asArray, asNumber, asObject, asString, tryParse } from '../shared/json.js';
import { errorInfo } from '../shared/error-info.js';
import { durationSeconds, retryAfterSeconds } from '../shared/retry-after.js';
import type { UpstreamErrorInfo } from '../types.js';

export interface GoogleError {
  code: number | undefined;
  status: string;
  message: string;
  retryDelay: number | undefined;
}

export function readGoogleError(doc: unknown): GoogleError | null {
  const top = asObject(Array.isArray(doc) ? doc[0] : doc);
  const err = asObject(top?.error);
  if (!err) return null;
  let retryDelay: number | undefined;
  for (const d of asArray(err.details)) retryDelay ??= durationSeconds(asObject(d)?.retryDelay);
  return { code: asNumber(err.code), status: asString(err.status) ?? '', message: asString(err.message) ?? '', retryDelay };
}

export function decodeError(status: number, text: string, headers: HeaderBag, now?: number): UpstreamErrorInfo {
  const e = readGoogleError(tryParse(text));
  return errorInfo(status, text, e?.message ?? '', e?.status ?? '', retryAfterSeconds(headers, now) ?? e?.retryDelay);
}
