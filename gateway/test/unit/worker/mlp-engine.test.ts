/** The gateway's RouteEngine runs an mlp package's ONNX graph and decides as the in-memory weights do. */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractFeatures } from '../../../../core/routing/features/extract.js';
import { decide } from '../../../../core/routing/decide.js';
import { mlpCorrect } from '../../../../core/routing/mlp-model.js';
import { toMlpWeights } from '../../../../core/routing/train/mlp-router.js';
import { loadWeights } from '../../../../core/routing/weights.js';
import { loadRouterBench, trainFixture, type Fixture } from '../../../../core/test/routing/mlp-fixture.js';
import { RouteEngine } from '../../../src/worker/route-engine.js';

describe('RouteEngine with an mlp package trained on RouterBench (repo copy)', () => {
  let fx: Fixture;
  before(async () => {
    fx = await trainFixture(300);
  });
  after(async () => {
    await rm(fx.dir, { recursive: true, force: true });
  });

  it('loads as strategy mlp, and RouteEngine (ONNX) decides like the in-memory weights (TS)', async () => {
    const w = await loadWeights(fx.dir, { warn: () => undefined });
    assert.equal(w.strategy, 'mlp');
    assert.equal(w.mlp?.onnxPath, join(fx.dir, 'router/mlp.onnx'));
    const mem = toMlpWeights(fx.selected.trained);
    const engine = new RouteEngine({ fallbackEmbedder: null, intraOpNumThreads: 1, executionProvider: 'cpu', exactBelow: 16384, hnsw: {}, embedderModule: null });
    const dev = await loadRouterBench('dev', 40);
    try {
      let agree = 0;
      for (let i = 0; i < dev.examples.length; i++) {
        const text = dev.examples[i]!.prompt;
        const d = await engine.route({ op: 'route', loadId: 1, generation: 1, weightsPath: fx.dir, text, costWeight: 0.5, soft: false });
        const x = dev.embeddings.subarray(i * 100, (i + 1) * 100);
        const ref = decide(mem, x, { costWeight: 0.5, soft: false }, { correct: mlpCorrect(mem.mlp!, extractFeatures(text, x, mem.mlp!.features)) });
        if (d.selected_model === ref.selected_model) agree++;
        assert.ok(Math.abs(d.expected_error - ref.expected_error) < 1e-4 || d.selected_model !== ref.selected_model);
      }
      assert.equal(agree, dev.examples.length);
      // an embedding without text routes on the cluster evidence alone
      const x0 = dev.embeddings.subarray(0, 100);
      const e = await engine.route({ op: 'route', loadId: 1, generation: 1, weightsPath: fx.dir, embedding: Float32Array.from(x0), costWeight: 0, soft: false });
      assert.equal(e.selected_model, decide(mem, x0, { costWeight: 0, soft: false }).selected_model);
    } finally {
      await engine.close();
    }
  });
});
