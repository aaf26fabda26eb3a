/**
 * POST /v1/clustering/datasets/{run_id}/{cluster_id}/traces and .../assign: traces into a
 * clustering dataset. Both go to the gateway's routes of the same purpose (it writes the traces,
 * or checks the ids), then the run -> cluster -> trace map here gets one row per trace id, the
 * key every read of a clustering dataset joins on (the reference joined on an input_text column
 * that does not exist). assign maps only ids the traces store holds (or the gateway just wrote).
 */
import { parseJsonObject } from '../body-json.js';
import { jsonlLines } from '../../../core/contract/jsonl.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { GatewayClient } from '../gateway-client.js';
import { json, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { clusterTraceIds, getRun, updateDataset } from './runs-store.js';

interface Deps {
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
  readonly gateway: GatewayClient;
}

const EMPTY = Buffer.alloc(0);

function target(d: Deps, req: RequestSnapshot): { runId: string; cid: number } {
  const run = getRun(d.store, req.params.run_id!);
  if (!run) throw notFound(`clustering run ${req.params.run_id} not found`, 'run_id');
  const raw = req.params.cluster_id!;
  const cid = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!run.datasets.some((x) => x.cluster_id === cid)) throw notFound(`cluster ${raw} not found in run ${run.version.run_id}`, 'cluster_id');
  return { runId: run.version.run_id, cid };
}

/** The gateway's answer, or its error passed on with its status. */
function gatewayOk(r: { status: number; body: unknown }): Record<string, unknown> {
  if (r.status === 200 && typeof r.body === 'object' && r.body !== null) return r.body as Record<string, unknown>;
  const msg = typeof r.body === 'object' && r.body !== null && typeof (r.body as { error?: { message?: unknown } }).error?.message === 'string' ? (r.body as { error: { message: string } }).error.message : `gateway answered ${r.status}`;
  if (r.status >= 400 && r.status < 500) throw new ApiError(r.status === 404 ? 'caller_not_found' : 'caller_invalid_request', msg);
  throw new ApiError(r.status === 503 ? 'provider_unavailable' : 'provider_bad_response', `gateway: ${msg}`);
}

async function map(d: Deps, runId: string, cid: number, ids: readonly string[]): Promise<number> {
  await d.store.root.transaction(() => {
    for (const id of ids) d.store.clusterTraces.put([runId, cid, id], EMPTY);
  });
  const { total } = clusterTraceIds(d.store, runId, cid, 0, 0);
  await updateDataset(d.store, runId, cid, { trace_count: total });
  return total;
}

async function ingest(d: Deps, req: RequestSnapshot): Promise<Reply> {
  const { runId, cid } = target(d, req);
  if (!req.body || req.body.length === 0) throw badRequest('send traces: {messages:[...]}, {traces:[...]} or JSONL', 'body');
  const path = `/v1/datasets/${encodeURIComponent(runId)}/${cid}/traces`;
  // The body goes on as JSON text (JSONL included), the gateway parses every format.
  const raw = req.body.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = { traces: [...jsonlLines(raw)].flatMap((l) => (l.ok && l.value !== null ? [l.value] : [])) };
  }
  const g = gatewayOk(await d.gateway.call('POST', path, body, 30_000));
  const ids = Array.isArray(g.ids) ? g.ids.filter((x): x is string => typeof x === 'string') : [];
  const total = await map(d, runId, cid, ids);
  return json({ message: `ingested ${ids.length} traces`, ingested: ids.length, run_id: runId, cluster_id: cid, ids, trace_count: total });
}

async function assign(d: Deps, req: RequestSnapshot): Promise<Reply> {
  const { runId, cid } = target(d, req);
  const b = parseJsonObject(req.body);
  if (!Array.isArray(b.request_ids) || b.request_ids.length === 0) throw badRequest('request_ids must be a non-empty array', 'request_ids');
  const g = gatewayOk(await d.gateway.call('POST', `/v1/datasets/${encodeURIComponent(runId)}/${cid}/assign`, { request_ids: b.request_ids }, 30_000));
  const ids = Array.isArray(g.request_ids) ? g.request_ids.filter((x): x is string => typeof x === 'string') : [];
  d.traces.refresh();
  const db = d.traces.traces();
  const found = ids.filter((id) => db?.get(id) !== undefined);
  const missing = ids.filter((id) => !found.includes(id));
  const total = await map(d, runId, cid, found);
  return json({ message: `assigned ${found.length} traces`, assigned: found.length, run_id: runId, cluster_id: cid, missing, trace_count: total });
}

export function clusterDatasetTraceRoutes(d: Deps): Route[] {
  return [
    { method: 'POST', pattern: '/v1/clustering/datasets/:run_id/:cluster_id/traces', handler: (req) => ingest(d, req) },
    { method: 'POST', pattern: '/v1/clustering/datasets/:run_id/:cluster_id/assign', handler: (req) => assign(d, req) },
  ];
}
