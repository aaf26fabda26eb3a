/** Operations: health, traces, analytics (handlers in health.ts, traces/, analytics/). */
import {
  anyObject, anyValue, arr, bool, errors, int, json, jsonBody, nullable, num, obj, openApiDocumentOperation, pathParam, query, ref, str, type PathItem,
} from '../../../core/contract/openapi.js';
import { page, TRACE_FILTER, window } from './params.js';

const windowOut = obj({ start: str(), end: str() });
/** Analytics rates are percents (0..100), as the reference's success_rate; the gateway's /v1/metrics error_rate is a fraction. */
const percent = (d: string) => ({ type: 'number', minimum: 0, maximum: 100, description: `${d}, percent 0..100` }) as const;
/** The counts and timings of a group of traces (analytics/group.ts). */
const FIGURES = {
  request_count: int(),
  error_count: int(),
  error_rate: percent('errors'),
  total_input_tokens: int(),
  total_output_tokens: int(),
  total_tokens: int(),
  total_cost_usd: num(),
  avg_latency_ms: num(),
  p50_latency_ms: num(),
  p95_latency_ms: num(),
  p99_latency_ms: num(),
  avg_ttft_ms: num(),
  p50_ttft_ms: num(),
  p95_ttft_ms: num(),
  distinct_models: int(),
  distinct_providers: int(),
};
const row = (bucket: string, key: string, keySchema = str()) => obj({ [bucket]: str('bucket start, ISO-8601'), [key]: keySchema, ...FIGURES }, { distinct_clusters: int() });
const gatewayAnswer = anyObject('the gateway\'s answer to POST /v1/traces (`ingested`, `skipped`, `ids`), with its status');

export const TRACE_PATHS: Record<string, PathItem> = {
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Liveness and whether the gateway\'s traces environment is readable (open even when auth is on)',
      tags: ['operations'],
      security: [],
      responses: {
        '200': json('healthy', obj({ status: { const: 'healthy' }, traces_env: bool(), uptime_s: int() }, { num_traces: nullable(int()), traces_env_error: nullable(str()) })),
      },
    },
  },
  '/openapi.json': {
    get: openApiDocumentOperation(),
  },
  '/v1/traces': {
    get: {
      operationId: 'listTraces',
      summary: 'Search traces, newest first (list items omit `embedding`)',
      description: 'Paging: `limit` with `cursor` (the `next_cursor` of the previous page), or `offset` (compatibility; adds `total`).',
      tags: ['traces'],
      parameters: [
        ...TRACE_FILTER,
        ...page(1000, 100),
        query('cursor', str(), 'next_cursor of the previous page (not with offset)'),
        query('include_total', bool(), 'also count all matches (`total`); default true with offset'),
      ],
      responses: {
        '200': json('a page', obj({ traces: arr(ref('Trace')), has_more: bool(), next_cursor: nullable(str()) }, { total: int() })),
        ...errors(400, 401),
      },
    },
    post: {
      operationId: 'ingestTraces',
      summary: 'Forwarded to the gateway\'s trace ingest (same bodies as the gateway\'s POST /v1/traces)',
      tags: ['traces'],
      requestBody: jsonBody({ type: ['object', 'array'], description: 'a trace object, `{traces:[...]}` or an array' }),
      responses: { '200': json('ingested', gatewayAnswer), ...errors(400, 401, 413, 502, 503) },
    },
  },
  '/v1/traces/{id}': {
    get: {
      operationId: 'getTrace',
      summary: 'One trace, in full',
      tags: ['traces'],
      parameters: [pathParam('id', 'request_id')],
      responses: { '200': json('the trace', ref('Trace')), ...errors(401, 404) },
    },
  },
  '/v1/traces/import': {
    post: {
      operationId: 'importTraces',
      summary: 'Import JSONL traces through the gateway\'s ingest',
      tags: ['traces'],
      requestBody: jsonBody(obj({ data: str('JSONL, one trace per line') }, { source: str('default `file-import`'), model: str('for lines without one'), provider: str() })),
      responses: { '200': json('ingested: the gateway\'s answer plus the lines skipped here', obj({ skipped: int() }, { message: str(), ingested: int(), ids: arr(str()), errors: arr(anyValue()), result: anyValue() })), ...errors(400, 401, 413, 502, 503) },
    },
  },
  '/traces': {
    get: {
      operationId: 'legacyListTraces',
      summary: 'Legacy trace list',
      tags: ['traces'],
      parameters: [query('model', str()), query('hours', { type: 'integer', minimum: 1, maximum: 87_600, default: 24 }), ...page(1000, 100)],
      responses: { '200': json('a page', obj({ traces: arr(ref('Trace')), total: int(), limit: int(), offset: int() })), ...errors(400, 401) },
    },
  },
  '/v1/stats/{tenant}/analytics': {
    get: {
      operationId: 'analytics',
      summary: 'The analytics object: totals, series, distributions, trends, leaders, insights, a raw sample',
      tags: ['analytics'],
      parameters: [
        pathParam('tenant'),
        ...window('days', 30),
        query('model_id', str(), 'alias: model'),
        query('backend', str(), 'provider (alias: provider)'),
        query('is_success', bool()),
        query('search', str(), 'substring of model, provider, error, input or output (alias: q)'),
        query('trace_limit', { type: 'integer', minimum: 0, maximum: 1000, default: 100 }, 'size of raw_sample'),
        query('trace_offset', { type: 'integer', minimum: 0, default: 0 }),
      ],
      responses: {
        '200': json(
          'analytics',
          obj({
            tenant_id: str(),
            totals: obj({ request_count: int(), total_cost_usd: num(), success_rate: percent('successes'), error_rate: percent('errors'), streaming_share: percent('streamed requests') }),
            series: obj({ by_time: arr(anyObject()), by_model: arr(anyObject()), by_backend: arr(anyObject()) }),
            distributions: anyObject(),
            trends: obj({ last_7d: anyObject(), prev_7d: anyObject(), pct_change: anyObject() }),
            leaders: anyObject(),
            insights: arr(anyValue()),
            raw_sample: arr(anyObject()),
            total_traces: int(),
            window: obj({ start: str(), end: str(), bucket: { type: 'string', enum: ['hour', 'day'] } }),
          }),
        ),
        ...errors(400, 401),
      },
    },
  },
  '/analytics/summary': {
    get: {
      operationId: 'analyticsSummary',
      summary: 'Counts and timings over a window',
      tags: ['analytics'],
      parameters: window('hours', 24),
      responses: { '200': json('summary', obj({ window: windowOut, ...FIGURES })), ...errors(400, 401) },
    },
  },
  '/analytics/models': {
    get: {
      operationId: 'analyticsModels',
      summary: 'Hourly rows per model',
      tags: ['analytics'],
      parameters: [...window('hours', 24), query('model', str(), 'alias: model_id')],
      responses: { '200': json('rows', obj({ window: windowOut, rows: arr(row('hour', 'model')), total: int() })), ...errors(400, 401) },
    },
  },
  '/analytics/clusters': {
    get: {
      operationId: 'analyticsClusters',
      summary: 'Daily rows per routing cluster',
      tags: ['analytics'],
      parameters: [...window('days', 30), query('cluster_id', int())],
      responses: { '200': json('rows', obj({ window: windowOut, rows: arr(row('day', 'cluster_id', int())), total: int() })), ...errors(400, 401) },
    },
  },
};
