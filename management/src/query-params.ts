/** Pure parsers for query parameters; each throws a 400 ApiError naming the parameter. */
import { badRequest } from './errors.js';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time, or unix milliseconds (digits only), as unix ms.
 * A date-only `end` bound covers the whole day. Anything else is a 400, never a silent default.
 */
export function parseTime(raw: string | null, param: string, bound: 'start' | 'end' = 'start'): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const s = raw.trim();
  if (/^\d{1,15}$/.test(s)) return Number(s);
  const m = ISO_RE.exec(s);
  if (m) {
    const dateOnly = m[4] === undefined;
    const iso = dateOnly ? `${s}T00:00:00Z` : m[7] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T');
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return dateOnly && bound === 'end' ? ms + 86_400_000 - 1 : ms;
  }
  throw badRequest(`${param} must be an ISO-8601 date or date-time, or unix milliseconds; got "${raw}"`, param);
}

export function parseNumber(raw: string | null, param: string): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw badRequest(`${param} must be a number; got "${raw}"`, param);
  return n;
}

export function parseInteger(raw: string | null, param: string, min: number, max: number, fallback: number): number {
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`${param} must be an integer from ${min} to ${max}; got "${raw}"`, param);
  }
  return n;
}

/** The largest `offset` a paged list accepts. */
export const MAX_OFFSET = 10_000_000;

/** `limit` (1..maxLimit, default `defaultLimit`) and `offset` (0..MAX_OFFSET, default 0) of a paged list. */
export function parsePage(q: URLSearchParams, maxLimit: number, defaultLimit: number): { limit: number; offset: number } {
  const limit = parseInteger(q.get('limit'), 'limit', 1, maxLimit, defaultLimit);
  const offset = parseInteger(q.get('offset'), 'offset', 0, MAX_OFFSET, 0);
  return { limit, offset };
}

export function parseBool(raw: string | null, param: string): boolean | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const s = raw.trim().toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes') return true;
  if (s === 'false' || s === '0' || s === 'no') return false;
  throw badRequest(`${param} must be true or false; got "${raw}"`, param);
}

/** First non-empty value among several parameter names. */
export function firstOf(q: URLSearchParams, ...names: string[]): { name: string; value: string } | null {
  for (const n of names) {
    const v = q.get(n);
    if (v !== null && v.trim() !== '') return { name: n, value: v.trim() };
  }
  return null;
}
