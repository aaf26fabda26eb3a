/**
 * The rest of /v1/evaluations (reference 7.6): settings (declared before /v1/evaluations/:id so
 * it is reachable, the reference's shadowing fixed), export (JSON or CSV), rerun (a new
 * evaluation with the same set-up), log (outputs produced elsewhere, scored and stored as a
 * completed evaluation) and cleanup (drop finished ones older than an age).
 */
import { randomBytes } from 'node:crypto';
import { parseJsonObject } from '../../body-json.js';
import { badRequest, notFound } from '../../errors.js';
import { json, text, type RequestSnapshot, type Route } from '../../server/types.js';
import type { LearningRuntime } from '../runtime.js';
import { getMetric } from '../metrics/metric-store.js';
import { scoreOne } from '../metrics/score.js';
import type { MetricDef, Score } from '../metrics/types.js';
import { inlineSamples } from '../sample-source.js';
import { deleteEvaluation, getEvaluation, listEvaluations, putEvaluation, putOutput, putSamples, readRows } from './eval-store.js';
import { tenantOf } from './eval-routes.js';
import { evalCsv } from './eval-csv.js';
import { getSettings, parseSettings, putSettings } from './eval-settings.js';
import { summarize } from './summary.js';
import { TERMINAL, type EvalOutput, type Evaluation } from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const publicEval = (e: Evaluation): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...e };
  delete out.metric_defs;
  return out;
};

function metricDefs(rt: LearningRuntime, ids: readonly string[]): MetricDef[] {
  return ids.map((id) => {
    const m = getMetric(rt.store, id);
    if (!m) throw badRequest(`unknown metric "${id}"`, 'metrics');
    return m;
  });
}

/** Every sample with its outputs and scores, in index order (the export's JSON rows). */
function allResults(rt: LearningRuntime, e: Evaluation): Array<Record<string, unknown>> {
  const { samples, rows } = readRows(rt.store, e.id);
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [i, s] of [...samples.entries()].sort((a, b) => a[0] - b[0])) byIndex.set(i, { sample_id: s.sample_id, input: s.input, expected: s.expected, metadata: s.metadata, outputs: {} });
  for (const r of rows) {
    const rec = byIndex.get(r.index);
    if (rec) (rec.outputs as Record<string, EvalOutput>)[r.model] = r.out;
  }
  return [...byIndex.values()];
}

function newEvaluation(base: Omit<Evaluation, 'id' | 'evaluation_id' | 'created_at' | 'updated_at'>): Evaluation {
  const id = randomBytes(4).toString('hex');
  const now = new Date().toISOString();
  return { ...base, id, evaluation_id: id, created_at: now, updated_at: now };
}

interface LoggedSample {
  input: string;
  expected: string;
  metadata: Record<string, unknown>;
  outputs: Map<string, { output: string; latency: number; cost: number }>;
}

/** `samples[i]`: `{input, expected_output?, output, latency?, cost?}` (model from the body) or `{input, outputs: {model: text | {output, latency, cost}}}`. */
function loggedSamples(v: unknown, defaultModel: string): LoggedSample[] {
  const base = inlineSamples(v, 'samples', 100_000);
  const raw = v as unknown[];
  return base.map((s, i) => {
    const o = raw[i] as Record<string, unknown>;
    const outputs = new Map<string, { output: string; latency: number; cost: number }>();
    const one = (x: unknown, field: string): { output: string; latency: number; cost: number } => {
      if (typeof x === 'string') return { output: x, latency: 0, cost: 0 };
      if (!isObj(x) || typeof x.output !== 'string') throw badRequest(`${field} must be a string or {output, latency?, cost?}`, field);
      const num = (k: string): number => {
        const n = x[k] ?? 0;
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw badRequest(`${field}.${k} must be a non-negative number`, field);
        return n;
      };
      return { output: x.output, latency: num('latency'), cost: num('cost') };
    };
    if (isObj(o.outputs)) for (const [m, x] of Object.entries(o.outputs)) outputs.set(m, one(x, `samples[${i}].outputs.${m}`));
    else if (o.output !== undefined && o.output !== null) outputs.set(defaultModel, one({ output: o.output, latency: o.latency ?? 0, cost: o.cost ?? 0 }, `samples[${i}]`));
    else throw badRequest(`samples[${i}] needs "outputs" {model: output} or "output"`, `samples[${i}]`);
    // inlineSamples reads `output` as the expected answer when there is no expected_output; here output is the model's.
    return { input: s.input, expected: typeof o.expected_output === 'string' ? o.expected_output : typeof o.expected === 'string' ? o.expected : '', metadata: s.metadata, outputs };
  });
}

