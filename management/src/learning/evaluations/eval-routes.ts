/** HTTP for /v1/evaluations (reference 7.6): create (202), list, get, status, results, cancel, delete. */
import { randomBytes } from 'node:crypto';
import { parseJsonObject } from '../../body-json.js';
import { badRequest, notFound } from '../../errors.js';
import { parsePage } from '../../query-params.js';
import { json, type RequestSnapshot, type Route } from '../../server/types.js';
import type { LearningStore } from '../learning-store.js';
import { getMetric } from '../metrics/metric-store.js';
import type { MetricDef } from '../metrics/types.js';
import { checkSource, inlineSamples } from '../sample-source.js';
import { getSettings, withSettings } from './eval-settings.js';
import { deleteEvaluation, getEvaluation, listEvaluations, putEvaluation, putSamples, readPage } from './eval-store.js';
import type { EvaluationRunner } from './runner.js';
import { TERMINAL, type EvalConfig, type Evaluation } from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const tenantOf = (req: RequestSnapshot): string => req.headers['x-tenant-id']?.trim() || req.query.get('tenant_id')?.trim() || 'default';

function intIn(v: unknown, field: string, min: number, max: number, d: number): number {
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw badRequest(`${field} must be an integer from ${min} to ${max}`, field);
  return v;
}

function parseConfig(v: unknown, defaultConcurrency: number, defaultMax: number): EvalConfig {
  if (v !== undefined && v !== null && !isObj(v)) throw badRequest('config must be an object', 'config');
  const c = isObj(v) ? v : {};
  const temp = c.temperature ?? 0;
  if (typeof temp !== 'number' || temp < 0 || temp > 2) throw badRequest('config.temperature must be a number from 0 to 2', 'config.temperature');
  for (const k of ['group_by', 'judge_model']) if (c[k] !== undefined && c[k] !== null && typeof c[k] !== 'string') throw badRequest(`config.${k} must be a string`, `config.${k}`);
  return {
    concurrency: intIn(c.concurrency, 'config.concurrency', 1, 256, defaultConcurrency),
    max_samples: intIn(c.max_samples, 'config.max_samples', 1, 100_000, defaultMax),
    max_tokens: intIn(c.max_tokens, 'config.max_tokens', 1, 32_768, 150),
    temperature: temp,
    group_by: typeof c.group_by === 'string' && c.group_by !== '' ? c.group_by : null,
    judge_model: typeof c.judge_model === 'string' && c.judge_model !== '' ? c.judge_model : null,
  };
}

function stringList(v: unknown, field: string, max: number): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) throw badRequest(`${field} must be an array of non-empty strings`, field);
  if (v.length > max) throw badRequest(`${field} may list at most ${max}`, field);
  return [...new Set(v.map((x: string) => x.trim()))];
}

const publicEval = (e: Evaluation): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...e };
  delete out.metric_defs;
  return out;
};

export interface EvalRouteDeps {
  store: LearningStore;
  runner: EvaluationRunner;
  defaultConcurrency: number;
}

