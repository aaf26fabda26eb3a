/** GET /health: open (no auth), says whether the traces environment is readable. */
import { json, type Route } from './server/types.js';
import type { TracesEnv } from './store/traces-env.js';

export function healthRoutes(env: TracesEnv, startedAt: number): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/health',
      handler: () => {
        const db = env.traces();
        const body: Record<string, unknown> = { status: 'healthy', traces_env: db !== null };
        if (db) {
          env.refresh();
          body.num_traces = (db.getStats() as { entryCount?: number }).entryCount ?? null;
        } else body.traces_env_error = env.error;
        body.uptime_s = Math.round((Date.now() - startedAt) / 1000);
        return json(body);
      },
    },
  ];
}
