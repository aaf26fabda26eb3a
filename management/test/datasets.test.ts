/** Datasets: create, samples, from-traces, JSONL round trip, tenancy, errors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import type { ManagementService } from '../src/service.js';
import { baseTrace } from './helpers/records.js';
import { getJson, http, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

interface Ds {
  id: string;
  dataset_id: string;
  samples_count: number;
  name: string;
}

describe('/v1/datasets', () => {
  let svc: ManagementService;
  let recs: TraceRecord[];

  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    recs = await writeTraces(
      w,
      Array.from({ length: 30 }, (_, i) => baseTrace({ timestamp: Date.UTC(2025, 1, 1) + i * 1000, selected_model: i % 3 === 0 ? 'gpt-4o' : 'other', input_text: `question ${i}`, output_text: `answer ${i}` })),
    );
    await w.close();
    svc = await startTestServer(dir);
  });
  after(() => svc.close());

  it('create, add samples, page, delete a sample, delete the dataset', async () => {
    const c = await http(svc.port, 'POST', '/v1/datasets', { name: 'golden', description: 'd' });
    assert.equal(c.status, 201);
    const ds = c.body as Ds;
    assert.equal(ds.samples_count, 0);
    const add = await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, {
      samples: [{ input: 'a', expected_output: 'b' }, { input: 'c', output: 'd', metadata: { k: 1 } }, { input: 'e' }],
    });
    assert.equal(add.status, 200, add.text);
    assert.equal((add.body as { count: number }).count, 3);
    const got = await getJson<{ dataset: Ds; samples: Array<{ sample_id: string; input: string; expected_output: string }>; samples_total: number }>(
      svc.port,
      `/v1/datasets/${ds.id}?samples_limit=2&samples_offset=1`,
    );
    assert.equal(got.samples_total, 3);
    assert.deepEqual(got.samples.map((s) => s.input), ['c', 'e']);
    assert.equal(got.samples[0]!.expected_output, 'd');
    const del = await http(svc.port, 'DELETE', `/v1/datasets/${ds.id}/samples/${got.samples[0]!.sample_id}`);
    assert.equal(del.status, 200);
    assert.equal((await getJson<{ dataset: Ds }>(svc.port, `/v1/datasets/${ds.id}`)).dataset.samples_count, 2);
    assert.equal((await http(svc.port, 'DELETE', `/v1/datasets/${ds.id}/samples/${got.samples[0]!.sample_id}`)).status, 404);
    assert.equal((await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, { samples: [] })).status, 400);
    assert.equal((await http(svc.port, 'DELETE', `/v1/datasets/${ds.id}`)).status, 200);
    assert.equal((await http(svc.port, 'GET', `/v1/datasets/${ds.id}`)).status, 404);
  });

  it('a single sample object is one sample (regression: it was a 400)', async () => {
    const ds = (await http(svc.port, 'POST', '/v1/datasets', { name: 'single' })).body as Ds;
    const one = await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, { input: 'just one', expected_output: 'yes', metadata: { k: 'v' } });
    assert.equal(one.status, 200, one.text);
    assert.equal((one.body as { count: number }).count, 1);
    const wrapped = await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, { samples: { input: 'wrapped one' } });
    assert.equal(wrapped.status, 200, wrapped.text);
    const got = await getJson<{ samples: Array<{ input: string; expected_output: string; metadata: Record<string, unknown> }>; samples_total: number }>(svc.port, `/v1/datasets/${ds.id}`);
    assert.equal(got.samples_total, 2);
    const first = got.samples.find((x) => x.input === 'just one')!;
    assert.equal(first.expected_output, 'yes');
    assert.deepEqual(first.metadata, { k: 'v' });
    const bad = await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, { expected_output: 'no input' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { param: string } }).error.param, 'samples');
  });

  it('JSONL import and export round trip', async () => {
    const ds = (await http(svc.port, 'POST', '/v1/datasets', { name: 'rt' })).body as Ds;
    const lines = [
      { input: 'What is 2+2?', expected_output: '4', metadata: { difficulty: 'easy' } },
      { input: 'Unicode ✓ "quotes"\nnewline', expected_output: '', metadata: {} },
      { input: 'with trace', expected_output: 'x', metadata: { a: [1, 2] }, trace_id: 'abc' },
    ];
    const body = lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n{"output":"no input"}\n';
    const imp = await http(svc.port, 'POST', `/v1/datasets/${ds.id}/import`, body);
    assert.equal(imp.status, 200, imp.text);
    assert.deepEqual((imp.body as { imported: number; skipped: number }).imported, 3);
    assert.deepEqual((imp.body as { skipped: number }).skipped, 2);
    const exp = await http(svc.port, 'GET', `/v1/datasets/${ds.id}/export`);
    assert.equal(exp.status, 200);
    assert.match(exp.headers.get('content-type') ?? '', /ndjson/);
    const back = exp.text.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(back, lines);
    // and again through a second dataset: identical bytes
    const ds2 = (await http(svc.port, 'POST', '/v1/datasets', { name: 'rt2' })).body as Ds;
    await http(svc.port, 'POST', `/v1/datasets/${ds2.id}/import`, exp.text);
    assert.equal((await http(svc.port, 'GET', `/v1/datasets/${ds2.id}/export`)).text, exp.text);
  });

  it('from-traces by ids and by a trace search', async () => {
    const byIds = await http(svc.port, 'POST', '/v1/datasets/from-traces', { name: 'ids', trace_ids: [recs[0]!.request_id, recs[1]!.request_id, 'missing'] });
    assert.equal(byIds.status, 201, byIds.text);
    assert.equal((byIds.body as { dataset: Ds }).dataset.samples_count, 2);
    const bySearch = await http(svc.port, 'POST', '/v1/datasets/from-traces', { name: 'search', model_id: 'gpt-4o', limit: 100 });
    assert.equal((bySearch.body as { dataset: Ds }).dataset.samples_count, 10);
    const id = (bySearch.body as { dataset: Ds }).dataset.id;
    const s = await getJson<{ samples: Array<{ trace_id: string; metadata: { model_id: string } }> }>(svc.port, `/v1/datasets/${id}`);
    assert.ok(s.samples.every((x) => x.metadata.model_id === 'gpt-4o' && x.trace_id));
    const filtered = await http(svc.port, 'POST', '/v1/datasets/from-traces', { name: 'f', filter: { search: 'question 2', model_id: 'other' } });
    assert.equal((filtered.body as { dataset: Ds }).dataset.samples_count, 8); // 2, 20, 22, 23, 25, 26, 28, 29 (not 21, 24, 27: gpt-4o)
    const none = await http(svc.port, 'POST', '/v1/datasets/from-traces', { name: 'none', trace_ids: ['nope'] });
    assert.equal(none.status, 400);
  });

  it('tenants see only their own datasets', async () => {
    await http(svc.port, 'POST', '/v1/datasets', { name: 'mine' }, { 'x-tenant-id': 'acme' });
    const acme = await getJson<{ datasets: Ds[] }>(svc.port, '/v1/datasets');
    assert.ok(!acme.datasets.some((d) => d.name === 'mine'));
    const r = await http(svc.port, 'GET', '/v1/datasets', undefined, { 'x-tenant-id': 'acme' });
    assert.deepEqual((r.body as { datasets: Ds[] }).datasets.map((d) => d.name), ['mine']);
  });

  it('bad requests are 400 in the OpenAI shape', async () => {
    const r = await http(svc.port, 'POST', '/v1/datasets', { description: 'no name' });
    assert.equal(r.status, 400);
    assert.equal((r.body as { error: { param: string } }).error.param, 'name');
    const bad = await http(svc.port, 'POST', '/v1/datasets', '{not json');
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { code: string } }).error.code, 'invalid_json');
  });
});
