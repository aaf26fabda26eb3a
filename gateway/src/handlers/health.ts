/** GET /health: the seed's fields plus the HTTP engine, native path and trace-writer counters. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RouterControl } from '../chat/deps.js';
import type { Route } from '../server/app.js';
import type { HttpEngine } from '../server/uws.js';
import type { TraceWriter } from '../traces/writer.js';

export interface HealthSources {
  engine: () => HttpEngine;
  router: RouterControl | null;
  traces: TraceWriter | null;
  native: () => { active: boolean; reason: string };
  inFlight: () => number;
  sessions: () => number;
  startedAt: number;
}

/** Main-thread event-loop delay since start or the last `?reset_event_loop=1` (ms). */
function eventLoopMonitor(): { read(reset: boolean): { p50: number; p99: number; max: number } } {
  const resolutionMs = 5;
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  // The histogram records whole timer intervals: the delay is what exceeds the resolution.
  const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4) / 100 - resolutionMs);
  return {
    read(reset) {
      const out = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
      if (reset) h.reset();
      return out;
    },
  };
}

export function healthRoutes(src: HealthSources): Route[] {
  const loop = eventLoopMonitor();
  return [
    {
      method: 'GET',
      pattern: '/health',
      auth: false,
      handler: ({ req, reply }) => {
        const r = src.router?.state();
        reply.json(200, {
          status: 'healthy',
          router_initialized: r?.router_initialized ?? false,
          num_models: r?.num_models ?? 0,
          num_clusters: r?.num_clusters ?? 0,
          embedder_ready: r?.embedder_ready ?? false,
          weights_generation: r?.generation ?? 0,
          weights_path: r?.weights_path ?? '',
          routing_strategy: r?.strategy ?? '',
          ...(r?.executor ? { routing_executor: r.executor } : {}),
          ...(r?.error ? { router_error: r.error } : {}),
          http_engine: src.engine(),
          native: src.native(),
          traces: src.traces ? src.traces.stats() : { enabled: false },
          in_flight: src.inFlight(),
          sessions: src.sessions(),
          event_loop_delay_ms: loop.read(req.query.includes('reset_event_loop=1')),
          uptime_s: Math.round((Date.now() - src.startedAt) / 1000),
        });
      },
    },
  ];
}
