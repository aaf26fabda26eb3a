import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicAdapter as adapter } from '../../../src/providers/anthropic/index.js';
import { fixture, reassemble, runStream } from '../../fixtures/providers/load.js';

const ctx = { model: 'claude-sonnet-4-5', created: 1700000000 };

test('response: text -> chat.completion with created from ctx', () => {
  const { json, summary } = adapter.decodeResponse(fixture('anthropic', 'response-text.json'), ctx);
  assert.deepEqual(JSON.parse(json), {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    object: 'chat.completion',
    created: 1700000000,
    model: 'claude-sonnet-4-5-20250929',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world' }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
  assert.equal(summary.content, 'Hello world');
});

test('response: tool_use blocks -> tool_calls, finish tool_calls, null content', () => {
  const { json, summary } = adapter.decodeResponse(fixture('anthropic', 'response-tools.json'), ctx);
  const doc = JSON.parse(json) as { choices: { message: { content: unknown; tool_calls: unknown }; finish_reason: string }[] };
  assert.equal(doc.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(doc.choices[0]?.message.content, null);
  assert.deepEqual(doc.choices[0]?.message.tool_calls, [
    { id: 'toolu_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'toolu_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
  ]);
  assert.deepEqual(summary.usage, { prompt_tokens: 30, completion_tokens: 20, total_tokens: 50 });
});

for (const [stop, finish] of [['end_turn', 'stop'], ['stop_sequence', 'stop'], ['max_tokens', 'length'], ['tool_use', 'tool_calls'], ['refusal', 'content_filter']] as const) {
  test(`response: stop_reason ${stop} -> ${finish}`, () => {
    const body = JSON.stringify({ id: 'm', model: 'c', content: [{ type: 'text', text: 'x' }], stop_reason: stop, usage: { input_tokens: 1, output_tokens: 1 } });
    assert.equal(adapter.decodeResponse(body, ctx).summary.finishReason, finish);
  });
}

test('response: cache tokens count as prompt tokens, reads as cached_tokens, writes as cache_creation_input_tokens', () => {
  const body = JSON.stringify({ id: 'm', model: 'c', content: [], stop_reason: 'end_turn', usage: { input_tokens: 10, cache_creation_input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 2 } });
  assert.deepEqual(adapter.decodeResponse(body, ctx).summary.usage, { prompt_tokens: 115, completion_tokens: 2, total_tokens: 117, prompt_tokens_details: { cached_tokens: 100 }, cache_creation_input_tokens: 5 });
});

test('stream: text, role chunk first, finish + usage with prompt AND completion tokens', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: true });
  const out = runStream(d, fixture('anthropic', 'stream-text.sse'));
  const r = reassemble(out);
  assert.equal(r.content, 'Hello world');
  assert.equal(r.finishReason, 'stop');
  assert.deepEqual(r.usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  assert.equal(r.done, 1);
  const first = r.chunks[0] as { id: string; object: string; created: number; model: string; choices: { delta: unknown }[] };
  assert.deepEqual(first.choices[0]?.delta, { role: 'assistant', content: '' });
  assert.equal(first.id, 'msg_stream1');
  assert.equal(first.object, 'chat.completion.chunk');
  assert.equal(first.created, 1700000000);
  assert.equal(first.model, 'claude-sonnet-4-5-20250929');
  assert.deepEqual(d.summary(), {
    id: 'msg_stream1',
    model: 'claude-sonnet-4-5-20250929',
    content: 'Hello world',
    toolCalls: [],
    finishReason: 'stop',
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
});

test('stream: no usage chunk unless the client asked, usage still recorded', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('anthropic', 'stream-text.sse')));
  assert.equal(r.usage, undefined);
  assert.deepEqual(d.summary().usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
});

test('stream: parallel tool calls get indexes 0 and 1 with their argument deltas', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('anthropic', 'stream-tools.sse')));
  assert.deepEqual(r.toolCalls, [
    { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: 'toolu_b', name: 'get_time', arguments: '{"tz":"CET"}' },
  ]);
  assert.equal(r.finishReason, 'tool_calls');
  assert.deepEqual(d.summary().toolCalls.map((t) => t.function.arguments), ['{"city":"Paris"}', '{"tz":"CET"}']);
});

test('stream: a tool block after a text block still gets tool index 0 (regression: block index != tool index)', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: true });
  const r = reassemble(runStream(d, fixture('anthropic', 'stream-text-then-tool.sse')));
  assert.equal(r.content, 'Let me check.');
  assert.deepEqual(r.toolCalls, [{ id: 'toolu_x', name: 'get_weather', arguments: '{"city": "Paris"}' }]);
  assert.deepEqual(r.usage, { prompt_tokens: 140, completion_tokens: 33, total_tokens: 173, prompt_tokens_details: { cached_tokens: 100 } });
});

test('stream: error event -> OpenAI-shaped error data event, error() set', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('anthropic', 'stream-error.sse')));
  assert.equal(r.content, 'Hel');
  assert.deepEqual(r.errors, [{ message: 'Overloaded', type: 'api_error', code: 'overloaded_error', param: null }]);
  assert.deepEqual(d.error(), { status: 529, message: 'Overloaded', providerCode: 'overloaded_error' });
});

test('stream: ping and unknown events emit nothing; nothing after message_stop', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  assert.equal(d.push({ event: 'ping', data: '{"type":"ping"}' }), '');
  assert.equal(d.push({ event: 'x', data: '{"type":"future_event"}' }), '');
  assert.equal(d.push({ event: 'message_stop', data: '{"type":"message_stop"}' }), 'data: [DONE]\n\n');
  assert.equal(d.push({ event: 'ping', data: '{"type":"ping"}' }), '');
  assert.equal(d.end(), '');
});
