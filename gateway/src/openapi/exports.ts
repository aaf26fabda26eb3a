/** Operations for exporting telemetry to the systems operators run (Prometheus). */
import { errors, textResponse, type PathItem } from '../../../core/contract/openapi.js';

export const EXPORT_PATHS: Record<string, PathItem> = {
  '/metrics': {
    get: {
      operationId: 'prometheusMetrics',
      summary: 'Prometheus text exposition (format 0.0.4)',
      description:
        'Counters since start (not cleared by POST /v1/metrics/reset): opentracy_requests_total, opentracy_stream_requests_total, ' +
        'opentracy_request_errors_total{category}, opentracy_tokens_total{direction}, opentracy_cost_usd_total, histograms ' +
        'opentracy_request_duration_seconds and opentracy_ttfb_seconds, all by {provider, model} (capped at 128 pairs, then model="(other)"); ' +
        'opentracy_routing_decisions_total{model}, opentracy_routing_duration_seconds, opentracy_upstream_attempts_total{provider, outcome}, ' +
        'opentracy_upstream_retries_total{provider}, opentracy_fallbacks_total; gauges read at scrape: opentracy_in_flight_requests, ' +
        'opentracy_trace_writer_backlog, opentracy_traces_total{outcome}, opentracy_routing_cache_*, opentracy_event_loop_lag_seconds{quantile}, ' +
        'process memory. Labels carry provider and model names only. Needs the bearer token when OPENTRACY_API_KEYS is set.',
      tags: ['metrics'],
      responses: { '200': textResponse('the exposition (Content-Type: text/plain; version=0.0.4; charset=utf-8)', 'text/plain'), ...errors(401) },
    },
  },
};
