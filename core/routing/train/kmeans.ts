/**
 * k-means, pure and deterministic: k-means++ seeding from a seeded RNG, then Lloyd iterations until no
 * assignment changes (or maxIter). Distances are squared L2; ties go to the lower centroid index.
 * An empty cluster is re-seeded with the point farthest from its centroid (lowest index on ties).
 */
import { seededRng } from './rng.js';

export interface KMeansOptions {
  k: number;
  seed?: number;
  maxIter?: number;
}

export interface KMeansResult {
  k: number;
  dim: number;
  /** k x dim, row-major. */
  centroids: Float32Array;
  assignments: Int32Array;
  /** Sum of squared distances to the assigned centroids. */
  inertia: number;
  iterations: number;
}

function dist2(x: Float32Array, i: number, c: Float64Array, j: number, dim: number): number {
  let s = 0;
  const a = i * dim;
  const b = j * dim;
  for (let d = 0; d < dim; d++) {
    const v = x[a + d]! - c[b + d]!;
    s += v * v;
  }
  return s;
}

function seedPlusPlus(x: Float32Array, n: number, dim: number, k: number, seed: number): Float64Array {
  const rng = seededRng(seed);
  const c = new Float64Array(k * dim);
  const first = Math.floor(rng() * n);
  for (let d = 0; d < dim; d++) c[d] = x[first * dim + d]!;
  const best = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = dist2(x, i, c, j - 1, dim);
      if (v < best[i]!) best[i] = v;
      total += best[i]!;
    }
    let pick = n - 1;
    if (total > 0) {
      let r = rng() * total;
      for (let i = 0; i < n; i++) {
        r -= best[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = Math.floor(rng() * n);
    }
    for (let d = 0; d < dim; d++) c[j * dim + d] = x[pick * dim + d]!;
  }
  return c;
}

/** Clusters the n rows of `x` (n x dim, row-major). */
export function kmeans(x: Float32Array, n: number, dim: number, opts: KMeansOptions): KMeansResult {
  const k = Math.min(opts.k, n);
  if (k < 1) throw new RangeError('k-means needs k >= 1 and at least one point');
  const maxIter = opts.maxIter ?? 100;
  const c = seedPlusPlus(x, n, dim, k, opts.seed ?? 42);
  const assign = new Int32Array(n).fill(-1);
  const dists = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const bj = nearest(x, i, c, k, dim, dists);
      if (assign[i] !== bj) {
        assign[i] = bj;
        changed++;
      }
    }
    if (changed === 0 && iterations > 0) break;
    const counts = new Float64Array(k);
    c.fill(0);
    for (let i = 0; i < n; i++) {
      const j = assign[i]!;
      counts[j]!++;
      for (let d = 0; d < dim; d++) c[j * dim + d]! += x[i * dim + d]!;
    }
    const taken = new Set<number>();
    for (let j = 0; j < k; j++) {
      if (counts[j]! > 0) {
        for (let d = 0; d < dim; d++) c[j * dim + d]! /= counts[j]!;
        continue;
      }
      let far = -1;
      for (let i = 0; i < n; i++) if (!taken.has(i) && (far < 0 || dists[i]! > dists[far]!)) far = i;
      taken.add(far);
      for (let d = 0; d < dim; d++) c[j * dim + d] = x[far * dim + d]!;
      assign[far] = j;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(x, i, c, assign[i]!, dim);
  return { k, dim, centroids: Float32Array.from(c), assignments: assign, inertia, iterations };
}

/** Nearest centroid of every row (squared L2, lower index on ties). */
export function assignAll(x: Float32Array, n: number, dim: number, centroids: Float32Array, k: number): Int32Array {
  const c = Float64Array.from(centroids);
  const out = new Int32Array(n);
  const dists = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = nearest(x, i, c, k, dim, dists);
  return out;
}

/** Index of row i's nearest centroid (squared L2, lower index on ties); its distance goes to dists[i]. */
function nearest(x: Float32Array, i: number, c: Float64Array, k: number, dim: number, dists: Float64Array): number {
  let bj = 0;
  let bd = Infinity;
  for (let j = 0; j < k; j++) {
    const v = dist2(x, i, c, j, dim);
    if (v < bd) {
      bd = v;
      bj = j;
    }
  }
  dists[i] = bd;
  return bj;
}
