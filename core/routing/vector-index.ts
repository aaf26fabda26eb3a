/**
 * Nearest-neighbour search over the rows of a matrix: an exact JS loop (squared L2, first index on ties)
 * or an HNSW graph (hnswlib-node). HNSW uses space 'ip' when every row is unit-norm (then argmax dot =
 * argmin L2) and 'l2' otherwise (k-means centroids are not unit-norm, so 'ip' would change the answer).
 */
import hnswlib from 'hnswlib-node';
import { squaredDistances } from './assign.js';

export interface VectorIndex {
  readonly kind: 'exact' | 'hnsw';
  readonly size: number;
  /** Row ids of the k nearest rows, nearest first. */
  search(x: ArrayLike<number>, k: number): number[];
}

export interface HnswOptions {
  /** Graph degree (hnswlib M). */
  m?: number;
  efConstruction?: number;
  /** Search breadth; raised to at least k per query. */
  ef?: number;
  seed?: number;
}

/** True when every row has an L2 norm within 1e-3 of 1. */
export function rowsAreUnitNorm(matrix: Float32Array, n: number, dim: number): boolean {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += matrix[i * dim + j]! ** 2;
    if (Math.abs(Math.sqrt(s) - 1) > 1e-3) return false;
  }
  return true;
}

/** Exact search: a dot-product loop over all rows. */
export function exactIndex(matrix: Float32Array, n: number, dim: number): VectorIndex {
  return {
    kind: 'exact',
    size: n,
    search(x, k) {
      const d = squaredDistances(matrix, n, dim, x);
      if (k === 1) {
        let best = 0;
        for (let i = 1; i < n; i++) if (d[i]! < d[best]!) best = i;
        return [best];
      }
      const ids = Array.from({ length: n }, (_, i) => i);
      ids.sort((a, b) => d[a]! - d[b]! || a - b);
      return ids.slice(0, Math.min(k, n));
    },
  };
}

/** HNSW search over the rows (labels = row ids). */
export function hnswIndex(matrix: Float32Array, n: number, dim: number, opts: HnswOptions = {}): VectorIndex {
  const space = rowsAreUnitNorm(matrix, n, dim) ? 'ip' : 'l2';
  const index = new hnswlib.HierarchicalNSW(space, dim);
  index.initIndex({ maxElements: n, m: opts.m ?? 16, efConstruction: opts.efConstruction ?? 200, randomSeed: opts.seed ?? 100 });
  const row = new Array<number>(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) row[j] = matrix[i * dim + j]!;
    index.addPoint(row, i);
  }
  const baseEf = opts.ef ?? 64;
  index.setEf(baseEf);
  const q = new Array<number>(dim);
  return {
    kind: 'hnsw',
    size: n,
    search(x, k) {
      const kk = Math.min(k, n);
      if (index.getEf() < kk) index.setEf(kk);
      for (let j = 0; j < dim; j++) q[j] = x[j]!;
      const r = index.searchKnn(q, kk);
      // hnswlib returns farthest first among the k; order nearest first, ties by id.
      const order = r.neighbors.map((id, i) => [id, r.distances[i]!] as const);
      order.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      return order.map((o) => o[0]);
    },
  };
}

/**
 * Exact when the matrix has fewer than `exactBelow` elements (rows x dims), HNSW otherwise. Measured on
 * the 2-core bench machine (bench/micro/routing.bench.ts): 16 x 100 exact 2.4 µs vs HNSW 6.9 µs;
 * 100 x 384 exact 50 µs vs HNSW 25 µs; hence the default 16,384.
 */
export const DEFAULT_EXACT_BELOW = 16_384;

export function buildIndex(matrix: Float32Array, n: number, dim: number, exactBelow = DEFAULT_EXACT_BELOW, opts: HnswOptions = {}): VectorIndex {
  return n * dim < exactBelow ? exactIndex(matrix, n, dim) : hnswIndex(matrix, n, dim, opts);
}
