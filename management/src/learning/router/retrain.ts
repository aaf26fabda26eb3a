/**
 * POST /v1/router/train, the I/O around build.ts: gathers labelled prompts (evaluation
 * results, a dataset whose samples carry `metadata.scores`, or traces with feedback), embeds
 * them with the router's embedder, trains the `cluster` strategy (centroids from a clustering
 * run or k-means) or the `mlp` strategy (the CLI's trainer, settings by k-fold CV on the
 * training split), checks it on the held-back prompts against the best single model and
 * against the router the gateway serves now (compare.ts: never swap in a worse router), writes
 * the package to `<dataDir>/weights/<id>/` and asks the gateway to reload it when it passed.
 * With a check, the package written is the one checked (trained on the training split only, so
 * the held-back prompts, chosen by a stable hash, stay unseen by every retrain with that seed).
 * Costs come from the gateway's pricing table (blended USD per 1k tokens).
 */
import { join } from 'node:path';
import { defaultEmbedderSpec } from '../../../../core/embedding/index.js';
import { priceOf } from '../../../../core/pricing/pricing.js';
import { writeMlpPackage } from '../../../../core/routing/train/mlp-package.js';
import { writePackage } from '../../../../core/routing/train/package-writer.js';
import { scanRecords } from '../../traces/scan.js';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import { clusterTraceIds, getRun } from '../../clustering/runs-store.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import type { GatewayClient } from '../../gateway-client.js';
import { getEvaluation, readRows } from '../evaluations/eval-store.js';
import type { LearningRuntime } from '../runtime.js';
import { loadSamples } from '../sample-source.js';
import { buildMlpRouter, buildRouter, checkRouter, runCentroids, weightsOf, type Check } from './build.js';
import { choices, compareChoices, embeddingsFor, inMemory, loadCurrent, type Comparison } from './compare.js';
import { getPackage, getState, packageId, putPackage, recordDeploy, type PackageRecord } from './packages.js';
import { chooseMetric, fromEvaluations, fromFeedbackTraces, fromLabelledSamples, pick, splitIndices, type EvalRows, type Labelled } from './training-data.js';

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
  /** `cluster` (k-means + psi) or `mlp` (the CLI's mlp trainer). */
  strategy: 'cluster' | 'mlp';
  /** Learn from traces whose metadata[feedbackKey] is feedback (newest `limit` traces scanned). */
  traces: { feedbackKey: string; limit: number } | null;
}

export interface TrainResult {
  package: PackageRecord;
  deployed: boolean;
  reload: unknown;
  timings_ms: Record<string, number>;
  warnings: string[];
  /** Held-back comparison with the router the gateway served (null when it could not be made; warnings say why). */
  comparison: Comparison | null;
  /** Why the package was not deployed (null when deployed or reload: false). */
  refused: string | null;
}

export function blendedCostPer1k(model: string): number | null {
  const p = priceOf(model);
  return p ? ((p.inputPerM + p.outputPerM) / 2 / 1000) : null;
}

async function fromTraces(rt: LearningRuntime, t: { feedbackKey: string; limit: number }): Promise<Labelled> {
  const seen: TraceRecord[] = [];
  for await (const chunk of scanRecords(rt.input.traces, { kind: 'primary' }, {})) {
    for (const rec of chunk) if (rec.metadata && rec.metadata[t.feedbackKey] !== undefined) seen.push(rec);
    if (seen.length >= t.limit) break;
  }
  return fromFeedbackTraces(seen.slice(0, t.limit), t.feedbackKey);
}

