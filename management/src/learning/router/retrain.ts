/**
 * POST /v1/router/train, the I/O around build.ts: gathers labelled prompts (evaluation
 * results, or a dataset whose samples carry `metadata.scores`), embeds them with the
 * router's embedder, takes centroids from a clustering run or k-means, checks a router
 * trained on the training split against the held-out prompts, writes the package trained
 * on all prompts to `<dataDir>/weights/<id>/` and asks the gateway to reload it.
 * Costs come from the gateway's pricing table (blended USD per 1k tokens).
 */
import { join } from 'node:path';
import { defaultEmbedderSpec } from '../../../../core/embedding/index.js';
import { priceOf } from '../../../../core/pricing/pricing.js';
import { writePackage } from '../../../../core/routing/train/package-writer.js';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import { clusterTraceIds, getRun } from '../../clustering/runs-store.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import type { GatewayClient } from '../../gateway-client.js';
import { getEvaluation, readRows } from '../evaluations/eval-store.js';
import type { LearningRuntime } from '../runtime.js';
import { loadSamples } from '../sample-source.js';
import { buildRouter, checkRouter, runCentroids, type Check } from './build.js';
import { getState, packageId, putPackage, recordDeploy, type PackageRecord } from './packages.js';
import { chooseMetric, fromEvaluations, fromLabelledSamples, splitIndices, type EvalRows, type Labelled } from './training-data.js';

export interface TrainRequest {
  tenant: string;
  evaluationIds: string[];
  datasetId: string | null;
  clusteringRunId: string | null;
  metric: string | null;
  k: number | null;
  priorWeight: number;
  holdout: number;
  seed: number;
  tolerance: number;
  reload: boolean;
  force: boolean;
}

export interface TrainResult {
  package: PackageRecord;
  deployed: boolean;
  reload: unknown;
  timings_ms: Record<string, number>;
  warnings: string[];
}

export function blendedCostPer1k(model: string): number | null {
  const p = priceOf(model);
  return p ? ((p.inputPerM + p.outputPerM) / 2 / 1000) : null;
}

function gather(rt: LearningRuntime, r: TrainRequest): { data: Labelled; metric: string | null; source: Record<string, unknown> } {
  if (r.evaluationIds.length > 0) {
    const evals: EvalRows[] = r.evaluationIds.map((id) => {
      const e = getEvaluation(rt.store, id);
      if (!e || e.tenant_id !== r.tenant) throw notFound(`evaluation ${id} not found`, 'evaluation_ids');
      if (e.progress.completed_calls === 0) throw badRequest(`evaluation ${id} has no results yet`, 'evaluation_ids');
      return readRows(rt.store, id);
    });
    const metric = chooseMetric(evals, r.metric);
    if (!metric) throw badRequest('the evaluations carry no quality metric to learn from', 'metric');
    return { data: fromEvaluations(evals, metric), metric, source: { evaluation_ids: r.evaluationIds } };
  }
  if (r.datasetId) {
    const samples = loadSamples(rt.input.store, rt.input.traces, r.tenant, r.datasetId, 200_000);
    return { data: fromLabelledSamples(samples), metric: 'labelled', source: { dataset_id: r.datasetId } };
  }
  throw badRequest('give evaluation_ids (evaluation results) or dataset_id (samples with metadata.scores)', 'evaluation_ids');
}

async function embedTexts(rt: LearningRuntime, texts: readonly string[]): Promise<{ x: Float32Array; dim: number }> {
  const e = await rt.input.embedder.get();
  const x = new Float32Array(texts.length * e.dim);
  for (let i = 0; i < texts.length; i++) x.set(await e.embed(texts[i]!), i * e.dim);
  return { x, dim: e.dim };
}

async function clusterCentroids(rt: LearningRuntime, runId: string): Promise<{ data: Float32Array; k: number }> {
  const run = getRun(rt.input.store, runId);
  if (!run) throw notFound(`clustering run ${runId} not found`, 'clustering_run_id');
  const db = rt.input.traces.traces();
  const e = await rt.input.embedder.get();
  const members: Float32Array[][] = [];
  for (const ds of run.datasets) {
    const { ids } = clusterTraceIds(rt.input.store, runId, ds.cluster_id, 2000, 0);
    const vs: Float32Array[] = [];
    for (const id of ids) {
      const t = db?.get(id) as TraceRecord | undefined;
      if (t && t.input_text.trim() !== '') vs.push(await e.embed(t.input_text));
    }
    members.push(vs);
  }
  const c = runCentroids(members, e.dim);
  if (c.k === 0) throw badRequest(`clustering run ${runId} has no clusters with readable traces`, 'clustering_run_id');
  return c;
}

export async function gatewayWeightsPath(gw: GatewayClient): Promise<string | null> {
  try {
    const h = await gw.call('GET', '/health', undefined, 3000);
    const p = (h.body as { weights_path?: unknown } | null)?.weights_path;
    return typeof p === 'string' && p !== '' ? p : null;
  } catch {
    return null;
  }
}

