/** Parameters several management operations share (paging, time windows, the trace filter, tenancy). */
import { bool, header, int, num, query, str, type Parameter, type Schema } from '../../../core/contract/openapi.js';

const intIn = (min: number, max: number, dflt?: number): Schema => ({ type: 'integer', minimum: min, maximum: max, ...(dflt === undefined ? {} : { default: dflt }) });
const TIME = 'ISO-8601 date or date-time, or unix ms; anything else is a 400';

export const tenantHeader: Parameter = header('x-tenant-id', 'tenant (default `default`, at most 128 characters)');
export const tenantQuery: Parameter = query('tenant_id', str(), 'tenant, when the x-tenant-id header is not sent');

export const limit = (max: number, dflt: number): Parameter => query('limit', intIn(1, max, dflt), `page size, 1..${max} (default ${dflt})`);
export const offset: Parameter = query('offset', intIn(0, 10_000_000, 0), 'items to skip');
export const page = (max: number, dflt: number): Parameter[] => [limit(max, dflt), offset];

/** A window from start/end, else a look-back of `unit` ending now. */
export function window(unit: 'days' | 'hours', dflt: number): Parameter[] {
  return [
    query(unit, num(), `look-back ending now (default ${dflt}); ignored when start_date is given`),
    query('start_date', str(), `${TIME} (alias: start)`),
    query('end_date', str(), `${TIME}; a date-only end covers its whole day (alias: end)`),
  ];
}

/** The filter of GET /v1/traces (management/src/traces/filter.ts). */
export const TRACE_FILTER: Parameter[] = [
  query('model_id', str(), 'the model that answered: bare (`gpt-4o-mini`) or `provider/model` as X-OpenTracy-Selected-Model says (alias: model)'),
  query('model', str(), 'alias of model_id'),
  query('provider', str(), 'provider id (alias: backend)'),
  query('backend', str(), 'alias of provider'),
  query('start_date', str(), `${TIME} (aliases: start, start_time, since)`),
  query('end_date', str(), `${TIME}; a date-only end covers its whole day (aliases: end, end_time, until)`),
  query('min_cost', num(), 'total_cost_usd at least'),
  query('max_cost', num(), 'total_cost_usd at most'),
  query('min_latency', num(), 'latency_ms at least'),
  query('max_latency', num(), 'latency_ms at most'),
  query('status', { type: 'string', enum: ['success', 'error'] }),
  query('is_success', bool()),
  query('stream', bool(), 'alias: is_stream'),
  query('session_id', str()),
  query('api_key_id', str()),
  query('source', str(), '`gateway` or an ingest source'),
  query('cluster_id', int()),
  query('request_type', str(), 'chat, chat_stream, chat_multiturn (a finished tool-call session\'s roll-up), route, or an ingest source'),
  query('metadata.<key>', str(), 'exact match on metadata key <key> (e.g. metadata.team=search); one parameter per key'),
  query('search', str(), 'case-insensitive substring of input or output text (alias: q)'),
  query('q', str(), 'alias of search'),
];
