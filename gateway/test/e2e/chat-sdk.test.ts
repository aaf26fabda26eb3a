/** The official OpenAI SDK against the gateway, for every provider family. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { signV4 } from '../../src/providers/shared/sigv4.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const FAMILIES = [
  { name: 'openai', model: 'openai/gpt-4o-mini', upstreamPath: '/v1/chat/completions' },
  { name: 'anthropic', model: 'anthropic/claude-haiku-4-5-20251001', upstreamPath: '/v1/messages' },
  { name: 'gemini', model: 'gemini/gemini-2.0-flash', upstreamPath: '/v1beta/models/gemini-2.0-flash:generateContent' },
  { name: 'bedrock', model: 'bedrock/anthropic.claude-haiku-4-5-20251001-v1:0', upstreamPath: '/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse' },
  { name: 'groq (bare name, prefix table)', model: 'llama-3.3-70b-versatile', upstreamPath: '/v1/chat/completions' },
];

const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

describe('OpenAI SDK through the gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  for (const f of FAMILIES) {
    it(`${f.name}: non-streaming completion with usage, cost and headers`, async () => {
      h.mock.reset();
      const { data, response } = await h.client.chat.completions
        .create({ model: f.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello gateway' }], max_tokens: 50 })
        .withResponse();
      assert.match(data.choices[0]!.message.content ?? '', /hello gateway/);
      assert.equal(data.choices[0]!.finish_reason, 'stop');
      assert.ok(data.usage && data.usage.total_tokens > 0);
      assert.ok(response.headers.get('x-opentracy-selected-model')?.endsWith(f.model.split('/').pop()!));
      assert.equal(response.headers.get('x-opentracy-routing-ms'), '0.00');
      assert.equal(h.mock.requests.length, 1);
      assert.equal(h.mock.requests[0]!.path.split('?')[0], f.upstreamPath);
    });

    it(`${f.name}: streaming completion reassembles the text`, async () => {
      const stream = await h.client.chat.completions.create({ model: f.model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream me please' }] });
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      assert.match(text, /stream me please/);
      assert.equal(finish, 'stop');
      assert.ok(usage && usage.completion_tokens > 0, 'usage chunk requested by include_usage');
    });

    it(`${f.name}: tool calls, streamed argument deltas reassemble`, async () => {
      const model = f.model.replace(/[^/]+$/, 'mock-tools');
      const res = await h.client.chat.completions.create({ model: f.model.includes('/') ? model : 'openai/mock-tools', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL], tool_choice: 'auto' });
      const call = res.choices[0]!.message.tool_calls?.[0];
      assert.equal(res.choices[0]!.finish_reason, 'tool_calls');
      assert.equal(call?.type === 'function' ? call.function.name : '', 'get_weather');
      const stream = await h.client.chat.completions.create({ model: f.model.includes('/') ? model : 'openai/mock-tools', stream: true, messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL] });
      let args = '';
      let name = '';
      for await (const chunk of stream) {
        for (const tc of chunk.choices[0]?.delta?.tool_calls ?? []) {
          args += tc.function?.arguments ?? '';
          name ||= tc.function?.name ?? '';
        }
      }
      assert.equal(name, 'get_weather');
      assert.deepEqual(JSON.parse(args), { location: 'Paris, France', unit: 'celsius' });
    });
  }

  it('keeps unknown request fields and every upstream response field (OpenAI family)', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], seed: 7, response_format: { type: 'json_object' }, max_completion_tokens: 9, fallbacks: [] });
    assert.equal(res.status, 200);
    const sent = h.mock.requests[0]!.body as Record<string, unknown>;
    assert.equal(sent.seed, 7);
    assert.deepEqual(sent.response_format, { type: 'json_object' });
    assert.equal(sent.max_completion_tokens, 9);
    assert.equal(sent.model, 'gpt-4o-mini', 'provider prefix removed');
    assert.equal('fallbacks' in sent, false, 'gateway-only field stripped');
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.system_fingerprint, 'fp_mock');
    const cost = body.cost as Record<string, number>;
    assert.ok(cost.total_cost_usd > 0 && Math.abs(cost.total_cost_usd - (cost.input_cost_usd + cost.output_cost_usd)) < 1e-12);
  });

  it('bedrock: API key as bearer, errors keep their meaning, a mid-stream exception reaches the client', async () => {
    h.mock.reset();
    await h.client.chat.completions.create({ model: 'bedrock/amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(h.mock.requests[0]!.headers.authorization, 'Bearer bedrock-key');
    await assert.rejects(h.client.chat.completions.create({ model: 'bedrock/mock-429', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.RateLimitError && e.headers?.get('retry-after') === '1');
    await assert.rejects(h.client.chat.completions.create({ model: 'bedrock/mock-400', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.BadRequestError && /mock error 400/.test(e.message));
    const stream = await h.client.chat.completions.create({ model: 'bedrock/mock-midstream-error', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })(),
      /Model stream error \(mock\)/,
    );
    assert.ok(text.length > 0, 'the content before the exception arrived');
  });

  it('bedrock with IAM credentials: the request that arrives carries a valid SigV4 signature', async () => {
    const iam = await startHarness({ withoutKeys: ['AWS_BEARER_TOKEN_BEDROCK'], env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_REGION: 'us-west-2' } });
    try {
      const res = await iam.client.chat.completions.create({ model: 'bedrock/us.amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'signed hello' }] });
      assert.match(res.choices[0]!.message.content ?? '', /signed hello/);
      const got = iam.mock.requests[0]!;
      const auth = String(got.headers.authorization);
      const date = String(got.headers['x-amz-date']);
      assert.match(auth, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, /);
      // Recompute over what the mock received (path, host, headers, body): undici changed nothing that is signed.
      const now = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
      const want = signV4({
        method: 'POST', host: String(got.headers.host), path: got.path, body: JSON.stringify(got.body),
        headers: { accept: String(got.headers.accept), 'content-type': String(got.headers['content-type']) },
        region: 'us-west-2', service: 'bedrock', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, now,
      });
      assert.equal(auth, want.authorization);
    } finally {
      await iam.close();
    }
  });

  it('errors reach the SDK as its typed errors with the upstream meaning kept', async () => {
    await assert.rejects(h.client.chat.completions.create({ model: 'nope-model-x', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
    await assert.rejects(h.client.chat.completions.create({ model: 'openai/mock-429', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.RateLimitError && e.headers?.get('retry-after') === '1');
    await assert.rejects(h.client.chat.completions.create({ model: 'openai/mock-401', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    await assert.rejects(h.client.chat.completions.create({ model: 'openai/mock-400', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.BadRequestError);
  });

  it('lists models in the OpenAI list shape and retrieves one with a slash in its id', async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    assert.ok(ids.includes('openai/gpt-4o-mini'));
    assert.ok(ids.includes('anthropic/claude-haiku-4-5'));
    const one = await h.client.models.retrieve('openai/gpt-4o-mini');
    assert.equal(one.id, 'openai/gpt-4o-mini');
    await assert.rejects(h.client.models.retrieve('unknown/thing'), (e: unknown) => e instanceof OpenAI.NotFoundError);
  });
});
