/**
 * Traces into a clustering dataset through management (POST .../traces and .../assign), which
 * go to the gateway's new POST /v1/datasets/{runId}/{clusterId}/traces|assign and are then read
 * back by trace id (the reference joined on a column that does not exist); 4xx on both servers,
 * auth on management.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../src/service.js';
import { http, startTestServer, tempDir } from './helpers/server.js';
import { call, startStack, waitFor, type Stack } from './learning/stack.js';

type B = Record<string, unknown>;

describe('clustering dataset traces', () => {
  let s: Stack;
  let runId = '';
  let cid = 0;
  before(async () => {
    s = await startStack();
    for (const q of ['What is 2 plus 2?', 'Name the capital of France.', 'Write a haiku about rain.', 'Explain recursion briefly.', 'What is 3 plus 5?', 'Name the capital of Spain.']) {
      const r = await fetch(`${s.gwUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/model-a', messages: [{ role: 'user', content: q }] }) });
      await r.text();
    }
    await s.gw.traces!.flush();
    const run = await waitFor(() => call<B>(s.mgmtUrl, 'POST', '/v1/clustering/run?min_traces=2&k=2&days=1'), (r) => r.status === 200);
    runId = String((run.body.version as B).run_id);
    cid = ((run.body.datasets as Array<{ cluster_id: number }>)[0]!).cluster_id;
  });
  after(async () => s.close());
  const page = () => call<{ traces: Array<{ request_id: string; input_text: string; cluster_id: number; metadata: B }>; total: number }>(s.mgmtUrl, 'GET', `/v1/clustering/datasets/${runId}/${cid}?limit=100`);

  it('POST .../traces ingests through the gateway and the dataset lists the new traces by id', async () => {
    const before = (await page()).body.total;
    const r = await call<{ ingested: number; ids: string[]; trace_count: number }>(s.mgmtUrl, 'POST', `/v1/clustering/datasets/${runId}/${cid}/traces`, { traces: [{ input: 'a brand new question', output: 'an answer', model: 'gpt-4o' }, { messages: [{ role: 'user', content: 'second new one' }, { role: 'assistant', content: 'ok' }] }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ingested, 2);
    assert.equal(r.body.trace_count, before + 2);
    await s.gw.traces!.flush();
    const p = await waitFor(page, (x) => x.body.traces.some((t) => t.input_text === 'a brand new question'));
    assert.equal(p.body.total, before + 2);
    const t = p.body.traces.find((x) => x.input_text === 'a brand new question')!;
    assert.equal(t.cluster_id, cid, 'the gateway stored the cluster id');
    assert.equal(t.metadata.clustering_run_id, runId);
    assert.match(String(t.metadata.content_hash), /^[0-9a-f]{16}$/);
    assert.ok(r.body.ids.includes(t.request_id));
  });

  it('POST .../assign maps existing trace ids (unknown ones reported, not mapped)', async () => {
    const all = await call<{ traces: Array<{ request_id: string }> }>(s.mgmtUrl, 'GET', '/v1/traces?limit=100');
    const inCluster = new Set((await page()).body.traces.map((t) => t.request_id));
    const outside = all.body.traces.map((t) => t.request_id).filter((id) => !inCluster.has(id));
    assert.ok(outside.length > 0);
    const r = await call<{ assigned: number; missing: string[]; trace_count: number }>(s.mgmtUrl, 'POST', `/v1/clustering/datasets/${runId}/${cid}/assign`, { request_ids: [outside[0], 'no-such-trace'] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.assigned, 1);
    assert.deepEqual(r.body.missing, ['no-such-trace']);
    assert.ok((await page()).body.traces.some((t) => t.request_id === outside[0]));
  });

  it('4xx: unknown run or cluster, empty bodies; the gateway routes check their inputs', async () => {
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/clustering/datasets/nope/${cid}/traces`, { traces: [{ input: 'x' }] })).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/clustering/datasets/${runId}/999/assign`, { request_ids: ['x'] })).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/clustering/datasets/${runId}/${cid}/assign`, { request_ids: [] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/clustering/datasets/${runId}/${cid}/traces`, { nothing: true })).status, 400, 'the gateway finds no traces');
    assert.equal((await call(s.gwUrl, 'POST', '/v1/datasets/run1/abc/traces', { input: 'x' })).status, 400);
    assert.equal((await call(s.gwUrl, 'POST', '/v1/datasets/run1/3/traces', {})).status, 400);
    assert.equal((await call(s.gwUrl, 'POST', '/v1/datasets/run1/3/assign', { request_ids: [] })).status, 400);
    assert.equal((await call(s.gwUrl, 'POST', '/v1/datasets/run1/3/assign', { request_ids: ['a b'] })).status, 400);
    const ok = await call<B>(s.gwUrl, 'POST', '/v1/datasets/run1/3/assign', { request_ids: ['t1', 't1', 't2'] });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.assigned, 2);
  });
});

describe('clustering dataset traces: auth', () => {
  let svc: ManagementService;
  before(async () => {
    svc = await startTestServer(tempDir(), { OPENTRACY_API_KEYS: 'k1' });
  });
  after(() => svc.close());
  it('needs the token', async () => {
    assert.equal((await http(svc.port, 'POST', '/v1/clustering/datasets/r/1/traces', {})).status, 401);
    assert.equal((await http(svc.port, 'POST', '/v1/clustering/datasets/r/1/assign', {})).status, 401);
    assert.equal((await http(svc.port, 'POST', '/v1/clustering/datasets/r/1/assign', { request_ids: ['x'] }, { authorization: 'Bearer k1' })).status, 404);
  });
});
