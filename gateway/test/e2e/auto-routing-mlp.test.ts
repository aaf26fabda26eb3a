/**
 * `model: "auto"` end to end with a package trained by the mlp strategy (repo RouterBench copy):
 * the OpenAI SDK through the gateway, the routing done by the package's ONNX graph in a worker (pool
 * executor) and on the main thread (inline), each decision equal to the in-memory TypeScript one.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createEmbedder, defaultEmbedderSpec } from '../../../core/embedding/index.js';
import { decide } from '../../../core/routing/decide.js';
import { extractFeatures } from '../../../core/routing/features/extract.js';
import { mlpCorrect } from '../../../core/routing/mlp-model.js';
import { toMlpWeights } from '../../../core/routing/train/mlp-router.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';
import { trainFixture, type Fixture } from '../../../core/test/routing/mlp-fixture.js';
import { REPO } from '../../../core/test/routing/paths.js';

/** λ at which these prompts go to different models (gpt-3.5 for the code one, gpt-4 for the others). */
const LAMBDA = 3;
const PROMPTS = [
  'Write a python function that reverses a linked list in place.',
  'Which of the following is a renewable resource?\nA) coal\nB) wind\nC) oil\nD) natural gas\nAnswer:',
  'The trophy does not fit into the brown suitcase because the _ is too large. Option1: trophy Option2: suitcase',
];

describe('auto routing with an mlp package', () => {
  let fx: Fixture;
  let expected: string[];
  let ids: string[];
  before(async () => {
    fx = await trainFixture(300);
    const mem = toMlpWeights(fx.selected.trained);
    ids = mem.profiles.map((p) => p.model_id);
    const emb = await createEmbedder(defaultEmbedderSpec(REPO));
    expected = PROMPTS.map((text) => {
      const x = emb.embedSync!(text);
      return decide(mem, x, { costWeight: LAMBDA, soft: false }, { correct: mlpCorrect(mem.mlp!, extractFeatures(text, x, mem.mlp!.features)) }).selected_model;
    });
    await emb.close();
    assert.ok(new Set(expected).size >= 2, `the prompts should not all route alike: ${expected.join(', ')}`);
  });
  after(async () => {
    await rm(fx.dir, { recursive: true, force: true });
  });

  for (const mode of ['pool', 'inline'] as const) {
    describe(`${mode} executor`, () => {
      let h: Harness;
      let pool: RouterPool;
      const target = (id: string): string => `openai/routed-${ids.indexOf(id)}`;
      before(async () => {
        pool = await RouterPool.create({ weightsPath: fx.dir, workers: 1, mode, profileTargets: Object.fromEntries(ids.map((id) => [id, target(id)])) });
        h = await startHarness({ router: pool });
      });
      after(async () => {
        await h.close();
        await pool.close();
      });

      it('serves auto through the OpenAI SDK with the decision the trained model makes', async () => {
        for (let i = 0; i < PROMPTS.length; i++) {
          h.mock.reset();
          const { data, response } = await h.client.chat.completions
            .create({ model: 'auto', messages: [{ role: 'user', content: PROMPTS[i]! }], ...({ cost_weight: LAMBDA } as object) })
            .withResponse();
          assert.equal(data.object, 'chat.completion');
          assert.equal(response.headers.get('x-opentracy-selected-model'), target(expected[i]!), `prompt ${i}`);
          assert.equal((h.mock.requests[0]!.body as { model: string }).model, target(expected[i]!).slice('openai/'.length));
          assert.match(response.headers.get('x-opentracy-expected-error') ?? '', /^\d\.\d{4}$/);
        }
      });

      it('hot reload swaps between the cluster default and the mlp package', async () => {
        const def = await pool.reload(`${REPO}/models/router-default`);
        assert.equal(pool.state().strategy, 'cluster', JSON.stringify(def));
        const back = await pool.reload(fx.dir);
        assert.equal(pool.state().strategy, 'mlp', JSON.stringify(back));
        const r = (await (await h.post('/v1/route', { prompt: PROMPTS[1], cost_weight: LAMBDA })).json()) as { selected_model: string };
        assert.equal(r.selected_model, expected[1]);
      });

      it('/v1/route and /health report the mlp package', async () => {
        const r = (await (await h.post('/v1/route', { prompt: PROMPTS[0], cost_weight: LAMBDA })).json()) as { selected_model: string };
        assert.equal(r.selected_model, expected[0]);
        const health = (await (await fetch(`${h.base}/health`)).json()) as Record<string, unknown>;
        assert.equal(health.router_initialized, true);
        assert.equal(health.routing_strategy, 'mlp');
        assert.equal(health.routing_executor, mode);
      });
    });
  }
});
