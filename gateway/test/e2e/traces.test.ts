/** Every request is a trace in LMDB with the right fields; internal requests are not. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outputMessageOf } from '../../../core/contract/trace.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

describe('traces', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  async function traceOf(res: Response) {
    const id = res.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      return { id, t: store.traces.get(id), models: [...store.indexes.byModel.getKeys({ start: ['gpt-4o-mini'], end: ['gpt-4o-mini\uffff'] })] };
    } finally {
      await store.root.close();
    }
  }

  it('non-streaming: content, usage, cost, latency, metadata, indexes', async () => {
    const res = await h.post(
      '/v1/chat/completions',
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'trace this please' }], metadata: { team: 'search' } },
      { 'x-opentracy-metadata': 'env=prod;tier=gold' },
    );
    assert.equal(res.status, 200);
    await res.text();
    const { id, t, models } = await traceOf(res);
    assert.ok(t, 'trace written');
    assert.equal(t.request_id, id);
    assert.equal(t.request_type, 'chat');
    assert.equal(t.requested_model, 'openai/gpt-4o-mini');
    assert.equal(t.selected_model, 'gpt-4o-mini');
    assert.equal(t.provider, 'openai');
    assert.equal(t.input_text, 'trace this please');
    assert.equal(t.input_messages.length, 2);
    assert.match(t.output_text, /trace this please/);
    assert.equal(t.finish_reason, 'stop');
    assert.ok(t.tokens_in > 0 && t.tokens_out > 0);
    assert.equal(t.usage_estimated, false);
    assert.ok(t.total_cost_usd > 0);
    assert.ok(t.latency_ms > 0 && t.upstream_ms > 0 && t.upstream_ms <= t.latency_ms);
    assert.equal(t.status, 200);
    assert.equal(t.is_error, false);
    assert.equal(t.cluster_id, -1);
    assert.deepEqual(t.metadata, { team: 'search', env: 'prod', tier: 'gold' });
    assert.deepEqual(t.execution_timeline, [], 'single-turn requests carry no timeline; readers derive it');
    assert.equal(t.output_message, null, 'no tool calls: the message would only repeat output_text');
    assert.deepEqual(outputMessageOf(t), { role: 'assistant', content: t.output_text });
    assert.ok(models.some((k) => (k as string[])[1] === id), 'model index entry written in the same batch');
  });

  it('streaming: content and tool calls rebuilt from the stream, ttft recorded', async () => {
    const res = await h.post('/v1/chat/completions', {
      model: 'openai/mock-tools',
      stream: true,
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    });
    await res.text();
    const { t } = await traceOf(res);
    assert.ok(t);
    assert.equal(t.request_type, 'chat_stream');
    assert.equal(t.is_stream, true);
    assert.equal(t.finish_reason, 'tool_calls');
    assert.equal(t.response_tool_calls[0]!.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(t.response_tool_calls[0]!.function.arguments), { location: 'Paris, France', unit: 'celsius' });
    assert.ok(t.ttft_ms > 0 && t.ttft_ms <= t.latency_ms);
    assert.ok(t.session_id.startsWith('opentracy-session-'), 'a tool-call stream opens a session');
    assert.equal((t.output_message as { tool_calls: unknown[] }).tool_calls.length, 1, 'tool calls keep the full message');
  });

  it('errors are traced with status and category', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/mock-401', messages: [{ role: 'user', content: 'x' }] });
    await res.text();
    const { t } = await traceOf(res);
    assert.ok(t);
    assert.equal(t.status, 401);
    assert.equal(t.is_error, true);
    assert.equal(t.error_category, 'AUTH_ERROR');
  });

  it('X-OpenTracy-Internal: true skips the trace', async () => {
    const before = h.gw.traces!.stats().accepted;
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'internal' }] }, { 'x-opentracy-internal': 'true' });
    await res.text();
    assert.equal(res.status, 200);
    assert.equal(h.gw.traces!.stats().accepted, before);
  });

  it('POST /v1/traces ingests external traces with their timestamps', async () => {
    const jsonl = [
      JSON.stringify({ model: 'gpt-4o', input: 'q1', output: 'a1', tokens_in: 10, tokens_out: 20, timestamp: '2026-01-02T03:04:05Z' }),
      'not json',
      JSON.stringify({ messages: [{ role: 'user', content: 'q2' }, { role: 'assistant', content: 'a2' }], model: 'gpt-4o-mini' }),
    ].join('\n');
    const res = await fetch(h.base + '/v1/traces', { method: 'POST', body: jsonl });
    const body = (await res.json()) as { ingested: number; skipped: number; ids: string[] };
    assert.equal(res.status, 200);
    assert.equal(body.ingested, 2);
    assert.equal(body.skipped, 1);
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const t = store.traces.get(body.ids[0]!)!;
    assert.equal(t.timestamp, Date.parse('2026-01-02T03:04:05Z'));
    assert.ok(t.total_cost_usd > 0, 'priced from the model');
    await store.root.close();
    const empty = await fetch(h.base + '/v1/traces', { method: 'POST', body: '{}' });
    assert.equal(empty.status, 400);
  });
});
