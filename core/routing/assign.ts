/**
 * Cluster assignment (reference 4.1 step 2), pure.
 *
 * - kmeans: d_i = ||x - c_i||^2; cluster = argmin d (first index on ties). Probabilities are one-hot,
 *   or with `soft` p_i = softmax(-d_i / T).
 * - learned_map: p = softmax(theta . x / T) (numerically stable); cluster = argmax p (first on ties).
 *
 * phi (the weights of the psi mixture) is p when soft, else one-hot on the cluster.
 */
import type { RouterWeights } from './types.js';

export interface Assignment {
  clusterId: number;
  /** Reported as cluster_probabilities. */
  probabilities: Float64Array;
  /** Mixture weights for the expected error (one-hot unless soft). */
  phi: Float64Array;
}

/** Squared L2 distance from x to every row of a row-major k x dim matrix. */
export function squaredDistances(matrix: Float32Array, k: number, dim: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    const base = i * dim;
    for (let j = 0; j < dim; j++) {
      const d = x[j]! - matrix[base + j]!;
      s += d * d;
    }
    out[i] = s;
  }
  return out;
}

/** Dot product of x with every row of a row-major k x dim matrix. */
export function dotRows(matrix: Float32Array, k: number, dim: number, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    const base = i * dim;
    for (let j = 0; j < dim; j++) s += x[j]! * matrix[base + j]!;
    out[i] = s;
  }
  return out;
}

/** Index of the smallest value; the first one on ties. */
export function argmin(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! < v[best]!) best = i;
  return best;
}

/** Index of the largest value; the first one on ties. */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** Numerically stable softmax of logits. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export function oneHot(k: number, i: number): Float64Array {
  const out = new Float64Array(k);
  out[i] = 1;
  return out;
}

/** The vector kernels the assignment rules are written over (the native addon supplies its own). */
export interface AssignKernels {
  squaredDistances: typeof squaredDistances;
  dotRows: typeof dotRows;
  argmin: typeof argmin;
  argmax: typeof argmax;
  softmax: typeof softmax;
}

export interface Assigners {
  /** kmeans assignment from precomputed squared distances; `nearest` (e.g. from HNSW) overrides the argmin. */
  assignFromDistances(distances: Float64Array, soft: boolean, temperature: number, nearest?: number): Assignment;
  /** learned_map assignment: softmax(theta . x / T). */
  assignLearnedMap(theta: Float32Array, k: number, dim: number, x: ArrayLike<number>, temperature: number, soft: boolean): Assignment;
  /** Exact assignment of an embedding with the package's own rule. `nearest` is an optional precomputed kmeans argmin. */
  assignCluster(w: RouterWeights, x: ArrayLike<number>, soft: boolean, nearest?: number): Assignment;
}

/** The assignment rules over a kernel set: one definition for the TypeScript and native paths. */
export function makeAssigners(kr: AssignKernels): Assigners {
  const assignFromDistances: Assigners['assignFromDistances'] = (distances, soft, temperature, nearest) => {
    const clusterId = nearest ?? kr.argmin(distances);
    if (!soft) {
      const p = oneHot(distances.length, clusterId);
      return { clusterId, probabilities: p, phi: p };
    }
    const logits = new Float64Array(distances.length);
    for (let i = 0; i < distances.length; i++) logits[i] = -distances[i]! / temperature;
    const p = kr.softmax(logits);
    return { clusterId, probabilities: p, phi: p };
  };
  const assignLearnedMap: Assigners['assignLearnedMap'] = (theta, k, dim, x, temperature, soft) => {
    const logits = kr.dotRows(theta, k, dim, x);
    for (let i = 0; i < k; i++) logits[i]! /= temperature;
    const p = kr.softmax(logits);
    const clusterId = kr.argmax(p);
    return { clusterId, probabilities: p, phi: soft ? p : oneHot(k, clusterId) };
  };
  const assignCluster: Assigners['assignCluster'] = (w, x, soft, nearest) => {
    if (x.length !== w.dim) throw new RangeError(`embedding has ${x.length} dims, the weights expect ${w.dim}`);
    if (w.clusterType === 'learned_map' && w.theta) return assignLearnedMap(w.theta, w.k, w.dim, x, w.temperature, soft);
    if (!soft && nearest !== undefined) {
      const p = oneHot(w.k, nearest);
      return { clusterId: nearest, probabilities: p, phi: p };
    }
    return assignFromDistances(kr.squaredDistances(w.centroids, w.k, w.dim, x), soft, w.temperature, nearest);
  };
  return { assignFromDistances, assignLearnedMap, assignCluster };
}

export const { assignFromDistances, assignLearnedMap, assignCluster } = makeAssigners({ squaredDistances, dotRows, argmin, argmax, softmax });
