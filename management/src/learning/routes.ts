/**
 * The learning loop's HTTP surface on the management server, as one route list for the
 * service's table: metrics, evaluations, distillation, router retraining. Building it
 * starts the runtime (which resumes interrupted work on start-up).
 */
import type { Route } from '../server/types.js';
import { distillationRoutes } from './distillation/distill-routes.js';
import { evaluationExtraRoutes } from './evaluations/eval-extra-routes.js';
import { evaluationRoutes } from './evaluations/eval-routes.js';
import { metricRoutes } from './metrics/metric-routes.js';
import { scriptMetricRoutes } from './metrics/script-routes.js';
import { routerTrainingRoutes } from './router/router-routes.js';
import { createRuntime, type LearningInput } from './runtime.js';

export type { LearningInput };

export function learningRoutes(input: LearningInput): Route[] {
  const rt = createRuntime(input);
  return [
    ...scriptMetricRoutes(rt),
    ...metricRoutes(rt.store, rt.input.config.scriptMetrics),
    // Before evaluationRoutes: /v1/evaluations/settings must not be taken for /v1/evaluations/:id.
    ...evaluationExtraRoutes(rt),
    ...evaluationRoutes({ store: rt.store, runner: rt.evaluations, defaultConcurrency: rt.cfg.evalConcurrency }),
    ...distillationRoutes({
      store: rt.store,
      env: input.store,
      traces: input.traces,
      cfg: rt.cfg,
      runner: rt.distillation,
      register: async (_alias, body) => {
        const r = await rt.gateway.call('POST', '/v1/models/register', body, 10_000);
        return { ok: r.status === 200 || r.status === 201, status: r.status, body: r.body };
      },
    }),
    ...routerTrainingRoutes(rt, rt.gateway),
  ];
}
