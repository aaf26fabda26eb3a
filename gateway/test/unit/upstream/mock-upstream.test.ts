/** The mock upstream speaks each provider's documented wire format (read back through our SSE parser). */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { parseSse } from '../../../src/upstream/sse-parser.js';
import { parseBehaviour, startMockUpstream, type MockUpstream } from '../../helpers/mock-upstream.js';

/** Walks a parsed JSON value: at(v, 'choices', 0, 'delta') (undefined when absent). */
function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
let mock: MockUpstream;
before(async () => { mock = await startMockUpstream(); });
after(async () => { await mock.close(); });
beforeEach(() => mock.reset());

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const r = await request(mock.origin + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: r.statusCode, headers: r.headers, text: await r.body.text() };
}
const user = (text: string): Record<string, unknown> => ({ role: 'user', content: text });
const parse = (text: string): unknown => JSON.parse(text);
const datas = (text: string): unknown[] => parseSse(text).filter((e) => e.data !== '[DONE]').map((e) => parse(e.data));

test('behaviour is chosen by model name', () => {
  assert.deepEqual(parseBehaviour('gpt-4o'), { kind: 'ok', status: 200, n: undefined, once: false });
  assert.deepEqual(parseBehaviour('mock-429'), { kind: 'error', status: 429, n: undefined, once: false });
  assert.deepEqual(parseBehaviour('mock-429-30-once'), { kind: 'error', status: 429, n: 30, once: true });
  assert.deepEqual(parseBehaviour('mock-slow-300'), { kind: 'slow', status: 200, n: 300, once: false });
  assert.deepEqual(parseBehaviour('mock-slow-stream-20'), { kind: 'slow-stream', status: 200, n: 20, once: false });
  assert.deepEqual(parseBehaviour('mock-midstream-error'), { kind: 'midstream-error', status: 200, n: undefined, once: false });
});

test('OpenAI JSON and SSE with include_usage', async () => {
  const json = parse((await post('/v1/chat/completions', { model: 'mock-ok', messages: [user('héllo')] })).text);
  assert.equal(at(json, 'object'), 'chat.completion');
  assert.equal(at(json, 'choices', 0, 'message', 'content'), 'Mock answer to: héllo');
  assert.equal(at(json, 'usage', 'total_tokens'), Number(at(json, 'usage', 'prompt_tokens')) + Number(at(json, 'usage', 'completion_tokens')));

  const r = await post('/v1/chat/completions', { model: 'mock-ok', stream: true, stream_options: { include_usage: true }, messages: [user('hi there')] });
  assert.equal(r.headers['content-type'], 'text/event-stream');
  assert.match(r.text, /data: \[DONE\]\n\n$/);
  const chunks = datas(r.text);
  assert.ok(chunks.every((c) => at(c, 'object') === 'chat.completion.chunk'));
  const last = chunks.at(-1)!;
  assert.deepEqual(at(last, 'choices'), []);
  assert.equal(typeof at(last, 'usage', 'completion_tokens'), 'number');
  assert.equal(at(chunks.at(-2), 'choices', 0, 'finish_reason'), 'stop');
  assert.equal(chunks.slice(0, -1).map((c) => at(c, 'choices', 0, 'delta', 'content') ?? '').join(''), 'Mock answer to: hi there');

  const noUsage = datas((await post('/v1/chat/completions', { model: 'mock-ok', stream: true, messages: [user('x')] })).text);
  assert.ok(noUsage.every((c) => at(c, 'usage') === undefined && at(c, 'choices', 'length') === 1));
});

test('OpenAI tool call streams its arguments in several pieces', async () => {
  const tools = [{ type: 'function', function: { name: 'lookup', parameters: {} } }];
  const chunks = datas((await post('/v1/chat/completions', { model: 'mock-tools', stream: true, tools, messages: [user('x')] })).text);
  const calls = chunks.flatMap((c) => (at(c, 'choices', 0, 'delta', 'tool_calls') ?? []) as unknown[]);
  assert.equal(at(calls[0], 'function', 'name'), 'lookup');
  assert.ok(calls.length > 3);
  assert.deepEqual(parse(calls.map((c) => at(c, 'function', 'arguments')).join('')), { location: 'Paris, France', unit: 'celsius' });
  assert.equal(at(chunks.at(-1), 'choices', 0, 'finish_reason'), 'tool_calls');
});

