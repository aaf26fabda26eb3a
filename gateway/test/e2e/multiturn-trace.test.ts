/**
 * chat_multiturn (issue 17, reference 6.2 and 8): a finished tool-call session writes one roll-up
 * trace beside its turns' own: tokens and costs summed, latency since the first turn, ttft = the
 * last turn's latency, the first turn's messages, the whole timeline, tool_calls_count = tool steps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
type Call = { id: string; type: string; function: { name: string; arguments: string } };

describe('chat_multiturn traces', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  async function all(): Promise<TraceRecord[]> {
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      return [...store.traces.getRange({})].map((e) => e.value);
    } finally {
      await store.root.close();
    }
  }

  it('three turns (two tool calls, then an answer): one roll-up with sums, the first messages and the whole timeline', async () => {
    const user = { role: 'user', content: 'weather in Paris and Rome?' };
    const t1 = await h.post('/v1/chat/completions', { model: 'openai/mock-tools', messages: [user], tools: [TOOL] });
    const sid = t1.headers.get('x-opentracy-session-id')!;
    const c1 = ((await t1.json()) as { choices: Array<{ message: { tool_calls: Call[] } }> }).choices[0]!.message.tool_calls[0]!;
    const m2 = [user, { role: 'assistant', content: null, tool_calls: [c1] }, { role: 'tool', tool_call_id: c1.id, content: '21C' }];
    const t2 = await h.post('/v1/chat/completions', { model: 'openai/mock-tools', messages: m2, tools: [TOOL] }, { 'x-opentracy-session-id': sid });
    assert.equal(t2.headers.get('x-opentracy-session-id'), sid);
    const c2 = ((await t2.json()) as { choices: Array<{ message: { tool_calls: Call[] } }> }).choices[0]!.message.tool_calls[0]!;
    const m3 = [...m2, { role: 'assistant', content: null, tool_calls: [{ ...c2, id: 'call_2' }] }, { role: 'tool', tool_call_id: 'call_2', content: '25C' }];
    const t3 = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: m3, tools: [TOOL] }, { 'x-opentracy-session-id': sid });
    assert.equal(t3.headers.get('x-opentracy-session-done'), 'true');
    await t3.text();
    const ids = [t1, t2, t3].map((r) => r.headers.get('x-opentracy-request-id')!);

    const traces = await all();
    const turns = ids.map((id) => traces.find((t) => t.request_id === id)!);
    assert.ok(turns.every((t) => t !== undefined && t.session_id === sid && t.request_type === 'chat'), 'each turn keeps its own trace');
    const rolls = traces.filter((t) => t.request_type === 'chat_multiturn');
    assert.equal(rolls.length, 1);
    const r = rolls[0]!;
    assert.equal(r.session_id, sid);
    assert.ok(!ids.includes(r.request_id));
    assert.equal(r.timestamp, turns[0]!.timestamp);
    assert.equal(r.tokens_in, turns.reduce((s, t) => s + t.tokens_in, 0));
    assert.equal(r.tokens_out, turns.reduce((s, t) => s + t.tokens_out, 0));
    assert.ok(Math.abs(r.total_cost_usd - turns.reduce((s, t) => s + t.total_cost_usd, 0)) < 1e-9 && r.total_cost_usd > 0);
    assert.ok(r.latency_ms >= turns[2]!.timestamp - turns[0]!.timestamp, `${r.latency_ms}`);
    assert.ok(r.ttft_ms > 0 && r.ttft_ms <= r.latency_ms);
    assert.deepEqual(r.input_messages, [user]);
    assert.equal(r.input_text, user.content);
    assert.match(r.output_text, /Mock answer/);
    assert.equal(r.tool_calls_count, 2);
    assert.equal(r.has_tool_calls, true);
    assert.deepEqual(r.execution_timeline.map((s) => s.phase), ['inference', 'tool_execution', 'inference', 'tool_execution', 'inference']);
    assert.deepEqual(r.execution_timeline.map((s) => s.step), [1, 2, 3, 4, 5]);
    assert.deepEqual(r.execution_timeline.filter((s) => s.phase === 'tool_execution').map((s) => s.tool_output), ['21C', '25C']);
    assert.equal(r.metadata.turns, '3');
    assert.equal(r.metadata.final_request_id, ids[2]);
  });

  it('a session that has not finished, and a plain request, write no roll-up', async () => {
    const before = (await all()).filter((t) => t.request_type === 'chat_multiturn').length;
    const t1 = await h.post('/v1/chat/completions', { model: 'openai/mock-tools', messages: [{ role: 'user', content: 'weather?' }], tools: [TOOL] });
    assert.ok(t1.headers.get('x-opentracy-session-id'));
    await t1.text();
    await (await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], tools: [TOOL] })).text();
    assert.equal((await all()).filter((t) => t.request_type === 'chat_multiturn').length, before);
  });
});