export function evaluationExtraRoutes(rt: LearningRuntime): Route[] {
  const s = rt.store;
  const must = (req: RequestSnapshot): Evaluation => {
    const e = getEvaluation(s, req.params.id!);
    if (!e || e.tenant_id !== tenantOf(req)) throw notFound('Evaluation not found', 'evaluation_id');
    return e;
  };
  return [
    { method: 'GET', pattern: '/v1/evaluations/settings', handler: (req) => json(getSettings(s, tenantOf(req))) },
    {
      method: 'PUT',
      pattern: '/v1/evaluations/settings',
      handler: async (req) => {
        const tenant = tenantOf(req);
        const next = parseSettings(parseJsonObject(req.body), getSettings(s, tenant), (ids) => void metricDefs(rt, ids));
        await putSettings(s, tenant, next);
        return json(next);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/evaluations/:id/export',
      handler: (req) => {
        const e = must(req);
        const format = req.query.get('format') ?? 'json';
        if (format !== 'json' && format !== 'csv') throw badRequest('format must be json or csv', 'format');
        const results = allResults(rt, e);
        if (format === 'csv') {
          return { ...text(evalCsv(e.models, e.metrics, results), 'text/csv; charset=utf-8'), headers: { 'Content-Disposition': `attachment; filename="evaluation-${e.id}.csv"` } };
        }
        return { ...json({ evaluation: publicEval(e), results, total: results.length }), headers: { 'Content-Disposition': `attachment; filename="evaluation-${e.id}.json"` } };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/evaluations/:id/rerun',
      handler: async (req) => {
        const e = must(req);
        if (e.dataset_id === 'logged') throw badRequest('a logged evaluation has no models to call again', 'evaluation_id');
        const b = parseJsonObject(req.body, false);
        const name = typeof b.name === 'string' && b.name.trim() !== '' ? b.name.trim() : `${e.name} (rerun)`;
        const next = newEvaluation({
          ...e,
          name,
          metric_defs: metricDefs(rt, e.metrics), // today's definitions
          status: 'queued',
          progress: { total_samples: 0, completed_samples: 0, failed_samples: 0, total_calls: 0, completed_calls: 0 },
          error: null,
          summary: null,
          winner: null,
          started_at: null,
          completed_at: null,
          resumed: 0,
        });
        // Inline samples live only with the evaluation: copy the snapshot. A dataset is read again.
        if (e.dataset_id === 'inline') {
          const { samples } = readRows(s, e.id);
          await putSamples(s, next.id, [...samples.entries()].sort((a, c) => a[0] - c[0]).map(([, x]) => x));
          next.progress.total_samples = samples.size;
        }
        await putEvaluation(s, { ...next, rerun_of: e.id } as Evaluation);
        rt.evaluations.start(next.id);
        return json({ evaluation_id: next.id, id: next.id, name, status: 'queued', models: next.models, metrics: next.metrics, dataset_id: next.dataset_id, created_at: next.created_at, rerun_of: e.id }, 202);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/evaluations/log',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        if (typeof b.name !== 'string' || b.name.trim() === '') throw badRequest('name is required', 'name');
        const tenant = typeof b.tenant_id === 'string' && b.tenant_id !== '' ? b.tenant_id : tenantOf(req);
        const settings = getSettings(s, tenant);
        const model = typeof b.model === 'string' && b.model !== '' ? b.model : 'external';
        const samples = loggedSamples(b.samples, model);
        const metricIds = Array.isArray(b.metrics) ? b.metrics.filter((x): x is string => typeof x === 'string') : settings.default_metrics;
        const defs = metricDefs(rt, metricIds);
        const models = [...new Set(samples.flatMap((x) => [...x.outputs.keys()]))];
        const judge = settings.default_judge_model ?? rt.cfg.judgeModel;
        const e = newEvaluation({
          tenant_id: tenant,
          name: b.name.trim(),
          description: typeof b.description === 'string' ? b.description : '',
          dataset_id: 'logged',
          models,
          metrics: defs.map((m) => m.metric_id),
          metric_defs: defs,
          config: { concurrency: 1, max_samples: samples.length, max_tokens: 0, temperature: 0, group_by: typeof b.group_by === 'string' && b.group_by !== '' ? b.group_by : null, judge_model: judge },
          status: 'running',
          progress: { total_samples: samples.length, completed_samples: 0, failed_samples: 0, total_calls: samples.length * models.length, completed_calls: 0 },
          error: null,
          summary: null,
          winner: null,
          started_at: new Date().toISOString(),
          completed_at: null,
          resumed: 0,
        });
        await putEvaluation(s, e);
        await putSamples(s, e.id, samples.map((x, i) => ({ sample_id: `logged-${i}`, input: x.input, expected: x.expected, metadata: x.metadata })));
        let calls = 0;
        for (const [i, x] of samples.entries()) {
          for (const [m, o] of x.outputs) {
            const scores: Record<string, Score> = {};
            for (const def of defs) scores[def.metric_id] = await scoreOne(def, { input: x.input, expected: x.expected, output: o.output, latencyMs: o.latency * 1000, costUsd: o.cost }, rt.tools, judge, req.signal);
            await putOutput(s, e.id, i, m, { output: o.output, latency: o.latency, cost: o.cost, error: null, served_by: m, scores });
            calls++;
          }
        }
        const all = readRows(s, e.id);
        const { summary, winner } = summarize(models, e.metrics, all.samples, all.rows, e.config.group_by);
        const done: Evaluation = { ...e, status: 'completed', summary, winner, progress: { ...e.progress, completed_samples: samples.length, completed_calls: calls }, completed_at: new Date().toISOString(), updated_at: new Date().toISOString() };
        await putEvaluation(s, done);
        return json(publicEval(done), 201);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/evaluations/cleanup',
      handler: async (req) => {
        const tenant = tenantOf(req);
        const b = parseJsonObject(req.body, false);
        const settings = getSettings(s, tenant);
        const days = b.older_than_days ?? settings.retention_days ?? 30;
        if (typeof days !== 'number' || !Number.isFinite(days) || days < 0 || days > 36_500) throw badRequest('older_than_days must be a number from 0 to 36500', 'older_than_days');
        const statuses = b.statuses ?? TERMINAL;
        if (!Array.isArray(statuses) || !statuses.every((x) => typeof x === 'string' && (TERMINAL as readonly string[]).includes(x))) throw badRequest(`statuses may list only finished statuses: ${TERMINAL.join(', ')}`, 'statuses');
        const dryRun = b.dry_run === true;
        const cutoff = Date.now() - days * 86_400_000;
        const doomed = listEvaluations(s, tenant).filter((e) => (statuses as string[]).includes(e.status) && Date.parse(e.completed_at ?? e.updated_at) < cutoff);
        if (!dryRun) for (const e of doomed) await deleteEvaluation(s, e.id);
        return json({ deleted: dryRun ? 0 : doomed.length, matched: doomed.length, evaluation_ids: doomed.map((e) => e.id), older_than_days: days, dry_run: dryRun });
      },
    },
  ];
}
