/** HTTP: POST /v1/router/train, POST /v1/router/rollback, GET /v1/router/packages[/:id], GET /v1/router/active. */
import { basename, resolve } from 'node:path';
import { parseJsonObject } from '../../body-json.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import type { GatewayClient } from '../../gateway-client.js';
import { json, type Route } from '../../server/types.js';
import { tenantOf } from '../evaluations/eval-routes.js';
import type { LearningRuntime } from '../runtime.js';
import { getPackage, getState, listPackages, recordRollback, type PackageRecord } from './packages.js';
import { loadWeights } from '../../../../core/routing/weights.js';
import { summariseWeights } from './active-summary.js';
import { currentWeightsPath, retrain, gatewayWeightsPath, type TrainRequest } from './retrain.js';

function num(v: unknown, field: string, min: number, max: number, d: number, integer = false): number {
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) throw badRequest(`${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, field);
  return v;
}

const optString = (v: unknown, field: string): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw badRequest(`${field} must be a string`, field);
  return v;
};

export function parseTrainRequest(b: Record<string, unknown>, tenant: string): TrainRequest {
  const ids = b.evaluation_ids ?? (typeof b.evaluation_id === 'string' ? [b.evaluation_id] : []);
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' && x !== '')) throw badRequest('evaluation_ids must be an array of evaluation ids', 'evaluation_ids');
  return {
    tenant,
    evaluationIds: ids as string[],
    datasetId: optString(b.dataset_id, 'dataset_id'),
    clusteringRunId: optString(b.clustering_run_id ?? b.run_id, 'clustering_run_id'),
    metric: optString(b.metric, 'metric'),
    k: b.k === undefined || b.k === null ? null : num(b.k, 'k', 1, 4096, 8, true),
    priorWeight: num(b.prior_weight, 'prior_weight', 0, 1000, 2),
    holdout: num(b.holdout, 'holdout', 0, 0.9, 0.2),
    seed: num(b.seed, 'seed', 0, 2 ** 31, 42, true),
    tolerance: num(b.tolerance, 'tolerance', 0, 1, 0.02),
    reload: b.reload !== false,
    force: b.force === true,
    strategy: strategyOf(b.strategy),
    traces: tracesSource(b.traces),
  };
}

function strategyOf(v: unknown): 'cluster' | 'mlp' {
  if (v === undefined || v === null || v === 'cluster') return 'cluster';
  if (v === 'mlp') return 'mlp';
  throw badRequest("strategy must be 'cluster' or 'mlp'", 'strategy');
}

/** `traces: true` or `{feedback_key, limit}`: learn from traces whose metadata carries feedback. */
function tracesSource(v: unknown): { feedbackKey: string; limit: number } | null {
  if (v === undefined || v === null || v === false) return null;
  if (v === true) return { feedbackKey: 'feedback', limit: 100_000 };
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest('traces must be true or an object {feedback_key, limit}', 'traces');
  const o = v as Record<string, unknown>;
  const key = o.feedback_key ?? 'feedback';
  if (typeof key !== 'string' || key === '') throw badRequest('traces.feedback_key must be a non-empty string', 'traces.feedback_key');
  return { feedbackKey: key, limit: num(o.limit, 'traces.limit', 1, 1_000_000, 100_000, true) };
}

/**
 * What the gateway serves now (regression, issue 14: `active: null` while it served
 * router-default). The gateway's /health `weights_path` decides; a package of ours with
 * that path is named by its id, any other weights by their directory name. When the
 * gateway cannot be asked, the last recorded deploy, else the configured weights path (pure).
 */
export function activePackage(
  packages: readonly PackageRecord[],
  recorded: string | null,
  gatewayPath: string | null,
  configuredPath: string,
): { active: string | null; active_weights_path: string | null; active_source: 'gateway' | 'recorded' | 'configured' } {
  const named = (path: string): string => packages.find((p) => resolve(p.weights_path) === resolve(path))?.id ?? basename(resolve(path));
  if (gatewayPath !== null) return { active: named(gatewayPath), active_weights_path: gatewayPath, active_source: 'gateway' };
  const rec = recorded ? packages.find((p) => p.id === recorded) : undefined;
  if (recorded) return { active: recorded, active_weights_path: rec?.weights_path ?? null, active_source: 'recorded' };
  // Nothing deployed from here and the gateway cannot be asked: the weights it is configured with.
  return { active: named(configuredPath), active_weights_path: configuredPath, active_source: 'configured' };
}

export function routerTrainingRoutes(rt: LearningRuntime, gw: GatewayClient): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/router/train',
      handler: async (req) => json(await retrain(rt, gw, parseTrainRequest(parseJsonObject(req.body, false), tenantOf(req)))),
    },
    {
      method: 'POST',
      pattern: '/v1/router/rollback',
      handler: async () => {
        const st = getState(rt.store);
        const prevId = st.history.at(-2);
        const prev = prevId ? getPackage(rt.store, prevId) : undefined;
        if (!prev) throw new ApiError('caller_invalid_request', 'no previous router package to roll back to');
        const res = await gw.call('POST', '/v1/weights/reload', { weights_path: prev.weights_path }, 60_000);
        if (res.status !== 200) throw new ApiError('provider_bad_response', `gateway refused to reload ${prev.weights_path}: ${JSON.stringify(res.body).slice(0, 300)}`);
        await recordRollback(rt.store, new Date().toISOString());
        return json({ message: 'rolled back', active: getPackage(rt.store, prev.id), rolled_back_from: st.active, reload: res.body });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/router/packages',
      handler: async () => {
        const st = getState(rt.store);
        const packages = listPackages(rt.store);
        return json({ packages, ...activePackage(packages, st.active, await gatewayWeightsPath(gw), rt.input.config.weightsPath), history: st.history, total: packages.length });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/router/active',
      handler: async () => {
        // The package the gateway serves (its /health), else our last deploy: per-cluster expected error by model.
        const path = (await currentWeightsPath(rt, gw)) ?? rt.input.config.weightsPath;
        try {
          return json(summariseWeights(await loadWeights(path, { warn: () => undefined })));
        } catch (err) {
          throw new ApiError('gateway_internal', `the active weights ${path} could not be read: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    },
    {
      method: 'GET',
      pattern: '/v1/router/packages/:id',
      handler: (req) => {
        const p = getPackage(rt.store, req.params.id!);
        if (!p) throw notFound(`router package ${req.params.id} not found`, 'id');
        return json(p);
      },
    },
  ];
}
