/** HTTP handlers for /v1/clustering (reference 7.3). */
import { outputMessageOf, type TraceRecord } from '../../../core/contract/trace.js';
import { parseWindow } from '../analytics/handlers.js';
import { parseJsonObject } from '../body-json.js';
import { badRequest, notFound } from '../errors.js';
import { parseInteger, parsePage } from '../query-params.js';
import { json, text, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { ClusteringDeps } from './run.js';
import { runClustering } from './run.js';
import type { ClusterStatus, StoredRun } from './run-types.js';
import { clusterTraceIds, getRun, listRuns, updateDataset } from './runs-store.js';
import { publicTrace } from '../traces/handlers.js';

const STATUSES: readonly ClusterStatus[] = ['candidate', 'qualified', 'rejected'];

/** Query parameters win over body fields (both accepted, as the reference takes query parameters). */
function runParams(req: RequestSnapshot): URLSearchParams {
  const body = parseJsonObject(req.body, false);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (v !== null && v !== undefined && typeof v !== 'object') q.set(k, String(v));
  for (const [k, v] of req.query) q.set(k, v);
  return q;
}

async function run(d: ClusteringDeps, req: RequestSnapshot): Promise<Reply> {
  const q = runParams(req);
  const w = parseWindow(q, 'days', 30);
  const strategy = q.get('strategy') ?? 'auto';
  if (strategy !== 'auto' && strategy !== 'router-aligned') throw badRequest('strategy must be "auto" or "router-aligned"', 'strategy');
  const kRaw = q.get('k');
  const k = kRaw === null || kRaw === 'auto' ? undefined : parseInteger(kRaw, 'k', 2, 500, 0);
  const result = await runClustering(
    d,
    {
      ...w,
      strategy,
      k,
      minTraces: parseInteger(q.get('min_traces'), 'min_traces', 2, 10_000_000, 50),
      maxTraces: parseInteger(q.get('max_traces'), 'max_traces', 2, 200_000, 20_000),
    },
    req.signal,
  );
  return json(result);
}

function mustRun(d: ClusteringDeps, runId: string): StoredRun {
  const r = getRun(d.store, runId);
  if (!r) throw notFound(`clustering run ${runId} not found`, 'run_id');
  return r;
}

function clusterIdOf(req: RequestSnapshot, r: StoredRun): number {
  const raw = req.params.cluster_id!;
  const cid = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!r.datasets.some((x) => x.cluster_id === cid)) throw notFound(`cluster ${raw} not found in run ${r.version.run_id}`, 'cluster_id');
  return cid;
}

function clusterTraces(d: ClusteringDeps, req: RequestSnapshot, limit: number, offset: number): { traces: TraceRecord[]; total: number; run: StoredRun; cid: number } {
  const r = mustRun(d, req.params.run_id!);
  const cid = clusterIdOf(req, r);
  const { ids, total } = clusterTraceIds(d.store, r.version.run_id, cid, limit, offset);
  const db = d.traces.traces();
  const traces = ids.map((id) => db?.get(id)).filter((t): t is TraceRecord => t !== undefined);
  return { traces, total, run: r, cid };
}

function exportLine(t: TraceRecord): string {
  const messages: unknown[] = t.input_messages.length > 0 ? [...t.input_messages] : [{ role: 'user', content: t.input_text }];
  if (t.output_text || t.output_message) messages.push(outputMessageOf(t));
  else if (t.output_text) messages.push({ role: 'assistant', content: t.output_text });
  return JSON.stringify({
    messages,
    metadata: { trace_id: t.request_id, model: t.selected_model, provider: t.provider, tokens_in: t.tokens_in, tokens_out: t.tokens_out, cost_usd: t.total_cost_usd, is_error: t.is_error },
  });
}

export function clusteringRoutes(d: ClusteringDeps): Route[] {
  return [
    { method: 'POST', pattern: '/v1/clustering/run', handler: (req) => run(d, req) },
    {
      method: 'GET',
      pattern: '/v1/clustering/runs',
      handler: (req) => {
        const runs = listRuns(d.store, parseInteger(req.query.get('limit'), 'limit', 1, 100, 20));
        return json({ runs: runs.map((r) => ({ ...r.version, summary: r.summary })), total: runs.length });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/clustering/runs/:run_id',
      handler: (req) => {
        const r = mustRun(d, req.params.run_id!);
        return json({ run: { ...r.version, summary: r.summary, merge_suggestions: r.merge_suggestions }, datasets: r.datasets });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/clustering/datasets',
      handler: (req) => {
        const status = req.query.get('status');
        if (status !== null && status !== '' && !STATUSES.includes(status as ClusterStatus)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`, 'status');
        const latest = listRuns(d.store, 1)[0];
        const datasets = latest ? latest.datasets.filter((x) => !status || x.status === status) : [];
        return json({ datasets, total: datasets.length, run_id: latest?.version.run_id ?? null });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/clustering/datasets/:run_id/:cluster_id',
      handler: (req) => {
        const { limit, offset } = parsePage(req.query, 1000, 100);
        const { traces, total, run: r, cid } = clusterTraces(d, req, limit, offset);
        return json({ traces: traces.map(publicTrace), total, run_id: r.version.run_id, cluster_id: cid, has_more: offset + traces.length < total });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/clustering/datasets/:run_id/:cluster_id/export',
      handler: (req) => {
        const { traces } = clusterTraces(d, req, 1_000_000, 0);
        const body = traces.map(exportLine).join('\n') + (traces.length > 0 ? '\n' : '');
        return text(body, 'application/x-ndjson');
      },
    },
    {
      method: 'POST',
      pattern: '/v1/clustering/datasets/:run_id/:cluster_id/qualify',
      handler: async (req) => {
        const status = req.query.get('status') ?? (parseJsonObject(req.body, false).status as string | undefined) ?? 'qualified';
        if (!STATUSES.includes(status as ClusterStatus)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`, 'status');
        const r = mustRun(d, req.params.run_id!);
        const cid = clusterIdOf(req, r);
        const updated = await updateDataset(d.store, r.version.run_id, cid, { status: status as ClusterStatus });
        return json({ dataset: updated?.datasets.find((x) => x.cluster_id === cid), summary: updated?.summary });
      },
    },
  ];
}
