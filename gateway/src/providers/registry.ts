/**
 * Provider configs from the catalog + env (pure: env is passed in), and model-string
 * resolution (reference 2.2): `provider/model`, then a prefix table, else not found.
 */
import { own } from '../dict.js';
import { GatewayError } from '../errors.js';
import { normaliseBaseUrl } from './base-url.js';
import { CATALOG } from '../../../core/providers/catalog.js';
import { awsRegionOfUrl, type AwsCredentials } from './shared/sigv4.js';
import type { ProviderConfig, ProviderRow, Target } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Runtime overrides per provider id (secrets file, `/v1/config/keys`, config file). */
export type ProviderOverrides = Readonly<Record<string, { apiKey?: string; baseUrl?: string }>>;

/** Bare-model prefixes, matched against the lower-cased model string; longest match wins. */
export const PREFIX_TABLE: readonly (readonly [prefix: string, provider: string])[] = Object.freeze([
  ['gpt-4', 'openai'],
  ['gpt-3.5', 'openai'],
  ['gpt-5', 'openai'],
  ['o1', 'openai'],
  ['o3', 'openai'],
  ['o4', 'openai'],
  ['chatgpt', 'openai'],
  ['claude', 'anthropic'],
  ['llama', 'groq'],
  ['mixtral', 'groq'],
  ['gemma', 'groq'],
  ['mistral', 'mistral'],
  ['ministral', 'mistral'],
  ['codestral', 'mistral'],
  ['pixtral', 'mistral'],
  ['deepseek', 'deepseek'],
  ['gemini', 'gemini'],
  ['command', 'cohere'],
  ['c4ai', 'cohere'],
  ['grok', 'xai'],
]);

function firstNonEmpty(env: Env, names: readonly string[]): string {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return '';
}

/** Catalog rows + env (+ overrides) into frozen ProviderConfigs, keyed by id. */
export function buildProviders(
  env: Env,
  overrides: ProviderOverrides = {},
  rows: readonly ProviderRow[] = CATALOG,
): ReadonlyMap<string, ProviderConfig> {
  const out = new Map<string, ProviderConfig>();
  for (const r of rows) {
    const o = own(overrides, r.id) ?? {};
    const endpoint = r.endpointEnv ? firstNonEmpty(env, [r.endpointEnv.name]) : '';
    const fromEndpoint = endpoint && r.endpointEnv ? endpoint.replace(/\/+$/, '') + r.endpointEnv.path : '';
    const explicit = o.baseUrl || firstNonEmpty(env, [r.baseUrlEnv]) || fromEndpoint;
    // A configured regional endpoint (another region, FIPS, China) names the region to sign for.
    const region = r.regionEnv ? awsRegionOfUrl(explicit) ?? (firstNonEmpty(env, r.regionEnv.names) || r.regionEnv.fallback) : '';
    const baseUrl = explicit || r.baseUrl.replace('{region}', region);
    const apiKey = o.apiKey ?? firstNonEmpty(env, r.keyEnv);
    const aws = r.sigV4Service ? awsCredentials(env) : undefined;
    out.set(r.id, Object.freeze({
      ...r,
      baseUrl: normaliseBaseUrl(baseUrl, r.family, r.baseUrl),
      apiKey,
      ...(r.regionEnv ? { region } : {}),
      ...(aws ? { awsCredentials: Object.freeze(aws) } : {}),
    }));
  }
  return out;
}

function awsCredentials(env: Env): AwsCredentials | undefined {
  const accessKeyId = firstNonEmpty(env, ['AWS_ACCESS_KEY_ID']);
  const secretAccessKey = firstNonEmpty(env, ['AWS_SECRET_ACCESS_KEY']);
  if (accessKeyId === '' || secretAccessKey === '') return undefined;
  const sessionToken = firstNonEmpty(env, ['AWS_SESSION_TOKEN']);
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** A provider can be called when it has a base URL and a key or IAM credentials (or needs neither). */
export function isCallable(provider: ProviderConfig): boolean {
  return provider.baseUrl !== '' && (!provider.needsKey || provider.apiKey !== '' || provider.awsCredentials !== undefined);
}

function notFound(model: string): GatewayError {
  return new GatewayError('caller_model_not_found', `no provider found for model "${model}"`, { param: 'model' });
}

/** The provider id a bare model name maps to by the prefix table, if any. */
export function providerForPrefix(model: string): string | undefined {
  const m = model.toLowerCase();
  let best: readonly [string, string] | undefined;
  for (const entry of PREFIX_TABLE) {
    if (m.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}

/**
 * Resolves a model string to a Target. Aliases are applied first (one level).
 * `provider/model` needs a known provider as first segment; the rest may hold more '/'.
 */
export function resolveModel(
  model: string,
  providers: ReadonlyMap<string, ProviderConfig>,
  aliases?: ReadonlyMap<string, string>,
): Target {
  const name = aliases?.get(model) ?? model;
  const slash = name.indexOf('/');
  if (slash > 0) {
    const provider = providers.get(name.slice(0, slash));
    const rest = name.slice(slash + 1);
    if (provider && rest !== '') return { provider, model: rest };
  }
  const id = providerForPrefix(name);
  const provider = id === undefined ? undefined : providers.get(id);
  if (!provider) throw notFound(model);
  return { provider, model: name };
}
