/**
 * Offline evaluation of a router on a labelled split, pure (the caller embeds). The router is run
 * through the same decide() the workers use. Baselines:
 *   - single models (each one always), the best single model and the cheapest;
 *   - random routing (uniform over models; its expected value, exact);
 *   - oracle (per prompt the best score, cheapest on ties; its curve sweeps score - mu * cost);
 *   - the no-router hull (mixes of single models: their upper convex hull);
 *   - source-aware: told each prompt's `source`, picks argmin (1 - train accuracy on that source) + lambda * cost.
 * Cost axis: the mean recorded per-prompt cost of the chosen models when the dataset has `costs`
 * (else 0 for every model, and only the lambda = 0 quality is meaningful).
 */
import { decide, type SearchHints } from '../decide.js';
import type { RouterWeights } from '../types.js';
import { buildIndex, DEFAULT_EXACT_BELOW } from '../vector-index.js';
import { apgr, hullValue, normalizedAuc, upperHull, type Point } from './curve.js';

export interface EvalSplit {
  n: number;
  /** Model columns. */
  modelIds: readonly string[];
  /** n x M scores (NaN counts as 0). */
  scores: Float64Array;
  /** n x M recorded USD costs, or null. */
  costs: Float64Array | null;
  sources: readonly string[];
}

export interface CurvePoint extends Point {
  lambda: number;
}

function at(m: Float64Array, i: number, j: number, M: number): number {
  const v = m[i * M + j]!;
  return Number.isNaN(v) ? 0 : v;
}

/** Mean quality and cost of one choice of model column per prompt. */
export function measure(split: EvalSplit, sel: Int32Array): Point {
  const M = split.modelIds.length;
  let q = 0;
  let c = 0;
  for (let i = 0; i < split.n; i++) {
    q += at(split.scores, i, sel[i]!, M);
    if (split.costs) c += at(split.costs, i, sel[i]!, M);
  }
  return { quality: q / split.n, cost: c / split.n };
}

export function singleModels(split: EvalSplit): Array<Point & { model: string }> {
  return split.modelIds.map((model, j) => ({ model, ...measure(split, new Int32Array(split.n).fill(j)) }));
}

export function randomRouting(split: EvalSplit): Point {
  const singles = singleModels(split);
  return { quality: singles.reduce((s, p) => s + p.quality, 0) / singles.length, cost: singles.reduce((s, p) => s + p.cost, 0) / singles.length };
}

/** Per prompt argmax of score - mu * cost (ties: lower cost, then lower column), for each mu. */
export function oracleCurve(split: EvalSplit, mus: readonly number[]): CurvePoint[] {
  const M = split.modelIds.length;
  return mus.map((mu) => {
    const sel = new Int32Array(split.n);
    for (let i = 0; i < split.n; i++) {
      let best = 0;
      let bv = -Infinity;
      let bc = Infinity;
      for (let j = 0; j < M; j++) {
        const c = split.costs ? at(split.costs, i, j, M) : 0;
        const v = at(split.scores, i, j, M) - mu * c;
        if (v > bv || (v === bv && c < bc)) {
          best = j;
          bv = v;
          bc = c;
        }
      }
      sel[i] = best;
    }
    return { lambda: mu, ...measure(split, sel) };
  });
}

/** Per-source training accuracy table: source -> accuracy per model column; '' holds the global accuracy. */
export function sourceAccuracy(train: EvalSplit): Map<string, Float64Array> {
  const M = train.modelIds.length;
  const sums = new Map<string, { s: Float64Array; n: number }>();
  for (let i = 0; i < train.n; i++) {
    for (const key of [train.sources[i]!, '']) {
      let e = sums.get(key);
      if (!e) sums.set(key, (e = { s: new Float64Array(M), n: 0 }));
      for (let j = 0; j < M; j++) e.s[j]! += at(train.scores, i, j, M);
      e.n++;
    }
  }
  return new Map([...sums].map(([k, e]) => [k, e.s.map((v) => v / e.n)]));
}

function argminScore(errors: ArrayLike<number>, lambda: number, cost: ArrayLike<number>, ids: readonly string[]): number {
  let best = 0;
  for (let j = 1; j < errors.length; j++) {
    const a = errors[j]! + lambda * cost[j]!;
    const b = errors[best]! + lambda * cost[best]!;
    if (a < b || (a === b && (cost[j]! < cost[best]! || (cost[j] === cost[best] && ids[j]! < ids[best]!)))) best = j;
  }
  return best;
}

