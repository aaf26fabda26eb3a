/**
 * GET /v1/models keeps OpenAI's list shape and carries OpenTracy's fields beside it (reference
 * 1.6): `models` [{model_id, cost_per_1k_tokens, num_clusters, overall_accuracy}] and
 * `default_model`; without a router both are empty, as the reference's gateway mode.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../src/config.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

interface Body {
  object: string;
  data: Array<{ id: string }>;
  models: Array<{ model_id: string; cost_per_1k_tokens: number; num_clusters: number; overall_accuracy: number }>;
  default_model: string;
}

describe('GET /v1/models: OpenAI and OpenTracy fields', () => {
  let h: Harness;
  let bare: Harness;
  let pool: RouterPool;
  before(async () => {
    pool = await RouterPool.create({ weightsPath: resolve(repoRoot(), 'models', 'router-default'), workers: 1 });
    h = await startHarness({ router: pool });
    bare = await startHarness();
  });
  after(async () => {
    await h.close();
    await bare.close();
    await pool.close();
  });

  it('with a router: every profile in models, default_model the first, the OpenAI list unchanged', async () => {
    const b = (await (await fetch(`${h.base}/v1/models`)).json()) as Body;
    assert.equal(b.object, 'list');
    assert.ok(b.data.some((m) => m.id === 'auto'));
    assert.deepEqual(b.models.map((m) => m.model_id).sort(), [...pool.profileIds()].sort());
    for (const m of b.models) {
      assert.equal(typeof m.cost_per_1k_tokens, 'number');
      assert.ok(m.num_clusters > 0);
      assert.ok(m.overall_accuracy >= 0 && m.overall_accuracy <= 1, JSON.stringify(m));
      assert.ok(b.data.some((d) => d.id === m.model_id), 'each profile is in data too');
    }
    assert.equal(b.default_model, b.models[0]!.model_id);
  });

  it('without a router: models [] and default_model ""', async () => {
    const b = (await (await fetch(`${bare.base}/v1/models`)).json()) as Body;
    assert.equal(b.object, 'list');
    assert.deepEqual(b.models, []);
    assert.equal(b.default_model, '');
  });
});
