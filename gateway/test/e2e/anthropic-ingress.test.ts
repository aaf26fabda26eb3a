/** POST /v1/messages: the official Anthropic SDK against the gateway, for upstreams of every wire family (and `auto` for both dialects). */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { repoRoot } from '../../src/config.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const FAMILIES = [
  { name: 'openai', prefix: 'openai/' },
  { name: 'anthropic', prefix: 'anthropic/' },
  { name: 'gemini', prefix: 'gemini/' },
  { name: 'bedrock', prefix: 'bedrock/' },
];

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

// 1x1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const client = (h: Harness, opts: { apiKey?: string | null; authToken?: string } = {}): Anthropic =>
  new Anthropic({ apiKey: opts.apiKey === undefined ? 'unused' : opts.apiKey, authToken: opts.authToken ?? null, baseURL: h.base, maxRetries: 0, timeout: 10_000 });

describe('Anthropic Messages ingress (@anthropic-ai/sdk)', () => {
  let h: Harness;
  let sdk: Anthropic;
  before(async () => {
    h = await startHarness();
    sdk = client(h);
  });
  after(async () => {
    await h.close();
  });

  for (const f of FAMILIES) {
    it(`${f.name} upstream: non-streaming message, system prompt, usage, X-OpenTracy headers`, async () => {
      h.mock.reset();
      const { data, response } = await sdk.messages
        .create({ model: `${f.prefix}claude-like-model`, max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'hello anthropic ingress' }] })
        .withResponse();
      assert.equal(data.type, 'message');
      assert.equal(data.role, 'assistant');
      assert.match(data.id, /^msg_/);
      assert.equal(data.stop_reason, 'end_turn');
      const block = data.content[0];
      assert.equal(block?.type, 'text');
      assert.match(block?.type === 'text' ? block.text : '', /hello anthropic ingress/);
      assert.ok(data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
      assert.equal(response.headers.get('x-opentracy-selected-model'), `${f.prefix}claude-like-model`);
      assert.equal(response.headers.get('x-opentracy-provider'), f.name);
      assert.match(response.headers.get('x-opentracy-request-id') ?? '', /^[0-9a-f]{28}$/);
      // The system prompt reached the upstream in its own wire format.
      const sent = JSON.stringify(h.mock.requests[0]!.body);
      assert.match(sent, /Be brief\./);
    });

    it(`${f.name} upstream: the SSE event stream reassembles in the SDK`, async () => {
      const stream = sdk.messages.stream({ model: `${f.prefix}m`, max_tokens: 64, messages: [{ role: 'user', content: 'stream me please' }] });
      const types: string[] = [];
      stream.on('streamEvent', (ev) => types.push(ev.type));
      const msg = await stream.finalMessage();
      assert.match(msg.content[0]?.type === 'text' ? msg.content[0].text : '', /stream me please/);
      assert.equal(msg.stop_reason, 'end_turn');
      assert.ok(msg.usage.output_tokens > 0);
      assert.equal(types[0], 'message_start');
      assert.equal(types.at(-1), 'message_stop');
      assert.equal(types.at(-2), 'message_delta');
      assert.ok(types.includes('content_block_start') && types.includes('content_block_delta') && types.includes('content_block_stop'));
    });

    it(`${f.name} upstream: tools round trip (tool_use, streamed input_json_delta, tool_result)`, async () => {
      h.mock.reset();
      const model = `${f.prefix}mock-tools`;
      const first = await sdk.messages.create({ model, max_tokens: 64, tools: [WEATHER], tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'weather in Paris?' }] });
      assert.equal(first.stop_reason, 'tool_use');
      const use = first.content.find((b) => b.type === 'tool_use');
      assert.ok(use && use.type === 'tool_use');
      assert.equal(use.name, 'get_weather');
      assert.deepEqual(use.input, { location: 'Paris, France', unit: 'celsius' });
      assert.ok(use.id.length > 0);

      const stream = sdk.messages.stream({ model, max_tokens: 64, tools: [WEATHER], messages: [{ role: 'user', content: 'weather in Paris?' }] });
      let jsonDeltas = 0;
      stream.on('streamEvent', (ev) => {
        if (ev.type === 'content_block_delta' && ev.delta.type === 'input_json_delta') jsonDeltas++;
      });
      const streamed = await stream.finalMessage();
      const suse = streamed.content.find((b) => b.type === 'tool_use');
      assert.ok(suse && suse.type === 'tool_use');
      assert.deepEqual(suse.input, { location: 'Paris, France', unit: 'celsius' });
      assert.equal(streamed.stop_reason, 'tool_use');
      assert.ok(jsonDeltas >= 1);

      h.mock.reset();
      const second = await sdk.messages.create({
        model: `${f.prefix}after-tools`,
        max_tokens: 64,
        tools: [WEATHER],
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18C and sunny' }, { type: 'text', text: 'thanks, summarise' }] },
        ],
      });
      assert.match(second.content[0]?.type === 'text' ? second.content[0].text : '', /thanks, summarise/);
      const sent = JSON.stringify(h.mock.requests[0]!.body);
      assert.match(sent, /18C and sunny/, 'the tool result reached the upstream');
      assert.ok(sent.includes(use.id) || f.name === 'gemini', 'the tool call id is kept');
    });
  }

  it('system prompt as text blocks, stop_sequences, temperature and tool_choice reach an OpenAI upstream as chat fields', async () => {
    h.mock.reset();
    await sdk.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 33,
      stop_sequences: ['END'],
      system: [{ type: 'text', text: 'Rule one.' }, { type: 'text', text: 'Rule two.', cache_control: { type: 'ephemeral' } }],
      tools: [WEATHER],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    const sent = h.mock.requests[0]!.body as Record<string, unknown>;
    assert.deepEqual((sent.messages as unknown[])[0], { role: 'system', content: 'Rule one.\n\nRule two.' });
    assert.equal(sent.max_tokens, 33);
    assert.deepEqual(sent.stop, ['END']);
    assert.deepEqual(sent.tool_choice, { type: 'function', function: { name: 'get_weather' } });
    assert.equal(sent.parallel_tool_calls, false);
    assert.deepEqual((sent.tools as unknown[])[0], { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: WEATHER.input_schema } });
  });

  it('an Anthropic upstream gets the client\'s own body and headers, and its answer and events come back unchanged', async () => {
    h.mock.reset();
    const raw = {
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 64,
      top_k: 5,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'u-1' },
      system: [{ type: 'text', text: 'Long cached prefix.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'native please', cache_control: { type: 'ephemeral' } }] }],
      fallbacks: ['openai/gpt-4o-mini'],
      cost_weight: 0.5,
    };
    const res = await h.post('/v1/messages', raw, { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'prompt-caching-2024-07-31, fine-grained-tool-streaming-2025-05-14' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    const sent = h.mock.requests[0]!;
    const { fallbacks: _f, cost_weight: _c, ...want } = raw;
    void _f;
    void _c;
    assert.deepEqual(sent.body, { ...want, model: 'claude-sonnet-4-5' }, 'the client body, model replaced, gateway fields removed');
    assert.equal(sent.headers['anthropic-beta'], 'prompt-caching-2024-07-31, fine-grained-tool-streaming-2025-05-14');
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers['x-api-key'], 'sk-ant');
    assert.match(String(body.id), /^msg_mock_/, 'the upstream message as it came');
    assert.equal('cost' in body, false);
    // Streamed: the upstream's events, message_start with its real input token count.
    const st = await h.post('/v1/messages', { ...raw, stream: true });
    const text = await st.text();
    const start = JSON.parse(/event: message_start\ndata: (.*)\n/.exec(text)![1]!) as { message: { usage: { input_tokens: number } } };
    assert.ok(start.message.usage.input_tokens > 0);
    assert.match(text, /"text":"native "/);
    assert.ok(text.indexOf('event: content_block_start') < text.indexOf('event: ping'), 'the upstream\'s event order (the translation sends ping right after message_start)');
    // A header value that is not a plain token list is not passed on.
    h.mock.reset();
    await (await h.post('/v1/messages', raw, { 'anthropic-beta': 'x\u00e9y' })).text();
    assert.equal(h.mock.requests[0]!.headers['anthropic-beta'], undefined);
  });

  it('a fallback from an Anthropic upstream to another family is translated', async () => {
    h.mock.reset();
    const msg = await sdk.messages.create({ model: 'anthropic/mock-400', max_tokens: 16, messages: [{ role: 'user', content: 'fall over' }] }).catch((e: unknown) => e);
    assert.ok(msg instanceof Anthropic.BadRequestError, 'a 400 is not retried or fallen back from');
    const res = await h.post('/v1/messages', { model: 'anthropic/mock-502', fallbacks: ['openai/gpt-4o-mini'], max_tokens: 16, messages: [{ role: 'user', content: 'fall over' }] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/gpt-4o-mini');
    const body = (await res.json()) as { type: string; content: Array<{ text: string }> };
    assert.equal(body.type, 'message');
    assert.match(body.content[0]!.text, /fall over/);
  });

  it('a base64 image arrives as a data URL (OpenAI upstream) and as a base64 image block (Anthropic upstream)', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'what is this?' }] }];
    h.mock.reset();
    await sdk.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 16, messages });
    const oa = (h.mock.requests[0]!.body as { messages: Array<{ content: unknown }> }).messages[0]!.content;
    assert.deepEqual(oa, [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }, { type: 'text', text: 'what is this?' }]);
    h.mock.reset();
    await sdk.messages.create({ model: 'anthropic/claude-haiku-4-5', max_tokens: 16, messages });
    const an = (h.mock.requests[0]!.body as { messages: Array<{ content: unknown }> }).messages[0]!.content;
    assert.deepEqual(an, [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'what is this?' }]);
  });

  it('errors come in Anthropic shape as the SDK typed errors', async () => {
    await assert.rejects(sdk.messages.create({ model: 'openai/mock-429', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.RateLimitError);
      assert.equal(e.headers?.get('retry-after'), '1');
      assert.equal((e.error as { type: string; error: { type: string } }).error.type, 'rate_limit_error');
      return true;
    });
    await assert.rejects(sdk.messages.create({ model: 'nope-model-x', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof Anthropic.NotFoundError && (e.error as { error: { type: string } }).error.type === 'not_found_error');
    await assert.rejects(sdk.messages.create({ model: 'anthropic/mock-529', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof Anthropic.APIError && e.status === 529);
    for (const [body, param] of [
      [{ model: 'openai/gpt-4o-mini', max_tokens: 8 }, /messages/],
      [{ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'system', content: 'x' }] }, /role/],
      [{ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'AAAA' } }] }] }, /media_type/],
      ['{not json', /JSON/i],
    ] as const) {
      const res = await h.post('/v1/messages', body, { 'anthropic-version': '2023-06-01' });
      assert.equal(res.status, 400);
      const doc = (await res.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(doc.type, 'error');
      assert.equal(doc.error.type, 'invalid_request_error');
      assert.match(doc.error.message, param);
      assert.deepEqual(Object.keys(doc).sort(), ['error', 'type']);
    }
    const wrongMethod = await fetch(h.base + '/v1/messages');
    assert.equal(wrongMethod.status, 405);
    assert.deepEqual(((await wrongMethod.json()) as { type: string; error: { type: string } }).error.type, 'invalid_request_error');
  });

  it('an upstream error mid-stream becomes an SSE error event the SDK raises', async () => {
    const raw = await h.post('/v1/messages', { model: 'anthropic/mock-midstream-error', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'x' }] });
    const text = await raw.text();
    assert.match(text, /^event: message_start\n/);
    assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error"/);
    const stream = sdk.messages.stream({ model: 'openai/mock-midstream-error', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(stream.finalMessage(), (e: unknown) => e instanceof Error);
  });

  it('count_tokens answers an estimate that grows with the prompt; errors in Anthropic shape', async () => {
    const small = await sdk.messages.countTokens({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const big = await sdk.messages.countTokens({ model: 'openai/gpt-4o-mini', system: 'x'.repeat(400), tools: [WEATHER], messages: [{ role: 'user', content: 'hi '.repeat(200) }] });
    assert.ok(small.input_tokens > 0);
    assert.ok(big.input_tokens > small.input_tokens + 200);
    const bad = await h.post('/v1/messages/count_tokens', { model: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { type: string }).type, 'error');
  });

  it('the request is traced with its model, tokens and the answer', async () => {
    const { response } = await sdk.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'trace this one' }] }).withResponse();
    const id = response.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      const t = store.traces.get(id)!;
      assert.equal(t.requested_model, 'openai/gpt-4o-mini');
      assert.equal(t.input_text, 'trace this one');
      assert.match(t.output_text, /trace this one/);
      assert.ok(t.tokens_in > 0 && t.total_cost_usd > 0);
      assert.equal(t.status, 200);
    } finally {
      await store.root.close();
    }
  });
});

