/**
 * Pure validation of `POST /v1/models/register` bodies into an AliasConfig. Names are
 * 1-128 characters of [A-Za-z0-9._:/-], not `auto`, and not a name that already
 * resolves to a provider model on its own (no silent shadowing). Targets must resolve
 * to a known provider model; aliases expand one level deep, so a target may not be
 * another alias.
 */
import type { AliasConfig } from '../config.js';
import { own } from '../dict.js';
import { GatewayError } from '../errors.js';
import { resolveModel } from '../providers/registry.js';
import type { ProviderConfig } from '../providers/types.js';
import { hasControlChar } from '../server/header-value.js';
import { refuseEndpointUrl, type EndpointRules } from './endpoint-policy.js';

export interface Registration {
  name: string;
  alias: AliasConfig;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const bad = (message: string, param: string): GatewayError => new GatewayError('caller_invalid_request', message, { param });

/** Model strings reach response headers and upstream bodies: no control characters (CR/LF above all). */
const isModelString = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '' && !hasControlChar(s);

function stringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every(isModelString)) throw bad(`'${field}' must be an array of non-empty strings without control characters`, field);
  if (v.length > 16) throw bad(`'${field}' may list at most 16 models`, field);
  return v.map((s: string) => s.trim());
}

function checkResolvable(model: string, field: string, providers: ReadonlyMap<string, ProviderConfig>, aliases: Readonly<Record<string, AliasConfig>>, self: string): void {
  if (model === self) throw bad(`'${field}' may not name the alias itself`, field);
  if (own(aliases, model)) throw bad(`'${field}': '${model}' is an alias; aliases expand one level, so name provider models`, field);
  try {
    resolveModel(model, providers);
  } catch {
    throw new GatewayError('caller_model_not_found', `'${field}': model '${model}' does not resolve to a provider; use 'provider/model'`, { param: field });
  }
}

function parseEndpoint(v: unknown, rules: EndpointRules): NonNullable<AliasConfig['endpoint']> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad("'endpoint' must be an object {base_url, model, api_key?}", 'endpoint');
  const e = v as Record<string, unknown>;
  const baseUrl = e.base_url ?? e.baseUrl;
  if (typeof baseUrl !== 'string') throw bad("'endpoint.base_url' is required", 'endpoint.base_url');
  if (hasControlChar(baseUrl)) throw bad("'endpoint.base_url' may not contain control characters", 'endpoint.base_url');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw bad("'endpoint.base_url' must be an absolute http(s) URL", 'endpoint.base_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad("'endpoint.base_url' must be an http(s) URL", 'endpoint.base_url');
  const refusal = refuseEndpointUrl(url, rules);
  if (refusal) throw bad(`'endpoint.base_url' ${refusal}`, 'endpoint.base_url');
  if (!isModelString(e.model)) throw bad("'endpoint.model' is required (a non-empty string without control characters)", 'endpoint.model');
  const key = e.api_key ?? e.apiKey;
  if (key !== undefined && key !== null && typeof key !== 'string') throw bad("'endpoint.api_key' must be a string", 'endpoint.api_key');
  if (typeof key === 'string' && hasControlChar(key)) throw bad("'endpoint.api_key' may not contain control characters", 'endpoint.api_key');
  // The parsed form: what the checks above saw is what the gateway will call.
  return { baseUrl: url.href.replace(/\/+$/, ''), model: (e.model as string).trim(), ...(typeof key === 'string' && key !== '' ? { apiKey: key } : {}) };
}

/** The alias name from a body or path: trimmed, checked. */
export function checkAliasName(v: unknown, providers: ReadonlyMap<string, ProviderConfig>): string {
  if (typeof v !== 'string' || !NAME_RE.test(v)) throw bad("'alias' must be 1-128 characters of letters, digits and . _ : / -, starting with a letter or digit", 'alias');
  if (v === 'auto') throw bad("'auto' is reserved for routing", 'alias');
  let resolves = false;
  try {
    resolveModel(v, providers);
    resolves = v.includes('/');
  } catch {
    resolves = false;
  }
  if (resolves) throw bad(`'${v}' already names a provider model; choose another alias`, 'alias');
  return v;
}

export function parseRegistration(
  body: Record<string, unknown>,
  providers: ReadonlyMap<string, ProviderConfig>,
  aliases: Readonly<Record<string, AliasConfig>>,
  rules: EndpointRules,
): Registration {
  const name = checkAliasName(body.alias ?? body.model_id, providers);
  const hasTarget = body.target !== undefined && body.target !== null;
  const hasTargets = body.targets !== undefined && body.targets !== null;
  const hasEndpoint = body.endpoint !== undefined && body.endpoint !== null;
  if ([hasTarget, hasTargets, hasEndpoint].filter(Boolean).length !== 1) {
    throw bad("give exactly one of 'target', 'targets' or 'endpoint'", 'target');
  }
  const fallbacks = stringList(body.fallbacks, 'fallbacks');
  for (const f of fallbacks) checkResolvable(f, 'fallbacks', providers, aliases, name);
  if (hasEndpoint) return { name, alias: { targets: [], fallbacks, endpoint: parseEndpoint(body.endpoint, rules) } };
  let targets: string[];
  if (hasTarget) {
    if (!isModelString(body.target)) throw bad("'target' must be a non-empty string without control characters", 'target');
    targets = [body.target.trim()];
  } else {
    targets = stringList(body.targets, 'targets');
    if (targets.length === 0) throw bad("'targets' must list at least one model", 'targets');
  }
  for (const t of targets) checkResolvable(t, hasTarget ? 'target' : 'targets', providers, aliases, name);
  return { name, alias: { targets, fallbacks } };
}

/**
 * Why an alias read back from the aliases file (written by an older gateway, or by hand)
 * would be refused by today's registration, or null. Such entries are skipped at load.
 */
export function refuseStoredAlias(name: string, alias: AliasConfig, rules: EndpointRules): string | null {
  if (!NAME_RE.test(name)) return 'invalid alias name';
  if (![...alias.targets, ...alias.fallbacks].every(isModelString)) return 'a target or fallback has control characters';
  const ep = alias.endpoint;
  if (!ep) return null;
  if (!isModelString(ep.model) || (ep.apiKey !== undefined && hasControlChar(ep.apiKey)) || hasControlChar(ep.baseUrl)) return 'the endpoint has control characters';
  let url: URL;
  try {
    url = new URL(ep.baseUrl);
  } catch {
    return 'the endpoint base_url is not a URL';
  }
  return refuseEndpointUrl(url, rules);
}
