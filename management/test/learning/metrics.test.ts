/** Metrics: pure scorers, judge parsing, the JSON-schema validator, the /v1/metrics routes, and judge/similarity/cancel in a live evaluation. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseJudgeScore } from '../../src/learning/metrics/judge.js';
import { checkSchema, validate } from '../../src/learning/metrics/json-schema.js';
import { contains, cost, exactMatch, jsonSchema, latency, regex } from '../../src/learning/metrics/score.js';
import { pickWinner } from '../../src/learning/distillation/curate.js';
import type { Candidate } from '../../src/learning/distillation/types.js';
import { call, startStack, waitFor, type Stack } from './stack.js';
import { makeQuestions } from './topic-mock.js';

const x = (output: string, expected = '', latencyMs = 0, costUsd = 0): { input: string; output: string; expected: string; latencyMs: number; costUsd: number } => ({ input: 'q', output, expected, latencyMs, costUsd });

describe('metric scorers (pure)', () => {
  it('exact match, contains, latency, cost, regex, json schema', () => {
    assert.equal(exactMatch({}, x(' Paris ', 'Paris')).score, 1);
    assert.equal(exactMatch({}, x('paris', 'Paris')).score, 0);
    assert.equal(exactMatch({ ignore_case: true }, x('paris', 'Paris')).score, 1);
    assert.equal(contains({}, x('It is PARIS.', 'paris')).passed, true);
    assert.equal(contains({ values: ['a', 'b'], all_must_match: true }, x('a only')).score, 0.5);
    assert.equal(latency({ max_acceptable: 10 }, x('', '', 2500)).score, Math.round((1 - Math.sqrt(0.25)) * 1e4) / 1e4);
    assert.equal(cost({ max_acceptable: 0.01 }, x('', '', 0, 0.02)).passed, false);
    assert.equal(regex({ pattern: '^\\d+$' }, x('42')).score, 1);
    assert.equal(regex({ pattern: 'error', must_match: false }, x('fine')).passed, true);
    const schema = { type: 'object', required: ['name', 'tags'], properties: { name: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { enum: ['a', 'b'] } }, n: { type: 'integer' } }, additionalProperties: false };
    assert.equal(checkSchema(schema), null);
    assert.match(checkSchema({ type: 'object', $ref: '#/x' }) ?? '', /unsupported keyword/);
    assert.deepEqual(validate(schema, { name: 'x', tags: ['a'] }), []);
    assert.equal(validate(schema, { name: '', tags: ['c'], n: 1.5, extra: 1 }).length, 4);
    assert.equal(jsonSchema({ schema }, x('```json\n{"name":"x","tags":[]}\n```')).score, 1);
    assert.equal(jsonSchema({ schema }, x('not json')).score, 0);
  });

  it('judge replies: the SCORE line, a fraction, or nothing (never a made-up score)', () => {
    const scale = { min: 1, max: 10 };
    assert.deepEqual(parseJudgeScore('Good answer.\nSCORE: 8', scale), { raw: 8, normalized: 7 / 9 });
    assert.equal(parseJudgeScore('I would give it 7/10 overall', scale)?.raw, 7);
    assert.equal(parseJudgeScore('**Score:** 10', scale)?.raw, 10);
    assert.equal(parseJudgeScore('Score: 42', scale), null);
    assert.equal(parseJudgeScore('I cannot judge this.', scale), null);
  });

  it('curation keeps exactly one winner per prompt, never a duplicate, none below the threshold', () => {
    const c = (score: number | null, dup: number | null = null): Candidate => ({ text: 't', error: null, cost: 0, score, score_error: null, duplicate_of: dup, is_winner: false });
    assert.equal(pickWinner([{ k: 0, c: c(0.8) }, { k: 1, c: c(0.8) }, { k: 2, c: c(0.9, 0) }], 0).winner, 0);
    assert.equal(pickWinner([{ k: 0, c: c(0.3) }], 0.5).winner, null);
    assert.equal(pickWinner([{ k: 0, c: c(null) }], 0).winner, null);
  });
});

describe('/v1/metrics and metrics in a live evaluation', () => {
  let s: Stack;
  before(async () => {
    s = await startStack();
  });
  after(async () => s.close());

  it('lists six built-ins, creates, updates and deletes custom metrics, refuses code', async () => {
    const l = await call<{ metrics: Array<{ metric_id: string; is_builtin: boolean }>; count: number }>(s.mgmtUrl, 'GET', '/v1/metrics');
    assert.deepEqual(l.body.metrics.filter((m) => m.is_builtin).map((m) => m.metric_id), ['exact_match', 'contains', 'similarity', 'llm_judge', 'latency', 'cost']);
    const py = await call<{ error: { message: string } }>(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'mine', type: 'python', python_script: 'import os' });
    assert.equal(py.status, 400);
    assert.match(py.body.error.message, /off: start the management server with OPENTRACY_SCRIPT_METRICS=1/, 'code is refused unless script metrics are turned on (issue 17)');
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'bad re', type: 'regex', config: { pattern: '(' } })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'bad schema', type: 'json_schema', config: { schema: { type: 'thing' } } })).status, 400);
    const ok = await call<{ metric_id: string }>(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'Has Answer', type: 'regex', config: { pattern: 'ANS\\d+' } });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.metric_id, 'has_answer');
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'Has Answer', type: 'regex', config: { pattern: 'x' } })).status, 400);
    const put = await call<{ config: { pattern: string }; created_at: string }>(s.mgmtUrl, 'PUT', '/v1/metrics/has_answer', { config: { pattern: 'ANS[0-9]+' } });
    assert.equal(put.body.config.pattern, 'ANS[0-9]+');
    assert.equal((await call(s.mgmtUrl, 'PUT', '/v1/metrics/exact_match', { name: 'x' })).status, 400);
    const judge = await call(s.mgmtUrl, 'POST', '/v1/metrics', { name: 'tone', type: 'judge_prompt', config: { prompt: 'Is this polite? {output}', judge_model: 'openai/judge' } });
    assert.equal(judge.status, 201);
    assert.equal((await call(s.mgmtUrl, 'DELETE', '/v1/metrics/tone')).status, 200);
    assert.equal((await call(s.mgmtUrl, 'GET', '/v1/metrics/tone')).status, 404);
  });

  it('llm_judge calls the judge through the gateway and its scores follow correctness; similarity uses the embedder', async () => {
    const samples = makeQuestions(s.mock, 10);
    const r = await call<{ evaluation_id: string }>(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'judged', samples, models: ['openai/model-a'], metrics: ['llm_judge', 'contains', 'similarity', 'has_answer'], config: { judge_model: 'openai/judge' } });
    assert.equal(r.status, 202);
    const id = r.body.evaluation_id;
    await waitFor(() => call<{ status: string }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/status`), (v) => v.body.status === 'completed');
    const res = await call<{ results: { samples: Array<{ scores: Record<string, Record<string, { score: number | null; raw_score?: number }>> }> } }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/results?limit=100`);
    const judged = s.mock.calls.filter((c) => c.model === 'judge').length;
    assert.equal(judged, 20);
    for (const smp of res.body.results.samples) {
      const right = smp.scores.contains!['openai/model-a']!.score === 1;
      assert.equal(smp.scores.llm_judge!['openai/model-a']!.raw_score, right ? 9 : 2);
      assert.equal(typeof smp.scores.similarity!['openai/model-a']!.score, 'number');
    }
  });

  it('cancel aborts an evaluation in flight; nothing more is called', async () => {
    const samples = makeQuestions(s.mock, 200, 1000);
    const r = await call<{ evaluation_id: string }>(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'to cancel', samples, models: ['openai/model-a', 'openai/model-b'], metrics: ['contains'], config: { concurrency: 2 } });
    const id = r.body.evaluation_id;
    await waitFor(() => call<{ progress: { completed_calls: number } }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}/status`), (v) => v.body.progress.completed_calls >= 10, 10_000, 10);
    const c = await call<{ success: boolean; status: string }>(s.mgmtUrl, 'POST', `/v1/evaluations/${id}/cancel`);
    assert.deepEqual(c.body, { success: true, status: 'cancelled' });
    const n = s.mock.calls.length;
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(s.mock.calls.length, n);
    const e = await call<{ status: string; name: string; models: string[]; progress: { completed_calls: number; total_calls: number } }>(s.mgmtUrl, 'GET', `/v1/evaluations/${id}`);
    assert.equal(e.body.status, 'cancelled');
    assert.equal(e.body.name, 'to cancel');
    assert.equal(e.body.models.length, 2);
    assert.ok(e.body.progress.completed_calls < e.body.progress.total_calls);
    assert.equal((await call(s.mgmtUrl, 'DELETE', `/v1/evaluations/${id}`)).status, 200);
    assert.equal((await call(s.mgmtUrl, 'GET', `/v1/evaluations/${id}`)).status, 404);
  });

  it('rejects bad evaluation requests', async () => {
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations', { models: ['m'], samples: ['q'] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'x', models: [], samples: ['q'] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'x', models: ['m'], metrics: ['nope'], samples: ['q'] })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'x', models: ['m'], dataset_id: 'ds_missing' })).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/evaluations', { name: 'x', models: ['m'], samples: ['q'], config: { concurrency: 0 } })).status, 400);
  });
});