test('Anthropic SSE: documented event sequence with tool_use and input_json_delta', async () => {
  const r = await post('/v1/messages', { model: 'mock-tools', stream: true, max_tokens: 10, messages: [user('x')] });
  const evs = parseSse(r.text);
  assert.deepEqual([...new Set(evs.map((e) => e.event))], ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  for (const e of evs) assert.equal(at(parse(e.data), 'type'), e.event);
  const partial = evs.map((e) => parse(e.data)).filter((d) => at(d, 'delta', 'type') === 'input_json_delta').map((d) => String(at(d, 'delta', 'partial_json')));
  assert.ok(partial.length > 1);
  assert.equal(at(parse(partial.join('')), 'unit'), 'celsius');
  const json = parse((await post('/v1/messages', { model: 'mock-ok', max_tokens: 10, messages: [user('yo')] })).text);
  assert.deepEqual(at(json, 'content'), [{ type: 'text', text: 'Mock answer to: yo' }]);
  assert.equal(at(json, 'stop_reason'), 'end_turn');
});

test('Anthropic mid-stream error is an `event: error`', async () => {
  const evs = parseSse((await post('/v1/messages', { model: 'mock-midstream-error', stream: true, messages: [user('x')] })).text);
  assert.equal(evs.at(-1)!.event, 'error');
  assert.equal(at(parse(evs.at(-1)!.data), 'error', 'type'), 'overloaded_error');
});

test('Gemini: generateContent, streamGenerateContent?alt=sse (CRLF) and the JSON-array form', async () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'ciao' }] }] };
  const json = parse((await post('/v1beta/models/mock-ok:generateContent', body)).text);
  assert.equal(at(json, 'candidates', 0, 'content', 'parts', 0, 'text'), 'Mock answer to: ciao');
  const r = await post('/v1beta/models/mock-ok:streamGenerateContent?alt=sse', body);
  assert.match(r.text, /\r\n\r\n$/);
  const chunks = datas(r.text);
  assert.equal(chunks.map((c) => at(c, 'candidates', 0, 'content', 'parts', 0, 'text')).join(''), 'Mock answer to: ciao');
  assert.equal(at(chunks.at(-1), 'candidates', 0, 'finishReason'), 'STOP');
  const arr = parse((await post('/v1beta/models/mock-tools:streamGenerateContent', body)).text);
  assert.equal(at(arr, 0, 'candidates', 0, 'content', 'parts', 0, 'functionCall', 'name'), 'get_weather');
  assert.equal(mock.requests[0]?.model, 'mock-ok');
});

test('errors carry each provider\'s body; 429 has Retry-After', async () => {
  const o = await post('/v1/chat/completions', { model: 'mock-429', messages: [] });
  assert.equal(o.status, 429);
  assert.equal(o.headers['retry-after'], '1');
  assert.equal(at(parse(o.text), 'error', 'code'), 'rate_limit_exceeded');
  const a = await post('/v1/messages', { model: 'mock-401', messages: [] });
  assert.deepEqual(JSON.parse(a.text), { type: 'error', error: { type: 'authentication_error', message: 'mock error 401' } });
  const g = await post('/v1beta/models/mock-429:generateContent', {});
  assert.equal(at(parse(g.text), 'error', 'status'), 'RESOURCE_EXHAUSTED');
});

test('-once is keyed by x-mock-key when given, else by the request', async () => {
  const b = { model: 'mock-500-once', messages: [user('a')] };
  assert.equal((await post('/v1/chat/completions', b, { 'x-mock-key': 'k1' })).status, 500);
  assert.equal((await post('/v1/chat/completions', b, { 'x-mock-key': 'k1' })).status, 200);
  assert.equal((await post('/v1/chat/completions', b, { 'x-mock-key': 'k2' })).status, 500);
  assert.equal((await post('/v1/chat/completions', b)).status, 500);
  assert.equal((await post('/v1/chat/completions', b)).status, 200);
  assert.equal(mock.stats.requests, 5);
});

test('records requests; unknown routes are 404', async () => {
  assert.equal((await post('/nope', {})).status, 404);
  assert.equal(mock.requests[0]?.family, null);
  assert.equal(mock.stats.completed, 1);
});
