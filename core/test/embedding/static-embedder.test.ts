import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StaticEmbedder, WordTokenizer, createEmbedder, defaultEmbedderSpec } from '../../embedding/index.js';
import { STATIC_DATA_FILE } from '../../embedding/static-graph.js';
import type { Embedder } from '../../embedding/types.js';
import { REPO_ROOT } from '../fixtures/embedding/paths.js';

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

describe('default static embedder (models/embedder-static)', () => {
  let emb: Embedder;
  before(async () => {
    emb = await createEmbedder(defaultEmbedderSpec(REPO_ROOT));
  });
  after(async () => {
    await emb.close();
  });

  it('is small enough to commit', () => {
    const spec = defaultEmbedderSpec(REPO_ROOT);
    const data = join(dirname(spec.modelPath), STATIC_DATA_FILE);
    assert.ok(statSync(data).size > 1024 * 1024, 'the table is in the external-data file');
    assert.ok(statSync(spec.modelPath).size + statSync(data).size + statSync(spec.vocabPath).size < 10 * 1024 * 1024);
  });

  it('gives unit vectors of dim 100', async () => {
    assert.equal(emb.kind, 'static');
    assert.equal(emb.dim, 100);
    for (const text of ['Hello world', 'What is the capital of France?', 'x'.repeat(100_000) + ' the end']) {
      const v = await emb.embed(text);
      assert.equal(v.length, 100);
      assert.ok(Math.abs(Math.sqrt(dot(v, v)) - 1) < 1e-5);
    }
  });

  it('is deterministic', async () => {
    assert.deepEqual(await emb.embed('Sort a list in Python'), await emb.embed('Sort a list in Python'));
  });

  it('places similar sentences closer than unrelated ones', async () => {
    const triples: [string, string, string][] = [
      ['What is the capital of France?', 'Which city is the capital of Germany?', 'Write a poem about the ocean at sunset'],
      ['How do I sort a list in Python?', 'Python code to sort an array of numbers', 'Who won the football world cup in 1998?'],
      ['Solve the integral of x squared', 'Compute the derivative of sin x', 'Recommend a good Italian restaurant in Rome'],
      ['My dog keeps barking at night', 'How to stop a puppy from barking', 'Explain the causes of the French revolution'],
    ];
    for (const [a, b, c] of triples) {
      const [va, vb, vc] = await Promise.all([emb.embed(a), emb.embed(b), emb.embed(c)]);
      assert.ok(dot(va, vb) > dot(va, vc), `"${a}" should be closer to "${b}" than to "${c}"`);
    }
  });

  it('text with no known word gives the zero vector', async () => {
    for (const text of ['', '   ', 'qqqzzzxxq', '\u0000']) {
      const v = await emb.embed(text);
      assert.equal(v.length, 100);
      assert.equal(dot(v, v), 0);
    }
  });

  it('is case and accent insensitive', async () => {
    assert.deepEqual(await emb.embed('CAFÉ Résumé'), await emb.embed('cafe resume'));
  });
});

describe('static embedder: synchronous and asynchronous ONNX Runtime paths', () => {
  it('opens on the native binding (embedSync) and matches the public asynchronous API bit for bit', async () => {
    const spec = defaultEmbedderSpec(REPO_ROOT);
    const native = await StaticEmbedder.open(spec.modelPath, WordTokenizer.fromFile(spec.vocabPath), {});
    const viaPublic = await StaticEmbedder.open(spec.modelPath, WordTokenizer.fromFile(spec.vocabPath), { api: 'public' });
    try {
      assert.ok(native.embedSync, 'the native binding of onnxruntime-node was not found');
      assert.equal(viaPublic.embedSync, null);
      for (const text of ['Sort a list in Python', 'Quelle est la capitale de la France ?', '', 'zzzz qqqq']) {
        const a = native.embedSync(text);
        assert.deepEqual(a, await native.embed(text));
        assert.deepEqual(a, await viaPublic.embed(text));
      }
    } finally {
      await native.close();
      await viaPublic.close();
    }
  });
});
