/**
 * /v1/evaluations settings (reachable, not shadowed by {id}; its defaults used by a new
 * evaluation), export (JSON and CSV), rerun, log and cleanup, through HTTP against a real
 * gateway and the topic mock; plus their 4xx and auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../../src/service.js';
import { http, startTestServer, tempDir } from '../helpers/server.js';
import { call, startStack, waitFor, type Stack } from './stack.js';

type B = Record<string, unknown>;

describe('evaluation extras', () => {
  let s: Stack;
  before(async () => {
    s = await startStack();
  });
  after(async () => s.close());
  const done = (id: string) => waitFor(() => call<{ status: string }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/status`), (v) => v.body.status === 'completed');

  it('settings: GET/PUT reachable, defaults applied to a new evaluation, bad values 400', async () => {
    const g = await call<B>(s.mgmtUrl, 'GET', '/v1/evaluations/settings');
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.deepEqual(g.body.default_metrics, ['exact_match', 'contains']);
    const p = await call<B>(s.mgmtUrl, 'PUT', '/v1/evaluations/settings', { default_models: ['openai/model-a'], default_metrics: ['contains'], max_tokens: 64, retention_days: 7 });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal((await call<B>(s.mgmtUrl, 'GET', '/v1/evaluations/settings')).body.max_tokens, 64);
    const e = await call<{ evaluation_id: string; models: string[]; metrics: string[] }>(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'defaults', samples: [{ input: 'hi', expected_output: 'x' }] });
    assert.equal(e.status, 202, JSON.stringify(e.body));
    assert.deepEqual(e.body.models, ['openai/model-a']);
    assert.deepEqual(e.body.metrics, ['contains']);
    const full = await call<{ config: { max_tokens: number } }>(s.mgmtUrl, 'GET', `/v1/evaluations/${e.body.evaluation_id}`);
    assert.equal(full.body.config.max_tokens, 64);
    for (const bad of [{ default_metrics: ['no-such-metric'] }, { max_tokens: 0 }, { bogus: 1 }, { default_models: 'x' }]) {
      assert.equal((await call(s.mgmtUrl, 'PUT', '/v1/evaluations/settings', bad)).status, 400, JSON.stringify(bad));
    }
    await call(s.mgmtUrl, 'PUT', '/v1/evaluations/settings', { default_models: [], default_metrics: ['exact_match', 'contains'], max_tokens: null, retention_days: null });
    await done(e.body.evaluation_id);
  });

  it('export JSON and CSV, rerun makes a new evaluation over the same samples', async () => {
    const samples = [{ input: 'What is "1+1"?', expected_output: '2' }, { input: '=cmd|calc', expected_output: 'x' }];
    const e = await call<{ evaluation_id: string }>(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'exp', samples, models: ['openai/model-a', 'openai/model-b'], metrics: ['contains', 'exact_match'] });
    const id = e.body.evaluation_id;
    await done(id);
    const j = await call<{ evaluation: B; results: Array<{ input: string; outputs: Record<string, { output: string; scores: B }> }>; total: number }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/export`);
    assert.equal(j.status, 200);
    assert.equal(j.body.total, 2);
    assert.equal(j.body.results[0]!.input, samples[0]!.input);
    assert.ok(j.body.results[0]!.outputs['openai/model-a']!.scores.contains);
    const c = await fetch(`${s.mgmtUrl}/v1/evaluations/${id}/export?format=csv`);
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-type') ?? '', /^text\/csv/);
    const csv = await c.text();
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'sample_id,input,expected,model,output,latency_s,cost_usd,error,score_contains,score_exact_match');
    assert.equal(lines.length, 1 + 4, 'a row per sample and model');
    assert.ok(lines[1]!.includes('"What is ""1+1""?"'), 'quotes are doubled');
    assert.ok(lines.some((l) => l.includes(",'=cmd|calc,")), 'a formula-looking cell is defused');
    assert.equal((await call(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/export?format=xml`)).status, 400);
    assert.equal((await call(s.mgmtUrl, 'GET', '/v1/evaluations/nope/export')).status, 404);
    const r = await call<{ evaluation_id: string; rerun_of: string; status: string }>(s.mgmtUrl, 'POST', `/v1/evaluations/${id}/rerun`);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.notEqual(r.body.evaluation_id, id);
    assert.equal(r.body.rerun_of, id);
    await done(r.body.evaluation_id);
    const again = await call<{ results: { samples: Array<{ input: string }> }; samples_total: number }>(s.mgmtUrl, 'GET', `/v1/evaluations/${r.body.evaluation_id}/results`);
    assert.deepEqual(again.body.results.samples.map((x) => x.input), samples.map((x) => x.input));
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/nope/rerun')).status, 404);
  });

  it('log stores outputs produced elsewhere as a scored, completed evaluation; cleanup drops old finished ones', async () => {
    const l = await call<B & { id: string; status: string; summary: { models: Record<string, { avg_scores: Record<string, number> }> }; winner: { model: string } }>(s.mgmtUrl, 'POST', '/v1/evaluations/log', {
      name: 'offline',
      metrics: ['exact_match'],
      samples: [
        { input: 'q1', expected_output: 'a', outputs: { m1: 'a', m2: { output: 'b', latency: 0.5, cost: 0.001 } } },
        { input: 'q2', expected_output: 'c', outputs: { m1: 'c', m2: 'c' } },
      ],
    });
    assert.equal(l.status, 201, JSON.stringify(l.body));
    assert.equal(l.body.status, 'completed');
    assert.equal(l.body.summary.models.m1!.avg_scores.exact_match, 1);
    assert.equal(l.body.summary.models.m2!.avg_scores.exact_match, 0.5);
    assert.equal(l.body.winner.model, 'm1');
    const single = await call<{ models: string[] }>(s.mgmtUrl, 'POST', '/v1/evaluations/log', { name: 'one model', model: 'mine', samples: [{ input: 'q', expected_output: 'a', output: 'a' }] });
    assert.equal(single.status, 201);
    assert.deepEqual(single.body.models, ['mine']);
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/evaluations/${l.body.id}/rerun`)).status, 400, 'a logged evaluation cannot be rerun');
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/log', { name: 'x', samples: [{ input: 'q' }] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/log', { samples: [{ input: 'q', output: 'a' }] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/log', { name: 'x', metrics: ['nope'], samples: [{ input: 'q', output: 'a' }] })).status, 400);
    const dry = await call<{ matched: number; deleted: number }>(s.mgmtUrl, 'POST', '/v1/evaluations/cleanup', { older_than_days: 0, dry_run: true });
    assert.equal(dry.status, 200);
    assert.ok(dry.body.matched >= 2);
    assert.equal(dry.body.deleted, 0);
    const keep = await call<{ matched: number }>(s.mgmtUrl, 'POST', '/v1/evaluations/cleanup', { older_than_days: 1 });
    assert.equal(keep.body.matched, 0, 'nothing is a day old');
    const gone = await call<{ deleted: number; evaluation_ids: string[] }>(s.mgmtUrl, 'POST', '/v1/evaluations/cleanup', { older_than_days: 0 });
    assert.ok(gone.body.evaluation_ids.includes(l.body.id));
    assert.equal((await call(s.mgmtUrl, 'GET', `/v1/evaluations/${l.body.id}`)).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/cleanup', { older_than_days: -1 })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations/cleanup', { statuses: ['running'] })).status, 400);
  });
});

describe('evaluation extras: auth', () => {
  let svc: ManagementService;
  before(async () => {
    svc = await startTestServer(tempDir(), { OPENTRACY_API_KEYS: 'k1' });
  });
  after(() => svc.close());
  it('every new evaluation route needs the token', async () => {
    for (const [m, p] of [['GET', '/v1/evaluations/settings'], ['PUT', '/v1/evaluations/settings'], ['GET', '/v1/evaluations/x/export'], ['POST', '/v1/evaluations/x/rerun'], ['POST', '/v1/evaluations/log'], ['POST', '/v1/evaluations/cleanup']] as const) {
      assert.equal((await http(svc.port, m, p)).status, 401, `${m} ${p}`);
      assert.notEqual((await http(svc.port, m, p, m === 'GET' ? undefined : {}, { authorization: 'Bearer k1' })).status, 401);
    }
  });
});
