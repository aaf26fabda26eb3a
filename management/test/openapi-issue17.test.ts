/**
 * The issue-17 routes (curation, auto-collect, evaluation extras, router proxies, deployments,
 * script metrics) answer as the management OpenAPI document says: real responses, happy path
 * and errors, checked against the documented schemas (the route-table comparison itself is in
 * openapi.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import { type OpenApiDocument } from '../../core/contract/openapi.js';
import { packageVersion } from '../../core/contract/cli-args.js';
import { documentedCaller } from '../../gateway/test/helpers/openapi-check.js';
import { managementDocument } from '../src/openapi/document.js';
import type { ManagementService } from '../src/service.js';
import { startJudgeMock, type JudgeMock } from './curation/judge-mock.js';
import { baseTrace } from './helpers/records.js';
import { startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

type B = Record<string, unknown>;

describe('management OpenAPI document: issue-17 routes', () => {
  let svc: ManagementService;
  let mock: JudgeMock;
  let doc: OpenApiDocument;
  let base: string;

  const call = documentedCaller(() => doc, () => base);
  const documented = async (method: string, path: string, url: string, body?: unknown, status?: number): Promise<B> => (await call(method, path, url, body, status)).body as B;

  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    await writeTraces(w, [0, 1, 2, 3].map((i) => baseTrace({ timestamp: Date.now() - 10_000 + i, input_text: `question ${i}`, output_text: i % 2 === 0 ? `answer ${i} (good)` : `answer ${i}` })));
    await w.close();
    mock = await startJudgeMock();
    svc = await startTestServer(dir, { OPENTRACY_GATEWAY_URL: mock.url });
    base = `http://127.0.0.1:${svc.port}`;
    doc = managementDocument(packageVersion());
  });
  after(async () => {
    await svc.close();
    await mock.close();
  });

  it('curation answers as documented', async () => {
    const fi = await documented('POST', '/v1/datasets/from-instruction', '/v1/datasets/from-instruction', { name: 'g', instruction: 'good answers', judge_model: 'judge' }, 201);
    const id = String((fi.dataset as B).id);
    await documented('POST', '/v1/datasets/from-instruction', '/v1/datasets/from-instruction', { name: 'g', instruction: 'questions' }, 201);
    await documented('POST', '/v1/datasets/from-instruction', '/v1/datasets/from-instruction', { name: 'g' }, 400);
    await documented('POST', '/v1/datasets/from-instruction', '/v1/datasets/from-instruction', { name: 'g', instruction: 'x', judge_model: 'broken' }, 502);
    await documented('POST', '/v1/datasets/analyze-traces', '/v1/datasets/analyze-traces', { data: [{ prompt: 'p', completion: 'c' }] }, 200);
    await documented('POST', '/v1/datasets/analyze-traces', '/v1/datasets/analyze-traces', { data: 5 }, 400);
    await documented('POST', '/v1/datasets/import-traces', '/v1/datasets/import-traces', { name: 'i', data: '{"messages":[{"role":"user","content":"u"}]}\n' }, 201);
    await documented('GET', '/v1/datasets/pending', '/v1/datasets/pending', undefined, 200);
    await documented('POST', '/v1/datasets/{id}/approve', `/v1/datasets/${id}/approve`, undefined, 200);
    await documented('POST', '/v1/datasets/{id}/reject', `/v1/datasets/${id}/reject`, { reason: 'no' }, 200);
    await documented('POST', '/v1/datasets/{id}/reject', '/v1/datasets/nope/reject', undefined, 404);
    const ds = await (await fetch(`${base}/v1/datasets/${id}`)).json() as { samples: Array<{ sample_id: string }> };
    const sid = ds.samples[0]!.sample_id;
    await documented('POST', '/v1/datasets/{id}/samples/{sid}/approve', `/v1/datasets/${id}/samples/${sid}/approve`, undefined, 200);
    await documented('POST', '/v1/datasets/{id}/samples/{sid}/reject', `/v1/datasets/${id}/samples/${sid}/reject`, undefined, 200);
    await documented('POST', '/v1/datasets/{id}/samples/{sid}/reject', `/v1/datasets/${id}/samples/nope/reject`, undefined, 404);
  });

  it('auto-collect answers as documented', async () => {
    const ds = (await (await fetch(`${base}/v1/datasets`, { method: 'POST', body: JSON.stringify({ name: 'ac' }), headers: { 'content-type': 'application/json' } })).json()) as { id: string };
    const p = `/v1/datasets/${ds.id}/auto-collect`;
    await documented('GET', '/v1/datasets/{id}/auto-collect', p, undefined, 200);
    await documented('PUT', '/v1/datasets/{id}/auto-collect', p, { enabled: true, instruction: 'good answers', curation_config: { judge_model: 'judge' } }, 200);
    await documented('PUT', '/v1/datasets/{id}/auto-collect', p, { max_samples: -1 }, 400);
    await documented('GET', '/v1/datasets/{id}/auto-collect', p, undefined, 200);
    await documented('POST', '/v1/datasets/{id}/auto-collect/run', `${p}/run`, undefined, 200);
    await documented('GET', '/v1/datasets/{id}/auto-collect/history', `${p}/history`, undefined, 200);
    await documented('DELETE', '/v1/datasets/{id}/auto-collect', p, undefined, 200);
    await documented('DELETE', '/v1/datasets/{id}/auto-collect', p, undefined, 404);
    await documented('POST', '/v1/datasets/{id}/auto-collect/run', `${p}/run`, undefined, 404);
  });

  it('evaluation extras answer as documented', async () => {
    await documented('GET', '/v1/evaluations/settings', '/v1/evaluations/settings', undefined, 200);
    await documented('PUT', '/v1/evaluations/settings', '/v1/evaluations/settings', { retention_days: 10, default_metrics: ['exact_match'] }, 200);
    await documented('PUT', '/v1/evaluations/settings', '/v1/evaluations/settings', { retention_days: -1 }, 400);
    const l = await documented('POST', '/v1/evaluations/log', '/v1/evaluations/log', { name: 'l', samples: [{ input: 'q', expected_output: 'a', outputs: { m: 'a' } }] }, 201);
    const id = String(l.id);
    await documented('POST', '/v1/evaluations/log', '/v1/evaluations/log', { name: 'l' }, 400);
    await documented('GET', '/v1/evaluations/{id}/export', `/v1/evaluations/${id}/export`, undefined, 200);
    await documented('GET', '/v1/evaluations/{id}/export', `/v1/evaluations/${id}/export?format=csv`, undefined, 200);
    await documented('GET', '/v1/evaluations/{id}/export', '/v1/evaluations/nope/export', undefined, 404);
    await documented('GET', '/v1/evaluations/{id}', `/v1/evaluations/${id}`, undefined, 200);
    await documented('POST', '/v1/evaluations/{id}/rerun', `/v1/evaluations/${id}/rerun`, undefined, 400);
    await documented('POST', '/v1/evaluations/{id}/rerun', '/v1/evaluations/nope/rerun', undefined, 404);
    await documented('POST', '/v1/evaluations/cleanup', '/v1/evaluations/cleanup', { older_than_days: 0, dry_run: true }, 200);
    await documented('POST', '/v1/evaluations/cleanup', '/v1/evaluations/cleanup', undefined, 200);
  });

  it('script metrics (off here) and suggest-metrics answer as documented', async () => {
    await documented('POST', '/v1/metrics/validate-script', '/v1/metrics/validate-script', { type: 'javascript', script: 'function score(){return 1}' }, 400);
    await documented('POST', '/v1/auto-eval/suggest-metrics', '/v1/auto-eval/suggest-metrics', { dataset_id: 'nope' }, 404);
    await documented('POST', '/v1/auto-eval/suggest-metrics', '/v1/auto-eval/suggest-metrics', {}, 400);
  });
});
