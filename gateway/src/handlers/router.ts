/**
 * Router routes: POST /v1/route (decision only), weights reload, routing cache and
 * legacy stats (reference 1.5, 1.8, 1.10).
 */
import { COST_WEIGHT_HEADER, costWeightHeader, resolveCostWeight, TRADEOFF_HEADER, type CostKnobDefaults } from '../chat/cost-knob.js';
import type { RouterControl, TraceSink } from '../chat/deps.js';
import { qualityCostCurve } from '../../../core/routing/tradeoff.js';
import { GatewayError, asGatewayError } from '../errors.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import { routeTrace } from '../traces/route-trace.js';
import type { Route } from '../server/app.js';
import { routingOptions } from '../chat/validate.js';
import { jsonObject } from './json-body.js';

/**
 * The prompt's whole quality-cost curve over the decision's candidates: expected error per model is
 * all_scores − λ·cost (the decision's own estimate), then the λ breakpoints of the UniRoute rule.
 */
function promptCurve(d: RoutingDecision, lambda: number, profiles: ReadonlyArray<{ model_id: string; cost_per_1k_tokens: number }>): ReturnType<typeof qualityCostCurve> {
  const cost = new Map(profiles.map((p) => [p.model_id, p.cost_per_1k_tokens]));
  const ids = Object.keys(d.all_scores).filter((id) => cost.has(id));
  const costs = ids.map((id) => cost.get(id)!);
  const gamma = ids.map((id, i) => d.all_scores[id]! - lambda * costs[i]!);
  return qualityCostCurve(ids, gamma, costs);
}

export function routerRoutes(
  router: RouterControl | null,
  costDefaults: CostKnobDefaults,
  traces: TraceSink | null,
  log: (level: 'warn', msg: string) => void = () => undefined,
): Route[] {
  const need = (): RouterControl => {
    if (!router || !router.ready()) throw new GatewayError('policy_routing_unavailable', 'semantic routing is not available (no router weights loaded)');
    return router;
  };
  return [
    {
      method: 'POST',
      pattern: '/v1/route',
      handler: async ({ req, body, reply, apiKeyId }) => {
        const b = jsonObject(body);
        const prompt = b.prompt;
        const embedding = b.embedding;
        if (prompt === undefined && embedding === undefined) throw new GatewayError('caller_invalid_request', "either 'prompt' or 'embedding' is required", { param: 'prompt' });
        if (prompt !== undefined && typeof prompt !== 'string') throw new GatewayError('caller_invalid_request', "'prompt' must be a string", { param: 'prompt' });
        if (embedding !== undefined && (!Array.isArray(embedding) || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
          throw new GatewayError('caller_invalid_request', "'embedding' must be an array of numbers", { param: 'embedding' });
        }
        if (b.curve !== undefined && typeof b.curve !== 'boolean') throw new GatewayError('caller_invalid_request', "'curve' must be a boolean", { param: 'curve' });
        // The routing knobs, checked as a chat completion's are.
        const opts = routingOptions(b);
        const allowed = opts.availableModels;
        const knob = { costWeight: opts.costWeight, tradeoff: opts.tradeoff, header: req.headers[TRADEOFF_HEADER] };
        const costWeight = resolveCostWeight(knob, costDefaults, (t) => need().costWeightFor(t));
        const startedAt = Date.now();
        const t0 = performance.now();
        // Every call, success or failure, is a `route` trace (not for internal calls).
        const trace = traces && req.headers['x-opentracy-internal'] !== 'true' ? traces : null;
        let d: RoutingDecision;
        try {
          d = await need().routeInput({
            ...(embedding !== undefined ? { embedding: embedding as number[] } : { prompt: prompt as string }),
            costWeight,
            ...(allowed ? { allowedModels: allowed } : {}),
          });
        } catch (err) {
          trace?.write(routeTrace(startedAt, performance.now() - t0, typeof prompt === 'string' ? prompt : '', apiKeyId, asGatewayError(err)));
          throw err;
        }
        trace?.write(routeTrace(startedAt, performance.now() - t0, typeof prompt === 'string' ? prompt : '', apiKeyId, d));
        reply.json(200, {
          selected_model: d.selected_model,
          cost_weight: costWeight,
          expected_error: d.expected_error,
          cost_adjusted_score: d.cost_adjusted_score,
          all_scores: d.all_scores,
          cluster_id: d.cluster_id,
          cluster_probabilities: d.cluster_probabilities,
          reasoning: d.reasoning,
          cache_hit: d.cache_hit,
          weights_generation: d.weights_generation,
          usage: { routing_ms: d.routing_ms, ...(d.embedding_ms > 0 ? { embedding_ms: d.embedding_ms } : {}) },
          ...(b.curve === true ? { curve: promptCurve(d, costWeight, need().profiles()) } : {}),
        }, [[COST_WEIGHT_HEADER, costWeightHeader(costWeight)]]);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/weights/reload',
      handler: async ({ body, reply }) => {
        if (!router) throw new GatewayError('policy_routing_unavailable', 'the router is disabled');
        const b = jsonObject(body, false);
        if (b.weights_path !== undefined && typeof b.weights_path !== 'string') throw new GatewayError('caller_invalid_request', "'weights_path' must be a string", { param: 'weights_path' });
        const path = b.weights_path as string | undefined;
        let r: Awaited<ReturnType<RouterControl['reload']>>;
        try {
          r = await router.reload(path);
        } catch (err) {
          if (path === undefined) throw err;
          // One answer for every failure: the details (missing, not a directory, no cluster file...)
          // would tell a caller which paths exist on this machine. The operator reads them in the log.
          log('warn', `weights reload from ${JSON.stringify(path)} failed: ${(err as Error).message}`);
          throw new GatewayError('caller_invalid_request', "'weights_path' is not a loadable weights package (the gateway log says why)", { param: 'weights_path' });
        }
        reply.json(200, { message: 'weights reloaded', ...r });
      },
    },
    { method: 'GET', pattern: '/v1/cache', handler: ({ reply }) => reply.json(200, router ? router.cacheStats() : { size: 0 }) },
    {
      method: 'POST',
      pattern: '/v1/cache/clear',
      handler: ({ reply }) => {
        router?.clearCache();
        reply.json(200, { message: 'cache cleared' });
      },
    },
    { method: 'GET', pattern: '/stats', handler: ({ reply }) => reply.json(200, router ? router.stats() : { total_requests: 0 }) },
    {
      method: 'POST',
      pattern: '/stats/reset',
      handler: ({ reply }) => {
        router?.resetStats();
        router?.clearCache();
        reply.json(200, { message: 'statistics reset' });
      },
    },
  ];
}
