/** POST /v1/responses and GET /v1/responses/{id}: the official OpenAI SDK's Responses API against the gateway, any upstream. */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const FAMILIES = [
  { name: 'openai', prefix: 'openai/' },
  { name: 'anthropic', prefix: 'anthropic/' },
  { name: 'gemini', prefix: 'gemini/' },
  { name: 'bedrock', prefix: 'bedrock/' },
];

const WEATHER: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  strict: false,
};

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

type Sent = { messages?: Array<{ role: string; content: unknown; tool_calls?: unknown[] }> };

describe('OpenAI Responses ingress (openai SDK, client.responses)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  for (const f of FAMILIES) {
    it(`${f.name} upstream: text input and instructions, output_text, usage, headers`, async () => {
      h.mock.reset();
      const { data, response } = await h.client.responses.create({ model: `${f.prefix}some-model`, instructions: 'Be brief.', input: 'hello responses ingress', max_output_tokens: 50 }).withResponse();
      assert.equal(data.object, 'response');
      assert.match(data.id, /^resp_[0-9a-f]{28}$/);
      assert.equal(data.status, 'completed');
      assert.match(data.output_text, /hello responses ingress/);
      const item = data.output[0];
      assert.equal(item?.type, 'message');
      assert.ok(data.usage && data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
      assert.equal(data.instructions, 'Be brief.');
      assert.equal(response.headers.get('x-opentracy-selected-model'), `${f.prefix}some-model`);
      assert.equal(response.headers.get('x-opentracy-provider'), f.name);
      assert.match(JSON.stringify(h.mock.requests[0]!.body), /Be brief\./);
    });

    it(`${f.name} upstream: streaming events in order; the SDK's stream helper assembles the response`, async () => {
      const stream = await h.client.responses.create({ model: `${f.prefix}m`, input: 'stream me please', stream: true });
      const types: string[] = [];
      let text = '';
      let seq = -1;
      let completed: OpenAI.Responses.Response | null = null;
      for await (const ev of stream) {
        types.push(ev.type);
        assert.equal(ev.sequence_number, seq + 1);
        seq = ev.sequence_number;
        if (ev.type === 'response.output_text.delta') text += ev.delta;
        if (ev.type === 'response.completed') completed = ev.response;
      }
      assert.match(text, /stream me please/);
      assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
      assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
      assert.ok(completed);
      assert.equal(completed.status, 'completed');
      const done = await h.client.responses.stream({ model: `${f.prefix}m`, input: 'helper stream' }).finalResponse();
      // The SDK adds output_text to streamed responses only for parseable requests: read the item.
      const msg = done.output[0];
      assert.equal(done.status, 'completed');
      assert.match(msg?.type === 'message' && msg.content[0]?.type === 'output_text' ? msg.content[0].text : '', /helper stream/);
    });

    it(`${f.name} upstream: function tools, streamed arguments, and the tool output sent back through previous_response_id`, async () => {
      const model = `${f.prefix}mock-tools`;
      const first = await h.client.responses.create({ model, input: 'weather in Paris?', tools: [WEATHER] });
      const call = first.output.find((o) => o.type === 'function_call');
      assert.ok(call && call.type === 'function_call');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { location: 'Paris, France', unit: 'celsius' });

      const stream = await h.client.responses.create({ model, input: 'weather in Paris?', tools: [WEATHER], stream: true });
      let args = '';
      let doneArgs = '';
      for await (const ev of stream) {
        if (ev.type === 'response.function_call_arguments.delta') args += ev.delta;
        if (ev.type === 'response.function_call_arguments.done') doneArgs = ev.arguments;
      }
      assert.deepEqual(JSON.parse(args), { location: 'Paris, France', unit: 'celsius' });
      assert.equal(doneArgs, args);

      h.mock.reset();
      const second = await h.client.responses.create({
        model: `${f.prefix}after-tools`,
        previous_response_id: first.id,
        tools: [WEATHER],
        input: [{ type: 'function_call_output', call_id: call.call_id, output: '18C and sunny' }],
      });
      assert.equal(second.previous_response_id, first.id);
      const sent = JSON.stringify(h.mock.requests[0]!.body);
      assert.match(sent, /weather in Paris\?/, 'the stored conversation was sent');
      assert.match(sent, /18C and sunny/);
      assert.match(sent, /get_weather/);
    });
  }

  it('previous_response_id continues the conversation; instructions are not carried over; retrieve returns the stored response', async () => {
    const first = await h.client.responses.create({ model: 'openai/gpt-4o-mini', instructions: 'Only first.', input: 'my name is Ada' });
    h.mock.reset();
    const second = await h.client.responses.create({ model: 'openai/gpt-4o-mini', previous_response_id: first.id, input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is my name?' }] }] });
    const sent = h.mock.requests[0]!.body as Sent;
    assert.deepEqual(sent.messages!.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(sent.messages![0]!.content, 'my name is Ada');
    assert.match(String(sent.messages![1]!.content), /my name is Ada/, 'the earlier answer');
    assert.equal(sent.messages![2]!.content, 'what is my name?');
    const items: Array<Record<string, unknown>> = [];
    for await (const it of h.client.responses.inputItems.list(second.id)) items.push(it as unknown as Record<string, unknown>);
    assert.deepEqual(items.map((i) => [i.type, i.role]), [['message', 'user'], ['message', 'assistant'], ['message', 'user']]);
    assert.deepEqual((items[2]!.content as unknown[])[0], { type: 'input_text', text: 'what is my name?' });
    assert.equal(((items[1]!.content as Array<{ type: string }>)[0]!).type, 'output_text');
    const got = await h.client.responses.retrieve(second.id);
    assert.equal(got.id, second.id);
    assert.equal(got.output_text, second.output_text);
    // A chain of three.
    h.mock.reset();
    await h.client.responses.create({ model: 'openai/gpt-4o-mini', previous_response_id: second.id, input: 'third' });
    assert.equal((h.mock.requests[0]!.body as Sent).messages!.length, 5);
    // Deleted: gone for retrieve and for previous_response_id.
    await h.client.responses.delete(first.id);
    await assert.rejects(h.client.responses.retrieve(first.id), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(h.client.responses.create({ model: 'openai/gpt-4o-mini', previous_response_id: first.id, input: 'x' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(h.client.responses.delete(first.id), (e: unknown) => e instanceof OpenAI.NotFoundError);
  });

  it('store: false is not kept; unknown ids are 404s; the store files are private', async () => {
    const r = await h.client.responses.create({ model: 'openai/gpt-4o-mini', input: 'forget me', store: false });
    await assert.rejects(h.client.responses.retrieve(r.id), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(h.client.responses.retrieve('resp_nope'), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(h.client.responses.create({ model: 'openai/gpt-4o-mini', input: 'x', previous_response_id: 'resp_0123456789abcdef0123456789ab' }), (e: unknown) => e instanceof OpenAI.NotFoundError && e.param === 'previous_response_id');
    const dir = join(h.dataDir, 'responses');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'data.mdb')).mode & 0o777, 0o600);
  });

  it('input items with an image, a system message and an earlier assistant turn reach the upstream as chat messages', async () => {
    h.mock.reset();
    await h.client.responses.create({
      model: 'openai/gpt-4o-mini',
      input: [
        { role: 'developer', content: 'dev rule' },
        { role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'low' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'a pixel', annotations: [] }], id: 'msg_x', status: 'completed' },
        { role: 'user', content: 'and now?' },
      ],
      text: { format: { type: 'json_object' } },
    });
    const sent = h.mock.requests[0]!.body as Sent & { response_format?: unknown };
    assert.deepEqual(sent.messages, [
      { role: 'developer', content: 'dev rule' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } }] },
      { role: 'assistant', content: 'a pixel' },
      { role: 'user', content: 'and now?' },
    ]);
    assert.deepEqual(sent.response_format, { type: 'json_object' });
  });

  it('errors keep the OpenAI shape and the upstream meaning; a mid-stream failure is error + response.failed', async () => {
    await assert.rejects(h.client.responses.create({ model: 'openai/mock-429', input: 'x' }), (e: unknown) => e instanceof OpenAI.RateLimitError && e.headers?.get('retry-after') === '1');
    await assert.rejects(h.client.responses.create({ model: 'openai/gpt-4o-mini', input: 'x', tools: [{ type: 'web_search_preview' }] }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'tools[0].type');
    await assert.rejects(h.client.responses.create({ model: 'nope-model-x', input: 'x' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
    const res = await h.post('/v1/responses', { model: 'anthropic/mock-midstream-error', input: 'x', stream: true });
    const text = await res.text();
    assert.match(text, /^event: response\.created\n/);
    assert.match(text, /event: error\n/);
    assert.match(text, /event: response\.failed\ndata: \{"type":"response\.failed"/);
    assert.doesNotMatch(text, /response\.completed/);
  });

  it('is traced like a chat completion', async () => {
    const { data, response } = await h.client.responses.create({ model: 'openai/gpt-4o-mini', input: 'trace the response' }).withResponse();
    const id = response.headers.get('x-opentracy-request-id')!;
    assert.equal(data.id, `resp_${id}`, 'the response id names its trace');
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      const t = store.traces.get(id)!;
      assert.equal(t.input_text, 'trace the response');
      assert.ok(t.total_cost_usd > 0);
    } finally {
      await store.root.close();
    }
  });
});
