/** Pure numeric summaries. Percentiles interpolate linearly at rank p/100 * (n - 1), as the gateway's metrics do. */

export interface Distribution {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  mean: number;
  std: number;
}

/** Percentile of an ascending-sorted array (0 for empty). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  return lo === hi ? a : a + (sorted[hi]! - a) * (rank - lo);
}

export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Population standard deviation and mean with the percentiles. */
export function distribution(values: readonly number[]): Distribution {
  const s = sortedCopy(values);
  const n = s.length;
  if (n === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, mean: 0, std: 0 };
  let sum = 0;
  for (const v of s) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of s) sq += (v - mean) ** 2;
  return {
    p50: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p95: percentileSorted(s, 95),
    p99: percentileSorted(s, 99),
    mean,
    std: Math.sqrt(sq / n),
  };
}

export const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Relative change in percent; null when the base is zero. */
export const pctChange = (now: number, before: number): number | null => (before === 0 ? null : ((now - before) / before) * 100);

/** Rounds to a fixed number of significant decimals for stable JSON (money keeps 9). */
export const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
