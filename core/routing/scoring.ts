/**
 * The UniRoute rule (reference 4.1 steps 4-7), pure.
 *
 *   gamma_m = sum_i phi_i * psi_{m,i}            expected error of model m for this prompt
 *   score_m = gamma_m + lambda * cost_m          cost_m = profile cost_per_1k_tokens
 *   winner  = argmin_m score_m                   ties: lower cost_m, then lower model id (code-unit order)
 *
 * Candidates are the profiles whose ids are in `allowedModels` (unknown ids ignored; undefined = all).
 * An empty candidate set is an error. The original breaks ties by Go map order, i.e. at random.
 */
import type { ModelProfile } from './types.js';

export class NoCandidatesError extends Error {
  override readonly name = 'NoCandidatesError';
  constructor() {
    super('no models available for routing');
  }
}

/** gamma_m = phi . psi_m for every profile, in profile order. */
export function expectedErrors(profiles: readonly ModelProfile[], phi: ArrayLike<number>): Float64Array {
  const out = new Float64Array(profiles.length);
  profiles.forEach((p, m) => {
    let s = 0;
    const n = Math.min(phi.length, p.psi.length);
    for (let i = 0; i < n; i++) {
      const w = phi[i]!;
      if (w !== 0) s += w * p.psi[i]!;
    }
    out[m] = s;
  });
  return out;
}

/** Indexes of the candidate profiles, in profile order. */
export function candidateIndexes(profiles: readonly ModelProfile[], allowedModels?: readonly string[]): number[] {
  if (allowedModels === undefined) return profiles.map((_, i) => i);
  const allowed = new Set(allowedModels);
  const out: number[] = [];
  profiles.forEach((p, i) => {
    if (allowed.has(p.model_id)) out.push(i);
  });
  return out;
}

export interface ScoreInput {
  profiles: readonly ModelProfile[];
  /** gamma per profile (profile order), from expectedErrors or the knn estimate. */
  gamma: ArrayLike<number>;
  costWeight: number;
  allowedModels?: readonly string[];
  clusterId: number;
  /** Confidence shown in the reasoning: phi[clusterId]. */
  confidence: number;
}

export interface ScoreResult {
  selected_model: string;
  expected_error: number;
  cost_adjusted_score: number;
  all_scores: Record<string, number>;
  reasoning: string;
  /** Candidate indexes sorted best first (the fallback order). */
  ranking: number[];
}

/** Go's `%g` for a float64: shortest digits; exponent form (two-digit exponent) when exp < -4 or exp >= 6. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(x);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Go's `%.<d>f`: like toFixed, but exact ties round half to even (toFixed rounds them up). */
export function formatFixed(x: number, d: number): string {
  if (!Number.isFinite(x)) return formatG(x);
  // Fast path: not within reach of a decimal tie at digit d+1, so toFixed already rounds like Go.
  const scaled = Math.abs(x) * 10 ** d;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return x.toFixed(d);
  const full = Math.abs(x).toFixed(Math.min(100, d + 30));
  const dot = full.indexOf('.');
  const tail = full.slice(dot + 1 + d);
  if (/^50*$/.test(tail)) {
    const kept = full.slice(0, d === 0 ? dot : dot + 1 + d);
    const last = Number(kept[kept.length - 1]);
    if (last % 2 === 0) return (x < 0 ? '-' : '') + kept;
  }
  return x.toFixed(d);
}

/** Applies the rule and builds the decision fields, reasoning in the reference 1.5 format. */
export function scoreModels(input: ScoreInput): ScoreResult {
  const { profiles, gamma, costWeight } = input;
  const cands = candidateIndexes(profiles, input.allowedModels);
  if (cands.length === 0) throw new NoCandidatesError();
  const score = new Float64Array(profiles.length);
  for (const m of cands) score[m] = gamma[m]! + costWeight * profiles[m]!.cost_per_1k_tokens;
  const ranking = [...cands].sort((a, b) => {
    if (score[a] !== score[b]) return score[a]! - score[b]!;
    const ca = profiles[a]!.cost_per_1k_tokens;
    const cb = profiles[b]!.cost_per_1k_tokens;
    if (ca !== cb) return ca - cb;
    const ia = profiles[a]!.model_id;
    const ib = profiles[b]!.model_id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const best = ranking[0]!;
  const all: Record<string, number> = {};
  for (const m of cands) all[profiles[m]!.model_id] = score[m]!;
  const lines = [
    `Cluster: ${input.clusterId} (confidence: ${formatFixed(input.confidence * 100, 2)}%)`,
    `Cost weight (λ): ${formatG(costWeight)}`,
    'Model scores:',
    ...ranking.map((m) => {
      const p = profiles[m]!;
      const mark = m === best ? ' <- selected' : '';
      return `  ${p.model_id}: error=${formatFixed(gamma[m]!, 4)} + cost=${formatFixed(costWeight * p.cost_per_1k_tokens, 4)} = ${formatFixed(score[m]!, 4)}${mark}`;
    }),
  ];
  return {
    selected_model: profiles[best]!.model_id,
    expected_error: gamma[best]!,
    cost_adjusted_score: score[best]!,
    all_scores: all,
    reasoning: lines.map((l) => `${l}\n`).join(''),
    ranking,
  };
}
