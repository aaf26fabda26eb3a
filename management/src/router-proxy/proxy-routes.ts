/**
 * The reference's legacy router endpoints on the management port (reference 7.1): /route,
 * /route/batch, /models, /stats and /init. The router lives in the gateway, so each one asks
 * the gateway (no in-process router, and no 503 "Router not initialized. Call /init first."):
 * the gateway's status and body are passed back as they are; an unreachable gateway is a 502.
 * Also the gateway's alias routes (/v1/models/aliases, /v1/models/register), passed through the same way.
 */
import { parseJsonObject } from '../body-json.js';
import { badRequest } from '../errors.js';
import type { GatewayClient, GatewayResponse } from '../gateway-client.js';
import { json, type Reply, type RequestSnapshot, type Route } from '../server/types.js';

const TIMEOUT_MS = 30_000;
const MAX_BATCH = 1000;
/** The gateway /v1/route body fields a batch shares across its prompts. */
const ROUTE_KEYS = ['available_models', 'cost_weight', 'quality_cost_tradeoff', 'curve'] as const;
/** Asked of the gateway as it was asked of us (the gateway validates it: 400 naming the header). */
const TRADEOFF_HEADER = 'x-opentracy-quality-cost-tradeoff';
/** The λ the gateway's decision used, passed back to the caller. */
const COST_WEIGHT_HEADER = 'x-opentracy-cost-weight';

const pass = (r: { status: number; body: unknown }): Reply => json(r.body, r.status);

/** The request headers forwarded to the gateway's /v1/route. */
function routeHeaders(req: RequestSnapshot): Record<string, string> | undefined {
  const t = req.headers[TRADEOFF_HEADER];
  return t === undefined ? undefined : { [TRADEOFF_HEADER]: t };
}

/** The gateway's answer, with its X-OpenTracy-Cost-Weight kept. */
function passRoute(r: GatewayResponse): Reply {
  const w = r.headers?.[COST_WEIGHT_HEADER];
  const value = Array.isArray(w) ? w[0] : w;
  return value === undefined ? pass(r) : { kind: 'json', status: r.status, body: r.body, headers: { 'X-OpenTracy-Cost-Weight': value } };
}

export function routerProxyRoutes(gateway: GatewayClient): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/route',
      // The whole body goes through (prompt, embedding, available_models, cost_weight, quality_cost_tradeoff, curve).
      handler: async (req) => passRoute(await gateway.call('POST', '/v1/route', parseJsonObject(req.body), TIMEOUT_MS, routeHeaders(req))),
    },
    {
      method: 'POST',
      pattern: '/route/batch',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        const prompts = b.prompts;
        if (!Array.isArray(prompts) || prompts.length === 0 || !prompts.every((p) => typeof p === 'string' && p !== '')) throw badRequest('prompts must be a non-empty array of non-empty strings', 'prompts');
        if (prompts.length > MAX_BATCH) throw badRequest(`prompts may hold at most ${MAX_BATCH}`, 'prompts');
        const shared: Record<string, unknown> = {};
        for (const k of ROUTE_KEYS) if (b[k] !== undefined) shared[k] = b[k];
        const headers = routeHeaders(req);
        const results: unknown[] = [];
        let errors = 0;
        // One at a time: the gateway's router pool already parallelises, and a batch should not starve live traffic.
        for (const prompt of prompts as string[]) {
          const r = await gateway.call('POST', '/v1/route', { ...shared, prompt }, TIMEOUT_MS, headers);
          if (r.status === 200) results.push(r.body);
          else {
            errors++;
            results.push({ prompt, status: r.status, ...(typeof r.body === 'object' && r.body !== null ? (r.body as object) : { error: r.body }) });
          }
        }
        return json({ results, total: results.length, errors });
      },
    },
    // The gateway's aliases (it validates registrations, endpoints included), for the console's Learning page.
    { method: 'GET', pattern: '/v1/models/aliases', handler: async () => pass(await gateway.call('GET', '/v1/models/aliases', undefined, TIMEOUT_MS)) },
    { method: 'POST', pattern: '/v1/models/register', handler: async (req) => pass(await gateway.call('POST', '/v1/models/register', parseJsonObject(req.body), TIMEOUT_MS)) },
    {
      method: 'DELETE',
      pattern: '/v1/models/aliases/:alias',
      // The name becomes one escaped path segment of the gateway's URL, nothing more.
      handler: async (req) => pass(await gateway.call('DELETE', `/v1/models/aliases/${encodeURIComponent(req.params.alias!)}`, undefined, TIMEOUT_MS)),
    },
    { method: 'GET', pattern: '/models', handler: async () => pass(await gateway.call('GET', '/v1/models', undefined, TIMEOUT_MS)) },
    { method: 'GET', pattern: '/stats', handler: async () => pass(await gateway.call('GET', '/stats', undefined, TIMEOUT_MS)) },
    {
      method: 'POST',
      pattern: '/init',
      handler: async (req) => {
        // The gateway loads its router at start; /init reports it, or hot-reloads the weights given.
        const b = parseJsonObject(req.body, false);
        if (b.weights_path !== undefined) {
          if (typeof b.weights_path !== 'string' || b.weights_path === '') throw badRequest('weights_path must be a non-empty string', 'weights_path');
          const r = await gateway.call('POST', '/v1/weights/reload', { weights_path: b.weights_path }, TIMEOUT_MS);
          if (r.status !== 200) return pass(r);
        }
        const h = await gateway.call('GET', '/health', undefined, TIMEOUT_MS);
        if (h.status !== 200 || typeof h.body !== 'object' || h.body === null) return pass(h);
        const health = h.body as Record<string, unknown>;
        return json({
          status: health.router_initialized ? 'initialized' : 'gateway_mode',
          message: health.router_initialized ? 'the gateway\'s router is loaded' : 'the gateway runs without a router (no weights or no embedder): model "auto" is off',
          router_initialized: health.router_initialized === true,
          num_models: health.num_models ?? 0,
          num_clusters: health.num_clusters ?? 0,
          embedder_ready: health.embedder_ready === true,
        });
      },
    },
  ];
}
