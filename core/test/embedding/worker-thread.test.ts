import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createEmbedder, defaultEmbedderSpec } from '../../embedding/index.js';
import type { EmbedderSpec } from '../../embedding/types.js';
import { REPO_ROOT } from '../fixtures/embedding/paths.js';

interface Reply {
  kind: string;
  dim: number;
  vectors: Float32Array[];
}

function runWorker(spec: EmbedderSpec, texts: string[]): Promise<Reply> {
  const url = new URL('../fixtures/embedding/embed-worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const w = new Worker(url, { workerData: { spec, texts } });
    w.once('message', (m: Reply) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}`));
    });
  });
}

describe('embedder inside a worker thread', () => {
  it('loads in two workers at once and matches the main thread', async () => {
    const spec = defaultEmbedderSpec(REPO_ROOT);
    const texts = ['route this prompt', 'Quelle est la capitale de la France ?', ''];
    const [a, b] = await Promise.all([runWorker(spec, texts), runWorker(spec, texts)]);
    const main = await createEmbedder(spec);
    for (const reply of [a, b]) {
      assert.equal(reply.kind, 'static');
      assert.equal(reply.dim, 100);
      for (let i = 0; i < texts.length; i++) assert.deepEqual(reply.vectors[i], await main.embed(texts[i] as string));
    }
    await main.close();
  });
});
