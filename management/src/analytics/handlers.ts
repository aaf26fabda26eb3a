/** HTTP handlers for analytics: the reference's analytics object and the summary/models/clusters views. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { badRequest } from '../errors.js';
import { MAX_OFFSET, firstOf, parseBool, parseInteger, parseNumber, parseTime } from '../query-params.js';
import { json, type RequestSnapshot, type Route } from '../server/types.js';
import type { TracesEnv } from '../store/traces-env.js';
import { EMPTY_FILTER, type TraceFilter } from '../traces/filter.js';
import { notARequest } from '../traces/request-kind.js';
import { forEachMatch } from '../traces/search.js';
import { AnalyticsAccumulator } from './aggregate.js';
import { ClusterDailyView, ModelHourlyView, SummaryView } from './views.js';

const HOUR = 3_600_000;

/** A window from start/end (ISO or unix ms) or a look-back in `days`/`hours` ending now. */
export function parseWindow(q: URLSearchParams, unit: 'days' | 'hours', fallback: number, now = Date.now()): { startMs: number; endMs: number } {
  const s = firstOf(q, 'start_date', 'start');
  const e = firstOf(q, 'end_date', 'end');
  const endMs = e ? parseTime(e.value, e.name, 'end')! : now;
  const back = parseNumber(q.get(unit), unit) ?? fallback;
  if (!(back > 0) || back > (unit === 'days' ? 3650 : 87_600)) throw badRequest(`${unit} must be a positive number`, unit);
  const startMs = s ? parseTime(s.value, s.name, 'start')! : endMs - back * (unit === 'days' ? 24 : 1) * HOUR;
  if (startMs > endMs) throw badRequest('the window starts after it ends', s?.name ?? unit);
  return { startMs, endMs };
}

/** Analytics `search`: substring of model, provider, error message, input or output (case-insensitive). */
const searchPredicate = (s: string | undefined): ((r: TraceRecord) => boolean) | null => {
  if (!s) return null;
  const t = s.toLowerCase();
  return (r) => [r.selected_model, r.provider, r.error_message, r.input_text, r.output_text].some((x) => (x ?? '').toLowerCase().includes(t));
};

/** Requests only: /v1/route decisions are traced but are not requests (see request-kind.ts). */
async function scan(env: TracesEnv, f: TraceFilter, extra: ((r: TraceRecord) => boolean) | null, sink: (rs: TraceRecord[]) => void, signal: AbortSignal): Promise<void> {
  await forEachMatch(env, f, (rs) => sink(rs.filter((r) => !notARequest(r) && (extra === null || extra(r)))), signal);
}

async function analytics(env: TracesEnv, req: RequestSnapshot) {
  const q = req.query;
  const w = parseWindow(q, 'days', 30);
  const f: TraceFilter = {
    ...EMPTY_FILTER,
    startMs: w.startMs,
    endMs: w.endMs,
    model: firstOf(q, 'model_id', 'model')?.value,
    provider: firstOf(q, 'backend', 'provider')?.value,
    isSuccess: parseBool(q.get('is_success'), 'is_success'),
  };
  const acc = new AnalyticsAccumulator(w, {
    traceLimit: parseInteger(q.get('trace_limit'), 'trace_limit', 0, 1000, 100),
    traceOffset: parseInteger(q.get('trace_offset'), 'trace_offset', 0, MAX_OFFSET, 0),
  });
  await scan(env, f, searchPredicate(firstOf(q, 'search', 'q')?.value), (rs) => acc.add(rs), req.signal);
  return json({ tenant_id: req.params.tenant, ...acc.finish() });
}

async function summary(env: TracesEnv, req: RequestSnapshot) {
  const w = parseWindow(req.query, 'hours', 24);
  const v = new SummaryView();
  await scan(env, { ...EMPTY_FILTER, ...w }, null, (rs) => v.add(rs), req.signal);
  return json({ window: { start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString() }, ...v.finish() });
}

async function models(env: TracesEnv, req: RequestSnapshot) {
  const w = parseWindow(req.query, 'hours', 24);
  const v = new ModelHourlyView();
  await scan(env, { ...EMPTY_FILTER, ...w, model: firstOf(req.query, 'model', 'model_id')?.value }, null, (rs) => v.add(rs), req.signal);
  const rows = v.finish();
  return json({ window: { start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString() }, rows, total: rows.length });
}

async function clusters(env: TracesEnv, req: RequestSnapshot) {
  const w = parseWindow(req.query, 'days', 30);
  const cid = parseNumber(req.query.get('cluster_id'), 'cluster_id');
  if (cid !== undefined && !Number.isInteger(cid)) throw badRequest('cluster_id must be an integer', 'cluster_id');
  const v = new ClusterDailyView();
  await scan(env, { ...EMPTY_FILTER, ...w, clusterId: cid }, null, (rs) => v.add(rs), req.signal);
  const rows = v.finish();
  return json({ window: { start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString() }, rows, total: rows.length });
}

export function analyticsRoutes(env: TracesEnv): Route[] {
  return [
    { method: 'GET', pattern: '/v1/stats/:tenant/analytics', handler: (req) => analytics(env, req) },
    { method: 'GET', pattern: '/analytics/summary', handler: (req) => summary(env, req) },
    { method: 'GET', pattern: '/analytics/models', handler: (req) => models(env, req) },
    { method: 'GET', pattern: '/analytics/clusters', handler: (req) => clusters(env, req) },
  ];
}
