/**
 * Distillation safety (issue 17): without training_backend a job never defaults to the hosted
 * fine-tuning API: it is a 400 naming where the data would go (dry runs too), unless a local
 * training command is configured, which is then the default backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, startStack, type Stack } from './stack.js';

describe('distillation training backend default', () => {
  let s: Stack;
  before(async () => {
    s = await startStack();
  });
  after(async () => s.close());
  const config = { teacher_model: 'openai/teacher', judge_model: 'openai/judge', n_samples: 2, prompts: ['What is 2+2?', 'Name a colour.'] };

  it('no backend and no local command: a 400 naming the hosted API, no teacher call made', async () => {
    const before = s.mock.calls.length;
    for (const extra of [{ confirm: true }, { dry_run: true }]) {
      const r = await call<{ error: { param: string; message: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { name: 'x', config, ...extra });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.param, 'config.training_backend');
      assert.match(r.body.error.message, /hosted fine-tuning API at https?:\/\//);
    }
    assert.equal(s.mock.calls.length, before, 'nothing was sent anywhere');
    const explicit = await call<{ config: { training_backend: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { name: 'x', config: { ...config, training_backend: 'openai' }, dry_run: true });
    assert.equal(explicit.status, 200, 'an explicit openai backend is accepted');
  });

  it('with OPENTRACY_LOCAL_TRAIN_COMMAND configured, local is the default', async () => {
    process.env.OPENTRACY_LOCAL_TRAIN_COMMAND = JSON.stringify([process.execPath, '-e', '0', '{data}', '{out}']);
    try {
      await s.restartManagement();
    } finally {
      delete process.env.OPENTRACY_LOCAL_TRAIN_COMMAND;
    }
    const r = await call<{ id: string; config: { training_backend: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', { name: 'local default', config, confirm: true });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.config.training_backend, 'local');
    await call(s.mgmtUrl, 'POST', `/v1/distillation/${r.body.id}/cancel`);
  });
});
