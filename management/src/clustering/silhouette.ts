/** Silhouette on cosine distance, over a fixed sample of points (pure, O(s^2 d)). */
import { dot } from './vectors.js';

export interface Silhouette {
  /** Mean silhouette over the sample (the score k is chosen by). */
  readonly score: number;
  /** Sampled point indices and their silhouette values. */
  readonly sample: Int32Array;
  readonly values: Float64Array;
}

/** Evenly spaced indices, at most `max` of them (deterministic). */
export function sampleIndices(n: number, max: number): Int32Array {
  const s = Math.min(n, max);
  const out = new Int32Array(s);
  for (let i = 0; i < s; i++) out[i] = Math.floor((i * n) / s);
  return out;
}

export function silhouette(points: readonly Float32Array[], assign: Int32Array, k: number, sample: Int32Array): Silhouette {
  const values = new Float64Array(sample.length);
  let sum = 0;
  const distSum = new Float64Array(k);
  const count = new Int32Array(k);
  for (let a = 0; a < sample.length; a++) {
    const i = sample[a]!;
    distSum.fill(0);
    count.fill(0);
    for (let b = 0; b < sample.length; b++) {
      const j = sample[b]!;
      if (j === i) continue;
      const c = assign[j]!;
      distSum[c]! += 1 - dot(points[i]!, points[j]!);
      count[c]!++;
    }
    const own = assign[i]!;
    if (count[own] === 0) continue; // singleton: silhouette 0 by convention
    const ai = distSum[own]! / count[own]!;
    let bi = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) bi = Math.min(bi, distSum[c]! / count[c]!);
    const s = Number.isFinite(bi) ? (bi - ai) / Math.max(ai, bi, 1e-12) : 0;
    values[a] = s;
    sum += s;
  }
  return { score: sample.length === 0 ? 0 : sum / sample.length, sample, values };
}

/** The reference's candidate k lists by trace count. */
export function candidateKs(n: number): number[] {
  const base = n < 100 ? [5] : n < 500 ? [5, 10, 15] : n < 5000 ? [10, 20, 50] : [20, 50, 100];
  const ok = base.filter((k) => k >= 2 && k < n);
  return ok.length > 0 ? ok : [Math.max(1, Math.min(2, n - 1))];
}
