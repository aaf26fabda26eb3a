/**
 * `GET /metrics`: Prometheus text exposition. The request families come from the recorder's
 * counters (updated per request); gauges are read here, at scrape time: in-flight requests,
 * the trace writer's backlog and totals, the routing cache, event-loop lag (perf_hooks'
 * native histogram sampling every 10 ms, reset at each scrape) and process memory.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricsRecorder } from '../metrics/recorder.js';
import { TextBuilder } from '../metrics/prometheus.js';
import type { Route } from '../server/app.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface PrometheusSources {
  metrics: MetricsRecorder;
  inFlight(): number;
  traceWriter(): { accepted?: number; written?: number; failed?: number; dropped?: number; pending?: number } | null;
  routingCache(): { hits?: number; misses?: number; size?: number } | null;
  startedAt: number;
}

export function renderPrometheus(src: PrometheusSources, lag: IntervalHistogram | null): string {
  const out = new TextBuilder();
  src.metrics.prometheus.render(out);
  out.family('opentracy_in_flight_requests', 'gauge', 'Requests being served now.', [[{}, src.inFlight()]]);
  const tw = src.traceWriter();
  if (tw) {
    out.family('opentracy_trace_writer_backlog', 'gauge', 'Traces accepted and not yet committed.', [[{}, tw.pending ?? 0]]);
    out.family('opentracy_traces_total', 'counter', 'Traces by outcome.', (['accepted', 'written', 'failed', 'dropped'] as const).map((k) => [{ outcome: k }, tw[k] ?? 0]));
  }
  const rc = src.routingCache();
  if (rc) {
    out.family('opentracy_routing_cache_hits_total', 'counter', 'Routing decisions served from the decision cache.', [[{}, rc.hits ?? 0]]);
    out.family('opentracy_routing_cache_misses_total', 'counter', 'Routing decisions computed.', [[{}, rc.misses ?? 0]]);
    out.family('opentracy_routing_cache_entries', 'gauge', 'Entries in the routing decision cache.', [[{}, rc.size ?? 0]]);
  }
  if (lag) {
    const s = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
    out.family('opentracy_event_loop_lag_seconds', 'gauge', 'Event-loop delay since the previous scrape (p50, p99, max).', [
      [{ quantile: '0.5' }, s(lag.percentile(50))],
      [{ quantile: '0.99' }, s(lag.percentile(99))],
      [{ quantile: '1' }, s(lag.max)],
    ]);
    lag.reset();
  }
  const mem = process.memoryUsage();
  out.family('process_resident_memory_bytes', 'gauge', 'Resident memory.', [[{}, mem.rss]]);
  out.family('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [[{}, mem.heapUsed]]);
  out.family('process_start_time_seconds', 'gauge', 'Start time, unix seconds.', [[{}, Math.floor(src.startedAt / 1000)]]);
  return out.text();
}

/** The route, and a stop for the event-loop monitor (gateway close). */
export function prometheusRoutes(src: PrometheusSources): { routes: Route[]; stop(): void } {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  return {
    routes: [{ method: 'GET', pattern: '/metrics', handler: ({ reply }) => reply.send(200, renderPrometheus(src, lag), [], PROMETHEUS_CONTENT_TYPE) }],
    stop: () => lag.disable(),
  };
}