async function gather(rt: LearningRuntime, r: TrainRequest): Promise<{ data: Labelled; metric: string | null; source: Record<string, unknown> }> {
  if (r.traces) {
    if (r.evaluationIds.length > 0 || r.datasetId) throw badRequest('give one source: evaluation_ids, dataset_id or traces', 'traces');
    return { data: await fromTraces(rt, r.traces), metric: `feedback:${r.traces.feedbackKey}`, source: { traces: { feedback_key: r.traces.feedbackKey, limit: r.traces.limit } } };
  }
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
  throw badRequest('give evaluation_ids (evaluation results), dataset_id (samples with metadata.scores) or traces (traces with feedback)', 'evaluation_ids');
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

/** Where the gateway's current package is: its /health, else our last deploy. */
export async function currentWeightsPath(rt: LearningRuntime, gw: GatewayClient): Promise<string | null> {
  const fromGateway = await gatewayWeightsPath(gw);
  if (fromGateway) return fromGateway;
  const active = getState(rt.store).active;
  return active ? (getPackage(rt.store, active)?.weights_path ?? null) : null;
}

/** The new router against the current one on the held-back prompts (null + a warning when not comparable). */
async function againstCurrent(rt: LearningRuntime, gw: GatewayClient, data: Labelled, holdout: readonly number[], hx: Float32Array, fresh: Int32Array, ours: { kind: string; dim: number }, warnings: string[]): Promise<(Comparison & { current_weights_path: string; current_strategy: string }) | null> {
  const path = await currentWeightsPath(rt, gw);
  if (!path) {
    warnings.push('no current router to compare with (the gateway did not say which package it serves)');
    return null;
  }
  const cur = await loadCurrent(path);
  if (typeof cur === 'string') {
    warnings.push(`${cur}; compared with the best single model only`);
    return null;
  }
  try {
    const texts = holdout.map((i) => data.prompts[i]!);
    const cx = await embeddingsFor(cur.routed.weights, ours, hx, texts);
    if (typeof cx === 'string') {
      warnings.push(`${cx}; compared with the best single model only`);
      return null;
    }
    const c = compareChoices(data, holdout, fresh, choices(cur.routed, data, holdout, cx));
    if (!c) {
      warnings.push(`the current router (${path}) routes to none of the trained models on enough scored held-back prompts (needs 5); compared with the best single model only`);
      return null;
    }
    return { ...c, current_weights_path: path, current_strategy: cur.routed.weights.strategy };
  } finally {
    await cur.close();
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
  const { data, metric, source } = await gather(rt, r);
  const n = data.prompts.length;
  if (n < 4 || data.models.length < 1) throw badRequest(`need at least 4 labelled prompts and 1 model; got ${n} prompts, ${data.models.length} models`, r.traces ? 'traces' : 'evaluation_ids');
  let t = lap('gather', t0);
  const { x, dim } = await embedTexts(rt, data.prompts);
  t = lap('embed', t);
  if (r.strategy === 'mlp' && r.clusteringRunId) throw badRequest('clustering_run_id applies to the cluster strategy only', 'clustering_run_id');
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
  const build = (idx: readonly number[]) => (r.strategy === 'mlp' ? buildMlpRouter(data, x, dim, idx, opts).trained : buildRouter(data, x, dim, idx, opts));
  const { train, holdout } = splitIndices(data.prompts, r.holdout, r.seed);
  let check: Check | null = null;
  let comparison: (Comparison & { current_weights_path: string; current_strategy: string }) | null = null;
  let final: ReturnType<typeof build>;
  if (holdout.length >= 5 && train.length >= 4) {
    final = build(train);
    t = lap('train', t);
    check = checkRouter(final, data, x, dim, holdout, r.tolerance);
    const hx = pick(x, dim, holdout);
    const fresh = choices(inMemory(weightsOf(final)), data, holdout, hx);
    const e = await rt.input.embedder.get();
    comparison = await againstCurrent(rt, gw, data, holdout, hx, fresh, { kind: e.kind, dim }, warnings);
    t = lap('check', t);
  } else {
    warnings.push(`held-out check skipped: ${holdout.length} held-out prompts (needs 5)`);
    final = build(data.prompts.map((_, i) => i));
    t = lap('train', t);
  }
  const now = new Date();
  const id = packageId(now);
  const dir = join(rt.input.config.dataDir, 'weights', id);
  const trainedOn = check ? train.length : n;
  const info = {
    id: `opentracy-retrained-${id}`,
    name: `retrained ${id}${r.strategy === 'mlp' ? ' (mlp)' : ''}`,
    description: `Router retrained by the management server (${r.strategy} strategy) from ${JSON.stringify(source)}`,
    training: { ...source, metric, strategy: r.strategy, k: 'model' in final ? final.cluster.k : final.k, prior_weight: r.priorWeight, seed: r.seed, holdout: r.holdout, clustering_run_id: r.clusteringRunId, n_prompts: n, n_trained: trainedOn, check, comparison },
  };
  const spec = defaultEmbedderSpec(rt.input.config.repoRoot);
  if ('model' in final) await writeMlpPackage(dir, final, spec, info, { trainer: 'management retrain (core/routing/train/mlp-select.ts)', mix: final.options.mix, alpha: final.options.alpha, calibration: final.options.calibration ?? null });
  else await writePackage(dir, final, spec, info);
  t = lap('write', t);
  const numClusters = 'model' in final ? final.cluster.k : final.k;
  const fullCheck = check ? { ...check, vs_current: comparison } : null;
  const rec: PackageRecord = { id, weights_path: dir, created_at: now.toISOString(), source: { ...source, clustering_run_id: r.clusteringRunId, strategy: r.strategy }, metric, num_clusters: numClusters, models: data.models, n_prompts: n, check: fullCheck, status: 'written', deployed_at: null, error: null };
  let refused: string | null = null;
  if (!r.force && check && !check.passed) refused = `not deployed: ${check.note} (pass force: true to deploy anyway)`;
  else if (!r.force && comparison && !comparison.passed) refused = `not deployed: ${comparison.note}`;
  if (refused) rec.status = 'refused';
  await putPackage(rt.store, rec);
  let deployed = false;
  let reload: unknown = null;
  if (r.reload && !refused) {
    const d = await deploy(rt, gw, rec);
    deployed = d.ok;
    reload = d.body;
    if (!d.ok) await putPackage(rt.store, { ...rec, status: 'reload_failed', error: JSON.stringify(d.body).slice(0, 500) });
    lap('reload', t);
  } else if (refused) {
    if (r.reload) warnings.push(refused);
    await putPackage(rt.store, { ...rec, error: refused });
  }
  timings.total = Math.round(performance.now() - t0);
  const stored = (rt.store.packages.get(id) as PackageRecord | undefined) ?? rec;
  return { package: stored, deployed, reload, timings_ms: timings, warnings, comparison, refused: r.reload ? refused : null };
}
