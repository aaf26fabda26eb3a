/**
 * The quality-cost knob, pure. OpenTracy's `cost_weight` is a raw λ in
 *   score_m = expected_error_m + λ · cost_per_1k_tokens_m
 * whose useful range depends on the package's prices (λ = 1 moves almost nothing when models cost
 * cents per 1k tokens). `quality_cost_tradeoff` t ∈ [0, 1] is mapped onto the λ values at which this
 * package's choices actually change:
 *
 * - For one set of expected errors (a prompt, or a cluster's psi column) the choice as λ grows walks
 *   the lower convex hull of the (cost, error) points from the most accurate model to the cheapest;
 *   it changes at the hull's breakpoints λ_j = Δerror / Δcost (`qualityCostCurve`).
 * - The package's scale pools those breakpoints over every cluster's psi column and sorts them.
 *   t ∈ (0, 1) is placed on them by rank (log-linear between neighbours), so t = 0.5 is the λ by
 *   which half of the package's per-cluster switches to a cheaper model have happened: equal steps of
 *   t cross equal numbers of switches, wherever the prices sit.
 * - t = 0 is λ = 0 (lowest expected error). t = 1 is λ_max = max(last breakpoint, 1 / smallest price
 *   step above the cheapest model) · 1.01: no error difference (at most 1) can outweigh it, so the
 *   cheapest candidate wins for every prompt. Below the first breakpoint λ rises linearly from 0.
 * - A package whose models all cost the same has no breakpoints: every t resolves to λ = 0.
 */
import type { ModelProfile } from './types.js';

export interface CurveSegment {
  /** The segment holds for λ in [lambda_min, lambda_max); lambda_max null = unbounded. */
  lambda_min: number;
  lambda_max: number | null;
  model: string;
  expected_error: number;
  cost_per_1k_tokens: number;
}

/**
 * The choice as a function of λ for expected errors `gamma` (parallel to `ids` and `costs`):
 * segments in increasing λ, each with the model the UniRoute rule picks (ties: lower cost, then
 * lower id, as scoreModels). Models absent from `candidates` (when given) are skipped.
 */
export function qualityCostCurve(ids: readonly string[], gamma: ArrayLike<number>, costs: ArrayLike<number>, candidates?: readonly number[]): CurveSegment[] {
  const idx = (candidates ?? ids.map((_, i) => i)).filter((i) => Number.isFinite(gamma[i]!) && Number.isFinite(costs[i]!));
  if (idx.length === 0) return [];
  // λ = 0 winner: lowest error, then lowest cost, then lowest id.
  const better = (a: number, b: number, lambda: number): boolean => {
    const sa = gamma[a]! + lambda * costs[a]!;
    const sb = gamma[b]! + lambda * costs[b]!;
    if (sa !== sb) return sa < sb;
    if (costs[a] !== costs[b]) return costs[a]! < costs[b]!;
    return ids[a]! < ids[b]!;
  };
  let cur = idx.reduce((best, i) => (better(i, best, 0) ? i : best));
  let lambda = 0;
  const out: CurveSegment[] = [];
  for (;;) {
    // Next switch: the cheaper model reached at the smallest λ > current (ties: the cheapest of them).
    let next = -1;
    let at = Infinity;
    for (const j of idx) {
      if (costs[j]! >= costs[cur]!) continue;
      const l = Math.max(lambda, (gamma[j]! - gamma[cur]!) / (costs[cur]! - costs[j]!));
      if (l < at || (l === at && next >= 0 && (costs[j]! < costs[next]! || (costs[j] === costs[next] && (gamma[j]! < gamma[next]! || (gamma[j] === gamma[next] && ids[j]! < ids[next]!)))))) {
        at = l;
        next = j;
      }
    }
    out.push({ lambda_min: lambda, lambda_max: next < 0 ? null : at, model: ids[cur]!, expected_error: gamma[cur]!, cost_per_1k_tokens: costs[cur]! });
    if (next < 0) break;
    cur = next;
    lambda = at;
  }
  // Drop zero-width segments (two switches at the same λ).
  return out.filter((s) => s.lambda_max === null || s.lambda_max > s.lambda_min);
}

export interface TradeoffScale {
  /** Pooled per-cluster breakpoints, ascending, all > 0. */
  breakpoints: Float64Array;
  /** λ of t = 1 (0 when all costs are equal). */
  lambdaMax: number;
}

/** The package's λ scale from its profiles (psi columns and costs). */
export function tradeoffScale(profiles: readonly ModelProfile[]): TradeoffScale {
  const ids = profiles.map((p) => p.model_id);
  const costs = Float64Array.from(profiles, (p) => p.cost_per_1k_tokens);
  const k = profiles.reduce((m, p) => Math.max(m, p.psi.length), 0);
  const bps: number[] = [];
  const gamma = new Float64Array(profiles.length);
  for (let c = 0; c < k; c++) {
    profiles.forEach((p, m) => (gamma[m] = p.psi[c] ?? NaN));
    for (const s of qualityCostCurve(ids, gamma, costs)) if (s.lambda_min > 0) bps.push(s.lambda_min);
  }
  const sorted = Float64Array.from(bps).sort();
  const finite = [...costs].filter(Number.isFinite);
  const cheapest = Math.min(...finite);
  const gaps = finite.map((c) => c - cheapest).filter((g) => g > 0);
  if (gaps.length === 0) return { breakpoints: new Float64Array(0), lambdaMax: 0 };
  const guarantee = 1 / Math.min(...gaps);
  const lambdaMax = Math.max(guarantee, sorted.length ? sorted[sorted.length - 1]! : 0) * 1.01;
  return { breakpoints: sorted, lambdaMax };
}

/**
 * λ for t ∈ [0, 1]: anchors (0, 0), (r/(n+1), b_r) for the n sorted breakpoints b_1..b_n, (1, λ_max);
 * linear from 0 to the first anchor, log-linear between positive anchors. Monotone and continuous.
 */
export function tradeoffToLambda(scale: TradeoffScale, t: number): number {
  if (!(t >= 0 && t <= 1)) throw new RangeError('quality_cost_tradeoff must be in [0, 1]');
  if (scale.lambdaMax === 0 || t === 0) return 0;
  if (t === 1) return scale.lambdaMax;
  const n = scale.breakpoints.length;
  const ts = [0, ...Array.from({ length: n }, (_, r) => (r + 1) / (n + 1)), 1];
  const ls = [0, ...scale.breakpoints, scale.lambdaMax];
  let j = 1;
  while (ts[j]! < t) j++;
  const t0 = ts[j - 1]!;
  const t1 = ts[j]!;
  const l0 = ls[j - 1]!;
  const l1 = ls[j]!;
  const u = (t - t0) / (t1 - t0);
  if (l0 <= 0) return u * l1;
  return Math.exp(Math.log(l0) + u * (Math.log(l1) - Math.log(l0)));
}
