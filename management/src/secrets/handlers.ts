/**
 * /v1/secrets: provider keys in the secrets file (the one file the gateway reads too),
 * pushed to the gateway (best effort, 2 s). The listing shows every key the gateway has,
 * with its source (secrets file, environment, runtime), masked: never a key value.
 */
import { parseJsonObject } from '../body-json.js';
import { badRequest, notFound } from '../errors.js';
import type { GatewayClient } from '../gateway-client.js';
import { json, type Route } from '../server/types.js';
import type { SecretsFile } from './file.js';
import { keySources, providerKeyEnv } from './sources.js';

const PROVIDER_RE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** A key becomes a header value: printable ASCII, no spaces or control characters. */
const KEY_RE = /^[\x21-\x7e]{1,8192}$/;

function providerOf(raw: string | undefined): string {
  const p = (raw ?? '').trim().toLowerCase();
  if (!PROVIDER_RE.test(p)) throw badRequest('provider must be a short lower-case name (letters, digits, "_", "-", ".")', 'provider');
  return p;
}

/** Result of the push to the gateway, reported without failing the request. */
async function push(gateway: GatewayClient, method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ pushed: boolean; gateway_status?: number; gateway_error?: string }> {
  try {
    const r = await gateway.call(method, path, body, 2000);
    return { pushed: r.status >= 200 && r.status < 300, gateway_status: r.status };
  } catch (err) {
    return { pushed: false, gateway_error: err instanceof Error ? err.message : String(err) };
  }
}

/** The gateway's configured providers, or null when it cannot be asked. */
async function gatewayProviders(gateway: GatewayClient): Promise<string[] | null> {
  try {
    const r = await gateway.call('GET', '/v1/config/keys', undefined, 2000);
    const list = (r.body as { configured_providers?: unknown } | null)?.configured_providers;
    return r.status === 200 && Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : null;
  } catch {
    return null;
  }
}

export function secretRoutes(file: SecretsFile, gateway: GatewayClient, providerEnv: Readonly<Record<string, string>> = {}): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/secrets',
      handler: async () => {
        const [stored, gw] = await Promise.all([file.list(), gatewayProviders(gateway)]);
        const keys = keySources(stored, providerKeyEnv(providerEnv), gw);
        return json({ configured_providers: [...new Set(keys.map((k) => k.provider))].sort(), keys, total: keys.length, gateway_reachable: gw !== null });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/secrets/:provider',
      handler: async (req) => {
        const provider = providerOf(req.params.provider);
        const b = parseJsonObject(req.body);
        const key = typeof b.api_key === 'string' ? b.api_key.trim() : '';
        if (key === '') throw badRequest('api_key is required', 'api_key');
        // Regression (issue 14): "x\r\ny" was stored and then broke every request to the provider.
        if (!KEY_RE.test(key)) throw badRequest('api_key must be printable ASCII (at most 8192 characters) without spaces or control characters', 'api_key');
        await file.update((s) => {
          s[provider] = key;
        });
        const p = await push(gateway, 'POST', '/v1/config/keys', { provider, api_key: key });
        return json({ message: `Key saved for ${provider}`, provider, ...p });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/secrets/:provider',
      handler: async (req) => {
        const provider = providerOf(req.params.provider);
        const existed = await file.update((s) => {
          const had = Object.hasOwn(s, provider);
          delete s[provider];
          return had;
        });
        if (!existed) throw notFound(`no key stored for ${provider}`, 'provider');
        const p = await push(gateway, 'DELETE', `/v1/config/keys/${encodeURIComponent(provider)}`);
        return json({ message: `Key removed for ${provider}`, provider, ...p });
      },
    },
  ];
}

/** At start-up every stored key is pushed to the gateway (best effort, not awaited by the caller). */
export async function pushAllSecrets(file: SecretsFile, gateway: GatewayClient): Promise<number> {
  const s = await file.list().catch(() => ({}) as Record<string, string>);
  let ok = 0;
  for (const [provider, api_key] of Object.entries(s)) {
    // A key written by hand with control characters would break every request to its provider.
    if (!PROVIDER_RE.test(provider) || !KEY_RE.test(api_key)) continue;
    if ((await push(gateway, 'POST', '/v1/config/keys', { provider, api_key })).pushed) ok++;
  }
  return ok;
}
