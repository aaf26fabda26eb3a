import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignCluster, assignFromDistances, assignLearnedMap, squaredDistances } from '../../routing/assign.js';
import type { RouterWeights } from '../../routing/types.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-12;

test('kmeans: squared L2 argmin, first index on ties, one-hot', () => {
  const c = new Float32Array([1, 0, -1, 0, 0, 3]);
  const d = squaredDistances(c, 3, 2, [0, 0]);
  assert.deepEqual(Array.from(d), [1, 1, 9]);
  const a = assignFromDistances(d, false, 1);
  assert.equal(a.clusterId, 0);
  assert.deepEqual(Array.from(a.probabilities), [1, 0, 0]);
  assert.equal(a.phi, a.probabilities);
});

test('kmeans soft: softmax of -d / T', () => {
  const a = assignFromDistances(Float64Array.from([0, 4]), true, 2);
  const e = Math.exp(-2);
  assert.ok(close(a.probabilities[0]!, 1 / (1 + e)) && close(a.probabilities[1]!, e / (1 + e)));
  assert.equal(a.clusterId, 0);
});

test('learned_map: softmax(theta . x / T), argmax cluster; hard phi is one-hot', () => {
  const theta = new Float32Array([1, 0, 0, 1]);
  const soft = assignLearnedMap(theta, 2, 2, [2, 0], 2, true);
  assert.equal(soft.clusterId, 0);
  assert.ok(close(soft.probabilities[0]!, Math.E / (Math.E + 1)));
  const hard = assignLearnedMap(theta, 2, 2, [2, 0], 2, false);
  assert.deepEqual(Array.from(hard.phi), [1, 0]);
  assert.ok(close(hard.probabilities[1]!, 1 / (Math.E + 1)));
});

test('assignCluster checks the dimension and honours an index hint', () => {
  const w = { clusterType: 'kmeans', k: 2, dim: 2, centroids: new Float32Array([0, 0, 1, 1]), theta: null, temperature: 1 } as unknown as RouterWeights;
  assert.throws(() => assignCluster(w, [1, 2, 3], false), /3 dims, the weights expect 2/);
  assert.equal(assignCluster(w, [0.9, 0.9], false).clusterId, 1);
  assert.equal(assignCluster(w, [0.9, 0.9], false, 0).clusterId, 0, 'hint used as given');
});
