/**
 * One behavioural table, run against every adapter (TensorZero style): each adapter
 * lists the cases that apply to its wire format. Request cases read the upstream body
 * back through a wire view; response cases use the family's recorded-shape fixtures,
 * which all tell the same story ("Hello world"; get_weather + get_time; a 429).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/errors.js';
import { adapterFor } from '../../src/providers/index.js';
import type { ChatBody, ChatMessage, ProviderAdapter, ProviderConfig, WireFamily } from '../../src/providers/types.js';
import { fixture, reassemble, runStream, testProvider } from '../fixtures/providers/load.js';
import { anthropicView, bedrockView, geminiView, openaiView, type WireView } from './wire-views.js';

interface Subject {
  family: WireFamily;
  adapter: ProviderAdapter;
  provider: ProviderConfig;
  view(body: unknown): WireView;
  applies: ReadonlySet<CaseName>;
}

interface Ctx {
  s: Subject;
  /** Builds the upstream call for these messages and reads it back. */
  send(messages: ChatMessage[], extra?: Partial<ChatBody>): WireView;
}

const ctxOf = (s: Subject): Ctx => ({
  s,
  send(messages, extra = {}) {
    const call = s.adapter.buildRequest({
      body: { model: 'client-model', messages, ...extra },
      target: { provider: s.provider, model: 'upstream-model' },
      stream: false,
      wantStreamUsage: false,
    });
    return s.view(JSON.parse(call.body));
  },
});

const DECODE = { model: 'upstream-model', created: 1700000000 };
const WEATHER = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const TOOL_TURN: ChatMessage = {
  role: 'assistant',
  content: null,
  tool_calls: [
    { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
  ],
};
const EXPECTED_CALLS = [
  { name: 'get_weather', arguments: { city: 'Paris' } },
  { name: 'get_time', arguments: { tz: 'CET' } },
];

const CASES = {
  'plain text'({ send }: Ctx) {
    const v = send([{ role: 'user', content: 'Hello' }]);
    assert.deepEqual(v.turns, [{ role: 'user', text: 'Hello' }]);
    assert.equal(v.system, '');
  },
  'system prompt'({ send }: Ctx) {
    const v = send([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'system', content: 'Use French.' }]);
    assert.match(v.system, /Be brief\.[\s\S]*Use French\./, 'every system message kept, in order');
    assert.deepEqual(v.turns, [{ role: 'user', text: 'Hi' }]);
  },
  'multi-turn'({ send }: Ctx) {
    const v = send([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: [{ type: 'text', text: 'c' }] }]);
    assert.deepEqual(v.turns, [{ role: 'user', text: 'a' }, { role: 'assistant', text: 'b' }, { role: 'user', text: 'c' }]);
  },
  'tools + tool_choice'({ send }: Ctx) {
    const msgs: ChatMessage[] = [{ role: 'user', content: 'weather?' }];
    assert.deepEqual(send(msgs, { tools: [WEATHER] }).toolNames, ['get_weather']);
    for (const choice of ['auto', 'none', 'required'] as const) assert.equal(send(msgs, { tools: [WEATHER], tool_choice: choice }).toolChoice, choice);
    assert.deepEqual(send(msgs, { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'get_weather' } } }).toolChoice, { name: 'get_weather' });
  },
  'tool results'({ send }: Ctx) {
    const v = send([
      { role: 'user', content: 'weather and time?' },
      TOOL_TURN,
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
      { role: 'tool', tool_call_id: 'call_b', content: '14:00' },
    ]);
    assert.deepEqual(v.toolCalls.map((c) => ({ name: c.name, arguments: c.args })), EXPECTED_CALLS);
    assert.deepEqual(v.toolResults.map((r) => r.content), ['18C', '14:00']);
    v.toolResults.forEach((r, i) => assert.ok([TOOL_TURN.tool_calls?.[i]?.id, TOOL_TURN.tool_calls?.[i]?.function.name].includes(r.ref), r.ref));
  },
  'image part'({ send }: Ctx) {
    const v = send([{ role: 'user', content: [
      { type: 'text', text: 'what?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
    ] }]);
    assert.ok(v.images.some((i) => i.includes('iVBORw0KGgo=')), 'inline image kept');
    assert.ok(v.images.includes('https://example.com/cat.png'), 'image URL kept');
    assert.deepEqual(v.turns, [{ role: 'user', text: 'what?' }]);
  },
  'unsupported content part'({ send }: Ctx) {
    assert.throws(
      () => send([{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }]),
      (e: unknown) => e instanceof GatewayError && e.code === 'caller_unsupported_content' && e.param === 'messages[0].content[0]',
    );
  },
  'unknown field pass-through'({ send }: Ctx) {
    const v = send([{ role: 'user', content: 'x' }], { seed: 1, logprobs: true, response_format: { type: 'json_object' }, vendor_x: { a: 1 } });
    assert.equal(v.body.seed, 1);
    assert.equal(v.body.logprobs, true);
    assert.deepEqual(v.body.vendor_x, { a: 1 });
  },
  'response text'({ s }: Ctx) {
    const { json, summary } = s.adapter.decodeResponse(fixture(s.family, 'response-text.json'), DECODE);
    const doc = JSON.parse(json) as { object: string; choices: { message: { role: string; content: string }; finish_reason: string }[] };
    assert.equal(doc.object, 'chat.completion');
    assert.deepEqual(doc.choices[0]?.message.content, 'Hello world');
    assert.equal(doc.choices[0]?.finish_reason, 'stop');
    assert.equal(summary.content, 'Hello world');
    assert.deepEqual(summary.usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  },
  'response tool calls'({ s }: Ctx) {
    const { json, summary } = s.adapter.decodeResponse(fixture(s.family, 'response-tools.json'), DECODE);
    const doc = JSON.parse(json) as { choices: { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[] };
    const calls = doc.choices[0]?.message.tool_calls ?? [];
    assert.deepEqual(calls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) as unknown })), EXPECTED_CALLS);
    assert.ok(calls.every((c) => c.id !== '') && new Set(calls.map((c) => c.id)).size === 2, 'distinct ids');
    assert.equal(doc.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(summary.finishReason, 'tool_calls');
    assert.deepEqual(summary.usage, { prompt_tokens: 30, completion_tokens: 20, total_tokens: 50 });
  },
  'stream text'({ s }: Ctx) {
    for (const wants of [true, false]) {
      const d = s.adapter.createStreamDecoder({ ...DECODE, clientWantsUsage: wants });
      const r = reassemble(runStream(d, fixture(s.family, 'stream-text.sse')));
      assert.equal(r.content, 'Hello world');
      assert.equal(r.finishReason, 'stop');
      assert.equal(r.done, 1, 'exactly one [DONE]');
      assert.deepEqual(r.usage, wants ? { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } : undefined);
      assert.deepEqual(d.summary().usage, { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
      assert.equal(d.summary().content, 'Hello world');
      assert.equal(d.error(), null);
      assert.ok(r.chunks.every((c) => c.object === 'chat.completion.chunk'));
    }
  },
  'stream tool call'({ s }: Ctx) {
    const d = s.adapter.createStreamDecoder({ ...DECODE, clientWantsUsage: false });
    const r = reassemble(runStream(d, fixture(s.family, 'stream-tools.sse')));
    assert.deepEqual(r.toolCalls.map((c) => ({ name: c.name, arguments: JSON.parse(c.arguments) as unknown })), EXPECTED_CALLS);
    assert.equal(r.finishReason, 'tool_calls');
    assert.deepEqual(d.summary().toolCalls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) as unknown })), EXPECTED_CALLS);
    assert.equal(d.summary().finishReason, 'tool_calls');
  },
  'stream mid-stream error'({ s }: Ctx) {
    const d = s.adapter.createStreamDecoder({ ...DECODE, clientWantsUsage: false });
    const r = reassemble(runStream(d, fixture(s.family, 'stream-error.sse')));
    assert.equal(r.content, 'Hel');
    assert.equal(r.errors.length, 1, 'the error reaches the client as an SSE error event');
    const e = d.error();
    assert.ok(e && e.status >= 500 && e.message !== '', JSON.stringify(e));
  },
  'error body -> status/message'({ s }: Ctx) {
    const body = fixture(s.family, 'error-429.json');
    const e = s.adapter.decodeError(429, body, { 'Retry-After': '7' });
    assert.equal(e.status, 429);
    assert.ok(e.message.length > 0 && !e.message.startsWith('{'), e.message);
    assert.notEqual(e.providerCode, '');
    assert.equal(e.retryAfter, 7);
  },
} satisfies Record<string, (c: Ctx) => void>;

