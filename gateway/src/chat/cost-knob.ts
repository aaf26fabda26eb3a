/**
 * Which λ a routed request uses. Pure but for the router's scale lookup.
 *
 * Precedence: the body's `cost_weight` (raw λ), else the body's `quality_cost_tradeoff`, else the
 * `X-OpenTracy-Quality-Cost-Tradeoff` header, else the configured tradeoff
 * (OPENTRACY_QUALITY_COST_TRADEOFF), else the configured λ (OPENTRACY_COST_WEIGHT). A tradeoff
 * t ∈ [0, 1] is mapped onto the loaded package's cost scale (core/routing/tradeoff.ts). Giving both
 * body fields is refused: they say different things.
 */
import { GatewayError } from '../errors.js';

export const TRADEOFF_HEADER = 'x-opentracy-quality-cost-tradeoff';
export const COST_WEIGHT_HEADER = 'x-opentracy-cost-weight';

export interface CostKnobInput {
  costWeight?: unknown;
  tradeoff?: unknown;
  header?: string | string[] | undefined;
}

export interface CostKnobDefaults {
  costWeight: number;
  qualityCostTradeoff: number | null;
}

const bad = (param: string, what: string): never => {
  throw new GatewayError('caller_invalid_request', `'${param}' must be ${what}`, { param });
};

export const isTradeoff = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;
export const isCostWeight = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Validates the request's knobs (400 naming the field); returns the tradeoff to map, or the λ. */
export function requestedKnob(input: CostKnobInput): { costWeight: number } | { tradeoff: number } | null {
  if (input.costWeight !== undefined && !isCostWeight(input.costWeight)) bad('cost_weight', 'a non-negative number');
  if (input.tradeoff !== undefined && !isTradeoff(input.tradeoff)) bad('quality_cost_tradeoff', 'a number in [0, 1] (0 best quality, 1 cheapest)');
  if (input.costWeight !== undefined && input.tradeoff !== undefined) {
    throw new GatewayError('caller_invalid_request', "give either 'cost_weight' (raw λ) or 'quality_cost_tradeoff', not both", { param: 'quality_cost_tradeoff' });
  }
  if (input.costWeight !== undefined) return { costWeight: input.costWeight as number };
  if (input.tradeoff !== undefined) return { tradeoff: input.tradeoff as number };
  if (input.header !== undefined) {
    const h = Array.isArray(input.header) ? input.header[0] : input.header;
    const t = h !== undefined && /^\s*[0-9.eE+-]+\s*$/.test(h) ? Number(h) : NaN;
    if (!isTradeoff(t)) bad('X-OpenTracy-Quality-Cost-Tradeoff', 'a number in [0, 1] (0 best quality, 1 cheapest)');
    return { tradeoff: t };
  }
  return null;
}

/** The λ to route with. `scale` maps a tradeoff onto the loaded package (the router's costWeightFor). */
export function resolveCostWeight(input: CostKnobInput, defaults: CostKnobDefaults, scale: (t: number) => number): number {
  const k = requestedKnob(input);
  if (k && 'costWeight' in k) return k.costWeight;
  if (k) return scale(k.tradeoff);
  if (defaults.qualityCostTradeoff !== null) return scale(defaults.qualityCostTradeoff);
  return defaults.costWeight;
}

/** The header value of the resolved λ: shortest round-trip form. */
export const costWeightHeader = (lambda: number): string => String(lambda);
