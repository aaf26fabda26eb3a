/**
 * Distillation end to end: teacher (with a 429 on each first call) -> LLM-judge curation
 * (one winner per prompt, duplicates skipped) -> OpenAI JSONL -> mock fine-tuning API ->
 * student evaluated and deployed under an alias that the gateway serves; cancel mid-phase;
 * the local-command backend with a node script.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { call, startStack, waitFor, type Stack } from './stack.js';

interface JobView {
  id: string;
  status: string;
  phase: string;
  error: string | null;
  student_model: string | null;
  results: Record<string, unknown>;
  progress: Record<string, { status: string; processed?: number }>;
  artifacts: Array<{ key: string; size: number; url: string }>;
  deployment: { alias: string; ok: boolean } | null;
}

const PROMPTS = ['What is the capital of France?', 'Explain recursion briefly.', 'Name three primary colours.', 'How do plants make food?', 'What is a prime number?', 'Why is the sky blue?', 'What is the capital of France?'];

describe('distillation jobs', () => {
  let s: Stack;
  before(async () => {
    s = await startStack();
  });
  after(async () => s.close());

  it('a job against the mock fine-tuning API completes and its student answers under the alias', async () => {
    const r = await call<JobView>(s.mgmtUrl, 'POST', '/v1/distillation', {
      name: 'support bot',
      config: { teacher_model: 'openai/teacher-429', judge_model: 'openai/judge', n_samples: 3, prompts: PROMPTS, training_backend: 'openai', student_model: 'gpt-4o-mini', finetune_base_url: s.mock.origin, finetune_api_key: 'sk-caller-own-key-0001', eval_holdout: 0.34, deploy_alias: 'support-bot', min_score: 0.5 },
      confirm: true,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'pending');
    const id = r.body.id;
    const done = await waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`), (x) => ['completed', 'failed', 'cancelled'].includes(x.body.status));
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    assert.equal(done.body.phase, 'completed');
    assert.equal(done.body.student_model, 'openai/ft:gpt-4o-mini-2024-07-18:acme::ftjob-1');
    // Candidates: 6 distinct prompts (the repeat was deduplicated), 3 each, exactly one winner, the duplicate never wins.
    const c = await call<{ total: number; samples: Array<{ candidates: Array<{ isWinner: boolean; duplicate_of: number | null; text: string; scores: { quality: number | null } }> }> }>(s.mgmtUrl, 'GET', `/v1/distillation/${id}/candidates`);
    assert.equal(c.body.total, 6);
    for (const smp of c.body.samples) {
      assert.equal(smp.candidates.length, 3);
      assert.equal(smp.candidates.filter((x) => x.isWinner).length, 1);
      const w = smp.candidates.find((x) => x.isWinner)!;
      assert.ok(w.text.includes('(good)'));
      assert.equal(w.duplicate_of, null);
      assert.equal(smp.candidates.filter((x) => x.duplicate_of !== null).length, 1);
    }
    // The fine-tuning file is the train split as OpenAI chat JSONL.
    assert.equal(s.mock.files.length, 1);
    const lines = s.mock.files[0]!.content.trim().split('\n').map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> });
    assert.ok(lines.length >= 3 && lines.length <= 5);
    for (const l of lines) assert.deepEqual(l.messages.map((m) => m.role), ['user', 'assistant']);
    const arts = await call<{ artifacts: Array<{ key: string; url: string }>; total: number }>(s.mgmtUrl, 'GET', `/v1/distillation/${id}/artifacts`);
    assert.equal(arts.body.total, arts.body.artifacts.length);
    const train = arts.body.artifacts.find((a) => a.key === 'train.jsonl')!;
    const dl = await fetch(s.mgmtUrl + train.url);
    assert.equal(dl.status, 200);
    assert.equal((await dl.text()).trim().split('\n').length, lines.length);
    // Student evaluation on the held-out prompts.
    assert.equal(typeof done.body.results.student_score, 'number');
    assert.equal(typeof done.body.results.teacher_score, 'number');
    // Deployed under the alias; the gateway serves the student.
    const dep = await waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`), (x) => x.body.deployment !== null);
    assert.equal(dep.body.deployment!.ok, true);
    const chat = await call<{ choices: Array<{ message: { content: string } }> }>(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'support-bot', messages: [{ role: 'user', content: 'hello student' }] });
    assert.equal(chat.status, 200);
    assert.equal(chat.body.choices[0]!.message.content, 'student says: (good) hello student');
    const logs = await call<{ logs: string[] }>(s.mgmtUrl, 'GET', `/v1/distillation/${id}/logs`);
    assert.ok(logs.body.logs.some((l) => /fine-tuning job ftjob-1: succeeded/.test(l)), logs.body.logs.join('\n'));
    assert.ok(logs.body.logs.every((l) => /^\[\d\d:\d\d:\d\d\] /.test(l)));
    // Deploy again under another alias through the route.
    const d2 = await call<{ model_id: string }>(s.mgmtUrl, 'POST', `/v1/distillation/${id}/deploy`, { alias: 'support-bot-2' });
    assert.equal(d2.status, 200, JSON.stringify(d2.body));
    assert.equal((await call(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'support-bot-2', messages: [{ role: 'user', content: 'x' }] })).status, 200);
  });

  it('cancelling mid-phase stops the calls and leaves a clean cancelled job', async () => {
    const r = await call<JobView>(s.mgmtUrl, 'POST', '/v1/distillation', { name: 'to cancel', config: { teacher_model: 'openai/teacher-slow-200', judge_model: 'openai/judge', n_samples: 4, prompts: PROMPTS.slice(0, 6), concurrency: 2, training_backend: 'none' }, confirm: true });
    const id = r.body.id;
    await waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`), (x) => (x.body.progress.data_generation?.processed ?? 0) >= 2);
    const c = await call<JobView>(s.mgmtUrl, 'POST', `/v1/distillation/${id}/cancel`);
    assert.equal(c.body.status, 'cancelled');
    assert.equal(c.body.phase, 'data_generation');
    assert.equal(c.body.error, 'Cancelled by user');
    const calls = s.mock.calls.filter((x) => x.model === 'teacher-slow-200').length;
    await new Promise((res) => setTimeout(res, 600));
    assert.equal(s.mock.calls.filter((x) => x.model === 'teacher-slow-200').length, calls, 'no teacher call after cancel');
    const again = await call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`);
    assert.equal(again.body.status, 'cancelled');
    assert.equal(again.body.phase, 'data_generation');
    const list = await call<{ jobs: JobView[]; total: number }>(s.mgmtUrl, 'GET', '/v1/distillation?status=cancelled');
    assert.ok(Array.isArray(list.body.jobs) && list.body.jobs.some((j) => j.id === id));
    assert.equal(list.body.total, list.body.jobs.length);
    assert.deepEqual((await call(s.mgmtUrl, 'DELETE', `/v1/distillation/${id}`)).body, { deleted: true });
    assert.equal((await call(s.mgmtUrl, 'GET', `/v1/distillation/${id}`)).status, 404);
  });

  it('the local-command backend runs the script, streams its output and collects its artifacts', async () => {
    const script = join(s.dataDir, 'train.mjs');
    writeFileSync(
      script,
      `import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
const [data, out] = process.argv.slice(2);
const n = readFileSync(data, 'utf8').trim().split('\\n').length;
for (let step = 1; step <= 3; step++) console.log(JSON.stringify({ step, loss: 1 / step }));
console.error('warming up the GPU (not really)');
mkdirSync(out + '/adapter', { recursive: true });
writeFileSync(out + '/adapter/model.txt', 'trained on ' + n + ' examples');
`,
    );
    await s.mgmt.close();
    process.env.OPENTRACY_LOCAL_TRAIN_COMMAND = JSON.stringify([process.execPath, script, '{data}', '{out}']);
    try {
      await s.restartManagement();
    } finally {
      delete process.env.OPENTRACY_LOCAL_TRAIN_COMMAND;
    }
    const r = await call<JobView>(s.mgmtUrl, 'POST', '/v1/distillation', { name: 'on-prem', config: { teacher_model: 'openai/teacher', judge_model: 'openai/judge', n_samples: 2, prompts: PROMPTS.slice(0, 4), training_backend: 'local', eval_holdout: 0 }, confirm: true });
    const id = r.body.id;
    const done = await waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`), (x) => ['completed', 'failed'].includes(x.body.status));
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    const art = done.body.artifacts.find((a) => a.key === 'out/adapter/model.txt');
    assert.ok(art, JSON.stringify(done.body.artifacts));
    const dl = await fetch(s.mgmtUrl + art.url);
    assert.equal(await dl.text(), 'trained on 4 examples');
    const logs = await call<{ logs: string[] }>(s.mgmtUrl, 'GET', `/v1/distillation/${id}/logs`);
    assert.ok(logs.body.logs.some((l) => l.includes('stderr: warming up the GPU')));
    const m = await call<{ metrics: Array<{ step: number; loss: number }>; total: number }>(s.mgmtUrl, 'GET', `/v1/distillation/${id}/metrics`);
    assert.deepEqual(m.body.metrics.map((x) => x.step), [1, 2, 3]);
    assert.equal(done.body.progress.evaluation!.status, 'skipped');
  });

  it('a job needs its prompts named and starts only when confirmed (dry_run gives the estimate)', async () => {
    const jobs = async (): Promise<number> => (await call<{ total: number }>(s.mgmtUrl, 'GET', '/v1/distillation')).body.total;
    const teacherCalls = (): number => s.mock.calls.filter((x) => x.model === 'teacher-dry').length;
    const before = await jobs();
    // Regression (issue 14): {} used to start at once on 30 days of traces.
    const empty = await call<{ error: { param: string; message: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', {});
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.param, 'config.dataset_id');
    const missing = await call<{ error: { param: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { config: { dataset_id: 'nope' }, confirm: true });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.param, 'config.dataset_id');
    const config = { teacher_model: 'openai/teacher-dry', judge_model: 'openai/judge', n_samples: 2, prompts: PROMPTS, training_backend: 'none' };
    const dry = await call<{ dry_run: boolean; started: boolean; estimate: { prompts: number; teacher_calls: number; estimated_cost: number } }>(s.mgmtUrl, 'POST', '/v1/distillation', { config, dry_run: true });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.started, false);
    assert.equal(dry.body.estimate.prompts, 6, 'the repeated prompt is counted once');
    assert.equal(dry.body.estimate.teacher_calls, 12);
    assert.equal(typeof dry.body.estimate.estimated_cost, 'number');
    const unconfirmed = await call<{ error: { param: string; message: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { config });
    assert.equal(unconfirmed.status, 400);
    assert.equal(unconfirmed.body.error.param, 'confirm');
    assert.match(unconfirmed.body.error.message, /12 teacher calls/);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/distillation', { config, confirm: 'yes' })).status, 400);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await jobs(), before, 'no job was created');
    assert.equal(teacherCalls(), 0, 'no paid call was made');
    const started = await call<JobView & { estimate: { teacher_calls: number } }>(s.mgmtUrl, 'POST', '/v1/distillation', { config, confirm: true });
    assert.equal(started.status, 201);
    assert.equal(started.body.estimate.teacher_calls, 12);
    const done = await waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${started.body.id}`), (x) => ['completed', 'failed'].includes(x.body.status));
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    assert.equal(teacherCalls(), 12);
    assert.equal(await jobs(), before + 1);
  });

  it('validates configs, and the catalog routes answer', async () => {
    const bad = await call<{ error: { message: string; param: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { config: { n_samples: 99 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'config.n_samples');
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/distillation', { config: { judge_modle: 'x' } })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/distillation', { config: { training_backend: 'shell' } })).status, 400);
    const est = await call<{ estimated_cost: number }>(s.mgmtUrl, 'POST', '/v1/distillation/estimate', { student_model: 'llama-3.2-1b', num_prompts: 1000, n_samples: 4 });
    assert.equal(est.body.estimated_cost, 4.01);
    assert.ok(((await call<{ models: unknown[] }>(s.mgmtUrl, 'GET', '/v1/distillation/teacher-models')).body.models.length) >= 5);
    assert.ok(((await call<{ models: unknown[] }>(s.mgmtUrl, 'GET', '/v1/distillation/student-models')).body.models.length) >= 5);
    assert.equal((await call(s.mgmtUrl, 'GET', '/v1/distillation/nope')).status, 404);
    assert.equal((await call(s.mgmtUrl, 'GET', '/v1/distillation/nope/download/train.jsonl')).status, 404);
  });
});
