/**
 * The addon in worker threads: inside a piscina pool, and in two plain worker_threads at
 * once (each environment has its own addon instance data: tokenizers, scratch buffers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { nativeStatus } from '../index.js';
import { digest } from './digest.js';
import type { WorkerResult } from './worker-task.js';

const TASK = new URL('./worker-task.js', import.meta.url);

function runPlainWorker(): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(TASK, { workerData: { plain: true } });
    w.once('message', (m: WorkerResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('native addon in workers', () => {
  const expected = digest();

  it('works inside a piscina worker, with the main thread\'s results', async () => {
    const pool = new Piscina({ filename: TASK.href, minThreads: 1, maxThreads: 2 });
    try {
      const results = (await Promise.all([pool.run(null), pool.run(null)])) as WorkerResult[];
      for (const r of results) {
        assert.equal(r.active, true, r.reason);
        assert.equal(r.digest, await expected);
      }
    } finally {
      await pool.destroy();
    }
  });

  it('works in two worker_threads at once, each with its own instance data', async () => {
    assert.equal(nativeStatus().active, true);
    const [a, b] = await Promise.all([runPlainWorker(), runPlainWorker()]);
    for (const r of [a, b]) {
      assert.equal(r.active, true, r.reason);
      assert.equal(r.digest, await expected);
    }
  });
});
