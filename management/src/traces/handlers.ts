/** HTTP handlers for /v1/traces. */
import { cacheInputCostOf, type TraceRecord } from '../../../core/contract/trace.js';
import { badRequest, notFound } from '../errors.js';
import type { GatewayClient } from '../gateway-client.js';
import { parseBool, parseInteger, parsePage } from '../query-params.js';
import { parseJsonBody } from '../body-json.js';
import { json, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { TracesEnv } from '../store/traces-env.js';
import { EMPTY_FILTER, parseTraceFilter } from './filter.js';
import { parseImportLines } from './import.js';
import { searchTraces } from './search.js';

export const MAX_PAGE = 1000;

/** The record as served in lists: without the routing embedding (large, rarely wanted). */
export function publicTrace(r: TraceRecord): Omit<TraceRecord, 'embedding'> {
  const { embedding: _drop, ...rest } = r;
  return withDefaults(rest);
}

/** Fields added after a record may have been written, at their defaults. */
function withDefaults<T extends Partial<TraceRecord>>(r: T): T {
  return r.cache_input_cost_usd === undefined ? { ...r, cache_input_cost_usd: cacheInputCostOf(r) } : r;
}

export function parseCursor(raw: string | null): string | undefined {
  if (raw === null || raw === '') return undefined;
  if (raw.length > 200 || !/^[\w.:-]+$/.test(raw)) throw badRequest('cursor is not a cursor this server returned', 'cursor');
  return raw;
}

async function list(env: TracesEnv, req: RequestSnapshot): Promise<Reply> {
  const q = req.query;
  const filter = parseTraceFilter(q);
  const { limit, offset } = parsePage(q, MAX_PAGE, 100);
  const cursor = parseCursor(q.get('cursor'));
  if (cursor !== undefined && offset > 0) throw badRequest('use either cursor or offset, not both', 'offset');
  const withTotal = parseBool(q.get('include_total'), 'include_total') ?? q.has('offset');
  const page = await searchTraces(env, filter, { limit, offset, cursor, withTotal, signal: req.signal });
  const body: Record<string, unknown> = { traces: page.traces.map(publicTrace) };
  if (page.total !== undefined) body.total = page.total;
  body.has_more = page.has_more;
  body.next_cursor = page.next_cursor;
  return json(body);
}

function getOne(env: TracesEnv, id: string): Reply {
  const rec = env.traces()?.get(id);
  if (!rec) throw notFound(`trace ${id} not found`, 'id');
  return json(withDefaults(rec));
}

async function forwardIngest(gateway: GatewayClient, req: RequestSnapshot): Promise<Reply> {
  const body = parseJsonBody(req.body);
  const r = await gateway.call('POST', '/v1/traces', body, 30_000);
  return json(r.body, r.status);
}

async function importJsonl(gateway: GatewayClient, req: RequestSnapshot): Promise<Reply> {
  const body = parseJsonBody(req.body);
  if (typeof body !== 'object' || body === null || typeof (body as { data?: unknown }).data !== 'string') {
    throw badRequest('body must be {"data": "<JSONL>", "source"?, "model"?, "provider"?}', 'data');
  }
  const b = body as { data: string; source?: unknown; model?: unknown; provider?: unknown };
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const { traces, skipped } = parseImportLines(b.data, { source: str(b.source) ?? 'file-import', model: str(b.model), provider: str(b.provider) });
  if (traces.length === 0) throw badRequest(`no valid JSON lines in data (${skipped} skipped)`, 'data');
  const r = await gateway.call('POST', '/v1/traces', { traces }, 60_000);
  const out = typeof r.body === 'object' && r.body !== null ? { ...(r.body as object), skipped } : { result: r.body, skipped };
  return json(out, r.status);
}

/** Legacy `GET /traces?model&hours=24&limit&offset` -> {traces, total, limit, offset}. */
async function legacyList(env: TracesEnv, req: RequestSnapshot): Promise<Reply> {
  const q = req.query;
  const hours = parseInteger(q.get('hours'), 'hours', 1, 87_600, 24);
  const { limit, offset } = parsePage(q, MAX_PAGE, 100);
  const model = q.get('model') ?? undefined;
  const filter = { ...EMPTY_FILTER, model: model === '' ? undefined : model, startMs: Date.now() - hours * 3_600_000 };
  const page = await searchTraces(env, filter, { limit, offset, withTotal: true, signal: req.signal });
  return json({ traces: page.traces.map(publicTrace), total: page.total ?? 0, limit, offset });
}

export function traceRoutes(env: TracesEnv, gateway: GatewayClient): Route[] {
  return [
    { method: 'GET', pattern: '/v1/traces', handler: (req) => list(env, req) },
    { method: 'GET', pattern: '/traces', handler: (req) => legacyList(env, req) },
    { method: 'GET', pattern: '/v1/traces/:id', handler: (req) => getOne(env, req.params.id!) },
    { method: 'POST', pattern: '/v1/traces', handler: (req) => forwardIngest(gateway, req) },
    { method: 'POST', pattern: '/v1/traces/import', handler: (req) => importJsonl(gateway, req) },
  ];
}
