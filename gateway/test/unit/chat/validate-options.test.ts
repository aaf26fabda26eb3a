// validate returns { body, options }: the gateway's own fields typed once; /v1/route's routing knobs use the same checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../src/errors.js';
import { gatewayOptions, parseChatBody, routingOptions, validateChatBody } from '../../../src/chat/validate.js';

const msgs = [{ role: 'user', content: 'hi' }];
const param = (fn: () => unknown): string | null => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof GatewayError && e.code === 'caller_invalid_request', String(e));
    return e.param ?? null;
  }
  assert.fail('expected a 400');
};

test('options: typed gateway fields; the body keeps every field as sent', () => {
  const { body, options } = parseChatBody(Buffer.from(JSON.stringify({
    model: 'auto', messages: msgs, cost_weight: 0.5, available_models: ['a', 'b'], fallbacks: ['openai/gpt-4o-mini'],
    metadata: { team: 'x', n: 3, nested: { a: 1 } }, temperature: 0.2,
  })));
  assert.deepEqual(options, { costWeight: 0.5, availableModels: ['a', 'b'], fallbacks: ['openai/gpt-4o-mini'], metadata: { team: 'x', n: '3', nested: '{"a":1}' } });
  assert.equal(body.temperature, 0.2);
  assert.equal(body.cost_weight, 0.5, 'the body is passed through; adapters drop the gateway-only fields');
});

test('options: absent fields are absent, fallbacks and metadata default to empty', () => {
  const { options } = validateChatBody({ messages: msgs });
  assert.deepEqual(options, { fallbacks: [], metadata: {} });
  assert.deepEqual(validateChatBody({ messages: msgs, quality_cost_tradeoff: 1 }).options, { tradeoff: 1, fallbacks: [], metadata: {} });
});

test('options: each bad gateway field is a 400 naming it', () => {
  const rows: Array<[string, unknown]> = [
    ['cost_weight', -1], ['cost_weight', 'high'], ['quality_cost_tradeoff', 1.5], ['available_models', 'a'],
    ['available_models', ['ok', 'bad\nname']], ['fallbacks', [3]], ['fallbacks', ''], ['metadata', []],
  ];
  for (const [field, value] of rows) assert.equal(param(() => validateChatBody({ messages: msgs, [field]: value })), field, `${field}=${JSON.stringify(value)}`);
});

test("a dialect's body gets the same options (gatewayOptions) and the same 400s", () => {
  assert.deepEqual(gatewayOptions({ model: 'auto', messages: msgs, available_models: ['a'] }), { availableModels: ['a'], fallbacks: [], metadata: {} });
  assert.equal(param(() => gatewayOptions({ messages: msgs, fallbacks: 'x' })), 'fallbacks');
});

test('/v1/route routing knobs: the chat checks, only the shared fields', () => {
  assert.deepEqual(routingOptions({ prompt: 'p', cost_weight: 2, available_models: ['m'] }), { costWeight: 2, availableModels: ['m'] });
  assert.deepEqual(routingOptions({ prompt: 'p', fallbacks: 'not read here' }), {});
  for (const [field, value] of [['cost_weight', -0.1], ['quality_cost_tradeoff', -1], ['available_models', ['\u0000']], ['available_models', [1]]] as const) {
    const chat = param(() => validateChatBody({ messages: msgs, [field]: value }));
    assert.equal(param(() => routingOptions({ prompt: 'p', [field]: value })), chat, `${field}: the same 400 as a chat completion`);
  }
});
