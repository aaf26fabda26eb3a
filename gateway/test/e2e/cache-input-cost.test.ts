/**
 * cache_input_cost_usd (issue 17): cached input tokens from each provider's usage block (OpenAI
 * prompt_tokens_details.cached_tokens, Anthropic cache_read/cache_creation_input_tokens, Gemini
 * cachedContentTokenCount) are priced at the cached rate, in the trace, the response's cost and
 * /v1/metrics/recent. The upstream here is a small server speaking each provider's wire format.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { costOf } from '../../../core/pricing/pricing.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

type J = Record<string, unknown>;

function cachingUpstream(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as J;
      const url = req.url ?? '';
      const send = (doc: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(doc));
      };
      const sse = (events: string[]): void => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(events.join(''));
      };
      if (url.endsWith('/chat/completions')) {
        const usage = { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 800 } };
        if (body.stream === true) {
          const head = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: body.model };
          return sse([
            `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' }, finish_reason: null }] })}\n\n`,
            `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
            `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`,
            'data: [DONE]\n\n',
          ]);
        }
        return send({ id: 'c1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage });
      }
      if (url.endsWith('/v1/messages')) {
        // 200 uncached + 300 written + 500 read = 1000 input tokens.
        const usage = { input_tokens: 200, cache_creation_input_tokens: 300, cache_read_input_tokens: 500, output_tokens: 100 };
        if (body.stream === true) {
          const ev = (type: string, d: J): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...d })}\n\n`;
          return sse([
            ev('message_start', { message: { id: 'msg1', type: 'message', role: 'assistant', model: body.model, content: [], usage: { input_tokens: 200, cache_creation_input_tokens: 300, cache_read_input_tokens: 500, output_tokens: 1 } } }),
            ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
            ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'hi' } }),
            ev('content_block_stop', { index: 0 }),
            ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 100 } }),
            ev('message_stop', {}),
          ]);
        }
        return send({ id: 'msg1', type: 'message', role: 'assistant', model: body.model, content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage });
      }
      if (url.includes(':generateContent')) {
        return send({ candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1000, cachedContentTokenCount: 600, candidatesTokenCount: 100, totalTokenCount: 1100 } });
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ origin, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('cache_input_cost_usd', () => {
  let up: Awaited<ReturnType<typeof cachingUpstream>>;
  let h: Harness;
  before(async () => {
    up = await cachingUpstream();
    h = await startHarness({ env: { OPENAI_BASE_URL: `${up.origin}/v1`, ANTHROPIC_BASE_URL: up.origin, GEMINI_BASE_URL: up.origin } });
  });
  after(async () => {
    await h.close();
    await up.close();
  });

  async function trace(id: string): Promise<TraceRecord> {
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      return store.traces.get(id)!;
    } finally {
      await store.root.close();
    }
  }

  const cases = [
    { name: 'openai', model: 'openai/gpt-4o', bare: 'gpt-4o', provider: 'openai', cached: 800, written: 0 },
    { name: 'anthropic', model: 'anthropic/claude-sonnet-4-20250514', bare: 'claude-sonnet-4-20250514', provider: 'anthropic', cached: 500, written: 300 },
    { name: 'gemini', model: 'gemini/gemini-2.5-flash', bare: 'gemini-2.5-flash', provider: 'gemini', cached: 600, written: 0 },
  ];

  for (const c of cases) {
    it(`${c.name}: non-streaming, through the openai SDK`, async () => {
      const { data, response } = await h.client.chat.completions.create({ model: c.model, messages: [{ role: 'user', content: 'cached prefix please' }] }).withResponse();
      const expected = costOf(c.bare, { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: c.cached }, cache_creation_input_tokens: c.written }, c.provider)!;
      assert.ok(expected.cache_input_cost_usd! > 0);
      // The response's usage says how many were cached (OpenAI's field, also for translated providers).
      assert.equal(data.usage?.prompt_tokens, 1000);
      assert.equal(data.usage?.prompt_tokens_details?.cached_tokens, c.cached);
      const cost = (data as unknown as { cost: J }).cost;
      assert.equal(cost.cache_input_cost_usd, expected.cache_input_cost_usd);
      assert.equal(cost.total_cost_usd, expected.total_cost_usd);
      const t = await trace(response.headers.get('x-opentracy-request-id')!);
      assert.equal(t.tokens_in, 1000);
      assert.equal(t.cached_tokens_in, c.cached);
      assert.equal(t.cache_input_cost_usd, expected.cache_input_cost_usd);
      assert.equal(t.input_cost_usd, expected.input_cost_usd);
      assert.ok(Math.abs(t.total_cost_usd - (t.input_cost_usd + t.cache_input_cost_usd + t.output_cost_usd)) < 1e-12);
      // Cheaper than the same tokens uncached.
      assert.ok(t.total_cost_usd < costOf(c.bare, { prompt_tokens: 1000, completion_tokens: 100 }, c.provider)!.total_cost_usd);
    });
  }

  for (const c of cases.slice(0, 2)) {
    it(`${c.name}: streamed usage carries the cached tokens into the trace`, async () => {
      const { data: stream, response } = await h.client.chat.completions.create({ model: c.model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'cached stream' }] }).withResponse();
      let usage: J | undefined;
      for await (const ch of stream) if (ch.usage) usage = ch.usage as unknown as J;
      assert.equal((usage?.prompt_tokens_details as J | undefined)?.cached_tokens, c.cached);
      const t = await trace(response.headers.get('x-opentracy-request-id')!);
      const expected = costOf(c.bare, { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: c.cached }, cache_creation_input_tokens: c.written }, c.provider)!;
      assert.equal(t.cache_input_cost_usd, expected.cache_input_cost_usd);
      assert.equal(t.total_cost_usd, expected.total_cost_usd);
    });
  }

  it('/v1/metrics/recent lists cache_input_cost_usd (left out when zero, as the reference says)', async () => {
    const res = await fetch(`${h.base}/v1/metrics/recent`);
    const recs = (await res.json()) as J[];
    const cached = recs.filter((r) => typeof r.cache_input_cost_usd === 'number');
    assert.ok(cached.length >= 5, JSON.stringify(recs.slice(0, 2)));
    assert.ok(cached.every((r) => (r.cache_input_cost_usd as number) > 0));
  });
});