export function evaluationRoutes(d: EvalRouteDeps): Route[] {
  const s = d.store;
  const must = (req: RequestSnapshot): Evaluation => {
    const e = getEvaluation(s, req.params.id!);
    if (!e || e.tenant_id !== tenantOf(req)) throw notFound('Evaluation not found', 'evaluation_id');
    return e;
  };
  return [
    {
      method: 'POST',
      pattern: '/v1/evaluations',
      handler: async (req) => {
        const raw = parseJsonObject(req.body);
        // The tenant's settings (GET/PUT /v1/evaluations/settings) fill what the request leaves out.
        const b = withSettings(raw, getSettings(s, typeof raw.tenant_id === 'string' && raw.tenant_id !== '' ? raw.tenant_id : tenantOf(req)));
        if (typeof b.name !== 'string' || b.name.trim() === '') throw badRequest('name is required', 'name');
        const tenant = typeof b.tenant_id === 'string' && b.tenant_id !== '' ? b.tenant_id : tenantOf(req);
        const models = stringList(b.models, 'models', 32);
        if (models.length === 0) throw badRequest('models must list at least one model', 'models');
        const metricIds = b.metrics === undefined || b.metrics === null ? ['exact_match', 'contains'] : stringList(b.metrics, 'metrics', 32);
        const defs: MetricDef[] = metricIds.map((id) => {
          const m = getMetric(s, id);
          if (!m) throw badRequest(`unknown metric "${id}"`, 'metrics');
          return m;
        });
        const inline = b.samples !== undefined ? inlineSamples(b.samples, 'samples', 100_000) : null;
        // Inline samples all run unless capped; datasets default to the first 1000.
        const config = parseConfig(b.config, d.defaultConcurrency, inline ? inline.length : 1000);
        let datasetId: string;
        if (inline) datasetId = 'inline';
        else {
          if (typeof b.dataset_id !== 'string' || b.dataset_id === '') throw badRequest('dataset_id (or inline samples) is required', 'dataset_id');
          datasetId = b.dataset_id;
          checkSource(s.env, tenant, datasetId);
        }
        const id = randomBytes(4).toString('hex');
        const now = new Date().toISOString();
        const e: Evaluation = {
          id,
          evaluation_id: id,
          tenant_id: tenant,
          name: b.name.trim(),
          description: typeof b.description === 'string' ? b.description : '',
          dataset_id: datasetId,
          models,
          metrics: defs.map((m) => m.metric_id),
          metric_defs: defs,
          config,
          status: 'queued',
          progress: { total_samples: inline ? Math.min(inline.length, config.max_samples) : 0, completed_samples: 0, failed_samples: 0, total_calls: 0, completed_calls: 0 },
          error: null,
          summary: null,
          winner: null,
          created_at: now,
          updated_at: now,
          started_at: null,
          completed_at: null,
          resumed: 0,
        };
        if (inline) await putSamples(s, id, inline.slice(0, config.max_samples));
        await putEvaluation(s, e);
        d.runner.start(id);
        return json({ evaluation_id: id, id, name: e.name, status: 'queued', models, metrics: e.metrics, dataset_id: datasetId, created_at: now }, 202);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/evaluations',
      handler: (req) => {
        const status = req.query.get('status');
        const evaluations = listEvaluations(s, tenantOf(req))
          .filter((e) => !status || e.status === status)
          .sort((a, b) => (a.created_at < b.created_at ? 1 : -1))
          .map(publicEval);
        return json({ evaluations, total: evaluations.length });
      },
    },
    { method: 'GET', pattern: '/v1/evaluations/:id', handler: (req) => json(publicEval(must(req))) },
    {
      method: 'GET',
      pattern: '/v1/evaluations/:id/status',
      handler: (req) => {
        const e = must(req);
        const p = e.progress;
        return json({ evaluation_id: e.id, status: e.status, name: e.name, progress: { ...p, percent: p.total_calls > 0 ? Math.round((1000 * p.completed_calls) / p.total_calls) / 10 : 0 }, error: e.error, updated_at: e.updated_at });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/evaluations/:id/results',
      handler: (req) => {
        const e = must(req);
        const { limit, offset } = parsePage(req.query, 1000, 100);
        const page = readPage(s, e.id, offset, limit);
        if (page.length === 0 && e.progress.completed_calls === 0 && offset === 0) throw notFound('No results yet', 'evaluation_id');
        const samples = page.map(({ sample, outputs }) => {
          const outs: Record<string, unknown> = {};
          const scores: Record<string, Record<string, unknown>> = {};
          for (const [model, o] of outputs) {
            outs[model] = o.error ? { output: '', error: o.error, latency: 0, cost: 0 } : { output: o.output, latency: o.latency, cost: o.cost, served_by: o.served_by };
            for (const [metric, sc] of Object.entries(o.scores)) (scores[metric] ??= {})[model] = sc;
          }
          return { sample_id: sample.sample_id, input: sample.input, expected: sample.expected, metadata: sample.metadata, outputs: outs, scores };
        });
        const total = e.progress.total_samples;
        return json({ results: { evaluation_id: e.id, status: e.status, samples, summary: e.summary, winner: e.winner }, samples_total: total, limit, offset, has_more: offset + samples.length < total });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/evaluations/:id/cancel',
      handler: async (req) => {
        const e = must(req);
        if (TERMINAL.includes(e.status)) return json({ success: false, status: e.status, message: `evaluation already ${e.status}` });
        const after = await d.runner.cancel(e.id);
        return json({ success: true, status: after?.status ?? 'cancelled' });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/evaluations/:id',
      handler: async (req) => {
        const e = must(req);
        if (!TERMINAL.includes(e.status)) await d.runner.cancel(e.id);
        await deleteEvaluation(s, e.id);
        return json({ success: true });
      },
    },
  ];
}
