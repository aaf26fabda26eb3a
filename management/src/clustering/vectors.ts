/** Small vector helpers over Float32Array (pure). */

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : d / Math.sqrt(na * nb);
}

export function normalize(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export function sqDist(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** Mean of the given rows, L2-normalised (a spherical centroid). */
export function meanDirection(rows: readonly Float32Array[], dim: number): Float32Array {
  const c = new Float32Array(dim);
  for (const r of rows) for (let i = 0; i < dim; i++) c[i]! += r[i]!;
  return normalize(c);
}

/** Seeded PRNG (mulberry32): runs are reproducible. */
export { seededRng as rng } from '../../../core/routing/train/rng.js';
