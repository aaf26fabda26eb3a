import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { createSession, sessionOptions } from '../../embedding/onnx-session.js';
import { buildStaticEmbedderModel } from '../../embedding/static-graph.js';

const model = buildStaticEmbedderModel({ rows: 2, dim: 2, data: Float32Array.from([0, 0, 1, 1]) });

function cudaProviderInstalled(): boolean {
  const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  const dir = join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  return existsSync(join(dir, 'libonnxruntime_providers_cuda.so'));
}

describe('ONNX session options', () => {
  it('cpu by default, cuda opt-in with cpu fallback, 1 intra-op thread by default', () => {
    assert.deepEqual(sessionOptions().executionProviders, ['cpu']);
    assert.equal(sessionOptions().intraOpNumThreads, 1);
    assert.deepEqual(sessionOptions({ executionProvider: 'cuda', intraOpNumThreads: 4 }).executionProviders, ['cuda', 'cpu']);
    assert.equal(sessionOptions({ intraOpNumThreads: 4 }).intraOpNumThreads, 4);
    assert.throws(() => sessionOptions({ intraOpNumThreads: 1.5 }), RangeError);
  });

  it('opens a model from bytes on cpu', async () => {
    const s = await createSession(model);
    assert.deepEqual(s.inputNames, ['input_ids', 'attention_mask']);
    await s.release();
  });

  it('cuda without the CUDA build says how to install it', { skip: cudaProviderInstalled() && 'CUDA provider present' }, async () => {
    await assert.rejects(createSession(model, { executionProvider: 'cuda' }), /onnxruntime-node-install=cuda12/);
  });
});
