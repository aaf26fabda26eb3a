/**
 * POST /v1/router/train with strategy mlp (the CLI's trainer) on a real gateway: a better package is
 * deployed and hot-reloaded; one that scores worse than the current router on its own held-back
 * prompts is refused with both scores and a clear reason (never swap in a worse router); traces
 * with feedback are a training source.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { splitIndices } from '../../src/learning/router/training-data.js';
import { call, startStack, type Stack } from './stack.js';
import { makeQuestions } from './topic-mock.js';

interface Train {
  deployed: boolean;
  refused: string | null;
  warnings: string[];
  comparison: { n_compared: number; new_quality: number; current_quality: number; passed: boolean; note: string; current_strategy: string } | null;
  package: { id: string; weights_path: string; status: string; check: { passed: boolean; router_quality: number } | null };
}

const A = 'openai/model-a';
const B = 'openai/model-b';
/** model-a answers math, model-b history; `flip` swaps them. */
const scores = (topic: string, flip: boolean): Record<string, number> => ((topic === 'math') !== flip ? { [A]: 1, [B]: 0 } : { [A]: 0, [B]: 1 });

describe('router retraining, mlp strategy', () => {
  let s: Stack;
  let deployedPath = '';
  before(async () => {
    s = await startStack({ router: true });
  });
  after(async () => s.close());

  async function dataset(name: string, samples: Array<{ input: string; expected_output: string; metadata: Record<string, unknown> }>): Promise<string> {
    const ds = await call<{ dataset_id: string }>(s.mgmtUrl, 'POST', '/v1/datasets', { name });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));
    const add = await call(s.mgmtUrl, 'POST', `/v1/datasets/${ds.body.dataset_id}/samples`, { samples });
    assert.ok(add.status === 200 || add.status === 201, JSON.stringify(add.body));
    return ds.body.dataset_id;
  }

  it('a better mlp package is deployed and the gateway hot-reloads it; auto routes by it', async () => {
    const qs = makeQuestions(s.mock, 40);
    const id = await dataset('labelled', qs.map((q) => ({ ...q, metadata: { ...q.metadata, scores: scores(q.metadata.topic, false) } })));
    const t = await call<Train>(s.mgmtUrl, 'POST', '/v1/router/train', { dataset_id: id, strategy: 'mlp', k: 4 });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal(t.body.deployed, true, JSON.stringify(t.body));
    assert.equal(t.body.refused, null);
    assert.equal(t.body.package.check!.passed, true);
    // router-default routes to none of openai/model-a|b: not comparable, said so.
    assert.equal(t.body.comparison, null);
    assert.ok(t.body.warnings.some((w) => /current router/.test(w)), JSON.stringify(t.body.warnings));
    assert.equal(s.pool!.state().weights_path, t.body.package.weights_path);
    assert.equal(s.pool!.state().strategy, 'mlp');
    deployedPath = t.body.package.weights_path;
    let right = 0;
    const fresh = makeQuestions(s.mock, 6, 700);
    for (const q of fresh) {
      const r = await call<{ selected_model: string }>(s.gwUrl, 'POST', '/v1/route', { prompt: q.input });
      if (r.body.selected_model === (q.metadata.topic === 'math' ? A : B)) right++;
    }
    assert.ok(right >= 10, `the mlp package chose the right model for ${right}/12 unseen prompts`);
  });

  it('a retrain that scores worse than the current router on its held-back prompts is refused with both scores', async () => {
    // Same task, but the training part of the new data is mislabelled (the held-back part is right):
    // the new router learns the swap and loses to the deployed one on the held-back prompts.
    const qs = makeQuestions(s.mock, 40, 200);
    const { holdout } = splitIndices(qs.map((q) => q.input), 0.2, 42);
    const held = new Set(holdout.map((i) => qs[i]!.input));
    const id = await dataset('poisoned', qs.map((q) => ({ ...q, metadata: { ...q.metadata, scores: scores(q.metadata.topic, !held.has(q.input)) } })));
    for (const strategy of ['mlp', 'cluster']) {
      const t = await call<Train>(s.mgmtUrl, 'POST', '/v1/router/train', { dataset_id: id, strategy, k: 4, tolerance: 1 });
      assert.equal(t.status, 200, JSON.stringify(t.body));
      assert.equal(t.body.deployed, false, JSON.stringify(t.body));
      const c = t.body.comparison!;
      assert.ok(c, JSON.stringify(t.body));
      assert.equal(c.current_strategy, 'mlp');
      assert.equal(c.n_compared, holdout.length);
      assert.ok(c.new_quality < c.current_quality, JSON.stringify(c));
      assert.equal(c.passed, false);
      assert.match(t.body.refused!, /worse than the current router/);
      assert.match(t.body.refused!, new RegExp(String(c.current_quality)));
      assert.equal(t.body.package.status, 'refused');
      assert.equal(s.pool!.state().weights_path, deployedPath, `${strategy}: the better router stays`);
    }
    // force deploys anyway.
    const forced = await call<Train>(s.mgmtUrl, 'POST', '/v1/router/train', { dataset_id: id, strategy: 'mlp', k: 4, tolerance: 1, force: true });
    assert.equal(forced.body.deployed, true, JSON.stringify(forced.body));
    assert.equal(s.pool!.state().weights_path, forced.body.package.weights_path);
  });

  it('traces with feedback train the mlp strategy; bad requests are 400s naming the field', async () => {
    const qs = makeQuestions(s.mock, 20, 400);
    for (const q of qs) {
      for (const model of [A, B]) {
        const good = scores(q.metadata.topic, false)[model] === 1;
        const r = await fetch(`${s.gwUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-opentracy-metadata': `feedback=${good ? 'good' : 'bad'}` },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: q.input }] }),
        });
        assert.equal(r.status, 200);
        await r.text();
      }
    }
    await s.gw.traces!.flush();
    const t = await call<Train & { package: { models: string[]; n_prompts: number } }>(s.mgmtUrl, 'POST', '/v1/router/train', { traces: true, strategy: 'mlp', k: 4, reload: false });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.deepEqual([...t.body.package.models].sort(), [A, B]);
    assert.equal(t.body.package.n_prompts, 40);
    assert.ok(t.body.package.check!.router_quality >= 0.8, JSON.stringify(t.body.package.check));
    for (const [body, param] of [
      [{ traces: true, strategy: 'forest' }, 'strategy'],
      [{ traces: { feedback_key: 3 } }, 'traces.feedback_key'],
      [{ traces: 'yes' }, 'traces'],
      [{ traces: true, dataset_id: 'x' }, 'traces'],
    ] as const) {
      const r = await call<{ error: { param: string } }>(s.mgmtUrl, 'POST', '/v1/router/train', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.param, param);
    }
  });
});
