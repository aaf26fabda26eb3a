/**
 * Pure validation of `POST /v1/models/register` bodies into an AliasConfig. Names are
 * 1-128 characters of [A-Za-z0-9._:/-], not `auto`, and not a name that already
 * resolves to a provider model on its own (no silent shadowing). Targets must resolve
 * to a known provider model; aliases expand one level deep, so a target may not be
 * another alias.
 */
import type { AliasConfig } from '../config.js';
import { GatewayError } from '../errors.js';
import { resolveModel } from '../providers/registry.js';
import type { ProviderConfig } from '../providers/types.js';

export interface Registration {
  name: string;
  alias: AliasConfig;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const bad = (message: string, param: string): GatewayError => new GatewayError('caller_invalid_request', message, { param });

function stringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.trim() !== '')) throw bad(`'${field}' must be an array of non-empty strings`, field);
  if (v.length > 16) throw bad(`'${field}' may list at most 16 models`, field);
  return v.map((s: string) => s.trim());
}

function checkResolvable(model: string, field: string, providers: ReadonlyMap<string, ProviderConfig>, aliases: Readonly<Record<string, AliasConfig>>, self: string): void {
  if (model === self) throw bad(`'${field}' may not name the alias itself`, field);
  if (aliases[model]) throw bad(`'${field}': '${model}' is an alias; aliases expand one level, so name provider models`, field);
  try {
    resolveModel(model, providers);
  } catch {
    throw new GatewayError('caller_model_not_found', `'${field}': model '${model}' does not resolve to a provider; use 'provider/model'`, { param: field });
  }
}

function parseEndpoint(v: unknown): NonNullable<AliasConfig['endpoint']> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad("'endpoint' must be an object {base_url, model, api_key?}", 'endpoint');
  const e = v as Record<string, unknown>;
  const baseUrl = e.base_url ?? e.baseUrl;
  if (typeof baseUrl !== 'string') throw bad("'endpoint.base_url' is required", 'endpoint.base_url');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw bad("'endpoint.base_url' must be an absolute http(s) URL", 'endpoint.base_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad("'endpoint.base_url' must be an http(s) URL", 'endpoint.base_url');
  if (typeof e.model !== 'string' || e.model.trim() === '') throw bad("'endpoint.model' is required", 'endpoint.model');
  const key = e.api_key ?? e.apiKey;
  if (key !== undefined && key !== null && typeof key !== 'string') throw bad("'endpoint.api_key' must be a string", 'endpoint.api_key');
  return { baseUrl: baseUrl.replace(/\/+$/, ''), model: e.model.trim(), ...(typeof key === 'string' && key !== '' ? { apiKey: key } : {}) };
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

export function parseRegistration(body: Record<string, unknown>, providers: ReadonlyMap<string, ProviderConfig>, aliases: Readonly<Record<string, AliasConfig>>): Registration {
  const name = checkAliasName(body.alias ?? body.model_id, providers);
  const hasTarget = body.target !== undefined && body.target !== null;
  const hasTargets = body.targets !== undefined && body.targets !== null;
  const hasEndpoint = body.endpoint !== undefined && body.endpoint !== null;
  if ([hasTarget, hasTargets, hasEndpoint].filter(Boolean).length !== 1) {
    throw bad("give exactly one of 'target', 'targets' or 'endpoint'", 'target');
  }
  const fallbacks = stringList(body.fallbacks, 'fallbacks');
  for (const f of fallbacks) checkResolvable(f, 'fallbacks', providers, aliases, name);
  if (hasEndpoint) return { name, alias: { targets: [], fallbacks, endpoint: parseEndpoint(body.endpoint) } };
  let targets: string[];
  if (hasTarget) {
    if (typeof body.target !== 'string' || body.target.trim() === '') throw bad("'target' must be a non-empty string", 'target');
    targets = [body.target.trim()];
  } else {
    targets = stringList(body.targets, 'targets');
    if (targets.length === 0) throw bad("'targets' must list at least one model", 'targets');
  }
  for (const t of targets) checkResolvable(t, hasTarget ? 'target' : 'targets', providers, aliases, name);
  return { name, alias: { targets, fallbacks } };
}
