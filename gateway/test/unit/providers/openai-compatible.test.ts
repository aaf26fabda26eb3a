import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openaiCompatibleAdapter as adapter } from '../../../src/providers/openai-compatible/index.js';
import type { BuildInput, ChatBody } from '../../../src/providers/types.js';
import { fixture, reassemble, runStream, testProvider } from '../../fixtures/providers/load.js';

const provider = testProvider('openai');
const ctx = { model: 'gpt-4o-mini', created: 1700000000 };

function build(body: ChatBody, over: Partial<BuildInput> = {}) {
  const call = adapter.buildRequest({ body, target: { provider, model: 'gpt-4o-mini' }, stream: false, wantStreamUsage: false, ...over });
  return { call, body: JSON.parse(call.body) as Record<string, unknown> };
}

test('request: model replaced, stream set, unknown fields kept, gateway-only fields stripped', () => {
  const { call, body } = build({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    response_format: { type: 'json_object' },
    seed: 7,
    max_completion_tokens: 99,
    metadata: { trace: 'x' },
    logit_bias: { '50256': -100 },
    fallbacks: ['x'],
    cost_weight: 0.5,
    available_models: ['a'],
    session_id: 's',
  });
  assert.equal(call.origin, 'https://api.openai.com');
  assert.equal(call.path, '/v1/chat/completions');
  assert.equal(call.headers.authorization, 'Bearer sk-test');
  assert.equal(call.headers['content-type'], 'application/json');
  assert.deepEqual(body, {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    response_format: { type: 'json_object' },
    seed: 7,
    max_completion_tokens: 99,
    metadata: { trace: 'x' },
    logit_bias: { '50256': -100 },
    stream: false,
  });
});

test('request: streams merge include_usage into the client stream_options', () => {
  const { body } = build(
    { model: 'm', messages: [], stream: true, stream_options: { include_obfuscation: false } },
    { stream: true, wantStreamUsage: true },
  );
  assert.deepEqual(body.stream_options, { include_obfuscation: false, include_usage: true });
  const plain = build({ model: 'm', messages: [], stream: true }, { stream: true, wantStreamUsage: false });
  assert.equal(plain.body.stream_options, undefined);
  const nonStream = build({ model: 'm', messages: [], stream_options: { include_usage: true } });
  assert.equal(nonStream.body.stream_options, undefined, 'stream_options is invalid without stream');
});

test('request: the client body object is not mutated', () => {
  const body: ChatBody = { model: 'x', messages: [], stream_options: { include_usage: false } };
  const before = JSON.stringify(body);
  build(body, { stream: true, wantStreamUsage: true });
  assert.equal(JSON.stringify(body), before);
});

test('request: base URL path prefixes and auth styles', () => {
  const cases = [
    [testProvider('openai', { baseUrl: 'https://api.groq.com/openai/v1' }), '/openai/v1/chat/completions', 'authorization'],
    [testProvider('openai', { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: '', needsKey: false }), '/v1/chat/completions', undefined],
    [testProvider('openai', { baseUrl: 'https://api.perplexity.ai', auth: 'api-key' }), '/chat/completions', 'api-key'],
  ] as const;
  for (const [p, path, header] of cases) {
    const call = adapter.buildRequest({ body: { model: 'm', messages: [] }, target: { provider: p, model: 'm' }, stream: false, wantStreamUsage: false });
    assert.equal(call.path, path);
    const keys = Object.keys(call.headers).filter((h) => h === 'authorization' || h === 'api-key');
    assert.deepEqual(keys, header ? [header] : []);
  }
});

test('response: returned byte for byte, summary parsed', () => {
  const text = fixture('openai', 'response-text.json');
  const { json, summary } = adapter.decodeResponse(text, ctx);
  assert.equal(json, text);
  assert.deepEqual(summary, {
    id: 'chatcmpl-abc123',
    model: 'gpt-4o-mini-2024-07-18',
    content: 'Hello world',
    toolCalls: [],
    finishReason: 'stop',
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
  const tools = adapter.decodeResponse(fixture('openai', 'response-tools.json'), ctx).summary;
  assert.equal(tools.finishReason, 'tool_calls');
  assert.deepEqual(tools.toolCalls.map((t) => t.function.name), ['get_weather', 'get_time']);
  assert.throws(() => adapter.decodeResponse('<html>', ctx), /not a JSON object/);
});

test('stream: events forwarded unchanged; usage chunk kept when the client asked', () => {
  const sse = fixture('openai', 'stream-text.sse');
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: true });
  const out = runStream(d, sse);
  assert.equal(out, sse);
  assert.deepEqual(d.summary().usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  assert.equal(d.summary().content, 'Hello world');
  assert.equal(d.error(), null);
});

test('stream: the usage-only chunk is dropped when only the gateway asked for it', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('openai', 'stream-text.sse')));
  assert.equal(r.usage, undefined);
  assert.equal(r.done, 1);
  assert.deepEqual(d.summary().usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }, 'still recorded');
});

test('stream: tool-call deltas accumulate by index', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  runStream(d, fixture('openai', 'stream-tools.sse'));
  const s = d.summary();
  assert.equal(s.finishReason, 'tool_calls');
  assert.deepEqual(s.toolCalls, [
    { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
  ]);
});

test('stream: [DONE] once; end() adds it only when missing', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  assert.equal(d.push({ event: '', data: '[DONE]' }), 'data: [DONE]\n\n');
  assert.equal(d.push({ event: '', data: '[DONE]' }), '');
  assert.equal(d.end(), '');
  const e = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  assert.equal(e.end(), 'data: [DONE]\n\n');
  assert.equal(e.end(), '');
});

test('stream: a mid-stream error is forwarded and recorded', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('openai', 'stream-error.sse')));
  assert.equal(r.errors.length, 1);
  assert.equal(r.content, 'Hel');
  const err = d.error();
  assert.equal(err?.status, 500);
  assert.match(err?.message ?? '', /server had an error/);
  assert.equal(d.summary().content, 'Hel');
});

test('stream: non-JSON data is passed through untouched', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  assert.equal(d.push({ event: '', data: 'keep-alive' }), 'data: keep-alive\n\n');
});
