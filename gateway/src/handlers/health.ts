/** GET /health: the seed's fields plus the HTTP engine, native path and trace-writer counters. */
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

export function healthRoutes(src: HealthSources): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/health',
      auth: false,
      handler: ({ reply }) => {
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
          ...(r?.error ? { router_error: r.error } : {}),
          http_engine: src.engine(),
          native: src.native(),
          traces: src.traces ? src.traces.stats() : { enabled: false },
          in_flight: src.inFlight(),
          sessions: src.sessions(),
          uptime_s: Math.round((Date.now() - src.startedAt) / 1000),
        });
      },
    },
  ];
}