describe('Anthropic Messages ingress: auth through x-api-key', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { OPENTRACY_API_KEYS: 'gw-key-1,gw-key-2' } });
  });
  after(async () => {
    await h.close();
  });

  it('accepts the gateway key as x-api-key (apiKey) or as a bearer token (authToken); refuses others in Anthropic shape', async () => {
    const ok = await client(h, { apiKey: 'gw-key-2' }).messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.type, 'message');
    const bearer = await client(h, { apiKey: null, authToken: 'gw-key-1' }).messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(bearer.type, 'message');
    await assert.rejects(client(h, { apiKey: 'wrong' }).messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.AuthenticationError);
      assert.deepEqual(e.error, { type: 'error', error: { type: 'authentication_error', message: 'missing or invalid bearer token' } });
      return true;
    });
    // x-api-key is not a credential on the OpenAI routes.
    const chat = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'gw-key-1' });
    assert.equal(chat.status, 401);
  });
});

describe('Anthropic Messages ingress: model "auto"', () => {
  let h: Harness;
  let pool: RouterPool;
  before(async () => {
    const weightsPath = resolve(repoRoot(), 'models', 'router-default');
    const probe = await RouterPool.create({ weightsPath, workers: 1 });
    const ids = probe.profileIds();
    await probe.close();
    const profileTargets = Object.fromEntries(ids.map((id) => [id, 'openai/mock-503']));
    profileTargets[ids[0]!] = 'anthropic/routed-ok';
    pool = await RouterPool.create({ weightsPath, workers: 1, profileTargets });
    h = await startHarness({ router: pool });
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('routes, falls back to a working target, and reports the decision in headers and the trace', async () => {
    const sdk = client(h);
    const { data, response } = await sdk.messages.create({ model: 'auto', max_tokens: 32, messages: [{ role: 'user', content: 'Write a python function that reverses a linked list.' }] }).withResponse();
    assert.match(data.content[0]?.type === 'text' ? data.content[0].text : '', /reverses a linked list/);
    assert.equal(response.headers.get('x-opentracy-selected-model'), 'anthropic/routed-ok');
    assert.match(response.headers.get('x-opentracy-cluster-id') ?? '', /^\d+$/);
    const id = response.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      const t = store.traces.get(id)!;
      assert.equal(t.requested_model, 'auto');
      assert.ok(t.cluster_id >= 0);
      assert.equal(t.selected_model, 'routed-ok');
    } finally {
      await store.root.close();
    }
  });

  it('the Responses API routes model "auto" the same way', async () => {
    const { data, response } = await h.client.responses.create({ model: 'auto', input: 'Write a python function that reverses a linked list.' }).withResponse();
    assert.equal(data.status, 'completed');
    assert.match(data.output_text, /reverses a linked list/);
    assert.equal(response.headers.get('x-opentracy-selected-model'), 'anthropic/routed-ok');
    assert.match(response.headers.get('x-opentracy-cluster-id') ?? '', /^\d+$/);
  });
});
