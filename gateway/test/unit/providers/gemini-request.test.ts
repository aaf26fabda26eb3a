import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geminiAdapter as adapter } from '../../../src/providers/gemini/index.js';
import { GatewayError } from '../../../src/errors.js';
import type { BuildInput, ChatBody } from '../../../src/providers/types.js';
import { testProvider } from '../../fixtures/providers/load.js';

const provider = testProvider('gemini');

function build(body: Partial<ChatBody>, over: Partial<BuildInput> = {}): Record<string, unknown> {
  const full: ChatBody = { model: 'gemini-2.5-flash', messages: [], ...body };
  const call = adapter.buildRequest({ body: full, target: { provider, model: 'gemini-2.5-flash' }, stream: false, wantStreamUsage: false, ...over });
  return JSON.parse(call.body) as Record<string, unknown>;
}

test('call: generateContent / streamGenerateContent?alt=sse with x-goog-api-key', () => {
  const input = { body: { model: 'x', messages: [] }, target: { provider, model: 'gemini-2.5-flash' }, wantStreamUsage: true };
  const plain = adapter.buildRequest({ ...input, stream: false });
  assert.equal(plain.origin, 'https://generativelanguage.googleapis.com');
  assert.equal(plain.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.equal(plain.headers['x-goog-api-key'], 'sk-test');
  assert.equal(plain.headers.authorization, undefined);
  const streamed = adapter.buildRequest({ ...input, stream: true, target: { provider, model: 'models/gemini-2.0-flash' } });
  assert.equal(streamed.path, '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
});

test('system -> systemInstruction, roles user/model, multi-turn order kept', () => {
  const b = build({
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: 'Use French.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'salut' },
      { role: 'user', content: 'ça va?' },
    ],
  });
  assert.deepEqual(b.systemInstruction, { parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] });
  assert.deepEqual(b.contents, [
    { role: 'user', parts: [{ text: 'hi' }] },
    { role: 'model', parts: [{ text: 'salut' }] },
    { role: 'user', parts: [{ text: 'ça va?' }] },
  ]);
});

test('images: data URL -> inlineData, http URL -> fileData', () => {
  const b = build({
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what?' },
          { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png?x=1' } },
        ],
      },
    ],
  });
  assert.deepEqual(b.contents, [
    {
      role: 'user',
      parts: [
        { text: 'what?' },
        { inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
        { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/a.png?x=1' } },
      ],
    },
  ]);
});

test('generationConfig from the parameter rows; response_format json', () => {
  const b = build({
    messages: [{ role: 'user', content: 'x' }],
    temperature: 0.1,
    top_p: 0.5,
    max_tokens: 50,
    stop: ['END'],
    seed: 4,
    response_format: { type: 'json_object' },
  });
  assert.deepEqual(b.generationConfig, {
    temperature: 0.1,
    topP: 0.5,
    seed: 4,
    maxOutputTokens: 50,
    stopSequences: ['END'],
    responseMimeType: 'application/json',
  });
  const schema = { type: 'object', properties: { a: { type: 'string' } } };
  const s = build({ messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 9, response_format: { type: 'json_schema', json_schema: { name: 'n', schema } } });
  assert.deepEqual(s.generationConfig, { maxOutputTokens: 9, responseMimeType: 'application/json', responseSchema: schema });
  assert.equal(build({ messages: [{ role: 'user', content: 'x' }] }).generationConfig, undefined);
});

test('tools -> functionDeclarations; tool_choice -> functionCallingConfig', () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'W', parameters: { type: 'object', properties: {} } } }];
  const b = build({ messages: [{ role: 'user', content: 'x' }], tools });
  assert.deepEqual(b.tools, [{ functionDeclarations: [{ name: 'get_weather', description: 'W', parameters: { type: 'object', properties: {} } }] }]);
  const cfg = (tc: unknown) => build({ messages: [{ role: 'user', content: 'x' }], tools, tool_choice: tc }).toolConfig;
  assert.deepEqual(cfg('auto'), { functionCallingConfig: { mode: 'AUTO' } });
  assert.deepEqual(cfg('none'), { functionCallingConfig: { mode: 'NONE' } });
  assert.deepEqual(cfg('required'), { functionCallingConfig: { mode: 'ANY' } });
  assert.deepEqual(cfg({ type: 'function', function: { name: 'get_weather' } }), {
    functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
  });
  assert.equal(cfg(undefined), undefined);
});

test('tool calls -> functionCall; tool results -> functionResponse named from the call id, merged', () => {
  const b = build({
    messages: [
      { role: 'user', content: 'weather and time?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"temp":18}' },
      { role: 'tool', tool_call_id: 'call_b', content: '14:00' },
    ],
  });
  assert.deepEqual(b.contents, [
    { role: 'user', parts: [{ text: 'weather and time?' }] },
    {
      role: 'model',
      parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
        { functionCall: { name: 'get_time', args: {} } },
      ],
    },
    {
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
        { functionResponse: { name: 'get_time', response: { output: '14:00' } } },
      ],
    },
  ]);
});

test('unsupported content part -> caller_unsupported_content', () => {
  assert.throws(
    () => build({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] }),
    (e: unknown) => e instanceof GatewayError && e.code === 'caller_unsupported_content' && e.param === 'messages[0].content[0]',
  );
  assert.throws(
    () => build({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }),
    (e: unknown) => e instanceof GatewayError && e.code === 'caller_unsupported_content',
  );
});

test('thought signatures on tool calls (extra_content.google) go back on their functionCall parts', () => {
  const b = build({
    messages: [
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' }, extra_content: { google: { thought_signature: 'sig-A' } } },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"temp":18}' },
      { role: 'tool', tool_call_id: 'call_b', content: '14:00' },
    ],
  });
  const model = (b.contents as Array<{ role: string; parts: unknown[] }>)[1]!;
  assert.deepEqual(model.parts, [
    { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-A' },
    { functionCall: { name: 'get_time', args: {} } },
  ]);
});
