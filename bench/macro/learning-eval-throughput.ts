/**
 * Evaluation throughput: samples x models per second through a real gateway in front of
 * the topic-aware mock (answers at once), scored with `contains`, at a given concurrency.
 * In-process (gateway, management server and mock share one Node process), loopback only.
 *
 *   node dist/bench/macro/learning-eval-throughput.js [--samples 1000] [--concurrency 16]
 *
 * Two models (the mock's model-a and model-b), so calls = samples x 2.
 */
import { call, startStack, waitFor } from '../../management/test/learning/stack.js';
import { makeQuestions } from '../../management/test/learning/topic-mock.js';

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const samplesN = Number(arg('samples', '1000'));
const concurrency = Number(arg('concurrency', '16'));

const s = await startStack();
try {
  const samples = makeQuestions(s.mock, Math.ceil(samplesN / 2)).slice(0, samplesN);
  const models = ['openai/model-a', 'openai/model-b'];
  for (const run of ['warm-up', 'measured']) {
    const n = run === 'warm-up' ? 50 : samples.length;
    const t0 = performance.now();
    const r = await call<{ evaluation_id: string }>(s.mgmtUrl, 'POST', '/v1/evaluations', { name: run, samples: samples.slice(0, n), models, metrics: ['contains'], config: { concurrency, max_samples: n } });
    await waitFor(() => call<{ status: string }>(s.mgmtUrl, 'GET', `/v1/evaluations/${r.body.evaluation_id}/status`), (v) => v.body.status === 'completed', 600_000, 20);
    const secs = (performance.now() - t0) / 1000;
    if (run === 'measured') {
      const calls = n * models.length;
      const res = await call<{ results: { summary: { models: Record<string, { errors: number; avg_scores: Record<string, number> }> } } }>(s.mgmtUrl, 'GET', `/v1/evaluations/${r.body.evaluation_id}/results?limit=1`);
      const errors = Object.values(res.body.results.summary.models).reduce((a, m) => a + m.errors, 0);
      console.log(JSON.stringify({ bench: 'learning-eval-throughput', samples: n, models: models.length, concurrency, seconds: Math.round(secs * 100) / 100, calls_per_s: Math.round(calls / secs), errors, mock_calls: s.mock.calls.length, node: process.version, date: new Date().toISOString() }));
    }
  }
} finally {
  await s.close();
}
