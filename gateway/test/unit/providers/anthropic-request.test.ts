import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicAdapter as adapter } from '../../../src/providers/anthropic/index.js';
import { GatewayError } from '../../../src/errors.js';
import type { BuildInput, ChatBody } from '../../../src/providers/types.js';
import { testProvider } from '../../fixtures/providers/load.js';

const provider = testProvider('anthropic');

function build(body: Partial<ChatBody>, over: Partial<BuildInput> = {}): Record<string, unknown> {
  const full: ChatBody = { model: 'claude-sonnet-4-5', messages: [], ...body };
  const call = adapter.buildRequest({ body: full, target: { provider, model: 'claude-sonnet-4-5' }, stream: false, wantStreamUsage: false, ...over });
  return JSON.parse(call.body) as Record<string, unknown>;
}

test('call: POST <base>/v1/messages with x-api-key and anthropic-version', () => {
  const call = adapter.buildRequest({
    body: { model: 'x', messages: [{ role: 'user', content: 'hi' }] },
    target: { provider: testProvider('anthropic', { baseUrl: 'http://mock:9/anthropic' }), model: 'claude-3-haiku' },
    stream: true,
    wantStreamUsage: true,
  });
  assert.equal(call.origin, 'http://mock:9');
  assert.equal(call.path, '/anthropic/v1/messages');
  assert.equal(call.headers['x-api-key'], 'sk-test');
  assert.equal(call.headers['anthropic-version'], '2023-06-01');
  assert.equal(call.headers.authorization, undefined);
  assert.equal((JSON.parse(call.body) as { stream: boolean }).stream, true);
});

test('every system message is kept, joined; developer counts as system', () => {
  const b = build({
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
    ],
  });
  assert.equal(b.system, 'Be brief.\n\nAnswer in French.');
  assert.deepEqual(b.messages, [{ role: 'user', content: 'hi' }]);
});

test('sampling parameters: max_tokens default 4096, max_completion_tokens wins, stop -> stop_sequences', () => {
  assert.equal(build({ messages: [{ role: 'user', content: 'x' }] }).max_tokens, 4096);
  const b = build({
    messages: [{ role: 'user', content: 'x' }],
    max_tokens: 100,
    max_completion_tokens: 200,
    temperature: 0.2,
    top_p: 0.9,
    stop: 'END',
    metadata: { user_id: 'u-1' },
    seed: 3,
  });
  assert.equal(b.max_tokens, 200);
  assert.equal(b.temperature, 0.2);
  assert.equal(b.top_p, 0.9);
  assert.deepEqual(b.stop_sequences, ['END']);
  assert.deepEqual(b.metadata, { user_id: 'u-1' });
  assert.equal(b.seed, undefined, 'OpenAI-only fields are not sent to Anthropic');
  assert.deepEqual(build({ messages: [{ role: 'user', content: 'x' }], stop: ['a', 'b'], user: 'u2' }).stop_sequences, ['a', 'b']);
  assert.deepEqual(build({ messages: [{ role: 'user', content: 'x' }], user: 'u2' }).metadata, { user_id: 'u2' });
});

test('images: data URL -> base64 source, http URL -> url source', () => {
  const b = build({
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
        ],
      },
    ],
  });
  assert.deepEqual(b.messages, [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      ],
    },
  ]);
});

test('tools and tool_choice mapping', () => {
  const tools = [
    { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function', function: { name: 'noop' } },
  ];
  const b = build({ messages: [{ role: 'user', content: 'x' }], tools, tool_choice: 'required' });
  assert.deepEqual(b.tools, [
    { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    { name: 'noop', input_schema: { type: 'object', properties: {} } },
  ]);
  const choice = (tc: unknown, extra: Partial<ChatBody> = {}) =>
    build({ messages: [{ role: 'user', content: 'x' }], tools, tool_choice: tc, ...extra }).tool_choice;
  assert.deepEqual(choice('auto'), { type: 'auto' });
  assert.deepEqual(choice('none'), { type: 'none' });
  assert.deepEqual(choice('required'), { type: 'any' });
  assert.deepEqual(choice({ type: 'function', function: { name: 'get_weather' } }), { type: 'tool', name: 'get_weather' });
  assert.equal(choice(undefined), undefined);
  assert.deepEqual(choice(undefined, { parallel_tool_calls: false }), { type: 'auto', disable_parallel_tool_use: true });
  assert.equal(build({ messages: [{ role: 'user', content: 'x' }], tool_choice: 'auto' }).tool_choice, undefined, 'no tools, no tool_choice');
});

test('assistant tool calls -> tool_use; consecutive tool results -> ONE user message', () => {
  const b = build({
    messages: [
      { role: 'user', content: 'weather and time in Paris?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
      { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '14:00' }] },
      { role: 'user', content: 'thanks' },
    ],
  });
  assert.deepEqual(b.messages, [
    { role: 'user', content: 'weather and time in Paris?' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_a', content: '18C' },
        { type: 'tool_result', tool_use_id: 'call_b', content: [{ type: 'text', text: '14:00' }] },
      ],
    },
    { role: 'user', content: 'thanks' },
  ]);
});

test('bad tool-call arguments are the caller\'s fault', () => {
  assert.throws(
    () => build({ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] }),
    (e: unknown) => e instanceof GatewayError && e.code === 'caller_invalid_request' && e.param === 'messages[0].tool_calls[0].function.arguments',
  );
});

test('unsupported content part -> caller_unsupported_content with its param', () => {
  assert.throws(
    () => build({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] }),
    (e: unknown) => e instanceof GatewayError && e.code === 'caller_unsupported_content' && e.param === 'messages[1].content[1]' && e.status === 400,
  );
  assert.throws(
    () => build({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'computer_use_preview' }] }),
    (e: unknown) => e instanceof GatewayError && e.param === 'tools[0]',
  );
});

test('no non-system message left: one empty user text block', () => {
  assert.deepEqual(build({ messages: [{ role: 'system', content: 's' }] }).messages, [{ role: 'user', content: [{ type: 'text', text: '' }] }]);
});
