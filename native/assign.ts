/**
 * Cluster assignment with the native kernels: the same rules, in the same arithmetic
 * order, as gateway/src/routing/assign.ts (which documents them), so the results are
 * bit-identical to it; the differential tests hold the two together.
 */
import type { Assignment } from '../gateway/src/routing/assign.js';
import { oneHot } from '../gateway/src/routing/assign.js';
import type { RouterWeights } from '../gateway/src/routing/types.js';
import { argmax, argmin, dotRows, softmax, squaredDistances } from './kernels.js';

export type { Assignment } from '../gateway/src/routing/assign.js';

/** kmeans assignment from precomputed squared distances (`nearest` overrides the argmin). */
export function assignFromDistances(distances: Float64Array, soft: boolean, temperature: number, nearest?: number): Assignment {
  const clusterId = nearest ?? argmin(distances);
  if (!soft) {
    const p = oneHot(distances.length, clusterId);
    return { clusterId, probabilities: p, phi: p };
  }
  const logits = new Float64Array(distances.length);
  for (let i = 0; i < distances.length; i++) logits[i] = -(distances[i] as number) / temperature;
  const p = softmax(logits);
  return { clusterId, probabilities: p, phi: p };
}

/** learned_map assignment: softmax(theta . x / T). */
export function assignLearnedMap(theta: Float32Array, k: number, dim: number, x: ArrayLike<number>, temperature: number, soft: boolean): Assignment {
  const logits = dotRows(theta, k, dim, x);
  for (let i = 0; i < k; i++) logits[i] = (logits[i] as number) / temperature;
  const p = softmax(logits);
  const clusterId = argmax(p);
  return { clusterId, probabilities: p, phi: soft ? p : oneHot(k, clusterId) };
}

/** Exact assignment of an embedding with the package's own rule. */
export function assignCluster(w: RouterWeights, x: ArrayLike<number>, soft: boolean, nearest?: number): Assignment {
  if (x.length !== w.dim) throw new RangeError(`embedding has ${x.length} dims, the weights expect ${w.dim}`);
  if (w.clusterType === 'learned_map' && w.theta) return assignLearnedMap(w.theta, w.k, w.dim, x, w.temperature, soft);
  if (!soft && nearest !== undefined) {
    const p = oneHot(w.k, nearest);
    return { clusterId: nearest, probabilities: p, phi: p };
  }
  return assignFromDistances(squaredDistances(w.centroids, w.k, w.dim, x), soft, w.temperature, nearest);
}
