/**
 * Dataset curation through HTTP: from-instruction by LLM judge (through a mock gateway) and by
 * embedding similarity (the default static embedder), analyze-traces, import-traces storing its
 * dataset, the review flow, the 4xx answers, and auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../../src/service.js';
import { baseTrace } from '../helpers/records.js';
import { http, startTestServer, tempDir } from '../helpers/server.js';
import { openWriter, writeTraces } from '../helpers/write-traces.js';
import { startJudgeMock, type JudgeMock } from './judge-mock.js';

type B = Record<string, unknown>;
const COOKING = ['How long should I roast a chicken in the oven?', 'What spices go well in a tomato soup recipe?', 'How do I bake bread with yeast and flour?', 'Best way to cook rice on the stove?'];
const CODE = ['Write a Python function that sorts a list', 'Fix this JavaScript error: undefined is not a function', 'How do I compile a C++ program with g++?', 'Explain recursion in programming languages'];

describe('dataset curation', () => {
  let svc: ManagementService;
  let mock: JudgeMock;
  const AUTH = { authorization: 'Bearer k1' };

  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    const t0 = Date.now() - 60_000;
    const recs = [
      ...COOKING.map((q, i) => baseTrace({ timestamp: t0 + i, input_text: q, output_text: `cooking answer ${i} (good)`, selected_model: 'gpt-4o-mini' })),
      ...CODE.map((q, i) => baseTrace({ timestamp: t0 + 100 + i, input_text: q, output_text: `code answer ${i}`, selected_model: 'gpt-4o' })),
      baseTrace({ timestamp: t0 + 200, input_text: 'failed one (good)', output_text: '', is_error: true, status: 502 }),
      baseTrace({ timestamp: t0 + 201, input_text: 'a route probe', request_type: 'route' }),
    ];
    await writeTraces(w, recs);
    await w.close();
    mock = await startJudgeMock();
    svc = await startTestServer(dir, { OPENTRACY_GATEWAY_URL: mock.url, OPENTRACY_API_KEYS: 'k1' });
  });
  after(async () => {
    await svc.close();
    await mock.close();
  });

  const call = (method: string, path: string, body?: unknown) => http(svc.port, method, path, body, AUTH);

  it('auth is on: every curation route needs the bearer token', async () => {
    for (const [m, p] of [['POST', '/v1/datasets/from-instruction'], ['POST', '/v1/datasets/analyze-traces'], ['POST', '/v1/datasets/import-traces'], ['GET', '/v1/datasets/pending'], ['POST', '/v1/datasets/x/approve'], ['POST', '/v1/datasets/x/samples/y/reject']] as const) {
      const r = await http(svc.port, m, p, m === 'POST' ? {} : undefined);
      assert.equal(r.status, 401, `${m} ${p}`);
    }
  });

  it('from-instruction with a judge model keeps what the judge accepts, says llm_judge, and is pending review', async () => {
    const before = mock.calls.length;
    const r = await call('POST', '/v1/datasets/from-instruction', { name: 'good ones', instruction: 'answers marked good', judge_model: 'judge', limit: 50 });
    assert.equal(r.status, 201, r.text);
    const b = r.body as { dataset: B; samples_added: number; traces_analyzed: number; selection: B };
    assert.equal(b.traces_analyzed, 8, 'errors and route probes are not candidates');
    assert.equal(b.samples_added, 4);
    assert.equal(b.selection.method, 'llm_judge');
    assert.equal(b.selection.model, 'judge');
    assert.equal(b.dataset.status, 'pending_curation');
    assert.equal(mock.calls.length - before, 8, 'one judge call per candidate');
    const judgeCall = mock.calls.at(-1)!;
    assert.equal(judgeCall.headers['x-opentracy-internal'], 'true');
    assert.match(judgeCall.body, /answers marked good/, 'the instruction is in the judge prompt');
    const got = (await call('GET', `/v1/datasets/${String(b.dataset.id)}`)).body as { samples: Array<{ input: string; metadata: B }> };
    assert.deepEqual(got.samples.map((s) => s.input).sort(), [...COOKING].sort());
    assert.equal(got.samples[0]!.metadata.selection_method, 'llm_judge');
    const pending = (await call('GET', '/v1/datasets/pending')).body as { datasets: B[]; total: number };
    assert.ok(pending.datasets.some((d) => d.id === b.dataset.id));
  });

  it('from-instruction without a judge uses embedding similarity to the instruction', async () => {
    const r = await call('POST', '/v1/datasets/from-instruction', { name: 'cooking', instruction: 'cooking recipes: roast, bake, soup, rice and spices', max_samples: 4, min_similarity: -1 });
    assert.equal(r.status, 201, r.text);
    const b = r.body as { dataset: B; samples_added: number; selection: B };
    assert.equal(b.selection.method, 'embedding_similarity');
    assert.equal(b.samples_added, 4);
    const got = (await call('GET', `/v1/datasets/${String(b.dataset.id)}`)).body as { samples: Array<{ input: string; metadata: { match_score: number } }> };
    const inputs = got.samples.map((s) => s.input);
    const cookingKept = inputs.filter((x) => COOKING.includes(x)).length;
    assert.ok(cookingKept >= 3, `the instruction picks cooking prompts: ${JSON.stringify(inputs)}`);
  });

  it('from-instruction filters by model_id and answers the 4xx of the reference', async () => {
    const r = await call('POST', '/v1/datasets/from-instruction', { name: 'x', instruction: 'anything', model_id: 'gpt-4o', judge_model: 'judge' });
    assert.equal(r.status, 201, r.text);
    assert.equal((r.body as { traces_analyzed: number }).traces_analyzed, 4);
    assert.equal((await call('POST', '/v1/datasets/from-instruction', { name: 'x' })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/from-instruction', { instruction: 'x' })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/from-instruction', { name: 'x', instruction: 'y', model_id: 'no-such-model' })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/from-instruction', { name: 'x', instruction: 'y', limit: 0 })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/from-instruction', { name: 'x', instruction: 'y', method: 'llm_judge' })).status, 400, 'llm_judge without a model');
    assert.equal((await call('POST', '/v1/datasets/from-instruction', '{')).status, 400);
    const dead = await call('POST', '/v1/datasets/from-instruction', { name: 'x', instruction: 'y', judge_model: 'broken' });
    assert.equal(dead.status, 502, dead.text);
  });

  it('analyze-traces detects the four formats and previews the mapping', async () => {
    const cases: Array<[unknown[], string]> = [
      [[{ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }], model: 'm' }], 'openai-messages'],
      [[{ prompt: 'p1', completion: 'c1' }, { prompt: 'p2', completion: 'c2' }], 'input-output'],
      [[{ question: 'q only' }], 'input-only'],
      [[{ foo: 1 }], 'unknown'],
    ];
    for (const [data, format] of cases) {
      const r = await call('POST', '/v1/datasets/analyze-traces', { data });
      assert.equal(r.status, 200, r.text);
      const b = r.body as { source_format: string; preview: Array<{ input: string; expected_output: string }>; total_records: number; mapping: B };
      assert.equal(b.source_format, format);
      assert.equal(b.total_records, data.length);
      if (format === 'openai-messages') assert.deepEqual(b.preview[0], { input: 'hi', expected_output: 'hello', metadata: { model: 'm' } });
      if (format === 'input-output') assert.equal(b.preview[1]!.expected_output, 'c2');
      if (format === 'unknown') assert.deepEqual(b.preview, []);
    }
    assert.equal((await call('POST', '/v1/datasets/analyze-traces', { data: [] })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/analyze-traces', {})).status, 400);
  });

  it('import-traces stores the dataset it names (the reference returned an id never stored)', async () => {
    const r = await call('POST', '/v1/datasets/import-traces', { name: 'imported', data: [{ prompt: 'p1', completion: 'c1' }, { prompt: '', completion: 'x' }, { prompt: 'p3', completion: 'c3' }] });
    assert.equal(r.status, 201, r.text);
    const b = r.body as { dataset_id: string; samples_count: number; skipped_count: number; source: string };
    assert.equal(b.samples_count, 2);
    assert.equal(b.skipped_count, 1);
    assert.equal(b.source, 'smart-import');
    const got = await call('GET', `/v1/datasets/${b.dataset_id}`);
    assert.equal(got.status, 200);
    assert.deepEqual((got.body as { samples: Array<{ input: string }> }).samples.map((s) => s.input), ['p1', 'p3']);
    const mapped = await call('POST', '/v1/datasets/import-traces', { name: 'm', data: '{"a":{"b":"deep"},"z":"out"}\n', mapping: { input: { path: 'a.b' }, output: 'z' } });
    assert.equal(mapped.status, 201, mapped.text);
    assert.equal((mapped.body as { samples_count: number }).samples_count, 1);
    assert.equal((await call('POST', '/v1/datasets/import-traces', { name: 'u', data: [{ foo: 1 }] })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/import-traces', { name: 'u', data: [{ a: 1 }], mapping: { input: { path: 'a', transform: 'bogus' } } })).status, 400);
    assert.equal((await call('POST', '/v1/datasets/import-traces', { data: [{ prompt: 'p' }] })).status, 400);
  });

  it('approve, reject, and per-sample approve/reject change statuses; unknown ids are 404', async () => {
    const created = (await call('POST', '/v1/datasets/from-instruction', { name: 'review', instruction: 'answers marked good', judge_model: 'judge' })).body as { dataset: { id: string } };
    const id = created.dataset.id;
    const ap = await call('POST', `/v1/datasets/${id}/approve`);
    assert.equal(ap.status, 200, ap.text);
    assert.equal((ap.body as { dataset: B }).dataset.status, 'active');
    assert.ok(!((await call('GET', '/v1/datasets/pending')).body as { datasets: B[] }).datasets.some((d) => d.id === id));
    const rj = await call('POST', `/v1/datasets/${id}/reject`, { reason: 'too small' });
    assert.equal((rj.body as { dataset: B }).dataset.status, 'rejected');
    assert.equal((rj.body as { dataset: B }).dataset.rationale, 'too small');
    const samples = ((await call('GET', `/v1/datasets/${id}`)).body as { samples: Array<{ sample_id: string }> }).samples;
    const sid = samples[0]!.sample_id;
    const sr = await call('POST', `/v1/datasets/${id}/samples/${sid}/reject`);
    assert.equal(sr.status, 200);
    assert.equal((sr.body as { sample: B }).sample.status, 'rejected');
    const sa = await call('POST', `/v1/datasets/${id}/samples/${sid}/approve`);
    assert.equal((sa.body as { sample: B }).sample.status, 'curated');
    assert.equal((await call('POST', '/v1/datasets/nope/approve')).status, 404);
    assert.equal((await call('POST', '/v1/datasets/nope/reject')).status, 404);
    assert.equal((await call('POST', `/v1/datasets/${id}/samples/nope/approve`)).status, 404);
    assert.equal((await call('POST', `/v1/datasets/nope/samples/${sid}/reject`)).status, 404);
  });
});
