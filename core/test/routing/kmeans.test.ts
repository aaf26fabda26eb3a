import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignAll, kmeans } from '../../routing/train/kmeans.js';
import { estimatePsi } from '../../routing/train/psi.js';
import { seededRng } from '../../routing/train/rng.js';
import { profileFileName } from '../../routing/train/trainer.js';

function blobs(n: number, seed: number): Float32Array {
  const rng = seededRng(seed);
  const centers = [[5, 5], [-5, 5], [0, -6]];
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = centers[i % 3]!;
    x[i * 2] = c[0]! + rng() - 0.5;
    x[i * 2 + 1] = c[1]! + rng() - 0.5;
  }
  return x;
}

test('k-means is deterministic for a seed and finds separated blobs', () => {
  const x = blobs(300, 7);
  const a = kmeans(x, 300, 2, { k: 3, seed: 1 });
  const b = kmeans(x, 300, 2, { k: 3, seed: 1 });
  assert.deepEqual(a.centroids, b.centroids);
  assert.deepEqual(a.assignments, b.assignments);
  // each blob is one cluster
  for (let i = 3; i < 300; i++) assert.equal(a.assignments[i], a.assignments[i % 3]);
  assert.equal(new Set(a.assignments).size, 3);
  assert.deepEqual(assignAll(x, 300, 2, a.centroids, 3), a.assignments);
  assert.ok(a.inertia < 300 * 0.2);
});

test('k-means re-seeds empty clusters and caps k at n', () => {
  const x = new Float32Array([0, 0, 0, 0, 1, 1]);
  const r = kmeans(x, 3, 2, { k: 5, seed: 3 });
  assert.equal(r.k, 3);
  assert.equal(r.centroids.length, 6);
});

test('psi: per-cluster error shrunk toward the global error rate', () => {
  // 2 clusters, 1 model. Cluster 0: scores 1,1,0 (error 1/3); cluster 1: score 0 (error 1). Global error 2/4.
  const assign = Int32Array.from([0, 0, 0, 1]);
  const scores = Float64Array.from([1, 1, 0, 0]);
  const e = estimatePsi(assign, 3, scores, 1, 2);
  const g = 0.5;
  assert.equal(e.globalError[0], g);
  assert.ok(Math.abs(e.psi[0]![0]! - (1 + 2 * g) / (3 + 2)) < 1e-12);
  assert.ok(Math.abs(e.psi[0]![1]! - (1 + 2 * g) / (1 + 2)) < 1e-12);
  assert.equal(e.psi[0]![2], g, 'empty cluster: the global rate');
  assert.deepEqual(Array.from(e.counts[0]!), [3, 1, 0]);
  const raw = estimatePsi(assign, 2, scores, 1, 0);
  assert.deepEqual(Array.from(raw.psi[0]!), [1 / 3, 1]);
});

test('profile file names are safe and collision-free', () => {
  assert.equal(profileFileName('gpt-4o'), 'gpt-4o.json');
  const a = profileFileName('meta/llama-2-70b-chat');
  const b = profileFileName('meta_llama-2-70b-chat');
  assert.match(a, /^meta_llama-2-70b-chat-[0-9a-f]{8}\.json$/);
  assert.notEqual(a, b);
  assert.match(profileFileName('../etc/passwd'), /^[A-Za-z0-9._-]+\.json$/);
  assert.ok(!profileFileName('../x').startsWith('.'));
  assert.notEqual(profileFileName('_registry'), '_registry.json');
});
