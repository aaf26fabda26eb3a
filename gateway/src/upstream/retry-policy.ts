/**
 * Pure retry rules for upstream calls: which outcomes are retried, how long to
 * wait (exponential backoff with full jitter, or the upstream's Retry-After).
 *
 *   delay(retry r) = random() * min(maxDelayMs, baseDelayMs * 2^r)      (r = 0 for the first retry)
 *   with Retry-After R (ms):  R <= maxRetryAfterMs -> wait exactly R (a shorter wait only earns another 429)
 *                             R >  maxRetryAfterMs -> do not wait: next candidate, or give up
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface RetryPolicy {
  /** Retries per candidate after its first attempt. Default 2 (so 3 attempts). */
  maxRetries: number;
  baseDelayMs: number;
  /** Cap of the backoff delay (not of Retry-After; see maxRetryAfterMs). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxRetryAfterMs: 10_000,
});

export function resolveRetryPolicy(p: Partial<RetryPolicy> | undefined): RetryPolicy {
  if (p === undefined) return DEFAULT_RETRY_POLICY;
  return {
    maxRetries: Math.max(0, Math.floor(p.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries)),
    baseDelayMs: Math.max(0, p.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: Math.max(0, p.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs),
    maxRetryAfterMs: Math.max(0, p.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs),
  };
}

/** 408, 429 and 5xx are worth another try (and a fallback); every other non-2xx is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Full-jitter exponential backoff for retry number `retry` (0-based). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds the upstream asked us to wait, or undefined. Reads `retry-after-ms`
 * (OpenAI, Azure) first, then `retry-after` as delta-seconds or an HTTP date
 * (relative to `nowEpochMs`). Negative or unparsable values give undefined.
 */
export function parseRetryAfterMs(headers: IncomingHttpHeaders, nowEpochMs: number): number | undefined {
  const ms = firstValue(headers['retry-after-ms']);
  if (ms !== undefined) {
    const v = Number(ms);
    if (ms.trim() !== '' && Number.isFinite(v) && v >= 0) return Math.ceil(v);
  }
  const ra = firstValue(headers['retry-after']);
  if (ra === undefined) return undefined;
  const trimmed = ra.trim();
  if (trimmed === '') return undefined;
  const secs = Number(trimmed);
  if (Number.isFinite(secs)) return secs >= 0 ? Math.ceil(secs * 1000) : undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowEpochMs);
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