type CaseName = keyof typeof CASES;
const ALL = Object.keys(CASES) as CaseName[];
const except = (...names: CaseName[]): ReadonlySet<CaseName> => new Set(ALL.filter((n) => !names.includes(n)));

const SUBJECTS: readonly Subject[] = [
  // OpenAI supports input_audio itself, so the part is passed through, not refused.
  { family: 'openai', adapter: adapterFor('openai'), provider: testProvider('openai'), view: openaiView, applies: except('unsupported content part') },
  // Translated wire formats have no place for arbitrary unknown fields.
  { family: 'anthropic', adapter: adapterFor('anthropic'), provider: testProvider('anthropic'), view: anthropicView, applies: except('unknown field pass-through') },
  { family: 'gemini', adapter: adapterFor('gemini'), provider: testProvider('gemini'), view: geminiView, applies: except('unknown field pass-through') },
  // Converse has no `none` tool choice and fetches no image URLs: both are covered by bedrock.test.ts
  // (`none` offers no tools, an image URL is refused with a clear error).
  {
    family: 'bedrock', adapter: adapterFor('bedrock'), provider: testProvider('bedrock'), view: bedrockView,
    applies: except('unknown field pass-through', 'tools + tool_choice', 'image part'),
  },
];

for (const s of SUBJECTS) {
  // Cases that do not apply to a wire format are not generated (the table above says why).
  for (const name of ALL.filter((n) => s.applies.has(n))) {
    test(`${s.family}: ${name}`, () => CASES[name](ctxOf(s)));
  }
}

test('every case applies to at least one adapter', () => {
  for (const name of ALL) assert.ok(SUBJECTS.some((s) => s.applies.has(name)), name);
});
