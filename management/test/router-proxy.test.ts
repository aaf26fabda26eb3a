/**
 * Management /route, /route/batch, /models, /stats and /init answer by asking a real gateway
 * (with the default router, and one without): no 503 "call /init first"; 4xx and auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../src/service.js';
import { http, startTestServer, tempDir } from './helpers/server.js';
import { call, startStack, type Stack } from './learning/stack.js';

type B = Record<string, unknown>;

describe('router proxies against a gateway with a router', () => {
  let s: Stack;
  before(async () => {
    s = await startStack({ router: true });
  });
  after(async () => s.close());

  it('/route gives the gateway decision, /route/batch one per prompt, /models, /stats, /init report the gateway router', async () => {
    const direct = await call<B>(s.gwUrl, 'POST', '/v1/route', { prompt: 'Write a Python function to reverse a list' });
    const r = await call<B>(s.mgmtUrl, 'POST', '/route', { prompt: 'Write a Python function to reverse a list' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.selected_model, direct.body.selected_model);
    assert.equal(r.body.cluster_id, direct.body.cluster_id);
    const b = await call<{ results: B[]; total: number; errors: number }>(s.mgmtUrl, 'POST', '/route/batch', { prompts: ['hello there', 'Prove that sqrt(2) is irrational'], cost_weight: 0.5 });
    assert.equal(b.status, 200);
    assert.equal(b.body.total, 2);
    assert.equal(b.body.errors, 0);
    assert.ok(b.body.results.every((x) => typeof x.selected_model === 'string'));
    const m = await call<B>(s.mgmtUrl, 'GET', '/models');
    const gm = await call<B>(s.gwUrl, 'GET', '/v1/models');
    assert.equal(m.status, 200);
    assert.deepEqual(m.body, gm.body);
    const st = await call<{ total_requests: number }>(s.mgmtUrl, 'GET', '/stats');
    assert.equal(st.status, 200);
    assert.ok(st.body.total_requests >= 3, JSON.stringify(st.body));
    const init = await call<B>(s.mgmtUrl, 'POST', '/init');
    assert.equal(init.status, 200);
    assert.equal(init.body.status, 'initialized');
    assert.equal(init.body.router_initialized, true);
    assert.ok((init.body.num_clusters as number) > 0);
  });

  it('quality_cost_tradeoff, curve and the X-OpenTracy-Quality-Cost-Tradeoff header reach the gateway; X-OpenTracy-Cost-Weight comes back', async () => {
    const prompt = 'Explain how a hash map handles collisions';
    const post = async (base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: B; headers: Headers }> => {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as B, headers: res.headers };
    };
    for (const t of [0, 1]) {
      const direct = await post(s.gwUrl, '/v1/route', { prompt, quality_cost_tradeoff: t, curve: true });
      const viaBody = await post(s.mgmtUrl, '/route', { prompt, quality_cost_tradeoff: t, curve: true });
      assert.equal(viaBody.status, 200, JSON.stringify(viaBody.body));
      assert.equal(viaBody.body.cost_weight, direct.body.cost_weight);
      assert.equal(viaBody.body.selected_model, direct.body.selected_model);
      assert.deepEqual(viaBody.body.curve, direct.body.curve);
      assert.ok(viaBody.body.curve !== undefined, 'curve: true is forwarded');
      assert.equal(viaBody.headers.get('x-opentracy-cost-weight'), direct.headers.get('x-opentracy-cost-weight'));
      const viaHeader = await post(s.mgmtUrl, '/route', { prompt }, { 'X-OpenTracy-Quality-Cost-Tradeoff': String(t) });
      assert.equal(viaHeader.status, 200);
      assert.equal(viaHeader.body.cost_weight, direct.body.cost_weight, `header ${t}`);
      assert.equal(viaHeader.headers.get('x-opentracy-cost-weight'), String(direct.body.cost_weight));
    }
    // The two ends of the knob differ (otherwise the test above proves nothing).
    const lo = await post(s.mgmtUrl, '/route', { prompt, quality_cost_tradeoff: 0 });
    const hi = await post(s.mgmtUrl, '/route', { prompt, quality_cost_tradeoff: 1 });
    assert.ok((hi.body.cost_weight as number) > (lo.body.cost_weight as number), `${lo.body.cost_weight} < ${hi.body.cost_weight}`);
    // Batches share the knobs: body and header.
    const bb = await post(s.mgmtUrl, '/route/batch', { prompts: [prompt, 'hi'], quality_cost_tradeoff: 1, curve: true });
    assert.equal(bb.status, 200);
    const results = bb.body.results as B[];
    assert.ok(results.every((x) => x.cost_weight === hi.body.cost_weight && x.curve !== undefined), JSON.stringify(results[0]));
    const bh = await post(s.mgmtUrl, '/route/batch', { prompts: [prompt] }, { 'X-OpenTracy-Quality-Cost-Tradeoff': '1' });
    assert.equal((bh.body.results as B[])[0]!.cost_weight, hi.body.cost_weight);
    // A bad header is the gateway's 400, naming it.
    const bad = await post(s.mgmtUrl, '/route', { prompt }, { 'X-OpenTracy-Quality-Cost-Tradeoff': '7' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /X-OpenTracy-Quality-Cost-Tradeoff/);
    const badBody = await post(s.mgmtUrl, '/route', { prompt, quality_cost_tradeoff: 2 });
    assert.equal(badBody.status, 400);
    assert.match(JSON.stringify(badBody.body), /quality_cost_tradeoff/);
  });

  it('aliases: register, list and remove go to the gateway (a name with a slash is one path segment); its 400/404 come through', async () => {
    const reg = await call<B>(s.mgmtUrl, 'POST', '/v1/models/register', { alias: 'team/support-bot', target: 'openai/model-a' });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const direct = await call<{ data: B[] }>(s.gwUrl, 'GET', '/v1/models/aliases');
    assert.ok(direct.body.data.some((a) => a.alias === 'team/support-bot'), 'registered on the gateway');
    const list = await call<{ data: B[] }>(s.mgmtUrl, 'GET', '/v1/models/aliases');
    assert.deepEqual(list.body, direct.body);
    const bad = await call<B>(s.mgmtUrl, 'POST', '/v1/models/register', { alias: 'x', target: 'nope/none' });
    const badDirect = await call<B>(s.gwUrl, 'POST', '/v1/models/register', { alias: 'x', target: 'nope/none' });
    assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
    assert.deepEqual([bad.status, bad.body], [badDirect.status, badDirect.body]);
    const del = await call<B>(s.mgmtUrl, 'DELETE', `/v1/models/aliases/${encodeURIComponent('team/support-bot')}`);
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.equal(del.body.alias, 'team/support-bot');
    const after = await call<{ data: B[] }>(s.gwUrl, 'GET', '/v1/models/aliases');
    assert.ok(!after.body.data.some((a) => a.alias === 'team/support-bot'));
    const again = await call<B>(s.mgmtUrl, 'DELETE', `/v1/models/aliases/${encodeURIComponent('team/support-bot')}`);
    assert.equal(again.status, 404);
  });

  it('4xx: the gateway\'s own 400s come through; a bad batch is ours', async () => {
    const r = await call<{ error: { message: string } }>(s.mgmtUrl, 'POST', '/route', {});
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /prompt|embedding/);
    assert.equal((await call(s.mgmtUrl, 'POST', '/route', '{')).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/route/batch', { prompts: [] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/route/batch', { prompts: [1] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/init', { weights_path: '' })).status, 400);
    const bad = await call(s.mgmtUrl, 'POST', '/init', { weights_path: '/no/such/dir' });
    assert.equal(bad.status, 400);
  });
});

describe('router proxies: no router, no gateway, auth', () => {
  let s: Stack;
  let svc: ManagementService;
  before(async () => {
    s = await startStack();
    svc = await startTestServer(tempDir(), { OPENTRACY_API_KEYS: 'k1' });
  });
  after(async () => {
    await s.close();
    await svc.close();
  });

  it('a gateway without a router: /init says gateway_mode, /route is the gateway\'s answer (not a 503)', async () => {
    const init = await call<B>(s.mgmtUrl, 'POST', '/init');
    assert.equal(init.status, 200);
    assert.equal(init.body.router_initialized, false);
    assert.equal(init.body.status, 'gateway_mode');
    const r = await call(s.mgmtUrl, 'POST', '/route', { prompt: 'x' });
    const direct = await call(s.gwUrl, 'POST', '/v1/route', { prompt: 'x' });
    assert.equal(r.status, direct.status);
    assert.notEqual(r.status, 503);
  });

  it('an unreachable gateway is a 502; every route needs the token', async () => {
    const auth = { authorization: 'Bearer k1' };
    assert.equal((await http(svc.port, 'GET', '/models', undefined, auth)).status, 502);
    for (const [m, p] of [['POST', '/route'], ['POST', '/route/batch'], ['GET', '/models'], ['GET', '/stats'], ['POST', '/init']] as const) {
      assert.equal((await http(svc.port, m, p, m === 'POST' ? {} : undefined)).status, 401, `${m} ${p}`);
    }
  });
});
