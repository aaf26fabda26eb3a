import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfterMs, resolveRetryPolicy,
} from '../../../src/upstream/retry-policy.js';

test('retryable statuses: 408, 429, 5xx only', () => {
  for (const s of [408, 429, 500, 502, 503, 504, 529]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [200, 301, 400, 401, 403, 404, 409, 422]) assert.equal(isRetryableStatus(s), false, String(s));
});

test('backoff is full jitter under an exponential ceiling capped by maxDelayMs', () => {
  const p = DEFAULT_RETRY_POLICY;
  assert.equal(backoffDelayMs(0, p, () => 0), 0);
  assert.equal(backoffDelayMs(0, p, () => 0.999999), 199);
  assert.equal(backoffDelayMs(2, p, () => 0.5), 400);
  assert.equal(backoffDelayMs(10, p, () => 0.5), 2500);
  assert.equal(backoffDelayMs(1000, p, () => 0.999999), 4999);
});

test('Retry-After: seconds, fractions, HTTP date, retry-after-ms first, junk ignored', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfterMs({ 'retry-after': '1' }, now), 1000);
  assert.equal(parseRetryAfterMs({ 'retry-after': ' 2.5 ' }, now), 2500);
  assert.equal(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, now), 7000);
  assert.equal(parseRetryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }, now), 0);
  assert.equal(parseRetryAfterMs({ 'retry-after': '3', 'retry-after-ms': '120' }, now), 120);
  assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, now), undefined);
  assert.equal(parseRetryAfterMs({ 'retry-after': '-1' }, now), undefined);
  assert.equal(parseRetryAfterMs({ 'retry-after': '' }, now), undefined);
  assert.equal(parseRetryAfterMs({}, now), undefined);
});

test('partial policies fill from defaults', () => {
  assert.deepEqual(resolveRetryPolicy({ maxRetries: 0 }), { ...DEFAULT_RETRY_POLICY, maxRetries: 0 });
  assert.equal(resolveRetryPolicy(undefined), DEFAULT_RETRY_POLICY);
});
