import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch, ABORTED } from '../../../src/upstream/dispatch.js';
import { UpstreamPools } from '../../../src/upstream/pools.js';
import { UpstreamDispatchError } from '../../../src/upstream/upstream-errors.js';
import { startMockUpstream, type MockUpstream } from '../../helpers/mock-upstream.js';
import { closedPort, fastDeps, openaiCandidate } from './support.js';

let mock: MockUpstream;
let pools: UpstreamPools;
before(async () => {
  mock = await startMockUpstream();
  pools = new UpstreamPools({ connectTimeoutMs: 1000 });
});
after(async () => {
  await pools.closeAll(true);
  await mock.close();
});
beforeEach(() => mock.reset());

async function rejection(p: Promise<unknown>): Promise<UpstreamDispatchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UpstreamDispatchError, `expected UpstreamDispatchError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

test('connection reset is retried, then surfaces as provider_connection with every attempt', async () => {
  const deps = fastDeps(pools);
  const err = await rejection(dispatch({ candidates: [openaiCandidate(mock, 'mock-reset')] }, deps));
  assert.equal(err.code, 'provider_connection');
  assert.equal(err.status, 502);
  assert.equal(err.aborted, false);
  assert.deepEqual(err.attempts.map((a) => a.status), [0, 0, 0]);
  assert.ok(err.attempts.every((a) => typeof a.error === 'string' && a.error.length > 0));
  assert.equal(mock.stats.resets, 3);
  assert.deepEqual(deps.delays, [100, 200]);
});

test('a reset once, then success on the retry', async () => {
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-reset-once')] }, fastDeps(pools));
  assert.equal(r.ok, true);
  assert.deepEqual(r.attempts.map((a) => a.status), [0, 200]);
  if (r.ok) await r.body.dump();
});

test('connection refused falls back to the next candidate', async () => {
  const dead = `http://127.0.0.1:${await closedPort()}`;
  const r = await dispatch({ candidates: [openaiCandidate(dead, 'gone'), openaiCandidate(mock, 'mock-ok')], retry: { maxRetries: 1 } }, fastDeps(pools));
  assert.equal(r.ok, true);
  assert.equal(r.candidateIndex, 1);
  assert.deepEqual(r.attempts.map((a) => a.status), [0, 0, 200]);
  assert.equal(r.attempts[0]?.error, 'ECONNREFUSED');
  if (r.ok) await r.body.dump();
});

test('headers timeout: retried, then provider_timeout; the mock sees each request cancelled', async () => {
  const deps = fastDeps(pools);
  const err = await rejection(dispatch({
    candidates: [openaiCandidate(mock, 'mock-slow-5000')],
    retry: { maxRetries: 1 },
    timeouts: { headersMs: 100 },
  }, deps));
  assert.equal(err.code, 'provider_timeout');
  assert.equal(err.status, 504);
  assert.deepEqual(err.attempts.map((a) => a.error), ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
  assert.ok(err.upstreamMs >= 180, `upstreamMs ${err.upstreamMs}`);
  await mock.waitFor(() => mock.stats.aborted === 2);
});

test('abort while waiting for headers cancels the upstream request at once and stops', async () => {
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort(), 50);
  const err = await rejection(dispatch({
    candidates: [openaiCandidate(mock, 'mock-slow-5000'), openaiCandidate(mock, 'mock-ok')],
    signal: ac.signal,
  }, fastDeps(pools)));
  // Before the slow answer (5 s) would have come: the request was cancelled, not waited for.
  assert.ok(Date.now() - t0 < 5000, `rejected after ${Date.now() - t0} ms`);
  assert.equal(err.aborted, true);
  assert.deepEqual(err.attempts.map((a) => `${a.status}:${a.error}`), [`0:${ABORTED}`]);
  await mock.waitFor(() => mock.stats.aborted === 1 && mock.stats.open === 0);
  assert.equal(mock.stats.requests, 1, 'no fallback after abort');
});

test('abort after 2xx destroys the body: a stalled stream is cancelled upstream', async () => {
  const ac = new AbortController();
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-stall', { stream: true })], signal: ac.signal }, fastDeps(pools));
  assert.equal(r.ok, true);
  if (!r.ok) return;
  const reading = (async () => {
    let text = '';
    for await (const chunk of r.body) text += String(chunk);
    return text;
  })();
  await mock.waitFor(() => mock.stats.open === 1);
  ac.abort();
  await assert.rejects(reading, { name: 'AbortError' });
  await mock.waitFor(() => mock.stats.aborted === 1);
});

test('abort during the backoff sleep stops retrying (real sleep)', async () => {
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort(), 50);
  const err = await rejection(dispatch({
    candidates: [openaiCandidate(mock, 'mock-500')],
    retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    signal: ac.signal,
  }, { pools, random: () => 0.9 }));
  // Before the 9 s backoff (0.9 x 10 s) would have ended: the sleep was cut short.
  assert.ok(Date.now() - t0 < 9000, `rejected after ${Date.now() - t0} ms`);
  assert.equal(err.aborted, true);
  assert.equal(mock.stats.requests, 1);
});

test('an already aborted signal sends nothing', async () => {
  const err = await rejection(dispatch({ candidates: [openaiCandidate(mock, 'mock-ok')], signal: AbortSignal.abort() }, fastDeps(pools)));
  assert.equal(err.aborted, true);
  assert.deepEqual(err.attempts, []);
  assert.equal(mock.stats.requests, 0);
});

test('bodyGapMs: a stream that goes silent fails the body read with UND_ERR_BODY_TIMEOUT', async () => {
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-stall', { stream: true })], timeouts: { bodyGapMs: 100 } }, fastDeps(pools));
  assert.equal(r.ok, true);
  if (!r.ok) return;
  await assert.rejects(r.body.text(), { code: 'UND_ERR_BODY_TIMEOUT' });
  await mock.waitFor(() => mock.stats.aborted === 1);
});

test('a mid-stream error is not retried: dispatch already returned the 2xx', async () => {
  const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-midstream-error', { stream: true })] }, fastDeps(pools));
  assert.equal(r.ok, true);
  if (r.ok) assert.match(await r.body.text(), /"type":"server_error"/);
  assert.equal(mock.stats.requests, 1);
});