export function sourceAwareCurve(acc: Map<string, Float64Array>, split: EvalSplit, profileCost: ArrayLike<number>, lambdas: readonly number[]): CurvePoint[] {
  return lambdas.map((lambda) => {
    const sel = new Int32Array(split.n);
    for (let i = 0; i < split.n; i++) {
      const a = acc.get(split.sources[i]!) ?? acc.get('')!;
      sel[i] = argminScore(a.map((v) => 1 - v), lambda, profileCost, split.modelIds);
    }
    return { lambda, ...measure(split, sel) };
  });
}

/** Search hints per prompt, built once (index choice as in the worker). */
export function searchHints(w: RouterWeights, x: Float32Array, n: number, exactBelow = DEFAULT_EXACT_BELOW): SearchHints[] {
  const centroids = buildIndex(w.centroids, w.k, w.dim, exactBelow);
  const knn = w.knn ? buildIndex(w.knn.embeddings, w.knn.n, w.dim, exactBelow) : null;
  const out: SearchHints[] = [];
  for (let i = 0; i < n; i++) {
    const row = x.subarray(i * w.dim, (i + 1) * w.dim);
    out.push({ nearestCluster: centroids.search(row, 1)[0]!, ...(knn && w.knn ? { neighbors: knn.search(row, w.knn.k) } : {}) });
  }
  return out;
}

/**
 * The router's curve: decide() for every prompt and lambda; selections map to the split's model
 * columns. `soft`: soft cluster assignment at the weights' temperature (the hints' nearest cluster
 * is then not used).
 */
export function routerCurve(w: RouterWeights, x: Float32Array, split: EvalSplit, lambdas: readonly number[], hints: readonly SearchHints[], soft = false): CurvePoint[] {
  const col = new Map(split.modelIds.map((id, j) => [id, j]));
  return lambdas.map((lambda) => {
    const sel = new Int32Array(split.n);
    for (let i = 0; i < split.n; i++) {
      const d = decide(w, x.subarray(i * w.dim, (i + 1) * w.dim), { costWeight: lambda, soft }, hints[i]!);
      sel[i] = col.get(d.selected_model)!;
    }
    return { lambda, ...measure(split, sel) };
  });
}

export interface CurveSummary {
  /** Quality at lambda = 0 (the first point). */
  quality0: number;
  cost0: number;
  auc: number;
  apgr: number;
  /** Hull quality at fixed shares of the best single model's cost. */
  atBudget: Record<string, number>;
}

export interface Frame {
  lo: number;
  hi: number;
  cheap: Point & { model: string };
  best: Point & { model: string };
}

/** The common frame: cost range of the single models; cheapest and best single model. */
export function frame(split: EvalSplit): Frame {
  const singles = singleModels(split);
  const cheap = singles.reduce((a, b) => (b.cost < a.cost || (b.cost === a.cost && b.quality > a.quality) ? b : a));
  const best = singles.reduce((a, b) => (b.quality > a.quality || (b.quality === a.quality && b.cost < a.cost) ? b : a));
  return { lo: Math.min(...singles.map((s) => s.cost)), hi: Math.max(...singles.map((s) => s.cost)), cheap, best };
}

export function summarizeCurve(points: readonly CurvePoint[] | readonly Point[], f: Frame, budgets: readonly number[] = [0.1, 0.25, 0.5]): CurveSummary {
  const hull = upperHull(points);
  const atBudget: Record<string, number> = {};
  for (const b of budgets) {
    const v = hullValue(hull, b * f.best.cost);
    atBudget[String(b)] = v === -Infinity ? NaN : v;
  }
  return {
    quality0: points[0]!.quality,
    cost0: points[0]!.cost,
    auc: normalizedAuc(points, f.lo, f.hi),
    apgr: apgr(points, f.cheap, f.best),
    atBudget,
  };
}

/** Log-spaced lambdas from 0 (cost ignored) up to `max`, `count` values. */
export function lambdaGrid(min: number, max: number, count: number): number[] {
  const out = [0];
  for (let i = 0; i < count - 1; i++) out.push(min * (max / min) ** (i / (count - 2)));
  return out;
}
