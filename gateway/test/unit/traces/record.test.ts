import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTrace, finishTrace, lastUserText } from '../../../src/traces/record.js';

test('emptyTrace: defaults', () => {
  const t = emptyTrace(1234);
  assert.equal(t.timestamp, 1234);
  assert.equal(t.request_id, '');
  assert.equal(t.cluster_id, -1);
  assert.equal(t.request_type, 'chat');
  assert.equal(t.source, 'gateway');
  assert.equal(t.status, 200);
  assert.equal(t.is_error, false);
  assert.equal(t.output_message, null);
  assert.deepEqual([t.input_messages, t.tags, t.provider_attempts, t.execution_timeline], [[], [], [], []]);
  assert.notEqual(emptyTrace(1).tags, emptyTrace(1).tags, 'fresh arrays per trace');
});

test('finishTrace: derived fields', () => {
  const t = emptyTrace(1000);
  t.tokens_in = 30;
  t.tokens_out = 50;
  t.input_cost_usd = 0.1;
  t.output_cost_usd = 0.2;
  t.response_tool_calls = [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }];
  finishTrace(t, 1500);
  assert.equal(t.latency_ms, 500);
  assert.equal(t.ttft_ms, 500, 'non-streamed: ttft = latency');
  assert.equal(t.total_tokens, 80);
  assert.ok(Math.abs(t.total_cost_usd - 0.3) < 1e-12);
  assert.equal(t.tokens_per_s, 100);
  assert.equal(t.is_error, false);
  assert.equal(t.error_category, '');
  assert.equal(t.tool_calls_count, 1);
  assert.equal(t.has_tool_calls, true);

  const e = emptyTrace(0);
  e.status = 429;
  e.error_code = 'provider_rate_limited';
  e.is_stream = true;
  e.ttft_ms = 0;
  finishTrace(e);
  assert.equal(e.is_error, true);
  assert.equal(e.error_category, 'RATE_LIMIT');
  assert.equal(e.ttft_ms, 0, 'streams keep their measured ttft');
  assert.equal(e.tokens_per_s, 0);
});

const texts: Array<[string, unknown[], string]> = [
  ['string content', [{ role: 'user', content: 'hi' }], 'hi'],
  ['last user wins', [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }, { role: 'assistant', content: 'd' }], 'c'],
  ['text parts joined by newline', [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: {} }, { type: 'text', text: 'y' }] }], 'x\ny'],
  ['no user: last message', [{ role: 'system', content: 's' }, { role: 'assistant', content: 'z' }], 'z'],
  ['no messages', [], ''],
  ['junk entries', [null, 3, 'str'], ''],
  ['user with null content', [{ role: 'user', content: null }], ''],
];

for (const [name, messages, want] of texts) {
  test(`lastUserText: ${name}`, () => assert.equal(lastUserText(messages), want));
}
