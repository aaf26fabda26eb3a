/**
 * Router retraining time for N evaluated prompts (default 10,000 prompts x 2 models):
 * the evaluation rows are written straight into the management store (as a completed
 * evaluation), then POST /v1/router/train runs end to end: gather, embed with the
 * router's static embedder, held-out check, k-means + psi, package write and the
 * gateway's reload. Reports the phase timings the route returns.
 *
 *   node dist/bench/macro/learning-retrain.js [--prompts 10000] [--k 16]
 */
import { learningStore } from '../../management/src/learning/learning-store.js';
import { putEvaluation, putOutput, putSamples } from '../../management/src/learning/evaluations/eval-store.js';
import { BUILTIN_METRICS } from '../../management/src/learning/metrics/builtins.js';
import { call, startStack } from '../../management/test/learning/stack.js';
import { isRight, makeQuestions } from '../../management/test/learning/topic-mock.js';

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const prompts = Number(arg('prompts', '10000'));
const k = Number(arg('k', '16'));

const s = await startStack({ router: true });
try {
  const qs = makeQuestions(s.mock, Math.ceil(prompts / 2)).slice(0, prompts);
  const store = learningStore(s.mgmt.store);
  const id = 'benchev1';
  const now = new Date().toISOString();
  const models = ['openai/model-a', 'openai/model-b'];
  await putSamples(store, id, qs.map((q, i) => ({ sample_id: `s${i}`, input: q.input, expected: q.expected_output, metadata: q.metadata })));
  for (let i = 0; i < qs.length; i++) {
    for (const m of models) {
      const right = isRight(m.slice('openai/'.length), qs[i]!.input, qs[i]!.metadata.topic);
      void putOutput(store, id, i, m, { output: right ? qs[i]!.expected_output : 'WRONG', latency: 0.01, cost: 0, error: null, served_by: m, scores: { contains: { score: right ? 1 : 0, passed: right } } });
    }
  }
  await putEvaluation(store, {
    id, evaluation_id: id, tenant_id: 'default', name: 'bench', description: '', dataset_id: 'inline', models, metrics: ['contains'],
    metric_defs: BUILTIN_METRICS.filter((m) => m.metric_id === 'contains'), config: { concurrency: 16, max_samples: prompts, max_tokens: 150, temperature: 0, group_by: 'topic', judge_model: null },
    status: 'completed', progress: { total_samples: qs.length, completed_samples: qs.length, failed_samples: 0, total_calls: qs.length * 2, completed_calls: qs.length * 2 },
    error: null, summary: null, winner: null, created_at: now, updated_at: now, started_at: now, completed_at: now, resumed: 0,
  });
  const t0 = performance.now();
  const r = await call<{ deployed: boolean; timings_ms: Record<string, number>; package: { num_clusters: number; check: unknown } }>(s.mgmtUrl, 'POST', '/v1/router/train', { evaluation_ids: [id], k });
  const wall = performance.now() - t0;
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  console.log(JSON.stringify({ bench: 'learning-retrain', prompts: qs.length, models: models.length, k: r.body.package.num_clusters, deployed: r.body.deployed, wall_ms: Math.round(wall), timings_ms: r.body.timings_ms, check: r.body.package.check, node: process.version, date: new Date().toISOString() }));
} finally {
  await s.close();
}
