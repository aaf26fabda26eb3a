/** Auth, CORS, sessions, runtime keys, metrics, health and graceful shutdown. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { startHarness } from '../helpers/gateway-harness.js';

const msg = [{ role: 'user', content: 'hi' }];
const TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };

describe('operations', () => {
  it('bearer auth: 401 in the OpenAI shape without a valid token; /health stays open', async () => {
    const h = await startHarness({ env: { OPENTRACY_API_KEYS: 'tok-a,tok-b' } });
    try {
      const none = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg });
      assert.equal(none.status, 401);
      assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'unauthorized');
      const wrong = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg }, { authorization: 'Bearer tok-c' });
      assert.equal(wrong.status, 401);
      const ok = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg }, { authorization: 'Bearer tok-b' });
      assert.equal(ok.status, 200);
      assert.equal((await fetch(h.base + '/health')).status, 200);
      assert.equal((await fetch(h.base + '/v1/models')).status, 401);
      await assert.rejects(new OpenAI({ apiKey: 'bad', baseURL: h.base + '/v1', maxRetries: 0 }).models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
      const models = await h.client.models.list();
      assert.ok(models.data.length > 0, 'the SDK with a configured token works');
    } finally {
      await h.close();
    }
  });

  it('CORS: preflight 204, X-OpenTracy headers exposed, session header allowed', async () => {
    const h = await startHarness();
    try {
      const pre = await fetch(h.base + '/v1/chat/completions', { method: 'OPTIONS' });
      assert.equal(pre.status, 204);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /X-OpenTracy-Session-Id/);
      const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg });
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /X-OpenTracy-Selected-Model/);
    } finally {
      await h.close();
    }
  });

  it('tool-call sessions: id on the tool turn, pinned follow-up, done on the final turn', async () => {
    const h = await startHarness();
    try {
      const first = await h.post('/v1/chat/completions', { model: 'openai/mock-tools', messages: [{ role: 'user', content: 'weather?' }], tools: [TOOL] });
      const sid = first.headers.get('x-opentracy-session-id');
      assert.match(sid ?? '', /^opentracy-session-[0-9a-f]{32}$/);
      const body = (await first.json()) as { choices: Array<{ message: { tool_calls: Array<{ id: string }> } }> };
      const call = body.choices[0]!.message.tool_calls[0]!;
      const follow = await h.post(
        '/v1/chat/completions',
        { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '21C' }], tools: [TOOL] },
        { 'x-opentracy-session-id': sid! },
      );
      assert.equal(follow.status, 200);
      assert.equal(follow.headers.get('x-opentracy-session-done'), 'true');
      const id = follow.headers.get('x-opentracy-request-id')!;
      await h.gw.traces!.flush();
      const { openTraceStore } = await import('../../src/traces/store-open.js');
      const store = openTraceStore(h.dataDir, { readOnly: true });
      const t = store.traces.get(id)!;
      assert.equal(t.session_id, sid);
      assert.equal(t.execution_timeline[0]!.phase, 'tool_execution');
      assert.equal(t.execution_timeline[0]!.tool_output, '21C');
      await store.root.close();
      assert.equal(h.gw.sessions.size(), 0);
    } finally {
      await h.close();
    }
  });

  it('runtime provider keys: set, list, use, clear; secrets file reload', async () => {
    const h = await startHarness({ withoutKeys: ['ANTHROPIC_API_KEY'] });
    try {
      const call = () => h.post('/v1/chat/completions', { model: 'anthropic/claude-3-5-haiku', messages: msg });
      assert.equal((await call()).status, 400);
      const set = await h.post('/v1/config/keys', { provider: 'anthropic', api_key: 'sk-runtime' });
      assert.equal(set.status, 200);
      assert.ok(((await (await fetch(h.base + '/v1/config/keys')).json()) as { configured_providers: string[] }).configured_providers.includes('anthropic'));
      assert.equal((await call()).status, 200);
      assert.equal(h.mock.requests.at(-1)!.headers['x-api-key'], 'sk-runtime');
      assert.equal((await fetch(h.base + '/v1/config/keys/anthropic', { method: 'DELETE' })).status, 200);
      assert.equal((await call()).status, 400);
      assert.equal((await h.post('/v1/config/keys', { provider: 'nope', api_key: 'x' })).status, 404);
      writeFileSync(join(h.dataDir, 'secrets.json'), JSON.stringify({ anthropic: 'sk-from-file' }));
      const reload = (await (await h.post('/v1/config/reload', {})).json()) as { loaded: number };
      assert.equal(reload.loaded, 1);
      assert.equal((await call()).status, 200);
      assert.equal(h.mock.requests.at(-1)!.headers['x-api-key'], 'sk-from-file');
    } finally {
      await h.close();
    }
  });

  it('metrics and health reflect traffic', async () => {
    const h = await startHarness();
    try {
      await (await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg })).text();
      await (await h.post('/v1/chat/completions', { model: 'openai/mock-500', messages: msg })).text();
      const m = (await (await fetch(h.base + '/v1/metrics')).json()) as { total_requests: number; total_errors: number; by_provider: Record<string, unknown> };
      assert.equal(m.total_requests, 2);
      assert.equal(m.total_errors, 1);
      assert.ok(m.by_provider.openai);
      const recent = (await (await fetch(h.base + '/v1/metrics/recent?n=1')).json()) as unknown[];
      assert.equal(recent.length, 1);
      assert.equal((await fetch(h.base + '/v1/metrics/recent?n=-1')).status, 400);
      const health = (await (await fetch(h.base + '/health')).json()) as Record<string, unknown>;
      assert.equal(health.status, 'healthy');
      assert.equal(health.http_engine, 'uws-native');
      assert.equal((health.traces as { accepted: number }).accepted, 2);
    } finally {
      await h.close();
    }
  });

  it('graceful shutdown finishes in-flight requests and flushes their traces', async () => {
    const h = await startHarness();
    const inflight = h.post('/v1/chat/completions', { model: 'openai/mock-slow-300', messages: msg });
    await h.mock.waitFor(() => h.mock.stats.open === 1, 2000);
    const closing = h.gw.close();
    const res = await inflight;
    assert.equal(res.status, 200);
    await res.text();
    await closing;
    assert.equal(h.gw.traces!.stats().written, 1);
    await assert.rejects(fetch(h.base + '/health'), 'no longer listening');
    await h.close();
  });
});
