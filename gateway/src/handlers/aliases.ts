/**
 * Model aliases at runtime: `POST /v1/models/register`, `GET /v1/models/aliases`,
 * `DELETE /v1/models/aliases/:alias`. A registered alias is used by /v1/chat/completions
 * and listed by /v1/models as soon as the call returns. Endpoint keys are never echoed.
 */
import type { AliasStore } from '../aliases/alias-store.js';
import { parseRegistration } from '../aliases/alias-validate.js';
import { refuseResolvedEndpoint } from '../aliases/endpoint-guard.js';
import { redactUrl, type EndpointRules } from '../aliases/endpoint-policy.js';
import type { AliasConfig } from '../config.js';
import { own } from '../dict.js';
import { GatewayError } from '../errors.js';
import type { ProviderConfig } from '../providers/types.js';
import type { Route } from '../server/app.js';
import { jsonObject } from './json-body.js';

function publicAlias(name: string, a: AliasConfig & { registered_at?: string }, source: 'registered' | 'config'): Record<string, unknown> {
  return {
    alias: name,
    object: 'model.alias',
    source,
    targets: a.targets,
    fallbacks: a.fallbacks,
    endpoint: a.endpoint ? { base_url: redactUrl(a.endpoint.baseUrl), model: a.endpoint.model, has_api_key: Boolean(a.endpoint.apiKey) } : null,
    registered_at: a.registered_at ?? null,
  };
}

export function aliasRoutes(store: AliasStore, providers: () => ReadonlyMap<string, ProviderConfig>, rules: EndpointRules): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/models/register',
      handler: async ({ body, reply }) => {
        const b = jsonObject(body);
        const others = store.all();
        const { name, alias } = parseRegistration(b, providers(), others, rules);
        if (alias.endpoint) {
          const refused = await refuseResolvedEndpoint(new URL(alias.endpoint.baseUrl), rules);
          if (refused) throw new GatewayError('caller_invalid_request', `'endpoint.base_url' ${refused}`, { param: 'endpoint.base_url' });
        }
        const replaced = own(store.registeredAliases(), name) !== undefined || store.isConfigured(name);
        const entry = await store.set(name, alias);
        reply.json(replaced ? 200 : 201, { message: replaced ? 'alias updated' : 'alias registered', ...publicAlias(name, entry, 'registered') });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/models/aliases',
      handler: ({ reply }) => {
        const reg = store.registeredAliases();
        const data = Object.entries(store.all()).map(([name, a]) => {
          const r = own(reg, name);
          return r ? publicAlias(name, r, 'registered') : publicAlias(name, a, 'config');
        });
        reply.json(200, { object: 'list', data });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/models/aliases/:alias',
      handler: async ({ req, reply }) => {
        const name = req.params[0] ?? '';
        if (name === '' || name.length > 128) throw new GatewayError('caller_invalid_request', 'alias name missing or too long', { param: 'alias' });
        if (!(await store.remove(name))) {
          if (store.isConfigured(name)) throw new GatewayError('caller_invalid_request', `alias '${name}' comes from the config file; edit the file to remove it`, { param: 'alias' });
          throw new GatewayError('caller_not_found', `alias '${name}' is not registered`, { param: 'alias' });
        }
        reply.json(200, { message: 'alias removed', alias: name, deleted: true });
      },
    },
  ];
}
