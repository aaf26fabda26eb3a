/** Runtime provider keys (reference 1.9): set, list, clear, reload the secrets file. */
import { GatewayError } from '../errors.js';
import type { KeyStore } from '../keys/key-store.js';
import type { Route } from '../server/app.js';
import { hasControlChar } from '../server/header-value.js';
import { jsonObject } from './json-body.js';

export function keyRoutes(keys: KeyStore): Route[] {
  const mustKnow = (p: string): void => {
    if (!keys.known(p)) throw new GatewayError('caller_not_found', `provider "${p}" not found`, { param: 'provider' });
  };
  return [
    {
      method: 'POST',
      pattern: '/v1/config/keys',
      handler: ({ body, reply }) => {
        const b = jsonObject(body);
        const provider = b.provider;
        const apiKey = b.api_key;
        if (typeof provider !== 'string' || provider === '') throw new GatewayError('caller_invalid_request', "'provider' is required", { param: 'provider' });
        if (typeof apiKey !== 'string' || apiKey === '') throw new GatewayError('caller_invalid_request', "'api_key' is required", { param: 'api_key' });
        // A key goes into an upstream Authorization header: CR/LF there would break every call to the provider.
        if (hasControlChar(apiKey)) throw new GatewayError('caller_invalid_request', "'api_key' may not contain control characters (a trailing newline?)", { param: 'api_key' });
        mustKnow(provider);
        keys.set(provider, apiKey);
        reply.json(200, { message: 'key updated', provider });
      },
    },
    { method: 'GET', pattern: '/v1/config/keys', handler: ({ reply }) => reply.json(200, { configured_providers: keys.configured() }) },
    {
      method: 'DELETE',
      pattern: '/v1/config/keys/:provider',
      handler: ({ req, reply }) => {
        const provider = req.params[0]!;
        mustKnow(provider);
        keys.clear(provider);
        reply.json(200, { message: 'key removed', provider });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/config/reload',
      readBody: true,
      handler: async ({ reply }) => {
        const loaded = await keys.reloadSecrets();
        reply.json(200, { message: 'keys reloaded', loaded, configured_providers: keys.configured() });
      },
    },
  ];
}
