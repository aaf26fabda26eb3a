/**
 * End to end on loopback: an evaluation through a real gateway recovers each mock model's
 * per-topic accuracy; retraining the router from it makes `auto` pick the right model per
 * topic in the running gateway; rollback returns to the previous package.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, startStack, waitFor, type Stack } from './stack.js';
import { isRight, makeQuestions, SKILL } from './topic-mock.js';

interface Status {
  status: string;
  progress: { total_samples: number; completed_samples: number; completed_calls: number; total_calls: number };
}

describe('evaluation -> router retraining -> auto', () => {
  let s: Stack;
  let evalId = '';
  let samples: ReturnType<typeof makeQuestions> = [];
  before(async () => {
    s = await startStack({ router: true });
  });
  after(async () => s.close());

  it('an evaluation over a dataset recovers per-topic accuracy of each model', async () => {
    samples = makeQuestions(s.mock, 40);
    const ds = await call<{ dataset_id: string }>(s.mgmtUrl, 'POST', '/v1/datasets', { name: 'topics' });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));
    const add = await call(s.mgmtUrl, 'POST', `/v1/datasets/${ds.body.dataset_id}/samples`, { samples });
    assert.ok(add.status === 200 || add.status === 201, JSON.stringify(add.body));
    const r = await call<{ evaluation_id: string; status: string }>(s.mgmtUrl, 'POST', '/v1/evaluations', {
      name: 'topic accuracy',
      dataset_id: ds.body.dataset_id,
      models: ['openai/model-a', 'openai/model-b'],
      metrics: ['contains', 'exact_match', 'latency'],
      config: { group_by: 'topic', concurrency: 16 },
    });
    assert.equal(r.status, 202);
    assert.equal(r.body.status, 'queued');
    evalId = r.body.evaluation_id;
    const st = await waitFor(() => call<Status>(s.mgmtUrl, 'GET', `/v1/evaluations/${evalId}/status`), (x) => x.body.status === 'completed');
    assert.equal(st.body.progress.completed_samples, 80);
    assert.equal(st.body.progress.completed_calls, 160);
    const res = await call<{ results: { summary: { groups: Record<string, Record<string, Record<string, number>>> }; winner: { model: string } }; samples_total: number }>(s.mgmtUrl, 'GET', `/v1/evaluations/${evalId}/results?limit=5`);
    assert.equal(res.body.samples_total, 80);
    const groups = res.body.results.summary.groups;
    for (const model of ['model-a', 'model-b']) {
      for (const topic of ['math', 'history']) {
        const got = groups[topic]![`openai/${model}`]!.contains!;
        const exact = samples.filter((x) => x.metadata.topic === topic).filter((x) => isRight(model, x.input, topic)).length / 40;
        assert.ok(Math.abs(got - exact) < 1e-9, `${model} ${topic}: ${got} vs mock truth ${exact}`);
        assert.ok(Math.abs(got - SKILL[model]![topic]!) <= 0.15, `${model} ${topic}: ${got} vs skill ${SKILL[model]![topic]}`);
      }
    }
  });

  it('results are paged and the record keeps its fields after status updates', async () => {
    const p1 = await call<{ results: { samples: Array<{ sample_id: string; outputs: Record<string, { output: string }>; scores: Record<string, Record<string, { score: number }>> }> }; has_more: boolean }>(s.mgmtUrl, 'GET', `/v1/evaluations/${evalId}/results?limit=30&offset=0`);
    const p3 = await call<{ results: { samples: unknown[] }; has_more: boolean }>(s.mgmtUrl, 'GET', `/v1/evaluations/${evalId}/results?limit=30&offset=60`);
    assert.equal(p1.body.results.samples.length, 30);
    assert.equal(p1.body.has_more, true);
    assert.equal(p3.body.results.samples.length, 20);
    assert.equal(p3.body.has_more, false);
    const first = p1.body.results.samples[0]!;
    assert.ok(first.outputs['openai/model-a']!.output.startsWith('The answer is'));
    assert.ok([0, 1].includes(first.scores.contains!['openai/model-b']!.score));
    const e = await call<{ name: string; models: string[]; metrics: string[]; config: { group_by: string }; summary: unknown; winner: unknown }>(s.mgmtUrl, 'GET', `/v1/evaluations/${evalId}`);
    assert.equal(e.body.name, 'topic accuracy');
    assert.deepEqual(e.body.models, ['openai/model-a', 'openai/model-b']);
    assert.deepEqual(e.body.metrics, ['contains', 'exact_match', 'latency']);
    assert.equal(e.body.config.group_by, 'topic');
    assert.ok(e.body.winner);
  });

  it('retraining from the evaluation makes auto choose the best model per topic, and rollback restores the old package', async () => {
    // Regression (issue 14): `active: null` while the gateway served router-default.
    const initial = await call<{ active: string | null; active_source: string; active_weights_path: string }>(s.mgmtUrl, 'GET', '/v1/router/packages');
    assert.equal(initial.body.active, 'router-default');
    assert.equal(initial.body.active_source, 'gateway');
    assert.ok(initial.body.active_weights_path.endsWith('models/router-default'));
    const t = await call<{ deployed: boolean; package: { id: string; weights_path: string; models: string[]; check: { passed: boolean; router_quality: number; best_single_quality: number } } }>(s.mgmtUrl, 'POST', '/v1/router/train', { evaluation_ids: [evalId], metric: 'contains', k: 4 });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal(t.body.deployed, true, JSON.stringify(t.body));
    assert.ok(t.body.package.weights_path.startsWith(`${s.dataDir}/weights/`));
    assert.ok(t.body.package.check.router_quality >= t.body.package.check.best_single_quality - 0.02, JSON.stringify(t.body.package.check));
    assert.equal(s.pool!.state().weights_path, t.body.package.weights_path);
    const fresh = makeQuestions(s.mock, 12, 500);
    let right = 0;
    for (const q of fresh) {
      const r = await fetch(`${s.gwUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: q.input }] }) });
      assert.equal(r.status, 200);
      const chosen = r.headers.get('x-opentracy-selected-model');
      if (chosen === (q.metadata.topic === 'math' ? 'openai/model-a' : 'openai/model-b')) right++;
    }
    assert.ok(right >= 20, `auto chose the best model for ${right}/24 unseen prompts`);
    const list = await call<{ active: string; packages: Array<{ id: string; status: string }> }>(s.mgmtUrl, 'GET', '/v1/router/packages');
    assert.equal(list.body.active, t.body.package.id);
    assert.equal((list.body as unknown as { active_source: string }).active_source, 'gateway');
    const rb = await call<{ active: { id: string; weights_path: string } }>(s.mgmtUrl, 'POST', '/v1/router/rollback');
    assert.equal(rb.status, 200, JSON.stringify(rb.body));
    assert.equal(rb.body.active.id, 'gateway-initial');
    assert.ok(s.pool!.state().weights_path.endsWith('models/router-default'));
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/router/rollback')).status, 400);
  });

  it('bad training requests are clear 400/404s', async () => {
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/router/train', {})).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/router/train', { evaluation_ids: ['nope'] })).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/router/train', { evaluation_ids: [evalId], k: 0 })).status, 400);
  });
});
