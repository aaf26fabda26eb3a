/** Bad input gets the OpenAI error shape with the right status: one table. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

interface Case {
  name: string;
  method?: string;
  path?: string;
  body?: string;
  status: number;
  code: string;
  param?: string;
}

const msg = [{ role: 'user', content: 'hi' }];
const CASES: Case[] = [
  { name: 'invalid JSON', body: '{"model":', status: 400, code: 'invalid_json' },
  { name: 'empty body', body: '', status: 400, code: 'invalid_request' },
  { name: 'array body', body: '[]', status: 400, code: 'invalid_request' },
  { name: 'missing messages', body: JSON.stringify({ model: 'openai/gpt-4o' }), status: 400, code: 'invalid_request', param: 'messages' },
  { name: 'empty messages', body: JSON.stringify({ model: 'openai/gpt-4o', messages: [] }), status: 400, code: 'invalid_request', param: 'messages' },
  { name: 'model of wrong type', body: JSON.stringify({ model: 5, messages: msg }), status: 400, code: 'invalid_request', param: 'model' },
  { name: 'stream of wrong type', body: JSON.stringify({ model: 'openai/gpt-4o', messages: msg, stream: 'yes' }), status: 400, code: 'invalid_request', param: 'stream' },
  { name: 'temperature of wrong type', body: JSON.stringify({ model: 'openai/gpt-4o', messages: msg, temperature: 'hot' }), status: 400, code: 'invalid_request', param: 'temperature' },
  { name: 'message without role', body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ content: 'x' }] }), status: 400, code: 'invalid_request', param: 'messages[0].role' },
  { name: 'content part without type', body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: [{ text: 'x' }] }] }), status: 400, code: 'invalid_request', param: 'messages[0].content[0]' },
  { name: 'unknown model', body: JSON.stringify({ model: 'no-such-model', messages: msg }), status: 404, code: 'model_not_found', param: 'model' },
  { name: 'provider without a key', body: JSON.stringify({ model: 'mistral/mistral-large-latest', messages: msg }), status: 400, code: 'provider_not_configured' },
  { name: 'unsupported content part for Anthropic', body: JSON.stringify({ model: 'anthropic/claude-3-5-haiku', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] }] }), status: 400, code: 'unsupported_content' },
  { name: 'auto without a router', body: JSON.stringify({ model: 'auto', messages: msg }), status: 400, code: 'routing_unavailable', param: 'model' },
  { name: 'unknown fallback', body: JSON.stringify({ model: 'openai/gpt-4o', messages: msg, fallbacks: ['zzz'] }), status: 404, code: 'model_not_found', param: 'fallbacks' },
  { name: 'GET on a POST route', method: 'GET', status: 405, code: 'method_not_allowed' },
  { name: 'unknown route', method: 'GET', path: '/v1/nothing-here', status: 404, code: 'not_found' },
  { name: 'body over the cap', body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }), status: 413, code: 'body_too_large' },
];

describe('bad input', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { OPENTRACY_MAX_BODY_BYTES: '4096' } });
  });
  after(async () => {
    await h.close();
  });

  for (const c of CASES) {
    it(`${c.name} -> ${c.status} ${c.code}`, async () => {
      const method = c.method ?? 'POST';
      const res = await fetch(h.base + (c.path ?? '/v1/chat/completions'), { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: c.body ?? '' } : {}) });
      assert.equal(res.status, c.status);
      const body = (await res.json()) as { error: { message: string; type: string; code: string; param: string | null } };
      assert.equal(body.error.code, c.code);
      assert.equal(typeof body.error.message, 'string');
      assert.ok(body.error.message.length > 0);
      assert.equal(typeof body.error.type, 'string');
      if (c.param) assert.equal(body.error.param, c.param);
    });
  }

  it('the gateway still serves after all of the above', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(res.status, 200);
  });
});
