/**
 * Quality-cost curve geometry, pure (RouterBench conventions).
 *
 * - hull: the non-decreasing upper convex hull of (cost, quality) points; any point on it is reachable by
 *   mixing the two operating points at its ends (a router, or single models for the "no-router" hull).
 * - value(c): the hull's quality at cost c (flat after the last point; undefined, i.e. -Infinity, before
 *   the first).
 * - normalised AUC (AIQ): (1 / (c_hi - c_lo)) * integral over [c_lo, c_hi] of value(c), with value(c) = 0
 *   where the method cannot operate (below its cheapest point).
 * - APGR: the mean over c in [c_cheap, c_best] of (value(c) - q_cheap) / (q_best - q_cheap): the share of
 *   the gap between the cheapest and the best single model recovered, averaged over cost budgets.
 */
export interface Point {
  cost: number;
  quality: number;
}

export function upperHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  // keep only points that improve quality as cost grows (non-decreasing frontier)
  const frontier: Point[] = [];
  for (const p of pts) if (frontier.length === 0 || p.quality > frontier[frontier.length - 1]!.quality) frontier.push(p);
  const hull: Point[] = [];
  for (const p of frontier) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      const cross = (b.cost - a.cost) * (p.quality - a.quality) - (b.quality - a.quality) * (p.cost - a.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

export function hullValue(hull: readonly Point[], c: number): number {
  if (hull.length === 0 || c < hull[0]!.cost) return -Infinity;
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    if (c <= b.cost) return b.cost === a.cost ? b.quality : a.quality + ((b.quality - a.quality) * (c - a.cost)) / (b.cost - a.cost);
  }
  return hull[hull.length - 1]!.quality;
}

/** Mean of f over [lo, hi] by the trapezoid rule on `steps` intervals (hull values are piecewise linear). */
function meanOver(f: (c: number) => number, lo: number, hi: number, steps = 2000): number {
  if (hi <= lo) return f(lo);
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 0.5 : 1;
    s += w * f(lo + ((hi - lo) * i) / steps);
  }
  return s / steps;
}

export function normalizedAuc(points: readonly Point[], lo: number, hi: number): number {
  const hull = upperHull(points);
  return meanOver((c) => Math.max(0, hullValue(hull, c)), lo, hi);
}

export function apgr(points: readonly Point[], cheap: Point, best: Point): number {
  const hull = upperHull(points);
  const gap = best.quality - cheap.quality;
  if (gap <= 0) return NaN;
  return meanOver((c) => {
    const v = hullValue(hull, c);
    return v === -Infinity ? 0 : (v - cheap.quality) / gap;
  }, cheap.cost, best.cost);
}
