/**
 * The overall request deadline (OPENTRACY_REQUEST_TIMEOUT_MS, X-OpenTracy-Request-Timeout-Ms)
 * and the retry budget when the client retries by itself (x-stainless-retry-count).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const msg = (content: string) => [{ role: 'user', content }];
type ErrorBody = { error: { message: string; type: string; code: string; param: string | null } };

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

describe('request deadline', () => {
  let h: Harness;
  before(async () => {
    // The configured maximum: 1500 ms. Retry-After up to 10 s is waited for (the default).
    h = await startHarness({ env: { OPENTRACY_REQUEST_TIMEOUT_MS: '1500' } });
  });
  after(async () => {
    await h.close();
  });

  it('an upstream that never answers: 504 at the configured deadline, upstream request aborted, traced', async () => {
    h.mock.reset();
    const { value: res, ms } = await timed(() => h.post('/v1/chat/completions', { model: 'openai/mock-slow-120000', messages: msg('never') }));
    assert.equal(res.status, 504);
    const body = (await res.json()) as ErrorBody;
    assert.equal(body.error.type, 'timeout_error');
    assert.equal(body.error.code, 'timeout');
    assert.match(body.error.message, /deadline of 1500 ms/);
    assert.ok(ms >= 1400 && ms < 60_000, `answered after ${ms} ms (the upstream would answer after 120 s)`);
    await h.mock.waitFor(() => h.mock.stats.aborted >= 1 && h.mock.stats.open === 0, 3000);
    const id = res.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      const t = store.traces.get(id)!;
      assert.equal(t.status, 504);
      assert.deepEqual(t.provider_attempts.map((a) => a.error), ['deadline_exceeded']);
    } finally {
      await store.root.close();
    }
  });

  it('the header shortens the deadline for one request', async () => {
    h.mock.reset();
    const { value: res, ms } = await timed(() =>
      h.post('/v1/chat/completions', { model: 'openai/mock-slow-120000', messages: msg('short') }, { 'X-OpenTracy-Request-Timeout-Ms': '300' }),
    );
    assert.equal(res.status, 504);
    assert.match(((await res.json()) as ErrorBody).error.message, /deadline of 300 ms/);
    assert.ok(ms >= 250 && ms < 60_000, `answered after ${ms} ms (the message names the 300 ms deadline used)`);
  });

  it('a header above the configured maximum is capped to it', async () => {
    const { value: res, ms } = await timed(() =>
      h.post('/v1/chat/completions', { model: 'openai/mock-slow-120000', messages: msg('capped') }, { 'X-OpenTracy-Request-Timeout-Ms': '999999' }),
    );
    assert.equal(res.status, 504);
    assert.match(((await res.json()) as ErrorBody).error.message, /deadline of 1500 ms/);
    assert.ok(ms >= 1400 && ms < 60_000, `answered after ${ms} ms (the upstream would answer after 120 s)`);
  });

  it('an invalid header is a 400 naming it, before any upstream call', async () => {
    h.mock.reset();
    for (const v of ['abc', '0', '-5', '1.5', '12ms']) {
      const res = await h.post('/v1/chat/completions', { model: 'openai/mock-ok', messages: msg('bad header') }, { 'X-OpenTracy-Request-Timeout-Ms': v });
      assert.equal(res.status, 400, v);
      const body = (await res.json()) as ErrorBody;
      assert.equal(body.error.param, 'X-OpenTracy-Request-Timeout-Ms');
      assert.equal(body.error.type, 'invalid_request_error');
    }
    assert.equal(h.mock.requests.length, 0);
  });

  it('an upstream answering 503 repeatedly: the deadline spans retries, backoffs and fallbacks', async () => {
    h.mock.reset();
    // Each 503 asks for Retry-After 1 s: without a deadline this is 3 tries x 2 candidates, ~4 s of waiting.
    const { value: res, ms } = await timed(() =>
      h.post('/v1/chat/completions', { model: 'openai/mock-503', messages: msg('503s'), fallbacks: ['anthropic/mock-503'] }, { 'X-OpenTracy-Request-Timeout-Ms': '1200' }),
    );
    assert.equal(res.status, 504);
    assert.equal(((await res.json()) as ErrorBody).error.code, 'timeout');
    assert.ok(ms >= 1100 && ms < 4000, `answered after ${ms} ms (without the deadline: ~4 s of Retry-After waits)`);
    assert.equal(h.mock.requests.length, 2); // the first try and one retry after 1 s; no more
    const before = h.mock.requests.length;
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(h.mock.requests.length, before, 'no attempt after the deadline');
  });

  it('a stream that outlives the deadline ends with an SSE timeout error event', async () => {
    const { value: res, ms } = await timed(async () => {
      const r = await h.post(
        '/v1/chat/completions',
        { model: 'openai/mock-slow-stream-200', stream: true, messages: msg('one two three four five six seven eight nine ten eleven twelve') },
        { 'X-OpenTracy-Request-Timeout-Ms': '500' },
      );
      return { r, text: await r.text() };
    });
    assert.equal(res.r.status, 200);
    assert.match(res.text, /"code":"timeout"/);
    assert.match(res.text, /deadline of 500 ms/);
    assert.ok(ms >= 450 && ms < 2400, `stream ended after ${ms} ms (the whole stream takes 12 x 200 ms)`);
    await h.mock.waitFor(() => h.mock.stats.open === 0, 3000);
  });

  it('a request within its deadline is unaffected', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-slow-100', messages: msg('in time') }, { 'X-OpenTracy-Request-Timeout-Ms': '1000' });
    assert.equal(res.status, 200);
  });
});

describe('retries when the client retries by itself', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('the OpenAI SDK (2 retries) against a 429 upstream makes 3 upstream calls, not 9', async () => {
    h.mock.reset();
    const sdk = new OpenAI({ apiKey: 'unused', baseURL: `${h.base}/v1`, maxRetries: 2, timeout: 20_000 });
    // Retry-After: 0: the SDK then waits its own short backoff (~0.5 s, ~1 s).
    await assert.rejects(sdk.chat.completions.create({ model: 'openai/mock-429-0', messages: [{ role: 'user', content: 'rate limited' }] }), (e: unknown) => e instanceof OpenAI.RateLimitError);
    assert.equal(h.mock.requests.length, 3);
    assert.deepEqual(h.mock.requests.map((r) => r.headers['x-stainless-retry-count']), [undefined, undefined, undefined], 'the header is not forwarded upstream');
  });

  it('fallbacks to other targets still happen for such a client', async () => {
    h.mock.reset();
    const sdk = new OpenAI({ apiKey: 'unused', baseURL: `${h.base}/v1`, maxRetries: 0, timeout: 10_000 });
    const params = { model: 'openai/mock-503-0', messages: [{ role: 'user', content: 'fall back' }], fallbacks: ['anthropic/claude-3-5-haiku'] };
    const { response } = await sdk.chat.completions.create(params as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming).withResponse();
    assert.equal(response.headers.get('x-opentracy-selected-model'), 'anthropic/claude-3-5-haiku');
    assert.deepEqual(h.mock.requests.map((r) => r.path), ['/v1/chat/completions', '/v1/messages']);
  });

  it('an SDK that removes the header (and retries 0 times itself) gets the gateway retries', async () => {
    h.mock.reset();
    const sdk = new OpenAI({ apiKey: 'unused', baseURL: `${h.base}/v1`, maxRetries: 0, timeout: 10_000, defaultHeaders: { 'X-Stainless-Retry-Count': null } });
    await assert.rejects(sdk.chat.completions.create({ model: 'openai/mock-429-0', messages: [{ role: 'user', content: 'gateway retries' }] }), (e: unknown) => e instanceof OpenAI.RateLimitError);
    assert.equal(h.mock.requests.length, 3);
  });

  it('a client without the header still gets the gateway retries', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-429-0', messages: msg('plain client') });
    assert.equal(res.status, 429);
    assert.equal(h.mock.requests.length, 3);
  });
});
