/** Pure admission: a key's limits against its usage, giving the refusal (or null) and the rate-limit headers. */
import type { Usage } from './counters.js';
import type { VirtualKey } from '../../../core/contract/virtual-keys.js';

export type Refusal =
  | { kind: 'model'; message: string }
  | { kind: 'rate'; message: string; retryAfterS: number }
  | { kind: 'budget'; message: string };

export function admit(k: VirtualKey, model: string, u: Usage, now: number): Refusal | null {
  if (k.models !== null && !k.models.includes(model)) return { kind: 'model', message: `model "${model}" is not allowed for key ${k.id} (allowed: ${k.models.join(', ')})` };
  const retryAfterS = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
  if (k.rpm !== null && u.requests >= k.rpm) return { kind: 'rate', message: `rate limit reached for key ${k.id}: ${k.rpm} requests per minute`, retryAfterS };
  if (k.tpm !== null && u.tokens >= k.tpm) return { kind: 'rate', message: `rate limit reached for key ${k.id}: ${k.tpm} tokens per minute`, retryAfterS };
  if (k.budget_daily_usd !== null && u.dayUsd >= k.budget_daily_usd) return { kind: 'budget', message: `daily budget of $${k.budget_daily_usd} exceeded for key ${k.id} (spent $${u.dayUsd.toFixed(6)} today, UTC)` };
  if (k.budget_monthly_usd !== null && u.monthUsd >= k.budget_monthly_usd) return { kind: 'budget', message: `monthly budget of $${k.budget_monthly_usd} exceeded for key ${k.id} (spent $${u.monthUsd.toFixed(6)} this month, UTC)` };
  return null;
}

/** OpenAI's x-ratelimit-* headers for the limits the key has. */
export function rateHeaders(k: VirtualKey, u: Usage, now: number): Array<readonly [string, string]> {
  const h: Array<readonly [string, string]> = [];
  const reset = `${Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000))}s`;
  if (k.rpm !== null) h.push(['x-ratelimit-limit-requests', String(k.rpm)], ['x-ratelimit-remaining-requests', String(Math.max(0, k.rpm - u.requests))], ['x-ratelimit-reset-requests', reset]);
  if (k.tpm !== null) h.push(['x-ratelimit-limit-tokens', String(k.tpm)], ['x-ratelimit-remaining-tokens', String(Math.max(0, k.tpm - u.tokens))], ['x-ratelimit-reset-tokens', reset]);
  return h;
}
