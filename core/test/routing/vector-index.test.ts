import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactIndex, hnswIndex, rowsAreUnitNorm } from '../../routing/vector-index.js';
import { seededRng } from '../../routing/train/rng.js';
import { loadWeights } from '../../routing/weights.js';
import { DEFAULT_WEIGHTS, OPENTRACY } from './paths.js';

function queries(w: { centroids: Float32Array; k: number; dim: number }, n: number, seed: number): Float32Array[] {
  const rng = seededRng(seed);
  const out: Float32Array[] = [];
  for (let q = 0; q < n; q++) {
    const c = q % w.k;
    const v = new Float32Array(w.dim);
    // near a centroid (the realistic case), or anywhere on the sphere
    for (let j = 0; j < w.dim; j++) v[j] = q % 2 === 0 ? w.centroids[c * w.dim + j]! + 0.05 * (rng() - 0.5) : rng() - 0.5;
    const norm = Math.hypot(...v);
    out.push(v.map((x) => x / norm));
  }
  return out;
}

for (const [name, path] of [['OpenTracy weights-mmlu-v1 (100 x 384)', OPENTRACY], ['router-default', DEFAULT_WEIGHTS]] as const) {
  test(`HNSW and exact search give the same cluster ids on ${name}`, async () => {
    const w = await loadWeights(path, { warn: () => undefined });
    assert.equal(rowsAreUnitNorm(w.centroids, w.k, w.dim), false, 'k-means centroids are not unit-norm: l2 space');
    const exact = exactIndex(w.centroids, w.k, w.dim);
    const hnsw = hnswIndex(w.centroids, w.k, w.dim);
    for (const q of queries(w, 2000, 9)) assert.equal(hnsw.search(q, 1)[0], exact.search(q, 1)[0]);
  });
}

test('exact search: nearest first, lower id on ties; HNSW over unit-norm rows uses inner product', () => {
  const m = new Float32Array([1, 0, 0, 1, -1, 0, 1, 0]);
  assert.deepEqual(exactIndex(m, 4, 2).search([1, 0], 3), [0, 3, 1]);
  assert.equal(rowsAreUnitNorm(m, 4, 2), true);
  assert.deepEqual(hnswIndex(m, 4, 2).search([0.1, 1], 1), [1]);
});
