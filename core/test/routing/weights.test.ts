import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeNpz } from '../../routing/npz.js';
import { loadWeights, overallAccuracy, WeightsError } from '../../routing/weights.js';
import { FIXTURES, OPENTRACY } from './paths.js';

const tmps: string[] = [];
after(async () => {
  for (const t of tmps) await rm(t, { recursive: true, force: true });
});

async function tinyCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'weights-'));
  tmps.push(dir);
  await cp(join(FIXTURES, 'tiny'), dir, { recursive: true });
  return dir;
}

const quiet = { warn: () => undefined };

test("loads OpenTracy's weights-mmlu-v1 package unchanged", async () => {
  const w = await loadWeights(OPENTRACY, quiet);
  assert.equal(w.clusterType, 'kmeans');
  assert.equal(w.k, 100);
  assert.equal(w.dim, 384);
  assert.equal(w.centroids.length, 100 * 384);
  assert.equal(w.strategy, 'cluster');
  assert.equal(w.embedder, null, 'no embedder in the manifest means MiniLM, supplied by the gateway');
  assert.equal(w.profiles.length, 10);
  assert.equal(w.profiles[0]!.model_id, 'codestral-latest', 'file-name order; the first is the default model');
  const expected: Record<string, [number, number]> = {
    'gpt-4o': [0.00625, 0.788], 'gpt-4-turbo': [0.02, 0.742], 'gpt-4o-mini': [0.000375, 0.712], 'mistral-large-latest': [0.002, 0.7],
    'mistral-small-latest': [0.0002, 0.68], 'pixtral-12b-2409': [0.00015, 0.628], 'gpt-3.5-turbo': [0.001, 0.62],
    'ministral-8b-latest': [0.00015, 0.614], 'ministral-3b-latest': [0.0001, 0.56], 'codestral-latest': [0.0003, 0.534],
  };
  for (const p of w.profiles) {
    const [cost, acc] = expected[p.model_id]!;
    assert.equal(p.cost_per_1k_tokens, cost, p.model_id);
    assert.ok(Math.abs(overallAccuracy(p) - acc) < 5e-4, `${p.model_id} ${overallAccuracy(p)}`);
    assert.equal(p.psi.length, 100);
    assert.equal(p.cluster_sample_counts.reduce((a, b) => a + b, 0), 500);
  }
});

test('prefers clusters/mmlu_full.npz over clusters/default.npz (50 clusters would misalign)', async () => {
  const w = await loadWeights(OPENTRACY, quiet);
  assert.equal(w.k, 100);
});

test('the tiny fixture loads; manifest embedder paths resolve against the package', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ embedder: { kind: 'static', model: 'e/model.onnx', vocab: 'e/vocab.txt' }, strategy: 'cluster' }));
  const w = await loadWeights(dir, quiet);
  assert.deepEqual([w.k, w.dim, w.profiles.map((p) => p.model_id)], [3, 2, ['big', 'small']]);
  assert.deepEqual(w.embedder, { kind: 'static', modelPath: join(dir, 'e/model.onnx'), vocabPath: join(dir, 'e/vocab.txt') });
});

async function rejects(dir: string, re: RegExp): Promise<void> {
  await assert.rejects(loadWeights(dir, quiet), (err: unknown) => {
    assert.ok(err instanceof WeightsError, String(err));
    assert.match(err.message, re);
    return true;
  });
}

test('rejects a psi vector whose length is not the number of clusters', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'profiles/big.json'), JSON.stringify({ model_id: 'big', psi_vector: [0.1, 0.2], cost_per_1k_tokens: 0.01 }));
  await rejects(dir, /profiles\/big\.json \(big\): psi_vector has length 2, expected 3/);
});

test('rejects a cluster file without centroids', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'clusters/default.npz'), writeNpz([['type', { dtype: 'U', shape: [], data: ['kmeans'] }]]));
  await rejects(dir, /clusters\/default\.npz: missing array 'centroids'/);
});

test('rejects non-finite centroids, an unknown cluster type, and a missing cluster file', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'clusters/default.npz'), writeNpz([['centroids', { dtype: '<f4', shape: [3, 2], data: [1, 0, NaN, 1, 0, 0] }]]));
  await rejects(dir, /non-finite value at row 1, column 0/);
  await writeFile(join(dir, 'clusters/default.npz'), writeNpz([['type', { dtype: 'U', shape: [], data: ['spectral'] }]]));
  await rejects(dir, /unknown cluster type 'spectral'/);
  await unlink(join(dir, 'clusters/default.npz'));
  await rejects(dir, /no cluster file/);
});

test('skips a profile with bad JSON (with a warning); none valid is an error', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'profiles/small.json'), '{"model_id": "small", "psi_vector": [0.3,');
  const warnings: string[] = [];
  const w = await loadWeights(dir, { warn: (m) => warnings.push(m) });
  assert.deepEqual(w.profiles.map((p) => p.model_id), ['big']);
  assert.match(warnings.join('\n'), /profiles\/small\.json: bad JSON/);
  await writeFile(join(dir, 'profiles/big.json'), 'not json');
  await rejects(dir, /no valid profiles .*bad JSON/);
});

test('rejects bad manifest JSON, duplicate ids, negative costs, an unknown strategy, knn without its table', async () => {
  const dir = await tinyCopy();
  await writeFile(join(dir, 'manifest.json'), '{oops');
  await rejects(dir, /manifest\.json: bad JSON/);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ strategy: 'magic' }));
  await rejects(dir, /unknown strategy 'magic'/);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ strategy: 'knn' }));
  await rejects(dir, /needs clusters\/knn\.npz/);
  await writeFile(join(dir, 'manifest.json'), '{}');
  await writeFile(join(dir, 'profiles/zz.json'), JSON.stringify({ model_id: 'big', psi_vector: [0, 0, 0] }));
  await rejects(dir, /duplicate model_id 'big'/);
  await writeFile(join(dir, 'profiles/zz.json'), JSON.stringify({ model_id: 'z', psi_vector: [0, 0, 0], cost_per_1k_tokens: -1 }));
  await rejects(dir, /cost_per_1k_tokens must be a finite number >= 0/);
  await rejects(join(dir, 'nope'), /does not exist/);
});
