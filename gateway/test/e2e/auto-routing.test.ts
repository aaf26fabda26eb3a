/** `model: "auto"` end to end: the default weights route, the gateway forwards the routed model. */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../src/config.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const PROMPT = 'Write a python function that reverses a linked list in place.';

describe('auto routing through the gateway', () => {
  let h: Harness;
  let pool: RouterPool;
  let best: string;
  let second: string;

  before(async () => {
    const weightsPath = resolve(repoRoot(), 'models', 'router-default');
    const probe = await RouterPool.create({ weightsPath, workers: 1 });
    const d = await probe.route({ text: PROMPT, costWeight: 0 });
    const ids = probe.profileIds();
    await probe.close();
    const ranked = Object.entries(d.all_scores).sort((a, b) => a[1] - b[1]).map(([id]) => id);
    [best, second] = [ranked[0]!, ranked[1]!];
    // Every profile maps to a mock model; the best one to a model that always fails.
    const profileTargets: Record<string, string> = Object.fromEntries(ids.map((id) => [id, `openai/mock-ok`]));
    profileTargets[best] = 'openai/mock-503';
    profileTargets[second] = 'anthropic/routed-second';
    pool = await RouterPool.create({ weightsPath, workers: 1, profileTargets });
    h = await startHarness({ router: pool });
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('routes, falls back along the next-best score, and reports the decision in headers', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'system', content: 'ignored for routing' }, { role: 'user', content: PROMPT }], cost_weight: 0 });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'anthropic/routed-second');
    assert.match(res.headers.get('x-opentracy-cluster-id') ?? '', /^\d+$/);
    assert.match(res.headers.get('x-opentracy-expected-error') ?? '', /^\d\.\d{4}$/);
    assert.ok(Number(res.headers.get('x-opentracy-routing-ms')) >= 0);
    const sentModels = h.mock.requests.map((r) => (r.body as { model: string }).model);
    assert.equal(sentModels[0], 'mock-503', 'the routed model name goes upstream, not "auto"');
    assert.equal(sentModels.at(-1), 'routed-second');
    const first = h.mock.requests[0]!.body as Record<string, unknown>;
    assert.equal('cost_weight' in first, false, 'gateway-only fields stripped');
    const id = res.headers.get('x-opentracy-request-id')!;
    await res.text();
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const t = store.traces.get(id)!;
    assert.equal(t.requested_model, 'auto');
    assert.ok(t.cluster_id >= 0);
    assert.ok(Object.keys(t.all_scores).length > 1);
    assert.equal(t.fallback_count, 1);
    await store.root.close();
  });

  it('available_models restricts the choice', async () => {
    h.mock.reset();
    const only = pool.profileIds().find((id) => id !== best && id !== second)!;
    const res = await h.post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: PROMPT }], available_models: [only] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/mock-ok');
    assert.equal(h.mock.requests.length, 1);
    assert.equal('available_models' in (h.mock.requests[0]!.body as object), false);
  });

  it('POST /v1/route answers the reference fields and caches repeats', async () => {
    const r1 = (await (await h.post('/v1/route', { prompt: PROMPT })).json()) as Record<string, unknown>;
    for (const f of ['selected_model', 'expected_error', 'cost_adjusted_score', 'all_scores', 'cluster_id', 'cluster_probabilities', 'reasoning', 'cache_hit', 'usage']) assert.ok(f in r1, f);
    assert.equal(r1.selected_model, best);
    const r2 = (await (await h.post('/v1/route', { prompt: PROMPT })).json()) as { cache_hit: boolean };
    assert.equal(r2.cache_hit, true);
    const bad = await h.post('/v1/route', {});
    assert.equal(bad.status, 400);
    const none = await h.post('/v1/route', { prompt: PROMPT, available_models: ['no-such-profile'] });
    assert.ok(none.status >= 400);
    // Every routing call is a `route` trace, failures included (body validation errors are not routing calls).
    await h.gw.traces!.flush();
    const store = openTraceStore(h.dataDir, { readOnly: true });
    const routes = [...store.traces.getRange({})].map((e) => e.value).filter((t) => t.request_type === 'route');
    await store.root.close();
    assert.equal(routes.length, 3);
    assert.equal(routes.filter((t) => !t.is_error && t.selected_model === best && t.cluster_id >= 0).length, 2);
    assert.equal(routes.filter((t) => t.is_error).length, 1);
    assert.ok(routes[0]!.tokens_in > 0);
  });

  it('health and /v1/models show the registry in use', async () => {
    const health = (await (await fetch(h.base + '/health')).json()) as Record<string, unknown>;
    assert.equal(health.router_initialized, true);
    assert.equal(health.num_models, pool.profileIds().length);
    assert.equal(health.embedder_ready, true);
    assert.equal(health.routing_executor, 'inline', 'the static embedder routes on the main thread by default');
    const models = (await (await fetch(h.base + '/v1/models')).json()) as { data: Array<{ id: string; cost_per_1k_tokens?: number }> };
    assert.ok(models.data.some((m) => m.id === 'auto'));
    assert.ok(models.data.some((m) => m.id === best && typeof m.cost_per_1k_tokens === 'number'));
  });
});
