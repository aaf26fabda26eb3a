/** Gateway + management + mock upstream on loopback: the management server sees what the gateway writes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../gateway/test/helpers/gateway-harness.js';
import type { ManagementService } from '../src/service.js';
import { startTestServer } from './helpers/server.js';

interface TraceList {
  traces: Array<{ request_id: string; selected_model: string; provider: string; is_error: boolean; metadata: Record<string, string> }>;
}

async function until<T>(fn: () => Promise<T | null>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('management server beside a live gateway', () => {
  let h: Harness;
  let m: ManagementService;
  let mbase: string;
  before(async () => {
    h = await startHarness({ withoutKeys: ['ANTHROPIC_API_KEY'] });
    m = await startTestServer(h.dataDir, { OPENTRACY_GATEWAY_URL: h.base, OPENTRACY_SECRETS_FILE: `${h.dataDir}/mgmt-secrets.json` });
    mbase = `http://127.0.0.1:${m.port}`;
  });
  after(async () => {
    await m.close();
    await h.close();
  });

  it('traces written by the gateway are searchable within one second, with filters', async () => {
    const sent: string[] = [];
    for (const model of ['openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'gemini/gemini-2.0-flash', 'openai/mock-500']) {
      const res = await h.post('/v1/chat/completions', { model, messages: [{ role: 'user', content: `hello ${model}` }] }, { 'x-opentracy-metadata': 'team=search' });
      await res.text();
      sent.push(res.headers.get('x-opentracy-request-id')!);
    }
    const t0 = Date.now();
    const all = await until(async () => {
      const r = (await (await fetch(`${mbase}/v1/traces?limit=50`)).json()) as TraceList;
      return sent.every((id) => r.traces.some((t) => t.request_id === id)) ? r : null;
    }, 1000);
    assert.ok(Date.now() - t0 <= 1000);
    assert.equal(all.traces.length, 4);
    const mini = (await (await fetch(`${mbase}/v1/traces?model_id=gpt-4o-mini`)).json()) as TraceList;
    assert.equal(mini.traces.length, 2);
    const errors = (await (await fetch(`${mbase}/v1/traces?status=error`)).json()) as TraceList;
    assert.deepEqual(errors.traces.map((t) => t.selected_model), ['mock-500']);
    const meta = (await (await fetch(`${mbase}/v1/traces?metadata.team=search&provider=gemini`)).json()) as TraceList;
    assert.equal(meta.traces.length, 1);
    const one = (await (await fetch(`${mbase}/v1/traces/${sent[0]}`)).json()) as { request_id: string };
    assert.equal(one.request_id, sent[0]);
  });

  it('the model filter finds traces by what X-OpenTracy-Selected-Model says (regression, issue 14)', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'header filter' }] });
    await res.text();
    const selected = res.headers.get('x-opentracy-selected-model')!;
    assert.equal(selected, 'openai/gpt-4o-mini');
    const id = res.headers.get('x-opentracy-request-id')!;
    const found = await until(async () => {
      const r = (await (await fetch(`${mbase}/v1/traces?model=${encodeURIComponent(selected)}&limit=100`)).json()) as TraceList;
      return r.traces.some((t) => t.request_id === id) ? r : null;
    }, 2000);
    assert.ok(found.traces.every((t) => t.selected_model === 'gpt-4o-mini' && t.provider === 'openai'));
  });

  it('imports through the management server land in the gateway store', async () => {
    const data = JSON.stringify({ model: 'gpt-4o', input: 'imported question', output: 'imported answer' });
    const res = await fetch(`${mbase}/v1/traces/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data, source: 'file-import' }) });
    assert.equal(res.status, 200);
    await h.gw.traces!.flush();
    const found = await until(async () => {
      const r = (await (await fetch(`${mbase}/v1/traces?search=imported%20question`)).json()) as TraceList;
      return r.traces.length > 0 ? r : null;
    }, 1000);
    assert.equal(found.traces[0]!.selected_model, 'gpt-4o');
  });

  it('a secret saved in management reaches the gateway, and the gateway uses it', async () => {
    const before = await h.post('/v1/chat/completions', { model: 'anthropic/claude-3-5-haiku', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(before.status, 400);
    const save = await fetch(`${mbase}/v1/secrets/anthropic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: 'sk-from-management' }) });
    assert.equal(save.status, 200);
    const keys = (await (await fetch(`${h.base}/v1/config/keys`)).json()) as { configured_providers: string[] };
    assert.ok(keys.configured_providers.includes('anthropic'));
    const after = await h.post('/v1/chat/completions', { model: 'anthropic/claude-3-5-haiku', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(after.status, 200);
    assert.equal(h.mock.requests.at(-1)!.headers['x-api-key'], 'sk-from-management');
    const listed = (await (await fetch(`${mbase}/v1/secrets`)).json()) as Record<string, unknown>;
    assert.equal(JSON.stringify(listed).includes('sk-from-management'), false, 'key values are never returned');
  });
});
