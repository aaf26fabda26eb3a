/** POST /v1/embeddings through the OpenAI SDK: OpenAI-compatible providers passed through with cost, and local/static. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const norm = (v: number[]): number => Math.hypot(...v);

describe('POST /v1/embeddings', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('OpenAI-compatible provider: passed through (base64 as the SDK asks), cost spliced, traced', async () => {
    h.mock.reset();
    const { data, response } = await h.client.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['first text', 'second'], dimensions: 16 }).withResponse();
    assert.equal(data.data.length, 2);
    assert.equal(data.data[0]!.embedding.length, 16);
    assert.ok(Math.abs(norm(data.data[0]!.embedding) - 1) < 1e-5);
    assert.ok(data.usage.prompt_tokens > 0);
    const sent = h.mock.requests[0]!;
    assert.equal(sent.path, '/v1/embeddings');
    assert.deepEqual((sent.body as Record<string, unknown>).model, 'text-embedding-3-small');
    assert.equal((sent.body as Record<string, unknown>).encoding_format, 'base64');
    assert.equal(sent.headers.authorization, 'Bearer sk-openai');
    assert.equal(response.headers.get('x-opentracy-provider'), 'openai');
    assert.equal(response.headers.get('x-opentracy-selected-model'), 'openai/text-embedding-3-small');
    const raw = (await (await h.post('/v1/embeddings', { model: 'openai/text-embedding-3-small', input: 'x', encoding_format: 'float' })).json()) as { cost: { total_cost_usd: number }; data: Array<{ embedding: number[] }> };
    assert.ok(raw.cost.total_cost_usd > 0);
    assert.equal(raw.data[0]!.embedding.length, 8);
    const id = response.headers.get('x-opentracy-request-id')!;
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      const t = store.traces.get(id)!;
      assert.equal(t.request_type, 'embedding');
      assert.equal(t.provider, 'openai');
      assert.equal(t.selected_model, 'text-embedding-3-small');
      assert.equal(t.tokens_in, data.usage.prompt_tokens);
      assert.ok(t.total_cost_usd > 0);
      assert.equal(t.status, 200);
    } finally {
      await store.root.close();
    }
  });

  it('Gemini: translated to batchEmbedContents and back (floats and base64), usage estimated, key in x-goog-api-key', async () => {
    h.mock.reset();
    const r = await h.client.embeddings.create({ model: 'gemini/gemini-embedding-001', input: ['one', 'three'], dimensions: 4 });
    assert.equal(r.data.length, 2);
    assert.equal(r.data[1]!.embedding.length, 4);
    assert.ok(Math.abs(norm(r.data[1]!.embedding) - 1) < 1e-5);
    assert.ok(r.usage.prompt_tokens >= 2);
    const sent = h.mock.requests[0]!;
    assert.equal(sent.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.equal(sent.headers['x-goog-api-key'], 'g-key');
    assert.deepEqual(sent.body, { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'one' }] }, outputDimensionality: 4 }, { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'three' }] }, outputDimensionality: 4 }] });
    const raw = (await (await h.post('/v1/embeddings', { model: 'gemini/gemini-embedding-001', input: 'x', encoding_format: 'float' })).json()) as { cost: { total_cost_usd: number }; data: Array<{ embedding: number[] }> };
    assert.equal(raw.data[0]!.embedding.length, 8);
    assert.ok(raw.cost.total_cost_usd > 0);
    await assert.rejects(h.client.embeddings.create({ model: 'gemini/mock-429', input: 'x' }), (e: unknown) => e instanceof OpenAI.RateLimitError);
  });

  it('retries and falls back like chat; upstream errors keep their meaning', async () => {
    h.mock.reset();
    const fb = await h.post('/v1/embeddings', { model: 'openai/mock-502', fallbacks: ['groq/embed-model'], input: 'x' });
    assert.equal(fb.status, 200);
    assert.equal(fb.headers.get('x-opentracy-provider'), 'groq');
    await fb.text();
    await assert.rejects(h.client.embeddings.create({ model: 'openai/mock-429', input: 'x' }), (e: unknown) => e instanceof OpenAI.RateLimitError && e.headers?.get('retry-after') === '1');
    await assert.rejects(h.client.embeddings.create({ model: 'anthropic/claude-haiku-4-5', input: 'x' }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'model');
    await assert.rejects(h.client.embeddings.create({ model: 'openai/text-embedding-3-small', input: [] }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'input');
  });

  it('local/static: the router\'s own embedder, unit vectors, deterministic, floats or base64', async () => {
    const a = await h.client.embeddings.create({ model: 'local/static', input: ['reverse a linked list in python', 'a poem about the sea'], encoding_format: 'float' });
    assert.equal(a.model, 'local/static');
    const [v1, v2] = [a.data[0]!.embedding, a.data[1]!.embedding];
    assert.ok(v1.length >= 32, `dim ${v1.length}`);
    assert.ok(Math.abs(norm(v1) - 1) < 1e-4);
    assert.notDeepEqual(v1, v2);
    const b = await h.client.embeddings.create({ model: 'local/static', input: 'reverse a linked list in python' }); // base64 by default in the SDK
    assert.equal(b.data[0]!.embedding.length, v1.length);
    b.data[0]!.embedding.forEach((x, i) => assert.ok(Math.abs(x - v1[i]!) < 1e-6));
    assert.ok(a.usage.prompt_tokens > 0);
    await assert.rejects(h.client.embeddings.create({ model: 'local/nope', input: 'x' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(h.client.embeddings.create({ model: 'local/static', input: [1, 2, 3] }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'input');
  });
});
