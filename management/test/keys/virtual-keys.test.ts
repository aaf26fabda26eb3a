/** Virtual keys end to end: management /v1/keys creates them, a live gateway enforces them (openai and @anthropic-ai/sdk clients). */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../../../gateway/test/helpers/gateway-harness.js';
import { parseConfig } from '../../../gateway/src/config.js';
import { startGateway } from '../../../gateway/src/gateway.js';
import type { ManagementService } from '../../src/service.js';
import { startTestServer } from '../helpers/server.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('virtual keys (management /v1/keys, gateway enforcement)', () => {
  let h: Harness;
  let m: ManagementService;
  let mbase: string;
  let restarted = false;
  const create = async (body: Record<string, unknown>): Promise<{ id: string; key: string }> => {
    const r = await fetch(`${mbase}/v1/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 201);
    const k = (await r.json()) as { id: string; key: string };
    await sleep(700); // the gateway re-reads the keys file within 500 ms
    return k;
  };
  const openai = (key: string, base = h.base): OpenAI => new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0, timeout: 10_000 });
  const ask = (c: OpenAI, model = 'openai/gpt-4o-mini') => c.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello keys' }] });

  before(async () => {
    h = await startHarness();
    m = await startTestServer(h.dataDir, { OPENTRACY_GATEWAY_URL: h.base, OPENTRACY_SECRETS_FILE: `${h.dataDir}/mgmt-secrets.json` });
    mbase = `http://127.0.0.1:${m.port}`;
  });
  after(async () => {
    await m.close();
    if (!restarted) await h.close();
    else {
      await h.mock.close();
      rmSync(h.dataDir, { recursive: true, force: true });
    }
  });

  it('creates a key whose secret is returned once and stored hashed (0600); the key works and anonymous requests are refused', async () => {
    const k = await create({ owner: 'alice', models: ['openai/gpt-4o-mini', 'auto'] });
    assert.match(k.key, /^otk_/);
    const file = join(h.dataDir, 'virtual-keys.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const raw = readFileSync(file, 'utf8');
    assert.ok(!raw.includes(k.key), 'secret not in the file');
    const one = (await (await fetch(`${mbase}/v1/keys/${k.id}`)).json()) as Record<string, unknown>;
    assert.equal(one.key, undefined);
    assert.equal(one.hash, undefined);
    assert.equal(one.owner, 'alice');
    const list = (await (await fetch(`${mbase}/v1/keys`)).json()) as { data: Array<Record<string, unknown>> };
    assert.ok(list.data.every((x) => x.key === undefined && x.hash === undefined));
    const res = await ask(openai(k.key));
    assert.match(res.choices[0]!.message.content ?? '', /hello keys/);
    await assert.rejects(ask(openai('otk_not-a-key')), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    await assert.rejects(ask(openai('anything')), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  });

  it('a model outside the allowed list is a 403 naming it (OpenAI and Anthropic shapes)', async () => {
    const k = await create({ models: ['openai/gpt-4o-mini'] });
    await assert.rejects(ask(openai(k.key), 'gemini/gemini-2.0-flash'), (e: unknown) => e instanceof OpenAI.PermissionDeniedError && /gemini\/gemini-2\.0-flash/.test(e.message));
    const a = new Anthropic({ apiKey: k.key, baseURL: h.base, maxRetries: 0 });
    await assert.rejects(a.messages.create({ model: 'anthropic/claude-x', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => e instanceof Anthropic.PermissionDeniedError && /claude-x/.test(e.message));
  });

  it('rpm: the request past the limit is a 429 with Retry-After and x-ratelimit-* headers', async () => {
    const k = await create({ rpm: 2 });
    const c = openai(k.key);
    const { response } = await c.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] }).withResponse();
    assert.equal(response.headers.get('x-ratelimit-limit-requests'), null); // headers only on refusals (no per-request work)
    await ask(c);
    const r = await fetch(`${h.base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'c' }] }) });
    assert.equal(r.status, 429);
    const retry = Number(r.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60);
    assert.equal(r.headers.get('x-ratelimit-limit-requests'), '2');
    assert.equal(r.headers.get('x-ratelimit-remaining-requests'), '0');
    const body = (await r.json()) as { error: { type: string; code: string; message: string } };
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /2 requests per minute/);
    const a = new Anthropic({ apiKey: k.key, baseURL: h.base, maxRetries: 0 });
    await assert.rejects(a.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => e instanceof Anthropic.RateLimitError);
  });

  it('tpm: once the minute\'s tokens reach the limit, the next request is a 429', async () => {
    const k = await create({ tpm: 1 });
    await ask(openai(k.key));
    await sleep(50);
    await assert.rejects(ask(openai(k.key)), (e: unknown) => e instanceof OpenAI.RateLimitError && /tokens per minute/.test(e.message));
  });

  it('budget: after spend reaches the daily budget, 402 naming the budget; spend per key in analytics', async () => {
    const k = await create({ budget_daily_usd: 0.0000001 });
    await ask(openai(k.key));
    await sleep(50);
    await assert.rejects(ask(openai(k.key)), (e: unknown) => e instanceof OpenAI.APIError && e.status === 402 && /daily budget/.test(e.message));
    await sleep(1500);
    const r = (await (await fetch(`${mbase}/v1/keys/${k.id}/spend`)).json()) as { id: string; requests: number; total_cost_usd: number };
    assert.equal(r.requests, 1);
    assert.ok(r.total_cost_usd > 0);
  });

  it('expiry and revoke take effect without a restart (401)', async () => {
    const k = await create({ expires_at: new Date(Date.now() + 1500).toISOString() });
    await ask(openai(k.key));
    await sleep(1600);
    await assert.rejects(ask(openai(k.key)), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    const k2 = await create({});
    await ask(openai(k2.key));
    const d = await fetch(`${mbase}/v1/keys/${k2.id}`, { method: 'DELETE' });
    assert.equal(((await d.json()) as { status: string }).status, 'revoked');
    await sleep(700);
    await assert.rejects(ask(openai(k2.key)), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  });

  it('spend counters survive a gateway restart', async () => {
    const k = await create({ budget_daily_usd: 0.0000001 });
    await ask(openai(k.key));
    await sleep(50);
    restarted = true;
    await h.gw.close(); // flushes the counters
    const gw2 = await startGateway(parseConfig({ ...h.config.env, OPENTRACY_DATA_DIR: h.dataDir, OPENTRACY_SECRETS_FILE: join(h.dataDir, 'secrets.json'), OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: '0' }), { router: null, log: () => undefined });
    try {
      await assert.rejects(ask(openai(k.key, `http://127.0.0.1:${gw2.port}`)), (e: unknown) => e instanceof OpenAI.APIError && e.status === 402);
    } finally {
      await gw2.close();
    }
  });
});
