/**
 * The management server as a child process, killed (SIGKILL) in the middle of a
 * distillation job and of an evaluation, then started again on the same data: both
 * resume from what was stored and finish; nothing stored before the kill is redone.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../../gateway/src/config.js';
import { startGateway, type RunningGateway } from '../../../gateway/src/gateway.js';
import { call, gatewayEnv, managementEnv, REPO, waitFor } from './stack.js';
import { makeQuestions, startTopicMock, type TopicMock } from './topic-mock.js';

interface Child {
  proc: ChildProcess;
  url: string;
}

function startChild(dataDir: string, gwUrl: string, mockOrigin: string): Promise<Child> {
  const env = { ...process.env, ...managementEnv(dataDir, gwUrl), OPENTRACY_RETRY_BASE_MS: '5', OPENTRACY_FINETUNE_POLL_MS: '20', OPENTRACY_FINETUNE_BASE_URL: mockOrigin, OPENTRACY_JUDGE_MODEL: 'openai/judge' };
  const proc = spawn(process.execPath, [join(REPO, 'dist/management/src/main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.on('exit', (code) => reject(new Error(`management exited with ${code}: ${err}`)));
  });
}

const kill = (c: Child): Promise<void> =>
  new Promise((r) => {
    c.proc.removeAllListeners('exit');
    c.proc.on('exit', () => r());
    c.proc.kill('SIGKILL');
  });

describe('kill -9 mid-job and restart', () => {
  let mock: TopicMock;
  let gw: RunningGateway;
  let gwUrl: string;
  let dataDir: string;
  let child: Child | null = null;
  before(async () => {
    mock = await startTopicMock();
    dataDir = mkdtempSync(join(tmpdir(), 'ot-learning-kill-'));
    gw = await startGateway(parseConfig(gatewayEnv(dataDir, mock.origin)), { log: () => undefined });
    gwUrl = `http://127.0.0.1:${gw.port}`;
  });
  after(async () => {
    if (child) await kill(child);
    await gw.close();
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a distillation job and an evaluation survive a SIGKILL and finish after restart', async () => {
    child = await startChild(dataDir, gwUrl, mock.origin);
    const prompts = Array.from({ length: 10 }, (_, i) => `Describe topic number ${i} in one sentence.`);
    const job = await call<{ id: string }>(child.url, 'POST', '/v1/distillation', { name: 'survivor', config: { teacher_model: 'openai/teacher-slow-60', judge_model: 'openai/judge', n_samples: 3, prompts, concurrency: 3, training_backend: 'openai', eval_holdout: 0.2 }, confirm: true });
    assert.equal(job.status, 201);
    const questions = makeQuestions(mock, 30);
    const ev = await call<{ evaluation_id: string }>(child.url, 'POST', '/v1/evaluations', { name: 'survivor eval', samples: questions, models: ['openai/model-a', 'openai/model-b'], metrics: ['contains'], config: { concurrency: 1 } });
    assert.equal(ev.status, 202);
    type Cands = { samples: Array<{ candidates: Array<{ candidate_idx: number; text: string }> }> };
    const before = await waitFor(() => call<Cands>(child!.url, 'GET', `/v1/distillation/${job.body.id}/candidates`), (x) => x.body.samples.reduce((a, p) => a + p.candidates.length, 0) >= 9, 15_000, 20);
    const evBefore = await call<{ progress: { completed_calls: number } }>(child.url, 'GET', `/v1/evaluations/${ev.body.evaluation_id}/status`);
    await kill(child);
    const teacherCallsAtKill = mock.calls.filter((c) => c.model === 'teacher-slow-60').length;
    const evalCallsAtKill = mock.calls.filter((c) => c.model.startsWith('model-')).length;
    child = await startChild(dataDir, gwUrl, mock.origin);
    const done = await waitFor(() => call<{ status: string; phase: string; error: string | null; resumed: number; student_model: string }>(child!.url, 'GET', `/v1/distillation/${job.body.id}`), (x) => ['completed', 'failed'].includes(x.body.status), 25_000);
    assert.equal(done.body.status, 'completed', String(done.body.error));
    assert.equal(done.body.resumed, 1);
    assert.ok(done.body.student_model.startsWith('openai/ft:'));
    const afterC = await call<Cands>(child.url, 'GET', `/v1/distillation/${job.body.id}/candidates`);
    assert.equal(afterC.body.samples.reduce((a, p) => a + p.candidates.length, 0), 30);
    // Every candidate stored before the kill is still there, unchanged (not generated again).
    const byKey = new Map(afterC.body.samples.flatMap((p, i) => p.candidates.map((c) => [`${i}:${c.candidate_idx}`, c.text] as const)));
    for (const [i, p] of before.body.samples.entries()) for (const c of p.candidates) assert.equal(byKey.get(`${i}:${c.candidate_idx}`), c.text);
    // Only the missing candidates were asked for (plus at most the calls in flight at the kill).
    const extra = mock.calls.filter((c) => c.model === 'teacher-slow-60').length - teacherCallsAtKill;
    assert.ok(extra <= 30 - 9 + 3 && extra >= 30 - teacherCallsAtKill, `teacher calls after restart: ${extra}`);
    const logs = await call<{ logs: string[] }>(child.url, 'GET', `/v1/distillation/${job.body.id}/logs`);
    assert.ok(logs.body.logs.some((l) => l.includes('resuming in phase')));
    const evDone = await waitFor(() => call<{ status: string; progress: { completed_calls: number; total_calls: number } }>(child!.url, 'GET', `/v1/evaluations/${ev.body.evaluation_id}/status`), (x) => x.body.status === 'completed', 20_000);
    assert.equal(evDone.body.progress.completed_calls, 120);
    const evExtra = mock.calls.filter((c) => c.model.startsWith('model-')).length - evalCallsAtKill;
    assert.ok(evExtra <= 120 - evBefore.body.progress.completed_calls + 1, `evaluation calls after restart: ${evExtra}`);
  });
});
