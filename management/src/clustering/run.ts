/** One clustering run: scan the window, embed, cluster, label, store. The I/O around pipeline.ts. */
import { newTraceId } from '../../../core/contract/trace-id.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { GatewayClient } from '../gateway-client.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { EMPTY_FILTER } from '../traces/filter.js';
import { notARequest } from '../traces/request-kind.js';
import { forEachMatch } from '../traces/search.js';
import type { EmbedderSource } from './embedder-source.js';
import { keywordLabel, llmLabel, type ClusterLabel } from './labeler.js';
import { runPipeline, type ClusterItem, type ClusterOut } from './pipeline.js';
import { failedGates } from './quality.js';
import type { ClusterDataset, StoredRun } from './run-types.js';
import { countRuns, saveRun, summarize } from './runs-store.js';
import { candidateKs } from './silhouette.js';
import { normalize } from './vectors.js';

export interface ClusteringDeps {
  readonly traces: TracesEnv;
  readonly store: ManagementEnv;
  readonly embedder: EmbedderSource;
  readonly gateway: GatewayClient;
  readonly labelerModel: string | null;
}

export interface RunRequest {
  readonly startMs: number;
  readonly endMs: number;
  readonly minTraces: number;
  readonly maxTraces: number;
  readonly k?: number;
  readonly strategy: 'auto' | 'router-aligned';
}

type Meta = Pick<TraceRecord, 'request_id' | 'input_text' | 'selected_model' | 'provider' | 'is_error' | 'latency_ms' | 'total_cost_usd' | 'has_tool_calls' | 'cluster_id'> & { embedding?: number[] };

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function topCounts(values: readonly string[], n = 3): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

function datasetOf(c: ClusterOut, metas: readonly Meta[], label: ClusterLabel): ClusterDataset {
  const ms = c.members.map((i) => metas[i]!);
  const n = ms.length;
  const failed = failedGates(c.quality);
  const { source, ...labelBody } = label;
  return {
    cluster_id: c.clusterId,
    label: labelBody,
    label_source: source,
    keywords: c.keywords,
    trace_count: n,
    status: failed.length === 0 ? 'qualified' : 'candidate',
    failed_gates: failed,
    coherence_score: r6(c.quality.coherence),
    diversity_score: r6(c.quality.diversity),
    noise_rate: r6(c.quality.noise),
    avg_success_rate: r6(ms.filter((m) => !m.is_error).length / n),
    avg_latency_ms: r6(ms.reduce((a, m) => a + m.latency_ms, 0) / n),
    avg_cost_usd: r6(ms.reduce((a, m) => a + m.total_cost_usd, 0) / n),
    top_models: topCounts(ms.map((m) => m.selected_model)).map(([model_id, count]) => ({ model_id, count })),
    top_providers: topCounts(ms.map((m) => m.provider)).map(([provider, count]) => ({ provider, count })),
    has_tool_usage: ms.some((m) => m.has_tool_calls),
    sample_prompts: c.central.map((i) => metas[i]!.input_text.slice(0, 500)),
  };
}

async function mapLimit<T, R>(xs: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(xs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}

export async function runClustering(d: ClusteringDeps, req: RunRequest, signal?: AbortSignal): Promise<StoredRun & { stored: boolean }> {
  const metas: Meta[] = [];
  await forEachMatch(
    d.traces,
    // Served, successful requests only: no /v1/route probes, no failed requests.
    { ...EMPTY_FILTER, startMs: req.startMs, endMs: req.endMs, isSuccess: true },
    (rs) => {
      for (const r of rs) {
        if (notARequest(r) || r.is_error) continue;
        if (!r.input_text || r.input_text.trim() === '') continue;
        if (req.strategy === 'router-aligned' && !(r.cluster_id >= 0)) continue;
        if (metas.length >= req.maxTraces) return false;
        const { request_id, input_text, selected_model, provider, is_error, latency_ms, total_cost_usd, has_tool_calls, cluster_id, embedding } = r;
        metas.push({ request_id, input_text, selected_model, provider, is_error, latency_ms, total_cost_usd, has_tool_calls, cluster_id, embedding });
      }
      return metas.length < req.maxTraces;
    },
    signal,
  );
  const embedder = await d.embedder.get();
  const created = Date.now();
  const runId = `run_${newTraceId(created)}`;
  const version = (tc: number, k: number, sil: number, config: Record<string, unknown>): StoredRun['version'] => ({
    version: tc < req.minTraces ? 'v0' : `v${countRuns(d.store) + 1}`,
    run_id: runId,
    created_at: new Date(created).toISOString(),
    source_window_start: new Date(req.startMs).toISOString(),
    source_window_end: new Date(req.endMs).toISOString(),
    embedding_model: d.embedder.name,
    embedding_dim: embedder.dim,
    clustering_config: config,
    labeler_model: d.labelerModel,
    trace_count: tc,
    num_clusters: k,
    silhouette_score: r6(sil),
  });
  const baseConfig = { strategy: req.strategy, min_traces: req.minTraces, max_traces: req.maxTraces, k: req.k ?? 'auto', seed: 42 };
  if (metas.length < req.minTraces || metas.length < 2) {
    return { version: version(metas.length, 0, 0, { ...baseConfig, k_candidates: candidateKs(metas.length) }), datasets: [], merge_suggestions: [], summary: summarize([]), stored: false };
  }
  let reused = 0;
  const items: ClusterItem[] = [];
  for (const m of metas) {
    let vec: Float32Array;
    if (m.embedding && m.embedding.length === embedder.dim) {
      vec = normalize(Float32Array.from(m.embedding));
      reused++;
    } else vec = await embedder.embed(m.input_text);
    items.push({ id: m.request_id, text: m.input_text, vec, routerCluster: m.cluster_id });
    if (signal?.aborted) throw new Error('client went away');
  }
  const result = runPipeline(items, { strategy: req.strategy, k: req.k });
  const labels = await mapLimit(result.clusters, 4, async (c) => {
    const kw = keywordLabel(c.keywords, c.quality.coherence);
    if (!d.labelerModel) return kw;
    return (await llmLabel(d.gateway, d.labelerModel, c.keywords, c.central.map((i) => metas[i]!.input_text))) ?? kw;
  });
  const datasets = result.clusters.map((c, i) => datasetOf(c, metas, labels[i]!));
  const run: StoredRun = {
    version: version(metas.length, result.k, result.silhouette, { ...baseConfig, tried: result.tried, reused_embeddings: reused }),
    datasets,
    merge_suggestions: result.mergeSuggestions.map((s) => ({ ...s, similarity_score: r6(s.similarity_score), llm_agrees: null, reason: 'cluster centroids are nearly parallel (cosine >= 0.9)' })),
    summary: summarize(datasets),
  };
  await saveRun(d.store, run, result.clusters.map((c) => ({ clusterId: c.clusterId, traceIds: c.members.map((i) => metas[i]!.request_id) })));
  return { ...run, stored: true };
}
