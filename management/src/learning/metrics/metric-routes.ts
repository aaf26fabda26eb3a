/** HTTP: GET/POST /v1/metrics, GET/PUT/DELETE /v1/metrics/:id (reference 7.5). */
import { parseJsonObject } from '../../body-json.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import { json, type Route } from '../../server/types.js';
import type { LearningStore } from '../learning-store.js';
import { builtinById } from './builtins.js';
import { newMetric, updatedMetric } from './define.js';
import { getMetric, listMetrics, putMetric, removeMetric } from './metric-store.js';
import type { MetricDef } from './types.js';

/** `scripts`: OPENTRACY_SCRIPT_METRICS=1 (python/javascript metrics accepted). */
export function metricRoutes(s: LearningStore, scripts = false): Route[] {
  const mustCustom = (id: string): MetricDef => {
    if (builtinById(id)) throw badRequest(`metric ${id} is built in and cannot be changed`, 'metric_id');
    const m = s.metrics.get(id) as MetricDef | undefined;
    if (!m) throw notFound(`metric ${id} not found`, 'metric_id');
    return m;
  };
  return [
    {
      method: 'GET',
      pattern: '/v1/metrics',
      handler: () => {
        const metrics = listMetrics(s);
        return json({ metrics, total: metrics.length, count: metrics.length });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/metrics',
      handler: async (req) => {
        const m = newMetric(parseJsonObject(req.body), new Date().toISOString(), scripts);
        if (getMetric(s, m.metric_id)) throw new ApiError('caller_invalid_request', `metric ${m.metric_id} already exists`, 'metric_id');
        await putMetric(s, m);
        return json(m, 201);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/metrics/:id',
      handler: (req) => {
        const m = getMetric(s, req.params.id!);
        if (!m) throw notFound(`metric ${req.params.id} not found`, 'metric_id');
        return json(m);
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/metrics/:id',
      handler: async (req) => {
        const m = updatedMetric(mustCustom(req.params.id!), parseJsonObject(req.body), new Date().toISOString(), scripts);
        await putMetric(s, m);
        return json(m);
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/metrics/:id',
      handler: async (req) => {
        mustCustom(req.params.id!);
        await removeMetric(s, req.params.id!);
        return json({ success: true, deleted: req.params.id });
      },
    },
  ];
}
