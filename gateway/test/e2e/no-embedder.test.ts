/**
 * --no-embedder (reference 1.1): the router loads its weights but no embedder, so prompt routing is
 * off (`auto` and /v1/route with a prompt refuse clearly), while /v1/route with a precomputed
 * `embedding` and explicit models work; /health says embedder_ready: false.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadWeights } from '../../../core/routing/weights.js';
import { repoRoot } from '../../src/config.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

describe('--no-embedder', () => {
  let h: Harness;
  let pool: RouterPool;
  before(async () => {
    pool = await RouterPool.create({ weightsPath: resolve(repoRoot(), 'models', 'router-default'), workers: 1, noEmbedder: true });
    h = await startHarness({ router: pool });
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('health: router initialized, embedder not ready', async () => {
    const health = (await (await fetch(`${h.base}/health`)).json()) as { router_initialized: boolean; embedder_ready: boolean; num_clusters: number };
    assert.equal(health.router_initialized, true);
    assert.equal(health.embedder_ready, false);
    assert.ok(health.num_clusters > 0);
  });

  it('prompt routing refused with a clear message; embedding routing and explicit models work', async () => {
    const byPrompt = await h.post('/v1/route', { prompt: 'hello' });
    const promptText = await byPrompt.text();
    assert.ok(byPrompt.status >= 400, `status ${byPrompt.status}`);
    assert.match(promptText, /no-embedder/);
    const auto = await h.post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    const autoText = await auto.text();
    assert.ok(auto.status >= 400 && auto.status < 500, `auto status ${auto.status}: ${autoText}`);
    const w = await loadWeights(resolve(repoRoot(), 'models', 'router-default'));
    const byVec = await h.post('/v1/route', { embedding: Array.from({ length: w.dim }, (_, i) => ((i % 7) + 1) / 7) });
    const vecText = await byVec.text();
    assert.equal(byVec.status, 200, vecText);
    assert.equal(typeof (JSON.parse(vecText) as { selected_model: unknown }).selected_model, 'string');
    const explicit = await h.post('/v1/chat/completions', { model: 'openai/mock-ok', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(explicit.status, 200, await explicit.text());
  });
});
