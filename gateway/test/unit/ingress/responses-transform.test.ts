/** Responses <-> chat transforms: input items, and the streaming event encoder (pure). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/errors.js';
import { inputMessages, responsesToChat } from '../../../src/ingress/responses/request.js';
import { createResponsesStream } from '../../../src/ingress/responses/stream.js';
import { createStreamDecoder } from '../../../src/providers/openai-compatible/stream.js';

const chunk = (delta: object, finish: string | null = null) => ({ event: '', data: JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] }) });

function events(text: string): Array<Record<string, unknown>> {
  return text.split('\n\n').filter(Boolean).map((b) => {
    const [ev, data] = b.split('\n');
    const d = JSON.parse(data!.slice(6)) as Record<string, unknown>;
    assert.equal(ev!.slice(7), d.type);
    return d;
  });
}

describe('Responses input -> chat messages', () => {
  it('function_call items join the assistant turn before them; outputs become tool messages; reasoning is dropped', () => {
    assert.deepEqual(
      inputMessages([
        { role: 'user', content: 'q' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'let me look' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
      ]),
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'let me look', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }, { id: 'c2', type: 'function', function: { name: 'g', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'one' },
        { role: 'tool', tool_call_id: 'c2', content: 'two' },
      ],
    );
  });

  it('instructions lead, are not part of the stored history; bad input is a 400 naming the field', () => {
    const r = responsesToChat({ model: 'openai/x', instructions: 'rule', input: 'hi', max_output_tokens: 9 }, [{ role: 'user', content: 'before' }, { role: 'assistant', content: 'ok' }]);
    assert.deepEqual(r.body.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(r.history.map((m) => m.content), ['before', 'ok', 'hi']);
    assert.equal(r.body.max_tokens, 9);
    for (const [input, param] of [
      [{ input: 5 }, 'input'],
      [{}, 'input'],
      [{ input: [{ type: 'file_search_call' }] }, 'input[0].type'],
      [{ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0].type'],
      [{ input: 'x', max_output_tokens: -1 }, 'max_output_tokens'],
    ] as const) {
      assert.throws(() => responsesToChat(input, null), (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === param, JSON.stringify(input));
    }
  });
});

describe('chat chunks -> Responses events', () => {
  const req = responsesToChat({ model: 'openai/x', input: 'hi' }, null);

  it('text then a tool call: items open and close in order, sequence numbers run 0.., completed carries both items and usage', () => {
    let completed: Record<string, unknown> | null = null;
    const s = createResponsesStream(createStreamDecoder({ model: 'm', created: 0, clientWantsUsage: false }), { requestId: 'r', created: 0, model: 'm', request: req, onComplete: (r) => (completed = r) });
    let out = s.decoder.push(chunk({ role: 'assistant', content: 'Hel' }));
    out += s.decoder.push(chunk({ content: 'lo' }));
    out += s.decoder.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x"' } }] }));
    out += s.decoder.push(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }));
    out += s.decoder.push(chunk({}, 'tool_calls'));
    out += s.decoder.push({ event: '', data: JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } }) });
    out += s.decoder.push({ event: '', data: '[DONE]' });
    out += s.decoder.end();
    const evs = events(out);
    assert.deepEqual(evs.map((e) => e.type), [
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(evs.map((e) => e.sequence_number), evs.map((_, i) => i));
    assert.equal(evs[6]!.text, 'Hello');
    assert.equal(evs[12]!.arguments, '{"x":1}');
    assert.equal(evs[9]!.output_index, 1);
    const final = evs.at(-1)!.response as { output: Array<Record<string, unknown>>; usage: Record<string, number>; status: string };
    assert.equal(final.status, 'completed');
    assert.deepEqual(final.output.map((o) => o.type), ['message', 'function_call']);
    assert.equal(final.output[1]!.call_id, 'call_1');
    assert.equal(final.usage.total_tokens, 5);
    assert.deepEqual(completed, final, 'stored as sent');
  });

  it('a length cut is response.incomplete; a failure after the start is error + response.failed and nothing after', () => {
    const s = createResponsesStream(createStreamDecoder({ model: 'm', created: 0, clientWantsUsage: false }), { requestId: 'r', created: 0, model: 'm', request: req, onComplete: () => undefined });
    const cut = events(s.decoder.push(chunk({ content: 'a' })) + s.decoder.push(chunk({}, 'length')) + s.decoder.end());
    assert.equal(cut.at(-1)!.type, 'response.incomplete');
    assert.deepEqual((cut.at(-1)!.response as { incomplete_details: unknown }).incomplete_details, { reason: 'max_output_tokens' });
    const f = createResponsesStream(createStreamDecoder({ model: 'm', created: 0, clientWantsUsage: false }), { requestId: 'r', created: 0, model: 'm', request: req, onComplete: () => assert.fail('not stored') });
    const failed = events(f.decoder.push(chunk({ content: 'a' })) + f.streamError(new GatewayError('provider_timeout', 'too slow')) + f.decoder.end());
    assert.deepEqual(failed.slice(-2).map((e) => e.type), ['error', 'response.failed']);
  });
});
