/**
 * HTTP for /v1/distillation (reference 7.7): create, list (bare array), get, cancel,
 * delete, logs, candidates, metrics, artifacts, download (a route that exists), deploy,
 * estimate, teacher-models, student-models. Tenant: `tenant_id` query (or x-tenant-id).
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { parseJsonObject } from '../../body-json.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import { parseInteger, parsePage } from '../../query-params.js';
import { json, type RequestSnapshot, type Route } from '../../server/types.js';
import { tenantOf } from '../evaluations/eval-routes.js';
import type { LearningStore } from '../learning-store.js';
import { estimate, STUDENT_MODELS, TEACHER_MODELS } from './catalog.js';
import { parseDistillConfig } from './config.js';
import { allJobs, countRows, getJob, patchJob, putJob, removeJobRows, rowsOf } from './job-store.js';
import type { DistillationRunner } from './runner.js';
import { ACTIVE, emptyProgress, type Candidate, type Job, type PromptSpec } from './types.js';

export interface DistillRouteDeps {
  store: LearningStore;
  runner: DistillationRunner;
  register(alias: string, body: Record<string, unknown>): Promise<{ ok: boolean; status: number; body: unknown }>;
}

/** Content type of an artifact by its name (binaries such as GGUF are octet streams). */
function contentTypeOf(key: string): string {
  if (key.endsWith('.jsonl')) return 'application/jsonl';
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.txt') || key.endsWith('.log')) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

const publicJob = (j: Job): Record<string, unknown> => ({ ...j, artifacts: j.artifacts.map((a) => ({ key: a.key, size: a.size, url: `/v1/distillation/${j.id}/download/${encodeURIComponent(a.key)}` })) });

export function distillationRoutes(d: DistillRouteDeps): Route[] {
  const s = d.store;
  const must = (req: RequestSnapshot): Job => {
    const j = getJob(s, req.params.id!);
    if (!j || j.status === 'deleted' || j.tenant_id !== tenantOf(req)) throw notFound('Job not found', 'job_id');
    return j;
  };
  return [
    {
      method: 'POST',
      pattern: '/v1/distillation/estimate',
      handler: (req) => {
        const b = parseJsonObject(req.body, false);
        const n = b.num_prompts ?? 1000;
        const k = b.n_samples ?? 4;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000) throw badRequest('num_prompts must be an integer from 1 to 100000', 'num_prompts');
        if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 16) throw badRequest('n_samples must be an integer from 1 to 16', 'n_samples');
        return json(estimate(typeof b.student_model === 'string' ? b.student_model : 'llama-3.2-1b', n, k));
      },
    },
    { method: 'GET', pattern: '/v1/distillation/teacher-models', handler: () => json({ models: TEACHER_MODELS.map((m) => ({ ...m, type: 'external', available: true })) }) },
    {
      method: 'GET',
      pattern: '/v1/distillation/student-models',
      handler: () => json({ models: STUDENT_MODELS.map((m) => ({ id: m.id, name: m.name, family: m.family, params: `${m.params}B`, base_model: m.hf || m.openai, backends: [...(m.openai ? ['openai'] : []), ...(m.hf ? ['local'] : [])], available: true })) }),
    },
    {
      method: 'POST',
      pattern: '/v1/distillation',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        const config = parseDistillConfig(b.config);
        if (b.name !== undefined && (typeof b.name !== 'string' || b.name.trim() === '')) throw badRequest('name must be a non-empty string', 'name');
        const now = new Date().toISOString();
        const id = `dist_${randomBytes(6).toString('hex')}`;
        const job: Job = {
          id,
          name: typeof b.name === 'string' ? b.name.trim() : 'Untitled',
          description: typeof b.description === 'string' ? b.description : '',
          tenant_id: typeof b.tenant_id === 'string' && b.tenant_id !== '' ? b.tenant_id : tenantOf(req),
          status: 'pending',
          phase: 'initializing',
          config,
          progress: emptyProgress(config.training_backend, config.training_steps),
          results: {},
          artifacts: [],
          training_state: {},
          student_model: null,
          deployment: null,
          error: null,
          cost_accrued: 0,
          resumed: 0,
          created_at: now,
          updated_at: now,
          started_at: null,
          completed_at: null,
        };
        await putJob(s, job);
        d.runner.start(id);
        return json(publicJob(job), 201);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/distillation',
      handler: (req) => {
        const status = req.query.get('status');
        const { limit, offset } = parsePage(req.query, 200, 50);
        const tenant = tenantOf(req);
        const jobs = allJobs(s)
          .filter((j) => j.status !== 'deleted' && j.tenant_id === tenant && (!status || j.status === status))
          .sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
        return json(jobs.slice(offset, offset + limit).map(publicJob));
      },
    },
    { method: 'GET', pattern: '/v1/distillation/:id', handler: (req) => json(publicJob(must(req))) },
    {
      method: 'POST',
      pattern: '/v1/distillation/:id/cancel',
      handler: async (req) => {
        const j = must(req);
        if (!ACTIVE.includes(j.status)) return json(publicJob(j));
        return json(publicJob((await d.runner.cancel(j.id)) ?? j));
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/distillation/:id',
      handler: async (req) => {
        const j = must(req);
        if (ACTIVE.includes(j.status)) await d.runner.cancel(j.id);
        await patchJob(s, j.id, { status: 'deleted', artifacts: [] });
        await removeJobRows(s, j.id);
        await rm(d.runner.dirOf(j.id), { recursive: true, force: true });
        return json({ deleted: true });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/distillation/:id/logs',
      handler: (req) => {
        const j = must(req);
        const limit = parseInteger(req.query.get('limit'), 'limit', 1, 100_000, 5000);
        return json({ logs: rowsOf<string>(s, j.id, 'log', limit).map((r) => r.value) });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/distillation/:id/candidates',
      handler: (req) => {
        const j = must(req);
        const { limit, offset } = parsePage(req.query, 1000, 100);
        const prompts = rowsOf<PromptSpec>(s, j.id, 'p', limit, offset);
        const cands = new Map<number, Array<{ k: number; c: Candidate }>>();
        if (prompts.length > 0) {
          const lo = prompts[0]!.i;
          const hi = prompts.at(-1)!.i;
          for (const r of rowsOf<Candidate>(s, j.id, 'c')) if (r.i >= lo && r.i <= hi) (cands.get(r.i) ?? cands.set(r.i, []).get(r.i)!).push({ k: r.k, c: r.value });
        }
        const samples = prompts.map((p) => ({
          prompt: p.value.text,
          trace_id: p.value.id,
          candidates: (cands.get(p.i) ?? []).map(({ k, c }) => ({ text: c.text, error: c.error, scores: { quality: c.score }, score_error: c.score_error, duplicate_of: c.duplicate_of, isWinner: c.is_winner, candidate_idx: k })),
        }));
        return json({ samples, total: countRows(s, j.id, 'p') });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/distillation/:id/metrics',
      handler: (req) => {
        const j = must(req);
        const limit = parseInteger(req.query.get('limit'), 'limit', 1, 100_000, 5000);
        const metrics = rowsOf<Record<string, unknown>>(s, j.id, 'metric', limit).map((r) => r.value);
        return json({ metrics, total: countRows(s, j.id, 'metric') });
      },
    },
    { method: 'GET', pattern: '/v1/distillation/:id/artifacts', handler: (req) => json((publicJob(must(req)).artifacts as unknown[]).map((a) => ({ ...(a as object), expires_in: 0 }))) },
    {
      method: 'GET',
      pattern: '/v1/distillation/:id/download/:key',
      handler: async (req) => {
        const j = must(req);
        const a = j.artifacts.find((x) => x.key === req.params.key);
        if (!a) throw notFound(`artifact ${req.params.key} not found`, 'key');
        const st = await stat(a.path).catch(() => null);
        if (!st) throw notFound(`artifact ${a.key} is gone from disk`, 'key');
        if (!st.isFile()) throw notFound(`artifact ${a.key} is not a file`, 'key');
        const name = a.key.split('/').at(-1)!.replace(/[^A-Za-z0-9._-]/g, '_');
        // Streamed from disk with backpressure: GGUF files of any size, JSONL, logs.
        return { kind: 'file', status: 200, path: a.path, size: st.size, contentType: contentTypeOf(a.key), headers: { 'Content-Disposition': `attachment; filename="${name}"` } };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/distillation/:id/deploy',
      handler: async (req) => {
        const j = must(req);
        if (j.status !== 'completed') throw badRequest(`job is ${j.status}; only a completed job can be deployed`, 'job_id');
        const b = parseJsonObject(req.body);
        if (typeof b.alias !== 'string' || b.alias === '') throw badRequest('alias is required', 'alias');
        const reg: Record<string, unknown> = { alias: b.alias };
        if (b.endpoint !== undefined) reg.endpoint = b.endpoint;
        else if (j.student_model) reg.target = j.student_model;
        else throw badRequest('this job has no callable student model; give endpoint {base_url, model} of the server that serves its artifacts', 'endpoint');
        const r = await d.register(b.alias, reg);
        if (!r.ok) throw new ApiError(r.status === 404 ? 'caller_not_found' : 'caller_invalid_request', `gateway refused the alias: ${JSON.stringify(r.body).slice(0, 400)}`, 'alias');
        const deployment = { alias: b.alias, target: reg.target ?? null, endpoint: reg.endpoint ? '(endpoint)' : null, deployed_at: new Date().toISOString() };
        await patchJob(s, j.id, { deployment });
        return json({ deployment_id: `${j.id}:${b.alias}`, model_id: b.alias, status: 'deployed', ...deployment, gateway: r.body });
      },
    },
  ];
}
