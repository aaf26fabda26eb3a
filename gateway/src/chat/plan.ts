/**
 * Which upstreams to try, in order, for one request. Pure: the provider map, aliases
 * and (for `auto`) the router's ranking are passed in.
 *
 * Order: the model's own targets (an alias may list several: load balanced by
 * rotating the start), then alias fallbacks, then the request's `fallbacks`. Targets
 * whose provider has no key are skipped; if none is left the request fails with
 * `provider_not_configured`, naming the variable to set.
 */
import type { AliasConfig } from '../config.js';
import { own } from '../dict.js';
import { GatewayError } from '../errors.js';
import { isCallable, resolveModel } from '../providers/registry.js';
import type { ProviderConfig, Target } from '../providers/types.js';

export interface Candidate {
  target: Target;
  /** `provider/model`, as reported in headers and traces. */
  label: string;
}

export interface PlanContext {
  providers: ReadonlyMap<string, ProviderConfig>;
  aliases: Readonly<Record<string, AliasConfig>>;
  /** Round-robin counter for aliases with several targets. */
  turn: number;
}

const labelOf = (t: Target): string => `${t.provider.id}/${t.model}`;

/** A provider for an alias that names its own OpenAI-compatible endpoint. */
function endpointProvider(alias: string, ep: NonNullable<AliasConfig['endpoint']>): ProviderConfig {
  return {
    id: `alias:${alias}`,
    family: 'openai',
    baseUrl: ep.baseUrl.replace(/\/+$/, ''),
    keyEnv: [],
    baseUrlEnv: '',
    auth: ep.apiKey ? 'bearer' : 'none',
    needsKey: false,
    apiKey: ep.apiKey ?? '',
  };
}

/** Expands a model string (alias or not) into targets; aliases expand one level deep. */
function expand(model: string, ctx: PlanContext, depth = 0): { targets: Target[]; fallbacks: string[] } {
  const alias = own(ctx.aliases, model);
  if (alias && depth === 0) {
    if (alias.endpoint) return { targets: [{ provider: endpointProvider(model, alias.endpoint), model: alias.endpoint.model }], fallbacks: alias.fallbacks };
    const n = alias.targets.length;
    const rotated = n > 1 ? alias.targets.map((_, i) => alias.targets[(i + ctx.turn) % n]!) : alias.targets;
    return { targets: rotated.flatMap((t) => expand(t, ctx, depth + 1).targets), fallbacks: alias.fallbacks };
  }
  return { targets: [resolveModel(model, ctx.providers)], fallbacks: [] };
}

function callableOnly(targets: Target[], what: string): Candidate[] {
  const ok = targets.filter((t) => isCallable(t.provider));
  if (ok.length === 0 && targets.length > 0) {
    const p = targets[0]!.provider;
    const missing = p.baseUrl === ''
      ? `no base URL configured for ${what}; set ${p.baseUrlEnv}${p.endpointEnv ? ` or ${p.endpointEnv.name}` : ''}`
      : `no API key configured for ${what}; set ${p.keyEnv[0] ?? 'its key'}${p.sigV4Service ? ' (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)' : ''} or POST /v1/config/keys`;
    throw new GatewayError('policy_provider_not_configured', `provider '${p.id}' has ${missing}`, { param: 'model' });
  }
  const seen = new Set<string>();
  return ok.map((t) => ({ target: t, label: labelOf(t) })).filter((c) => !seen.has(c.label) && seen.add(c.label));
}

/** Candidates for an explicit model (or alias) plus fallbacks. */
export function planExplicit(model: string, requestFallbacks: readonly string[], ctx: PlanContext): Candidate[] {
  const main = expand(model, ctx);
  const fallbackTargets: Target[] = [];
  for (const f of [...main.fallbacks, ...requestFallbacks]) {
    try {
      fallbackTargets.push(...expand(f, ctx).targets);
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'caller_model_not_found') {
        throw new GatewayError('caller_model_not_found', `fallback model '${f}' not found`, { param: 'fallbacks' });
      }
      throw err;
    }
  }
  return callableOnly([...main.targets, ...fallbackTargets], `model '${model}'`);
}

/** Target for a routing profile id: the configured mapping, else the id as a model name. */
export function profileTarget(profileId: string, profileTargets: Readonly<Record<string, string>>, ctx: PlanContext): Target | null {
  try {
    return expand(own(profileTargets, profileId) ?? profileId, ctx).targets[0] ?? null;
  } catch {
    return null;
  }
}

/** Profile ids whose provider can be called now: the only ones `auto` may choose. */
export function callableProfiles(profileIds: readonly string[], profileTargets: Readonly<Record<string, string>>, ctx: PlanContext): string[] {
  return profileIds.filter((id) => {
    const t = profileTarget(id, profileTargets, ctx);
    return t !== null && isCallable(t.provider);
  });
}

/** Candidates for `auto`: the chosen profile, then the next-best scores. */
export function planRouted(
  ranked: readonly string[],
  profileTargets: Readonly<Record<string, string>>,
  requestFallbacks: readonly string[],
  ctx: PlanContext,
): Candidate[] {
  const targets = ranked.map((id) => profileTarget(id, profileTargets, ctx)).filter((t): t is Target => t !== null);
  const extra = requestFallbacks.flatMap((f) => expand(f, ctx).targets);
  return callableOnly([...targets, ...extra], 'the routed model');
}