/** Asks the gateway to load `path`; records the deploy on success. */
export async function deploy(rt: LearningRuntime, gw: GatewayClient, p: PackageRecord): Promise<{ ok: boolean; body: unknown }> {
  const before = getState(rt.store).history.length === 0 ? await gatewayWeightsPath(gw) : null;
  const res = await gw.call('POST', '/v1/weights/reload', { weights_path: p.weights_path }, 60_000);
  if (res.status !== 200) return { ok: false, body: res.body };
  const now = new Date().toISOString();
  const previous: PackageRecord | null =
    before && before !== p.weights_path
      ? { id: 'gateway-initial', weights_path: before, created_at: now, source: { gateway: 'weights in use before the first retrain' }, metric: null, num_clusters: 0, models: [], n_prompts: 0, check: null, status: 'external', deployed_at: null, error: null }
      : null;
  await recordDeploy(rt.store, p.id, now, previous);
  return { ok: true, body: res.body };
}

/** One training at a time per service. */
const busy = new WeakSet<LearningRuntime>();

export async function retrain(rt: LearningRuntime, gw: GatewayClient, r: TrainRequest): Promise<TrainResult> {
  if (busy.has(rt)) throw new ApiError('caller_invalid_request', 'a router training is already running; try again when it ends');
  busy.add(rt);
  try {
    return await retrainOnce(rt, gw, r);
  } finally {
    busy.delete(rt);
  }
}

async function retrainOnce(rt: LearningRuntime, gw: GatewayClient, r: TrainRequest): Promise<TrainResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const now = performance.now();
    timings[name] = Math.round(now - since);
    return now;
  };
  const { data, metric, source } = gather(rt, r);
  const n = data.prompts.length;
  if (n < 4 || data.models.length < 1) throw badRequest(`need at least 4 labelled prompts and 1 model; got ${n} prompts, ${data.models.length} models`, 'evaluation_ids');
  let t = lap('gather', t0);
  const { x, dim } = await embedTexts(rt, data.prompts);
  t = lap('embed', t);
  const centroids = r.clusteringRunId ? await clusterCentroids(rt, r.clusteringRunId) : null;
  if (centroids) t = lap('centroids', t);
  const warnings: string[] = [];
  const costPer1k = data.models.map((m) => {
    const c = blendedCostPer1k(m);
    if (c === null) warnings.push(`no price for ${m} in the pricing table; cost 0 used`);
    return c ?? 0;
  });
  const k = r.k ?? Math.max(2, Math.min(16, Math.round(Math.sqrt(n / 4))));
  const opts = { k, priorWeight: r.priorWeight, seed: r.seed, centroids, costPer1k };
  const { train, holdout } = splitIndices(data.prompts, r.holdout, r.seed);
  let check: Check | null = null;
  if (holdout.length >= 5 && train.length >= 2) check = checkRouter(buildRouter(data, x, dim, train, opts), data, x, dim, holdout, r.tolerance);
  else warnings.push(`held-out check skipped: ${holdout.length} held-out prompts (needs 5)`);
  t = lap('check', t);
  const all = data.prompts.map((_, i) => i);
  const final = buildRouter(data, x, dim, all, opts);
  t = lap('train', t);
  const now = new Date();
  const id = packageId(now);
  const dir = join(rt.input.config.dataDir, 'weights', id);
  await writePackage(dir, final, defaultEmbedderSpec(rt.input.config.repoRoot), {
    id: `opentracy-retrained-${id}`,
    name: `retrained ${id}`,
    description: `Router retrained by the management server from ${JSON.stringify(source)}`,
    training: { ...source, metric, k: final.k, prior_weight: r.priorWeight, seed: r.seed, holdout: r.holdout, clustering_run_id: r.clusteringRunId, n_prompts: n, check },
  });
  t = lap('write', t);
  const rec: PackageRecord = { id, weights_path: dir, created_at: now.toISOString(), source: { ...source, clustering_run_id: r.clusteringRunId }, metric, num_clusters: final.k, models: data.models, n_prompts: n, check, status: 'written', deployed_at: null, error: null };
  await putPackage(rt.store, rec);
  let deployed = false;
  let reload: unknown = null;
  if (r.reload && (r.force || !check || check.passed)) {
    const d = await deploy(rt, gw, rec);
    deployed = d.ok;
    reload = d.body;
    if (!d.ok) await putPackage(rt.store, { ...rec, status: 'reload_failed', error: JSON.stringify(d.body).slice(0, 500) });
    lap('reload', t);
  } else if (r.reload) warnings.push('not deployed: the held-out check failed (pass force: true to deploy anyway)');
  timings.total = Math.round(performance.now() - t0);
  const stored = (rt.store.packages.get(id) as PackageRecord | undefined) ?? rec;
  return { package: stored, deployed, reload, timings_ms: timings, warnings };
}
