/** In-memory metrics (reference 1.8): summary, recent records, reset. */
import { GatewayError } from '../errors.js';
import type { MetricsRecorder } from '../metrics/recorder.js';
import type { Route } from '../server/app.js';
import { queryParam } from '../server/request.js';

/** `traceWriter`: the trace writer's counters (accepted, written, failed, dropped, pending), shown as `trace_writer`. */
export function metricsRoutes(metrics: MetricsRecorder, traceWriter: () => object = () => ({ enabled: false })): Route[] {
  return [
    { method: 'GET', pattern: '/v1/metrics', handler: ({ reply }) => reply.json(200, { ...metrics.summary(), trace_writer: traceWriter() }) },
    {
      method: 'GET',
      pattern: '/v1/metrics/recent',
      handler: ({ req, reply }) => {
        const raw = queryParam(req.query, 'n');
        const n = raw === undefined ? 20 : Number(raw);
        if (!Number.isInteger(n) || n <= 0) throw new GatewayError('caller_invalid_request', "'n' must be a positive integer", { param: 'n' });
        reply.json(200, metrics.recentRecords(n));
      },
    },
    {
      method: 'POST',
      pattern: '/v1/metrics/reset',
      handler: ({ reply }) => {
        metrics.reset();
        reply.json(200, { message: 'metrics reset' });
      },
    },
  ];
}
