/**
 * GET /openapi.json against the management server itself (with a real gateway and the topic
 * mock behind it): a sound OpenAPI 3.1 document, exactly the routes the server's table serves,
 * and real responses of every area (traces, analytics, clustering, datasets, secrets, metrics,
 * evaluations, distillation, router training, errors) valid against the documented schemas.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { documentedOperations, type OpenApiDocument } from '../../core/contract/openapi.js';
import { packageVersion as documentVersion } from '../../core/contract/cli-args.js';
import { checkDocument, compareRoutes, documentedCaller, fillPath, responseProblems, send, validateSchema } from '../../gateway/test/helpers/openapi-check.js';
import { managementDocument } from '../src/openapi/document.js';
import { http, startTestServer, tempDir } from './helpers/server.js';
import { startStack, waitFor, type Stack } from './learning/stack.js';
import { makeQuestions } from './learning/topic-mock.js';

type B = Record<string, unknown>;

describe('management OpenAPI document', () => {
  let s: Stack;
  let doc: OpenApiDocument;
  /** Calls `url`, checks the answer against operation `method path` (and the status when given); returns the body. */
  let documented: (method: string, path: string, url: string, body?: unknown, status?: number) => Promise<B>;

  before(async () => {
    s = await startStack();
    doc = managementDocument(documentVersion());
    const call = documentedCaller(() => doc, () => s.mgmtUrl);
    documented = async (method, path, url, body, status) => (await call(method, path, url, body, status)).body as B;
  });
  after(async () => s.close());

  it('is a structurally sound OpenAPI 3.1 document, served as JSON at /openapi.json', async () => {
    assert.deepEqual(checkDocument(doc), []);
    const served = await send(s.mgmtUrl, 'GET', '/openapi.json');
    assert.equal(served.status, 200);
    assert.match(served.contentType ?? '', /^application\/json/);
    assert.deepEqual(served.body, JSON.parse(JSON.stringify(doc)));
  });

  it('documents exactly the routes the server table serves', () => {
    assert.ok(s.mgmt.routes.length >= 55);
    assert.deepEqual(compareRoutes(s.mgmt.routes, doc), { undocumented: [], unserved: [] });
  });

  it('every documented operation reaches a handler, and its answer is documented', async () => {
    for (const { method, path } of documentedOperations(doc)) {
      const a = await send(s.mgmtUrl, method, fillPath(path, 'no-such-id'), method === 'GET' ? undefined : '{');
      assert.notEqual(a.status, 405, `${method} ${path}`);
      if (a.status === 404) assert.doesNotMatch((a.body as { error: { message: string } }).error.message, /^no route/, `${method} ${path}`);
      assert.deepEqual(responseProblems(doc, method, path, a.status, a.contentType, a.body), [], `${method} ${path}`);
    }
  });

  it('health, traces and analytics answer as documented', async () => {
    for (const q of ['What is 2 plus 2?', 'Name the capital of France.', 'Write a haiku about rain.', 'Explain recursion briefly.']) {
      const r = await fetch(`${s.gwUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/model-a', messages: [{ role: 'user', content: q }] }) });
      assert.equal(r.status, 200);
      await r.text();
    }
    await s.gw.traces!.flush();
    await documented('GET', '/health', '/health', undefined, 200);
    const list = await waitFor(() => documented('GET', '/v1/traces', '/v1/traces?limit=2'), (b) => (b.traces as unknown[]).length === 2);
    assert.equal(typeof list.next_cursor, 'string');
    const id = (list.traces as Array<{ request_id: string }>)[0]!.request_id;
    await documented('GET', '/v1/traces', `/v1/traces?limit=2&cursor=${String(list.next_cursor)}`, undefined, 200);
    await documented('GET', '/v1/traces', '/v1/traces?offset=0&model_id=model-a&status=success', undefined, 200);
    await documented('GET', '/v1/traces', '/v1/traces?start_date=yesterday', undefined, 400);
    await documented('GET', '/v1/traces/{id}', `/v1/traces/${id}`, undefined, 200);
    await documented('GET', '/traces', '/traces?hours=2', undefined, 200);
    await documented('POST', '/v1/traces', '/v1/traces', { traces: [{ model: 'gpt-4o', input: 'q', output: 'a' }, { model: 'gpt-4o', input: 'q', is_error: true, error: 'boom' }] }, 200);
    await documented('POST', '/v1/traces/import', '/v1/traces/import', { data: '{"model":"gpt-4o","input":"q","output":"a"}\n' }, 200);
    const analytics = await waitFor(() => documented('GET', '/v1/stats/{tenant}/analytics', '/v1/stats/default/analytics?days=1', undefined, 200), (b) => ((b.totals as B).error_rate as number) > 0);
    const totals = analytics.totals as { success_rate: number; error_rate: number };
    assert.ok(Math.abs(totals.success_rate + totals.error_rate - 100) < 1e-6, `rates are percents as documented: ${JSON.stringify(totals)}`);
    await documented('GET', '/v1/stats/{tenant}/analytics', '/v1/stats/default/analytics?days=-1', undefined, 400);
    await documented('GET', '/analytics/summary', '/analytics/summary', undefined, 200);
    await documented('GET', '/analytics/models', '/analytics/models?hours=2', undefined, 200);
    await documented('GET', '/analytics/clusters', '/analytics/clusters', undefined, 200);
  });

  it('clustering answers as documented', async () => {
    const run = await documented('POST', '/v1/clustering/run', '/v1/clustering/run?min_traces=2&k=2&days=1', undefined, 200);
    const runId = String((run.version as B | undefined)?.run_id ?? run.run_id);
    await documented('GET', '/v1/clustering/runs', '/v1/clustering/runs', undefined, 200);
    const one = await documented('GET', '/v1/clustering/runs/{run_id}', `/v1/clustering/runs/${runId}`, undefined, 200);
    const cid = (one.datasets as Array<{ cluster_id: number }>)[0]!.cluster_id;
    await documented('GET', '/v1/clustering/datasets', '/v1/clustering/datasets', undefined, 200);
    await documented('GET', '/v1/clustering/datasets', '/v1/clustering/datasets?status=bogus', undefined, 400);
    await documented('GET', '/v1/clustering/datasets/{run_id}/{cluster_id}', `/v1/clustering/datasets/${runId}/${cid}`, undefined, 200);
    await documented('POST', '/v1/clustering/datasets/{run_id}/{cluster_id}/export', `/v1/clustering/datasets/${runId}/${cid}/export`, undefined, 200);
    await documented('POST', '/v1/clustering/datasets/{run_id}/{cluster_id}/qualify', `/v1/clustering/datasets/${runId}/${cid}/qualify?status=rejected`, undefined, 200);
    await documented('GET', '/v1/datasets/{id}', `/v1/datasets/cluster:${runId}:${cid}`, undefined, 200);
  });

  it('datasets and secrets answer as documented', async () => {
    const ds = await documented('POST', '/v1/datasets', '/v1/datasets', { name: 'docs' }, 201);
    const dsId = String(ds.dataset_id);
    await documented('POST', '/v1/datasets', '/v1/datasets', { name: '' }, 400);
    await documented('GET', '/v1/datasets', '/v1/datasets', undefined, 200);
    const added = await documented('POST', '/v1/datasets/{id}/samples', `/v1/datasets/${dsId}/samples`, { samples: [{ input: 'q1', expected_output: 'a1' }, { input: 'q2', metadata: { topic: 'x' } }] }, 200);
    await documented('POST', '/v1/datasets/{id}/import', `/v1/datasets/${dsId}/import`, '{"input":"q3","expected_output":"a3"}\n', 200);
    await documented('GET', '/v1/datasets/{id}', `/v1/datasets/${dsId}?samples_limit=2`, undefined, 200);
    await documented('GET', '/v1/datasets/{id}/export', `/v1/datasets/${dsId}/export`, undefined, 200);
    await documented('DELETE', '/v1/datasets/{id}/samples/{sample_id}', `/v1/datasets/${dsId}/samples/${(added.sample_ids as string[])[0]}`, undefined, 200);
    await documented('POST', '/v1/datasets/from-traces', '/v1/datasets/from-traces', { name: 'from traces', model_id: 'model-a' }, 201);
    await documented('DELETE', '/v1/datasets/{id}', `/v1/datasets/${dsId}`, undefined, 200);
    await documented('GET', '/v1/secrets', '/v1/secrets', undefined, 200);
    await documented('POST', '/v1/secrets/{provider}', '/v1/secrets/groq', { api_key: 'gsk-test' }, 200);
    const secrets = await documented('GET', '/v1/secrets', '/v1/secrets', undefined, 200);
    assert.ok((secrets.keys as Array<{ provider: string }>).some((k) => k.provider === 'groq'));
    await documented('POST', '/v1/secrets/{provider}', '/v1/secrets/groq', { api_key: '' }, 400);
    await documented('DELETE', '/v1/secrets/{provider}', '/v1/secrets/groq', undefined, 200);
    await documented('DELETE', '/v1/secrets/{provider}', '/v1/secrets/groq', undefined, 404);
  });

  it('metrics, evaluations and router training answer as documented', async () => {
    await documented('GET', '/v1/metrics', '/v1/metrics', undefined, 200);
    await documented('POST', '/v1/metrics', '/v1/metrics', { name: 'Has digits', type: 'regex', config: { pattern: '\\d' } }, 201);
    await documented('POST', '/v1/metrics', '/v1/metrics', { name: 'code', type: 'python' }, 400);
    await documented('GET', '/v1/metrics/{id}', '/v1/metrics/has_digits', undefined, 200);
    await documented('GET', '/v1/metrics/{id}', '/v1/metrics/exact_match', undefined, 200);
    await documented('PUT', '/v1/metrics/{id}', '/v1/metrics/has_digits', { description: 'any digit' }, 200);
    await documented('PUT', '/v1/metrics/{id}', '/v1/metrics/exact_match', { description: 'x' }, 400);

    const samples = makeQuestions(s.mock, 3);
    const created = await documented('POST', '/v1/evaluations', '/v1/evaluations', { name: 'docs eval', models: ['openai/model-a', 'openai/model-b'], metrics: ['contains', 'has_digits'], samples }, 202);
    const evalId = String(created.evaluation_id);
    await documented('POST', '/v1/evaluations', '/v1/evaluations', { name: 'no models', models: [], samples }, 400);
    await documented('GET', '/v1/evaluations/{id}/status', `/v1/evaluations/${evalId}/status`, undefined, 200);
    await waitFor(() => documented('GET', '/v1/evaluations/{id}', `/v1/evaluations/${evalId}`, undefined, 200), (b) => b.status === 'completed');
    await documented('GET', '/v1/evaluations', '/v1/evaluations', undefined, 200);
    await documented('GET', '/v1/evaluations', '/v1/evaluations?status=completed', undefined, 200);
    await documented('GET', '/v1/evaluations/{id}/results', `/v1/evaluations/${evalId}/results?limit=2`, undefined, 200);
    await documented('POST', '/v1/evaluations/{id}/cancel', `/v1/evaluations/${evalId}/cancel`, undefined, 200);

    const trained = await documented('POST', '/v1/router/train', '/v1/router/train', { evaluation_ids: [evalId], metric: 'contains', k: 2, reload: false }, 200);
    const pkgId = String((trained.package as B).id);
    await documented('POST', '/v1/router/train', '/v1/router/train', { evaluation_ids: [evalId], k: 0 }, 400);
    await documented('GET', '/v1/router/packages', '/v1/router/packages', undefined, 200);
    await documented('GET', '/v1/router/packages/{id}', `/v1/router/packages/${pkgId}`, undefined, 200);
    await documented('POST', '/v1/router/rollback', '/v1/router/rollback', undefined, 400);
    await documented('DELETE', '/v1/evaluations/{id}', `/v1/evaluations/${evalId}`, undefined, 200);
    await documented('DELETE', '/v1/metrics/{id}', '/v1/metrics/has_digits', undefined, 200);
  });

  it('distillation answers as documented', async () => {
    await documented('POST', '/v1/distillation/estimate', '/v1/distillation/estimate', { num_prompts: 10, n_samples: 2 }, 200);
    await documented('GET', '/v1/distillation/teacher-models', '/v1/distillation/teacher-models', undefined, 200);
    await documented('GET', '/v1/distillation/student-models', '/v1/distillation/student-models', undefined, 200);
    const config = { teacher_model: 'openai/teacher', judge_model: 'openai/judge', n_samples: 2, prompts: ['Say hello.', 'Say goodbye.', 'Count to three.'], training_backend: 'none', eval_holdout: 0 };
    await documented('POST', '/v1/distillation', '/v1/distillation', { name: 'docs', config, dry_run: true }, 200);
    await documented('POST', '/v1/distillation', '/v1/distillation', { name: 'docs', config }, 400);
    const job = await documented('POST', '/v1/distillation', '/v1/distillation', { name: 'docs', config, confirm: true }, 201);
    const id = String(job.id);
    const done = await waitFor(() => documented('GET', '/v1/distillation/{id}', `/v1/distillation/${id}`, undefined, 200), (b) => ['completed', 'failed'].includes(String(b.status)), 30_000);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    await documented('GET', '/v1/distillation', '/v1/distillation', undefined, 200);
    await documented('GET', '/v1/distillation/{id}/logs', `/v1/distillation/${id}/logs`, undefined, 200);
    await documented('GET', '/v1/distillation/{id}/candidates', `/v1/distillation/${id}/candidates`, undefined, 200);
    await documented('GET', '/v1/distillation/{id}/metrics', `/v1/distillation/${id}/metrics`, undefined, 200);
    const arts = await documented('GET', '/v1/distillation/{id}/artifacts', `/v1/distillation/${id}/artifacts`, undefined, 200);
    const first = (arts.artifacts as Array<{ url: string }>)[0];
    assert.ok(first, 'a finished job has artifacts');
    await documented('GET', '/v1/distillation/{id}/download/{key}', first.url, undefined, 200);
    await documented('POST', '/v1/distillation/{id}/deploy', `/v1/distillation/${id}/deploy`, { alias: 'docs-student', endpoint: { base_url: `${s.mock.origin}/v1`, model: 'student' } }, 200);
    await documented('POST', '/v1/distillation/{id}/cancel', `/v1/distillation/${id}/cancel`, undefined, 200);
    await documented('DELETE', '/v1/distillation/{id}', `/v1/distillation/${id}`, undefined, 200);
    await documented('GET', '/v1/distillation/{id}', `/v1/distillation/${id}`, undefined, 404);
  });

  it('wrong methods and unknown paths answer the documented Error shape', async () => {
    for (const [method, url, status] of [['PATCH', '/v1/datasets', 405], ['GET', '/v1/nowhere', 404]] as const) {
      const a = await send(s.mgmtUrl, method, url);
      assert.equal(a.status, status);
      assert.deepEqual(validateSchema(doc, { $ref: '#/components/schemas/Error' }, a.body), []);
    }
  });
});

describe('management OpenAPI document with auth on', () => {
  it('/openapi.json is open like /health; other routes answer the documented 401', async () => {
    const mgmt = await startTestServer(tempDir(), { OPENTRACY_API_KEYS: 'tok-1' });
    try {
      const doc = managementDocument(documentVersion());
      const open = await http(mgmt.port, 'GET', '/openapi.json');
      assert.equal(open.status, 200);
      assert.equal((open.body as OpenApiDocument).openapi, '3.1.0');
      const closed = await http(mgmt.port, 'GET', '/v1/datasets');
      assert.equal(closed.status, 401);
      assert.deepEqual(responseProblems(doc, 'GET', '/v1/datasets', closed.status, closed.headers.get('content-type'), closed.body), []);
    } finally {
      await mgmt.close();
    }
  });
});
