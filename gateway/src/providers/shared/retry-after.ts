import { headerValue, type HeaderBag } from './headers.js';

/**
 * Seconds to wait, from `retry-after-ms`, or `Retry-After` as delta-seconds or an
 * HTTP date (the date needs `nowMs`; without it a date is ignored). Never negative.
 */
export function retryAfterSeconds(headers: HeaderBag, nowMs?: number): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms) / 1000);
  const raw = headerValue(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v));
  if (nowMs === undefined) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Google's `retryDelay` duration string ("12s", "1.5s") in whole seconds. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
  return m ? Math.ceil(Number(m[1])) : undefined;
}
