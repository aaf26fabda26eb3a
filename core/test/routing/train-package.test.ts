import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decide } from '../../routing/decide.js';
import { exactIndex } from '../../routing/vector-index.js';
import { writePackage } from '../../routing/train/package-writer.js';
import { seededRng } from '../../routing/train/rng.js';
import { toRouterWeights, trainRouter, type TrainInput } from '../../routing/train/trainer.js';
import { loadWeights } from '../../routing/weights.js';

const tmps: string[] = [];
after(async () => {
  for (const t of tmps) await rm(t, { recursive: true, force: true });
});

/** Three unit-norm blobs in 4 dims; model "a/x" is right on blob 0, "b" on blobs 1 and 2. */
function data(n: number): TrainInput {
  const rng = seededRng(5);
  const dim = 4;
  const x = new Float32Array(n * dim);
  const scores = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const blob = i % 3;
    const v = [0, 0, 0, 0].map((_, j) => (j === blob ? 1 : 0) + 0.1 * (rng() - 0.5));
    const norm = Math.hypot(...v);
    v.forEach((c, j) => (x[i * dim + j] = c / norm));
    scores[i * 2] = blob === 0 ? 1 : 0;
    scores[i * 2 + 1] = blob === 0 ? 0 : 1;
  }
  return { embeddings: x, n, dim, scores, models: [{ id: 'a/x', costPer1k: 0.01 }, { id: 'b', costPer1k: 0.001 }] };
}

const spec = { kind: 'static' as const, modelPath: '/opt/e/model.onnx', vocabPath: '/opt/e/vocab.txt' };

test('a trained package round-trips through the writer and the loader, deciding the same', async () => {
  const input = data(90);
  const t = trainRouter(input, { k: 3, seed: 1, priorWeight: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'pkg-'));
  tmps.push(dir);
  await writePackage(dir, t, spec, { id: 't', name: 't', description: 'test', training: {} });
  const files = (await readdir(join(dir, 'profiles'))).sort();
  assert.equal(files.length, 2);
  assert.match(files[0]!, /^a_x-[0-9a-f]{8}\.json$/);
  assert.equal(files[1], 'b.json');
  const w = await loadWeights(dir, { warn: () => undefined });
  assert.equal(w.k, 3);
  assert.deepEqual(w.embedder, spec);
  assert.deepEqual(w.profiles.map((p) => p.model_id), ['a/x', 'b']);
  const mem = toRouterWeights(t);
  for (let i = 0; i < 9; i++) {
    const x = input.embeddings.subarray(i * 4, i * 4 + 4);
    const a = decide(w, x, { costWeight: 0, soft: false });
    const b = decide(mem, x, { costWeight: 0, soft: false });
    assert.equal(a.selected_model, b.selected_model);
    assert.equal(a.cluster_id, b.cluster_id);
    assert.equal(a.selected_model, i % 3 === 0 ? 'a/x' : 'b');
  }
});

test('a knn package stores the labelled prompts and routes from the nearest ones', async () => {
  const input = data(60);
  const t = trainRouter(input, { k: 1, seed: 1, strategy: 'knn', knnK: 5, knnPriorWeight: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'pkg-'));
  tmps.push(dir);
  await writePackage(dir, t, spec, { id: 't', name: 't', description: 'test', training: {} });
  const w = await loadWeights(dir, { warn: () => undefined });
  assert.equal(w.strategy, 'knn');
  assert.equal(w.knn?.n, 60);
  assert.equal(w.knn?.k, 5);
  const idx = exactIndex(w.knn!.embeddings, 60, 4);
  // one cluster: psi alone cannot separate the blobs, the neighbours can
  for (let i = 0; i < 6; i++) {
    const x = input.embeddings.subarray(i * 4, i * 4 + 4);
    const d = decide(w, x, { costWeight: 0, soft: false }, { neighbors: idx.search(x, 5) });
    assert.equal(d.selected_model, i % 3 === 0 ? 'a/x' : 'b');
  }
  assert.throws(() => decide(w, input.embeddings.subarray(0, 4), { costWeight: 0, soft: false }), /without neighbour search/);
});
