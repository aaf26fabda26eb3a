/** Upstream faults: retries, fallbacks, resets, stalls, mid-stream errors, client aborts. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const msg = (content: string) => [{ role: 'user', content }];

async function readSse(res: Response): Promise<string> {
  return await res.text();
}

describe('upstream faults', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { OPENTRACY_BODY_GAP_MS: '300' } });
  });
  after(async () => {
    await h.close();
  });

  it('retries a 500 and succeeds; the attempts are traced', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-500-once', messages: msg('retry me') });
    assert.equal(res.status, 200);
    assert.equal(h.mock.requests.length, 2);
    const id = res.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const t = store.traces.get(id)!;
    assert.deepEqual(t.provider_attempts.map((a) => a.status), [500, 200]);
    assert.equal(t.fallback_count, 0);
    await store.root.close();
  });

  it('retries a connection reset', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-reset-once', messages: msg('reset me') });
    assert.equal(res.status, 200);
    assert.equal(h.mock.stats.resets, 1);
    assert.equal(h.mock.requests.length, 2, 'the same request sent again after the reset');
    const id = res.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const t = store.traces.get(id)!;
    assert.deepEqual(t.provider_attempts.map((a) => a.status), [0, 200], 'a connection failure (no status), then the answer');
    assert.equal(t.fallback_count, 0, 'a retry, not a fallback');
    await store.root.close();
  });

  it('falls back to the next model once retries are spent, and says which answered', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-503', messages: msg('fall back'), fallbacks: ['anthropic/claude-3-5-haiku'] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'anthropic/claude-3-5-haiku');
    assert.equal(res.headers.get('x-opentracy-provider'), 'anthropic');
    const paths = h.mock.requests.map((r) => r.path);
    assert.deepEqual(paths, ['/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions', '/v1/messages']);
  });

  it('does not retry or fall back on a 400', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-400', messages: msg('bad'), fallbacks: ['openai/gpt-4o-mini'] });
    assert.equal(res.status, 400);
    assert.equal(h.mock.requests.length, 1);
    assert.equal(h.mock.requests[0]!.model, 'mock-400', 'the fallback was not called');
  });

  it('a stalled stream ends with an SSE error event after the body gap timeout', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-stall', stream: true, messages: msg('stall') });
    assert.equal(res.status, 200);
    const text = await readSse(res);
    // The last event is the error, after whatever content arrived before the stall.
    const events = text.split('\n\n').filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]');
    assert.match(events.at(-1) ?? '', /^data: \{"error":\{.*"code":"timeout"/);
  });

  it('a mid-stream provider error is relayed as an error event and traced as an error', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-midstream-error', stream: true, messages: msg('boom') });
    const text = await readSse(res);
    const events = text.split('\n\n').filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]');
    assert.ok(events.length >= 3, `content chunks, then the error: ${text}`);
    assert.ok(events.slice(0, -1).every((e) => !e.startsWith('data: {"error"')), 'content relayed before the error');
    assert.match(events.at(-1)!, /^data: \{"error":\{/);
    const id = res.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const t = store.traces.get(id)!;
    assert.equal(t.is_error, true);
    assert.equal(t.is_stream, true);
    await store.root.close();
  });

  it('a client that disconnects mid-stream cancels the upstream request', async () => {
    h.mock.reset();
    const abort = new AbortController();
    const res = await fetch(h.base + '/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/mock-slow-stream-100', stream: true, messages: msg('one two three four five six seven eight') }),
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await h.mock.waitFor(() => h.mock.stats.aborted >= 1, 3000);
    assert.equal(h.mock.stats.open, 0);
  });

  it('a client that disconnects while waiting for a non-streaming answer cancels the upstream request', async () => {
    h.mock.reset();
    const abort = new AbortController();
    const p = fetch(h.base + '/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/mock-slow-2000', messages: msg('slow') }),
      signal: abort.signal,
    }).catch(() => undefined);
    await h.mock.waitFor(() => h.mock.stats.open === 1, 2000);
    abort.abort();
    await p;
    await h.mock.waitFor(() => h.mock.stats.aborted >= 1, 3000);
    assert.equal(h.mock.stats.completed, 0, 'the upstream answer was never waited for');
    await h.mock.waitFor(() => h.mock.stats.open === 0, 3000);
  });
});
