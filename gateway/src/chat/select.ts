/**
 * Chooses the upstream candidates for a chat request: pinned session model, `auto`
 * through the router, or an explicit model/alias with fallbacks.
 */
import { GatewayError } from '../errors.js';
import type { ChatBody } from '../providers/types.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import type { Session } from '../sessions/session-store.js';
import { lastUserText } from '../traces/record.js';
import { resolveCostWeight } from './cost-knob.js';
import type { GatewayOptions } from './validate.js';
import type { ChatDeps } from './deps.js';
import { callableProfiles, planExplicit, planRouted, type Candidate, type PlanContext } from './plan.js';

export interface Selection {
  candidates: Candidate[];
  decision: RoutingDecision | null;
  /** Routing came from a pinned session rather than a fresh decision. */
  pinned: boolean;
  /** The λ the decision used (null when not routed). */
  costWeight: number | null;
}

/** Profile ids ordered best first: the decision's winner, then by score, cost-free tie-break by id. */
export function rankProfiles(decision: RoutingDecision): string[] {
  const rest = Object.entries(decision.all_scores)
    .filter(([id]) => id !== decision.selected_model)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
  return [decision.selected_model, ...rest];
}

/** `tradeoffHeader`: the request's X-OpenTracy-Quality-Cost-Tradeoff (cost-knob.ts has the precedence). */
export async function selectCandidates(body: ChatBody, options: GatewayOptions, session: Session | undefined, deps: ChatDeps, tradeoffHeader?: string | string[]): Promise<Selection> {
  const ctx: PlanContext = { providers: deps.providers(), aliases: deps.aliases(), turn: deps.nextTurn() };
  const { fallbacks } = options;
  if (body.model !== 'auto') return { candidates: planExplicit(body.model, fallbacks, ctx), decision: null, pinned: false, costWeight: null };

  if (session?.pinned) {
    return { candidates: planExplicit(session.pinned.target, fallbacks, ctx), decision: null, pinned: true, costWeight: null };
  }
  const router = deps.router;
  if (!router || !router.ready()) {
    throw new GatewayError('policy_routing_unavailable', "semantic routing is not available (no router weights loaded); specify a model name", { param: 'model' });
  }
  const profileTargets = router.profileTargets();
  let allowed = callableProfiles(router.profileIds(), profileTargets, ctx);
  const requested = options.availableModels;
  if (requested) allowed = allowed.filter((id) => requested.includes(id));
  if (allowed.length === 0) {
    throw new GatewayError(
      'policy_provider_not_configured',
      requested
        ? "none of 'available_models' is a routing profile whose provider has an API key"
        : 'no routing profile has a provider with an API key configured; set a provider key or pick a model',
      { param: requested ? 'available_models' : 'model' },
    );
  }
  const costWeight = resolveCostWeight({ costWeight: options.costWeight, tradeoff: options.tradeoff, header: tradeoffHeader }, deps.config.routing, (t) => router.costWeightFor(t));
  const decision = await router.route({ text: lastUserText(body.messages), costWeight, allowedModels: allowed });
  return { candidates: planRouted(rankProfiles(decision), profileTargets, fallbacks, ctx), decision, pinned: false, costWeight };
}
