/** Aliases registered at runtime: served at once, listed, persisted across a restart, validated. */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config.js';
import { startGateway } from '../../src/gateway.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

interface ErrBody {
  error: { message: string; type: string; code: string; param: string | null };
}

describe('model aliases', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ configFile: { aliases: { 'from-config': 'openai/gpt-4o-mini' } } });
  });
  after(async () => h.close());

  const chat = (model: string): Promise<Response> => h.post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hello alias' }] });

  it('an unknown alias is a 404 before registration and served right after it', async () => {
    assert.equal((await chat('support-bot')).status, 404);
    const r = await h.post('/v1/models/register', { alias: 'support-bot', target: 'openai/gpt-4o-mini' });
    assert.equal(r.status, 201);
    const res = await chat('support-bot');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/gpt-4o-mini');
    const last = h.mock.requests.at(-1)!;
    assert.equal((last.body as { model: string }).model, 'gpt-4o-mini');
  });

  it('an endpoint alias sends the endpoint model name to its own base URL, with its key', async () => {
    const r = await h.post('/v1/models/register', { alias: 'distilled/student', endpoint: { base_url: `${h.mock.origin}/v1`, model: 'student-gguf', api_key: 'sk-student' } });
    assert.equal(r.status, 201);
    const body = (await r.json()) as { endpoint: { has_api_key: boolean; api_key?: string } };
    assert.equal(body.endpoint.has_api_key, true);
    assert.equal(body.endpoint.api_key, undefined);
    const res = await chat('distilled/student');
    assert.equal(res.status, 200);
    const last = h.mock.requests.at(-1)!;
    assert.equal((last.body as { model: string }).model, 'student-gguf');
    assert.equal(last.headers.authorization, 'Bearer sk-student');
  });

  it('targets with fallbacks: the fallback answers when the target fails', async () => {
    const r = await h.post('/v1/models/register', { alias: 'resilient', targets: ['openai/mock-500'], fallbacks: ['openai/gpt-4o-mini'] });
    assert.equal(r.status, 201);
    const res = await chat('resilient');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/gpt-4o-mini');
  });

  it('lists registered and config aliases, and /v1/models shows them', async () => {
    const list = (await (await fetch(`${h.base}/v1/models/aliases`)).json()) as { data: Array<{ alias: string; source: string }> };
    const byName = new Map(list.data.map((a) => [a.alias, a.source]));
    assert.equal(byName.get('from-config'), 'config');
    assert.equal(byName.get('support-bot'), 'registered');
    const models = (await (await fetch(`${h.base}/v1/models`)).json()) as { data: Array<{ id: string }> };
    const ids = models.data.map((m) => m.id);
    for (const a of ['support-bot', 'distilled/student', 'from-config']) assert.ok(ids.includes(a), a);
  });

  it('rejects bad registrations with OpenAI-shaped errors', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ target: 'openai/gpt-4o' }, 400, 'alias'],
      [{ alias: 'auto', target: 'openai/gpt-4o' }, 400, 'alias'],
      [{ alias: 'bad name!', target: 'openai/gpt-4o' }, 400, 'alias'],
      [{ alias: 'openai/gpt-4o', target: 'openai/gpt-4o-mini' }, 400, 'alias'],
      [{ alias: 'x1' }, 400, 'target'],
      [{ alias: 'x1', target: 'a', endpoint: { base_url: 'http://x', model: 'm' } }, 400, 'target'],
      [{ alias: 'x1', targets: [] }, 400, 'targets'],
      [{ alias: 'x1', target: 'nosuchprovider/zzz' }, 404, 'target'],
      [{ alias: 'x1', target: 'support-bot' }, 400, 'target'],
      [{ alias: 'x1', target: 'x1' }, 400, 'target'],
      [{ alias: 'x1', endpoint: { base_url: 'ftp://x', model: 'm' } }, 400, 'endpoint.base_url'],
      [{ alias: 'x1', endpoint: { base_url: 'http://x' } }, 400, 'endpoint.model'],
      [{ alias: 'x1', target: 'openai/gpt-4o', fallbacks: 'openai/gpt-4o' }, 400, 'fallbacks'],
    ];
    for (const [body, status, param] of cases) {
      const r = await h.post('/v1/models/register', body);
      assert.equal(r.status, status, JSON.stringify(body));
      const e = (await r.json()) as ErrBody;
      assert.equal(e.error.param, param, JSON.stringify(body));
      assert.equal(typeof e.error.message, 'string');
    }
    assert.equal((await h.post('/v1/models/register', '{nope')).status, 400);
  });

  it('delete: registered ones go (and stop serving), config ones and unknown ones are refused', async () => {
    await h.post('/v1/models/register', { alias: 'temp-alias', target: 'openai/gpt-4o-mini' });
    assert.equal((await chat('temp-alias')).status, 200);
    const d = await fetch(`${h.base}/v1/models/aliases/temp-alias`, { method: 'DELETE' });
    assert.equal(d.status, 200);
    assert.equal((await chat('temp-alias')).status, 404);
    assert.equal((await fetch(`${h.base}/v1/models/aliases/temp-alias`, { method: 'DELETE' })).status, 404);
    assert.equal((await fetch(`${h.base}/v1/models/aliases/from-config`, { method: 'DELETE' })).status, 400);
    const slash = await fetch(`${h.base}/v1/models/aliases/${encodeURIComponent('distilled/student')}`, { method: 'DELETE' });
    assert.equal(slash.status, 200);
    await h.post('/v1/models/register', { alias: 'distilled/student', endpoint: { base_url: `${h.mock.origin}/v1`, model: 'student-gguf' } });
  });

  it('persists atomically (0600) and a restarted gateway serves the registered aliases', async () => {
    const file = join(h.dataDir, 'aliases.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: number; aliases: Record<string, unknown> };
    assert.equal(saved.version, 1);
    assert.ok(saved.aliases['support-bot']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const gw2 = await startGateway(parseConfig({ ...Object.fromEntries(Object.entries(process.env)), OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: '0', OPENTRACY_DATA_DIR: h.dataDir, OPENTRACY_LOG_LEVEL: 'error', OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: `${h.mock.origin}/v1`, OPENTRACY_TRACES: 'false' }), { log: () => undefined });
    try {
      const res = await fetch(`http://127.0.0.1:${gw2.port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'support-bot', messages: [{ role: 'user', content: 'again' }] }) });
      assert.equal(res.status, 200);
      const res2 = await fetch(`http://127.0.0.1:${gw2.port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'distilled/student', messages: [{ role: 'user', content: 'again' }] }) });
      assert.equal(res2.status, 200);
    } finally {
      await gw2.close();
    }
  });

  it('concurrent registrations are all kept', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `burst-${i}`);
    const rs = await Promise.all(names.map((alias) => h.post('/v1/models/register', { alias, target: 'openai/gpt-4o-mini' })));
    assert.ok(rs.every((r) => r.status === 201));
    const saved = JSON.parse(readFileSync(join(h.dataDir, 'aliases.json'), 'utf8')) as { aliases: Record<string, unknown> };
    for (const n of names) assert.ok(saved.aliases[n], n);
  });
});
