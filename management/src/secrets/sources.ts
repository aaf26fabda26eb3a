/**
 * Where each provider key comes from, for `GET /v1/secrets` (pure). The gateway takes a
 * provider's key from, in order of precedence: runtime keys (the secrets file and
 * `POST /v1/config/keys`), then its environment (`<PROVIDER>_API_KEY` and a few aliases).
 * Values are only ever shown masked.
 */
import { maskKey } from './mask.js';
import type { Secrets } from './file.js';

export type KeySourceName = 'secrets_file' | 'env' | 'runtime';

export interface KeySource {
  readonly provider: string;
  readonly source: KeySourceName;
  readonly env_var?: string;
  /** `sk-...abcd`; null for a runtime key the management server cannot see. */
  readonly masked_key: string | null;
  /** The key the gateway uses for this provider (the highest-precedence source it has). */
  readonly in_use: boolean;
}

export interface EnvKey {
  readonly provider: string;
  readonly envVar: string;
  readonly key: string;
}

/** Key variables whose name is not `<PROVIDER>_API_KEY` (the gateway catalog's aliases). */
const ALIASES: Readonly<Record<string, string>> = Object.freeze({ AZURE_OPENAI_API_KEY: 'azure', GOOGLE_API_KEY: 'gemini', AWS_BEARER_TOKEN_BEDROCK: 'bedrock' });

/** Provider keys in an environment (pure). OPENTRACY_* variables are the server's own. */
export function providerKeyEnv(env: Readonly<Record<string, string | undefined>>): EnvKey[] {
  const out: EnvKey[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.trim() === '' || name.startsWith('OPENTRACY_')) continue;
    const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
    const m = alias ? null : /^([A-Z][A-Z0-9_]*)_API_KEY$/.exec(name);
    const provider = alias ?? m?.[1]!.toLowerCase();
    if (provider) out.push({ provider, envVar: name, key: value.trim() });
  }
  // Per provider, `<PROVIDER>_API_KEY` first: the catalog lists it before its aliases.
  const rank = (e: EnvKey): string => `${e.provider}\u0000${Object.hasOwn(ALIASES, e.envVar) ? 1 : 0}${e.envVar}`;
  return out.sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
}

/**
 * Every key and its source. `gatewayConfigured` is the gateway's own list (null when it
 * cannot be asked): with it, environment variables the gateway does not use are left out
 * and keys only the gateway holds are listed as `runtime`.
 */
export function keySources(file: Secrets, env: readonly EnvKey[], gatewayConfigured: readonly string[] | null): KeySource[] {
  const gw = gatewayConfigured ? new Set(gatewayConfigured) : null;
  const usable = (p: string): boolean => gw === null || gw.has(p);
  const out: KeySource[] = [];
  const seen = new Set<string>();
  for (const [provider, key] of Object.entries(file).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push({ provider, source: 'secrets_file', masked_key: maskKey(key), in_use: usable(provider) });
    seen.add(provider);
  }
  const envSeen = new Set<string>();
  for (const e of env) {
    if (gw !== null && !gw.has(e.provider)) continue;
    // The first variable of a provider is the one the gateway reads; a file key overrides it.
    const first = !envSeen.has(e.provider);
    envSeen.add(e.provider);
    out.push({ provider: e.provider, source: 'env', env_var: e.envVar, masked_key: maskKey(e.key), in_use: first && !seen.has(e.provider) && usable(e.provider) });
  }
  for (const p of envSeen) seen.add(p);
  for (const p of [...(gw ?? [])].sort()) if (!seen.has(p)) out.push({ provider: p, source: 'runtime', masked_key: null, in_use: true });
  return out.sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
}
