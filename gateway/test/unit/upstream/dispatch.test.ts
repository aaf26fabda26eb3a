import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../src/upstream/dispatch.js';
import { UpstreamPools } from '../../../src/upstream/pools.js';
import { startMockUpstream, type MockUpstream } from '../../helpers/mock-upstream.js';
import { fastDeps, openaiCandidate } from './support.js';

let mock: MockUpstream;
let pools: UpstreamPools;
before(async () => {
  mock = await startMockUpstream();
  pools = new UpstreamPools();
});
after(async () => {
  await pools.closeAll();
  await mock.close();
});
beforeEach(() => mock.reset());

test('2xx: returns status, headers and the unread body; one attempt', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-ok')] }, deps);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body.readableEnded, false);
  const json = (await r.body.json()) as { choices: { message: { content: string } }[] };
  assert.equal(json.choices[0]?.message.content, 'Mock answer to: hello upstream');
  assert.equal(r.candidateIndex, 0);
  assert.equal(r.attempts.length, 1);
  assert.deepEqual({ ...r.attempts[0], latency_ms: 0 }, { provider: 'mockai', model: 'mock-ok', status: 200, latency_ms: 0 });
  assert.ok(r.upstreamMs >= 0 && r.headersAtMs >= r.upstreamStartMs);
  assert.equal(r.backoffMs, 0);
  assert.deepEqual(deps.delays, []);
  const seen = mock.requests[0];
  assert.equal(seen?.path, '/v1/chat/completions');
  assert.equal(seen?.headers['authorization'], 'Bearer test');
  assert.deepEqual(seen?.body, { model: 'mock-ok', messages: [{ role: 'user', content: 'hello upstream' }] });
});

test('500 then success: retried once after a jittered backoff', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-500-once')] }, deps);
  assert.equal(r.ok, true);
  assert.deepEqual(r.attempts.map((a) => a.status), [500, 200]);
  assert.equal(r.attempts[0]?.error, 'HTTP 500');
  assert.deepEqual(deps.delays, [100]); // 0.5 * min(5000, 200 * 2^0)
  if (r.ok) await r.body.dump();
});

test('backoff grows exponentially between retries', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-500')], retry: { maxRetries: 3, baseDelayMs: 100 } }, deps);
  assert.equal(r.ok, false);
  assert.equal(r.status, 500);
  assert.deepEqual(deps.delays, [50, 100, 200]);
  assert.equal(mock.stats.requests, 4);
});

test('429 with Retry-After: 1 is waited exactly, then succeeds', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-429-once')] }, deps);
  assert.equal(r.ok, true);
  assert.deepEqual(deps.delays, [1000]);
  assert.deepEqual(r.attempts.map((a) => a.status), [429, 200]);
  if (r.ok) await r.body.dump();
});

test('429 after retries are spent: returned with its status, Retry-After and provider body', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-429')] }, deps);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.status, 429);
  assert.equal(r.headers['retry-after'], '1');
  assert.equal(r.retryAfterMs, 1000);
  const body = JSON.parse(r.text) as { error: { code: string; type: string } };
  assert.equal(body.error.code, 'rate_limit_exceeded');
  assert.deepEqual(r.attempts.map((a) => a.status), [429, 429, 429]);
  assert.deepEqual(deps.delays, [1000, 1000]);
});

test('Retry-After above maxRetryAfterMs: no wait, straight to the fallback', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-429-30'), openaiCandidate(mock, 'mock-ok')] }, deps);
  assert.equal(r.ok, true);
  assert.equal(r.candidateIndex, 1);
  assert.deepEqual(deps.delays, []);
  assert.deepEqual(r.attempts.map((a) => `${a.model}:${a.status}`), ['mock-429-30:429', 'mock-ok:200']);
  if (r.ok) await r.body.dump();
});

test('Retry-After above maxRetryAfterMs on the last candidate: the 429 is returned at once', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-429-30')] }, deps);
  assert.equal(r.ok, false);
  assert.equal(r.status, 429);
  assert.equal(r.attempts.length, 1);
  assert.equal(r.ok ? 0 : r.retryAfterMs, 30_000);
});

test('fallback: retries on the primary are spent, then the second candidate answers', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-500'), openaiCandidate(mock, 'mock-ok')] }, deps);
  assert.equal(r.ok, true);
  assert.equal(r.candidateIndex, 1);
  assert.deepEqual(r.attempts.map((a) => `${a.model}:${a.status}`), ['mock-500:500', 'mock-500:500', 'mock-500:500', 'mock-ok:200']);
  assert.deepEqual(deps.delays, [100, 200]); // no sleep before switching candidate
  assert.deepEqual(mock.requests.map((q) => q.model), ['mock-500', 'mock-500', 'mock-500', 'mock-ok']);
  if (r.ok) await r.body.dump();
});

test('400 and 401 are returned at once: no retry, no fallback', async () => {
  for (const model of ['mock-400', 'mock-401', 'mock-404']) {
    mock.reset();
    const deps = fastDeps(pools);
    const r = await dispatch({ candidates: [openaiCandidate(mock, model), openaiCandidate(mock, 'mock-ok')] }, deps);
    assert.equal(r.ok, false, model);
    assert.equal(r.status, Number(model.slice(5)));
    assert.equal(r.attempts.length, 1);
    assert.equal(mock.stats.requests, 1);
    assert.deepEqual(deps.delays, []);
  }
});

test('last outcome decides: all candidates fail with HTTP errors -> the last one is returned', async () => {
  const deps = fastDeps(pools);
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-500'), openaiCandidate(mock, 'mock-503')], retry: { maxRetries: 0 } }, deps);
  assert.equal(r.ok, false);
  assert.equal(r.status, 503);
  assert.equal(r.candidateIndex, 1);
  assert.deepEqual(r.attempts.map((a) => a.status), [500, 503]);
});

test('empty candidate list is a gateway bug', async () => {
  await assert.rejects(dispatch({ candidates: [] }, fastDeps(pools)), { code: 'gateway_internal' });
});
