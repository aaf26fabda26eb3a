// nextStep as a table: after each kind of attempt, what dispatch does next. No network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextStep, type Step, type StepOutcome, type StepState } from '../../../src/upstream/dispatch.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/upstream/retry-policy.js';

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 200, maxDelayMs: 5000, maxRetries: 2, maxRetryAfterMs: 10_000 };
const half = (): number => 0.5;
const at = (over: Partial<StepState>): StepState => ({ candidate: 0, candidates: 1, retry: 0, policy, clientRetries: false, random: half, ...over });
const http = (status: number, retryAfterMs?: number): StepOutcome => ({ kind: 'http', status, retryAfterMs });
const NET: StepOutcome = { kind: 'net' };

const rows: Array<[string, StepState, StepOutcome, Step]> = [
  ['2xx returns', at({}), { kind: 'success' }, { action: 'return' }],
  ['2xx on a fallback returns', at({ candidate: 1, candidates: 2, retry: 2 }), { kind: 'success' }, { action: 'return' }],
  ['400 is final: returned, no retry', at({}), http(400), { action: 'return' }],
  ['404 is final even with fallbacks left', at({ candidates: 3 }), http(404), { action: 'return' }],
  ['301 is final', at({}), http(301), { action: 'return' }],
  ['500, first try: backoff 0.5 x 200 ms', at({}), http(500), { action: 'retry', waitMs: 100 }],
  ['503, second retry: backoff 0.5 x 400 ms', at({ retry: 1 }), http(503), { action: 'retry', waitMs: 200 }],
  ['408 is retried', at({}), http(408), { action: 'retry', waitMs: 100 }],
  ['429 with Retry-After 3 s within the cap: wait exactly that', at({}), http(429, 3000), { action: 'retry', waitMs: 3000 }],
  ['429 with Retry-After 0: retry at once', at({}), http(429, 0), { action: 'retry', waitMs: 0 }],
  ['429 with Retry-After above the cap, a fallback left: fall back', at({ candidates: 2 }), http(429, 30_000), { action: 'fallback' }],
  ['429 with Retry-After above the cap, last candidate: give up', at({}), http(429, 30_000), { action: 'give_up' }],
  ['500 with retries spent, a fallback left: fall back', at({ retry: 2, candidates: 2 }), http(500), { action: 'fallback' }],
  ['500 with retries spent on the last candidate: give up', at({ retry: 2, candidate: 1, candidates: 2 }), http(500), { action: 'give_up' }],
  ['network failure: backoff', at({}), NET, { action: 'retry', waitMs: 100 }],
  ['network failure, retries spent, last candidate: give up', at({ retry: 2 }), NET, { action: 'give_up' }],
  ['backoff is capped by maxDelayMs', at({ retry: 2, policy: { ...policy, maxRetries: 10 } }), NET, { action: 'retry', waitMs: 400 }],
  ['backoff capped: retry 9 waits 0.5 x 5000', at({ retry: 9, policy: { ...policy, maxRetries: 10 } }), NET, { action: 'retry', waitMs: 2500 }],
  ['maxRetries 0: straight to the fallback', at({ candidates: 2, policy: { ...policy, maxRetries: 0 } }), http(502), { action: 'fallback' }],
  // x-stainless-retry-count: the client retries itself, so one attempt per candidate.
  ['client retries itself: no retry, fall back', at({ candidates: 2, clientRetries: true }), http(500), { action: 'fallback' }],
  ['client retries itself, last candidate: give up', at({ clientRetries: true }), http(429, 100), { action: 'give_up' }],
  ['client retries itself, network failure: give up', at({ clientRetries: true }), NET, { action: 'give_up' }],
  ['client retries itself: a final 400 is still returned', at({ clientRetries: true }), http(400), { action: 'return' }],
  // The client went away or the request deadline passed: stop, whatever is left.
  ['aborted (client or deadline) with retries and fallbacks left: abort', at({ candidates: 3 }), { kind: 'aborted' }, { action: 'abort' }],
  ['aborted on the last try: abort', at({ retry: 2 }), { kind: 'aborted' }, { action: 'abort' }],
];

for (const [name, state, outcome, want] of rows) {
  test(`nextStep: ${name}`, () => {
    assert.deepEqual(nextStep(state, outcome), want);
  });
}

test('nextStep draws the jitter only when it backs off', () => {
  let draws = 0;
  const random = (): number => (draws++, 0);
  nextStep(at({ random }), http(429, 50));
  nextStep(at({ random }), http(400));
  nextStep(at({ random, retry: 2 }), http(500));
  assert.equal(draws, 0);
  assert.deepEqual(nextStep(at({ random }), http(500)), { action: 'retry', waitMs: 0 });
  assert.equal(draws, 1);
});
