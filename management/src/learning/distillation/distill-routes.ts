/**
 * HTTP for /v1/distillation (reference 7.7): create (priced first: `dry_run` or `confirm`),
 * list, get, cancel, delete, logs, candidates, metrics, artifacts, download (a route that
 * exists), deploy, estimate, teacher-models, student-models. Every list answers
 * `{<plural>: [...], total}`. Tenant: `tenant_id` query (or x-tenant-id).
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
import { backendRefusal, parseDistillConfig } from './config.js';
import type { ManagementEnv } from '../../store/management-env.js';
import type { TracesEnv } from '../../store/traces-env.js';
import { maskKey } from '../../secrets/mask.js';
import type { LearningConfig } from '../learning-config.js';
import { gatherPrompts } from './collect.js';
import { checkFinetuneTarget } from './finetune-target.js';
import { allJobs, appendLog, countRows, getJob, patchJob, putJob, putPrompts, removeJobRows, rowsOf } from './job-store.js';
import type { DistillationRunner } from './runner.js';
import { ACTIVE, emptyProgress, type Candidate, type Job, type PromptSpec } from './types.js';

export interface DistillRouteDeps {
  store: LearningStore;
  env: ManagementEnv;
  traces: TracesEnv;
  cfg: LearningConfig;
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

/** A job as answered: artifact URLs, and the caller's fine-tuning key masked (never returned). */
const publicJob = (j: Job): Record<string, unknown> => ({
  ...j,
  config: { ...j.config, finetune_api_key: j.config.finetune_api_key ? maskKey(j.config.finetune_api_key) : null },
  artifacts: j.artifacts.map((a) => ({ key: a.key, size: a.size, url: `/v1/distillation/${j.id}/download/${encodeURIComponent(a.key)}` })),
});

const flag = (b: Record<string, unknown>, k: string): boolean => {
  const v = b[k];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw badRequest(`${k} must be true or false`, k);
  return v;
};

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
    { method: 'GET', pattern: '/v1/distillation/teacher-models', handler: () => json({ models: TEACHER_MODELS.map((m) => ({ ...m, type: 'external', available: true })), total: TEACHER_MODELS.length }) },
    {
      method: 'GET',
      pattern: '/v1/distillation/student-models',
      handler: () => json({ models: STUDENT_MODELS.map((m) => ({ id: m.id, name: m.name, family: m.family, params: `${m.params}B`, base_model: m.hf || m.openai, backends: [...(m.openai ? ['openai'] : []), ...(m.hf ? ['local'] : [])], available: true })), total: STUDENT_MODELS.length }),
    },
    {
      method: 'POST',
      pattern: '/v1/distillation',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        const defaults = { localCommand: d.cfg.localTrainCommand !== null, finetuneBaseUrl: d.cfg.finetuneBaseUrl };
        const config = parseDistillConfig(b.config, defaults);
        if (b.name !== undefined && (typeof b.name !== 'string' || b.name.trim() === '')) throw badRequest('name must be a non-empty string', 'name');
        const dryRun = flag(b, 'dry_run');
        const confirm = flag(b, 'confirm');
        checkFinetuneTarget(d.cfg, config);
        const tenant = typeof b.tenant_id === 'string' && b.tenant_id !== '' ? b.tenant_id : tenantOf(req);
        // Paid calls start only when asked: the prompts are gathered now and priced first.
        const { prompts, source } = await gatherPrompts({ env: d.env, traces: d.traces, tenant, config, signal: req.signal });
        if (prompts.length === 0) throw badRequest(`no prompts found in ${source}`, 'config');
        const refusal = backendRefusal(b.config, defaults);
        if (refusal) throw badRequest(refusal, 'config.training_backend');
        const est = { ...estimate(config.student_model, prompts.length, config.n_samples), prompts: prompts.length, prompt_source: source };
        if (dryRun) return json({ dry_run: true, started: false, estimate: est });
        if (!confirm) {
          throw badRequest(
            `this job makes ${est.teacher_calls} teacher calls and ${est.judge_calls} judge calls on ${prompts.length} prompts (about $${est.estimated_cost}); send "confirm": true to start it, or "dry_run": true for the estimate alone`,
            'confirm',
          );
        }
        const now = new Date().toISOString();
        const id = `dist_${randomBytes(6).toString('hex')}`;
        const job: Job = {
          id,
          name: typeof b.name === 'string' ? b.name.trim() : 'Untitled',
          description: typeof b.description === 'string' ? b.description : '',
          tenant_id: tenant,
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
          estimate: est,
          resumed: 0,
          created_at: now,
          updated_at: now,
          started_at: null,
          completed_at: null,
        };
        await putJob(s, job);
        await putPrompts(s, id, prompts);
        appendLog(s, id, `collected ${prompts.length} prompts from ${source}; estimate $${est.estimated_cost} (${est.teacher_calls} teacher calls)`);
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
        // One list shape on every route: {<plural>: [...], total} (the reference answers a bare array here).
        return json({ jobs: jobs.slice(offset, offset + limit).map(publicJob), total: jobs.length, limit, offset });
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
        return json({ logs: rowsOf<string>(s, j.id, 'log', limit).map((r) => r.value), total: countRows(s, j.id, 'log') });
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
    {
      method: 'GET',
      pattern: '/v1/distillation/:id/artifacts',
      handler: (req) => {
        const artifacts = (publicJob(must(req)).artifacts as unknown[]).map((a) => ({ ...(a as object), expires_in: 0 }));
        return json({ artifacts, total: artifacts.length });
      },
    },
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
