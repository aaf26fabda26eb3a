/**
 * GET /v1/models in OpenAI's list shape: `auto` and the routing profiles (with their
 * OpenTracy fields) from the registry in use, configured aliases, and the priced
 * models of every provider that can be called now.
 */
import type { RouterControl } from '../chat/deps.js';
import type { AliasConfig } from '../config.js';
import { redactUrl } from '../aliases/endpoint-policy.js';
import { own } from '../dict.js';
import { GatewayError } from '../errors.js';
import { PRICE_ROWS } from '../../../core/pricing/pricing-table.js';
import { isCallable, providerForPrefix } from '../providers/registry.js';
import type { ProviderConfig } from '../providers/types.js';
import type { Route } from '../server/app.js';
import { decodePathSegment } from '../server/request.js';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  [k: string]: unknown;
}

export interface ModelSources {
  router: RouterControl | null;
  providers: () => ReadonlyMap<string, ProviderConfig>;
  aliases: () => Readonly<Record<string, AliasConfig>>;
  created: number;
}

export function listModels(src: ModelSources): ModelEntry[] {
  const out: ModelEntry[] = [];
  const seen = new Set<string>();
  const add = (e: ModelEntry): void => {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      out.push(e);
    }
  };
  const state = src.router?.state();
  if (src.router && state?.router_initialized) {
    add({ id: 'auto', object: 'model', created: src.created, owned_by: 'opentracy', routing: { num_clusters: state.num_clusters, num_models: state.num_models, generation: state.generation } });
    const targets = src.router.profileTargets();
    for (const p of src.router.profiles()) {
      add({ id: p.model_id, object: 'model', created: src.created, owned_by: 'opentracy-router', ...p, target: own(targets, p.model_id) ?? p.model_id });
    }
  }
  for (const [name, a] of Object.entries(src.aliases())) {
    add({ id: name, object: 'model', created: src.created, owned_by: 'alias', targets: a.endpoint ? [redactUrl(a.endpoint.baseUrl)] : a.targets, fallbacks: a.fallbacks });
  }
  const providers = src.providers();
  for (const [key, , , providerId] of PRICE_ROWS) {
    const pid = providerId ?? providerForPrefix(key);
    const p = pid ? providers.get(pid) : undefined;
    if (p && isCallable(p)) add({ id: `${p.id}/${key}`, object: 'model', created: src.created, owned_by: p.id });
  }
  return out;
}

/**
 * The reference's GET /v1/models fields (reference 1.6): the routing profiles as
 * `{model_id, cost_per_1k_tokens, num_clusters, overall_accuracy}` and `default_model`, the first
 * profile loaded ('' and [] without a router, as the reference's gateway mode).
 */
export function openTracyModels(src: Pick<ModelSources, 'router'>): { models: Array<{ model_id: string; cost_per_1k_tokens: number; num_clusters: number; overall_accuracy: number }>; default_model: string } {
  const state = src.router?.state();
  if (!src.router || !state?.router_initialized) return { models: [], default_model: '' };
  const models = src.router.profiles().map((p) => ({ model_id: p.model_id, cost_per_1k_tokens: p.cost_per_1k_tokens, num_clusters: p.num_clusters, overall_accuracy: p.overall_accuracy }));
  return { models, default_model: models[0]?.model_id ?? '' };
}

export function modelRoutes(src: ModelSources): Route[] {
  return [
    // Both kinds of client read it: OpenAI's list (object, data) and OpenTracy's (models, default_model).
    { method: 'GET', pattern: '/v1/models', handler: ({ reply }) => reply.json(200, { object: 'list', data: listModels(src), ...openTracyModels(src) }) },
    {
      method: 'GET',
      // A wildcard, not :id, so ids with '/' (`openai/gpt-4o-mini`) work as the SDK sends them.
      pattern: '/v1/models/*',
      handler: ({ req, reply }) => {
        const id = decodePathSegment(req.url.slice('/v1/models/'.length), 'id');
        const m = listModels(src).find((e) => e.id === id);
        if (!m) throw new GatewayError('caller_model_not_found', `model '${id}' not found`, { param: 'id' });
        reply.json(200, m);
      },
    },
  ];
}
