/** Anthropic Messages <-> chat transforms: the request mapping and the event-stream encoder (pure). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/errors.js';
import { anthropicToChat } from '../../../src/ingress/anthropic/request.js';
import { anthropicErrorType, encodeMessage, stopReasonOf } from '../../../src/ingress/anthropic/response.js';
import { wrapAnthropicStream } from '../../../src/ingress/anthropic/stream.js';
import { createStreamDecoder } from '../../../src/providers/openai-compatible/stream.js';

const chunk = (delta: object, finish: string | null = null) => ({ event: '', data: JSON.stringify({ id: 'chatcmpl-1', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] }) });

function events(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text.split('\n\n').filter(Boolean).map((b) => {
    const [ev, data] = b.split('\n');
    return { event: ev!.slice(7), data: JSON.parse(data!.slice(6)) as Record<string, unknown> };
  });
}

describe('Anthropic request -> chat body', () => {
  it('tool results become tool messages before the rest of the user turn; thinking is dropped; is_error is marked', () => {
    const body = anthropicToChat({
      model: 'openai/x',
      max_tokens: 10,
      system: [{ type: 'text', text: 'S1' }, { type: 'text', text: 'S2' }],
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }, { type: 'tool_use', id: 't2', name: 'g', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'r1' }] }, { type: 'tool_result', tool_use_id: 't2', content: 'bad', is_error: true }, { type: 'text', text: 'go on' }] },
      ],
    });
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'S1\n\nS2' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }, { id: 't2', type: 'function', function: { name: 'g', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'r1' },
      { role: 'tool', tool_call_id: 't2', content: 'Error: bad' },
      { role: 'user', content: 'go on' },
    ]);
    assert.equal(body.max_tokens, 10);
  });

  it('model defaults to auto; bad inputs are 400s naming the field', () => {
    assert.equal(anthropicToChat({ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).model, 'auto');
    for (const [input, param] of [
      [{ messages: [] }, 'messages'],
      [{ max_tokens: 0, messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
      [{ messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages[0].content[0].type'],
      [{ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
      [{ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'sometimes' } }, 'tool_choice'],
    ] as const) {
      assert.throws(() => anthropicToChat(input), (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === param, JSON.stringify(input));
    }
  });

  it('stop reasons and error types map both ways', () => {
    assert.deepEqual(['stop', 'length', 'tool_calls', 'content_filter', ''].map(stopReasonOf), ['end_turn', 'max_tokens', 'tool_use', 'refusal', 'end_turn']);
    assert.deepEqual([400, 401, 404, 413, 429, 500, 502, 503, 504, 529].map(anthropicErrorType), ['invalid_request_error', 'authentication_error', 'not_found_error', 'request_too_large', 'rate_limit_error', 'api_error', 'api_error', 'overloaded_error', 'timeout_error', 'overloaded_error']);
    const json = JSON.parse(encodeMessage({ summary: { id: 'chatcmpl-9', model: 'm', content: '', toolCalls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }], finishReason: 'tool_calls', usage: null }, usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }, requestId: 'r1', created: 0, model: 'm', upstreamText: '', family: 'openai' })) as Record<string, unknown>;
    assert.equal(json.id, 'msg_r1');
    assert.deepEqual(json.content, [{ type: 'tool_use', id: 'c1', name: 'f', input: { arguments: 'not json' } }]);
    assert.deepEqual(json.usage, { input_tokens: 3, output_tokens: 4 });
  });
});

describe('chat chunks -> Anthropic event stream', () => {
  it('text then two tool calls: blocks open and close in order, usage from the summary, message_stop last', () => {
    const s = wrapAnthropicStream(createStreamDecoder({ model: 'm', created: 0, clientWantsUsage: false }), { requestId: 'r', model: 'm' });
    let out = s.push(chunk({ role: 'assistant', content: '' }));
    out += s.push(chunk({ content: 'Hi' }));
    out += s.push(chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x"' } }] }));
    out += s.push(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }));
    out += s.push(chunk({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } }] }));
    out += s.push(chunk({}, 'tool_calls'));
    out += s.push({ event: '', data: JSON.stringify({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } }) });
    out += s.push({ event: '', data: '[DONE]' });
    out += s.end();
    const evs = events(out);
    assert.deepEqual(evs.map((e) => e.event), [
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    for (const e of evs) assert.equal(e.data.type, e.event, 'data.type repeats the event name');
    assert.deepEqual(evs[5]!.data.content_block, { type: 'tool_use', id: 'a', name: 'f', input: {} });
    assert.deepEqual(evs[7]!.data, { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ':1}' } });
    assert.equal(evs[9]!.data.index, 2);
    assert.deepEqual(evs[12]!.data, { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 5, output_tokens: 6 } });
  });

  it('an upstream that ends without [DONE] still gets a complete, closed message', () => {
    const s = wrapAnthropicStream(createStreamDecoder({ model: 'm', created: 0, clientWantsUsage: false }), { requestId: 'r', model: 'm' });
    const evs = events(s.push(chunk({ content: 'partial' })) + s.end());
    assert.deepEqual(evs.map((e) => e.event), ['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });
});
