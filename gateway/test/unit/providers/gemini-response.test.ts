import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geminiAdapter as adapter } from '../../../src/providers/gemini/index.js';
import { fixture, reassemble, runStream } from '../../fixtures/providers/load.js';

const ctx = { model: 'gemini-2.5-flash', created: 1700000000 };

test('response: text -> chat.completion', () => {
  const { json, summary } = adapter.decodeResponse(fixture('gemini', 'response-text.json'), ctx);
  assert.deepEqual(JSON.parse(json), {
    id: 'chatcmpl-resp-text-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gemini-2.5-flash',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world' }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
  assert.equal(summary.finishReason, 'stop');
});

test('response: functionCall parts -> tool_calls with generated ids', () => {
  const { json, summary } = adapter.decodeResponse(fixture('gemini', 'response-tools.json'), ctx);
  const doc = JSON.parse(json) as { choices: { message: { content: unknown; tool_calls: unknown }; finish_reason: string }[] };
  assert.equal(doc.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(doc.choices[0]?.message.content, null);
  assert.deepEqual(doc.choices[0]?.message.tool_calls, [
    { id: 'call_resp-tools-1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'call_resp-tools-1_1', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
  ]);
  assert.equal(summary.toolCalls.length, 2);
});

for (const [reason, finish] of [['STOP', 'stop'], ['MAX_TOKENS', 'length'], ['SAFETY', 'content_filter'], ['RECITATION', 'content_filter'], ['OTHER', 'stop']] as const) {
  test(`response: finishReason ${reason} -> ${finish}`, () => {
    const body = JSON.stringify({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] });
    assert.equal(adapter.decodeResponse(body, ctx).summary.finishReason, finish);
  });
}

test('response: thought parts are not content; thinking tokens are completion tokens', () => {
  const body = JSON.stringify({
    candidates: [{ content: { parts: [{ text: 'thinking...', thought: true }, { text: 'answer' }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, thoughtsTokenCount: 10, totalTokenCount: 14 },
  });
  const { summary } = adapter.decodeResponse(body, ctx);
  assert.equal(summary.content, 'answer');
  assert.deepEqual(summary.usage, { prompt_tokens: 3, completion_tokens: 11, total_tokens: 14 });
  assert.equal(summary.id, 'chatcmpl-1700000000', 'id from ctx when no responseId');
});

test('response: a blocked prompt -> content_filter with empty content', () => {
  const body = JSON.stringify({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } });
  const { summary } = adapter.decodeResponse(body, ctx);
  assert.equal(summary.finishReason, 'content_filter');
  assert.equal(summary.content, '');
});

test('stream: text chunks, finish, final usage chunk and [DONE] from end()', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: true });
  const r = reassemble(runStream(d, fixture('gemini', 'stream-text.sse')));
  assert.equal(r.content, 'Hello world');
  assert.equal(r.finishReason, 'stop');
  assert.deepEqual(r.usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  assert.equal(r.done, 1);
  assert.deepEqual((r.chunks[0] as { choices: { delta: unknown }[] }).choices[0]?.delta, { role: 'assistant', content: 'Hello' });
  assert.equal((r.chunks[0] as { id: string }).id, 'chatcmpl-resp-s1');
});

test('stream: no usage chunk unless asked', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('gemini', 'stream-text.sse')));
  assert.equal(r.usage, undefined);
  assert.deepEqual(d.summary().usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
});

test('stream: tool calls whole in one delta, with indexes; finish tool_calls', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const r = reassemble(runStream(d, fixture('gemini', 'stream-tools.sse')));
  assert.deepEqual(r.toolCalls, [
    { id: 'call_resp-s2_0', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: 'call_resp-s2_1', name: 'get_time', arguments: '{"tz":"CET"}' },
  ]);
  assert.equal(r.finishReason, 'tool_calls');
  assert.equal(d.summary().finishReason, 'tool_calls');
});

test('stream: mid-stream error -> OpenAI error event, error() set', () => {
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: true });
  const r = reassemble(runStream(d, fixture('gemini', 'stream-error.sse')));
  assert.equal(r.content, 'Hel');
  assert.deepEqual(r.errors, [{ message: 'The model is overloaded. Please try again later.', type: 'api_error', code: 'UNAVAILABLE', param: null }]);
  assert.deepEqual(d.error(), { status: 503, message: 'The model is overloaded. Please try again later.', providerCode: 'UNAVAILABLE' });
  assert.equal(r.usage, undefined, 'no usage chunk after an error');
});

test('thought signatures of functionCall parts reach the client as tool_calls[].extra_content.google', () => {
  const doc = {
    responseId: 'r-sig',
    candidates: [{
      content: { role: 'model', parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTE=' },
        { functionCall: { name: 'get_time', args: {} } },
      ] },
      finishReason: 'STOP',
    }],
  };
  const { json } = adapter.decodeResponse(JSON.stringify(doc), ctx);
  const calls = (JSON.parse(json) as { choices: { message: { tool_calls: unknown[] } }[] }).choices[0]!.message.tool_calls;
  assert.deepEqual(calls, [
    { id: 'call_r-sig_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' }, extra_content: { google: { thought_signature: 'c2lnLTE=' } } },
    { id: 'call_r-sig_1', type: 'function', function: { name: 'get_time', arguments: '{}' } },
  ]);
  const d = adapter.createStreamDecoder({ ...ctx, clientWantsUsage: false });
  const out = d.push({ event: '', data: JSON.stringify(doc) });
  const delta = (JSON.parse(out.slice('data: '.length).trim()) as { choices: { delta: { tool_calls: Array<Record<string, unknown>> } }[] }).choices[0]!.delta;
  assert.deepEqual(delta.tool_calls[0]!.extra_content, { google: { thought_signature: 'c2lnLTE=' } });
  assert.equal(delta.tool_calls[1]!.extra_content, undefined);
});
