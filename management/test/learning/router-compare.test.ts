/** Pure parts of retraining from traffic: feedback parsing, feedback traces as labels, the held-back comparison. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareChoices } from '../../src/learning/router/compare.js';
import { feedbackScore, fromFeedbackTraces } from '../../src/learning/router/training-data.js';

test('feedback: numbers in [0, 1] and words; anything else is no feedback', () => {
  assert.equal(feedbackScore(1), 1);
  assert.equal(feedbackScore(0.25), 0.25);
  assert.equal(feedbackScore('0.5'), 0.5);
  assert.equal(feedbackScore('Good'), 1);
  assert.equal(feedbackScore('thumbs_down'), 0);
  for (const v of [2, -1, '1.5', 'meh', '', null, undefined, {}, Number.NaN]) assert.equal(feedbackScore(v), null, String(v));
});

test('feedback traces label the provider/model that answered; others unmeasured; non-chat and empty prompts skipped', () => {
  const t = (input_text: string, provider: string, selected_model: string, feedback: unknown, request_type = 'chat') => ({ input_text, provider, selected_model, request_type, metadata: feedback === undefined ? {} : { feedback } });
  const d = fromFeedbackTraces([
    t('q1', 'openai', 'a', 'good'),
    t('q1', 'openai', 'a', 'bad'),
    t('q1', 'anthropic', 'b', 1),
    t('q2', 'openai', 'a', 'no opinion'),
    t('q3', 'openai', 'a', 'good', 'route'),
    t('', 'openai', 'a', 'good'),
    t('q4', 'anthropic', 'b', '0', 'chat_stream'),
    t('q5', 'openai', 'a', 'good', 'chat_multiturn'), // a session roll-up repeats its turns
  ]);
  assert.deepEqual(d.prompts, ['q1', 'q4']);
  assert.deepEqual(d.models, ['openai/a', 'anthropic/b']);
  assert.equal(d.scores[0], 0.5); // two votes on one pair: their mean
  assert.equal(d.scores[1], 1);
  assert.ok(Number.isNaN(d.scores[2]!));
  assert.equal(d.scores[3], 0);
});

test('comparison: both routers on the held-back prompts where both choices are scored; worse is refused with both scores', () => {
  const N = Number.NaN;
  // 6 prompts x 2 models; prompt 5 has no score for model 1.
  const data = { prompts: ['a', 'b', 'c', 'd', 'e', 'f'], models: ['m0', 'm1'], scores: Float64Array.from([1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, N]) };
  const holdout = [0, 1, 2, 3, 4, 5];
  const good = Int32Array.from([0, 0, 1, 1, 0, 1]);
  const bad = Int32Array.from([1, 1, 0, 0, 0, 0]);
  const c = compareChoices(data, holdout, bad, good)!;
  assert.equal(c.n_compared, 5);
  assert.equal(c.new_quality, 0.2);
  assert.equal(c.current_quality, 1);
  assert.equal(c.passed, false);
  assert.match(c.note, /refused: .*0\.2.*worse than the current router's 1/);
  assert.equal(compareChoices(data, holdout, good, bad)!.passed, true);
  assert.equal(compareChoices(data, holdout, good, good)!.passed, true, 'a tie is not worse');
  assert.equal(compareChoices(data, holdout, good, Int32Array.from([-1, -1, -1, -1, -1, -1])), null, 'current knows none of the models');
});

test('an mlp retrain from sparse feedback (one model scored per prompt) trains and checks', async () => {
  const { buildMlpRouter, checkRouter } = await import('../../src/learning/router/build.js');
  const n = 48;
  const dim = 16;
  const prompts = Array.from({ length: n }, (_, i) => (i % 2 ? `What is ${i} plus ${i + 3}? Compute the sum.` : `In which year did event ${i} take place in history?`));
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    x[i * dim + (i % 2)] = 1; // the topic, as an embedding would see it
    x[i * dim + 2 + (i % 7)] = 0.2;
  }
  // Only the model that answered is scored: model 0 answers even prompts, model 1 odd ones... alternately right.
  const scores = new Float64Array(n * 2).fill(Number.NaN);
  for (let i = 0; i < n; i++) scores[i * 2 + ((i >> 1) % 2)] = (i % 2) === ((i >> 1) % 2) ? 1 : 0;
  const data = { prompts, models: ['p/m0', 'p/m1'], scores };
  const idx = Array.from({ length: 40 }, (_, i) => i);
  const sel = buildMlpRouter(data, x, dim, idx, { k: 2, priorWeight: 2, seed: 1, centroids: null, costPer1k: [0, 0] });
  assert.ok(Number.isFinite(sel.cv.best.score));
  const c = checkRouter(sel.trained, data, x, dim, [40, 41, 42, 43, 44, 45, 46, 47], 0.02);
  assert.ok(Number.isFinite(c.router_quality) && c.router_quality >= 0 && c.router_quality <= 1, JSON.stringify(c));
});
