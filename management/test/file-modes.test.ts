/**
 * What the services write under the data dir holds prompts, responses and keys: under umask
 * 022 every file is 0600 and every directory 0700 after a traced request, a dataset, an alias
 * and a distillation export (the modes are set where the files are made, not only by the
 * entry points' umask; gateway/test/e2e/process.test.ts checks `npm start` itself).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTraceStore } from '../../gateway/src/traces/store-open.js';
import { notPrivate } from '../../gateway/test/helpers/processes.js';
import { ManagementEnv } from '../src/store/management-env.js';
import { call, startStack, waitFor, type Stack } from './learning/stack.js';

describe('file modes under umask 022', () => {
  let s: Stack;
  let umask: number;
  before(async () => {
    umask = process.umask(0o022);
    s = await startStack();
  });
  after(async () => {
    await s.close();
    process.umask(umask);
  });

  it('traces, the management store, aliases and distillation files are 0600, their directories 0700', async () => {
    const chat = await call(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'openai/teacher', messages: [{ role: 'user', content: 'a private prompt' }] });
    assert.equal(chat.status, 200, JSON.stringify(chat.body));
    const alias = await call(s.gwUrl, 'POST', '/v1/models/register', { alias: 'private-alias', target: 'openai/teacher' });
    assert.ok(alias.status < 300, JSON.stringify(alias.body));
    const ds = await call<{ id: string }>(s.mgmtUrl, 'POST', '/v1/datasets', { name: 'private set' });
    assert.ok(ds.status < 300, JSON.stringify(ds.body));
    const job = await call<{ id: string }>(s.mgmtUrl, 'POST', '/v1/distillation', {
      name: 'modes',
      confirm: true,
      config: { teacher_model: 'openai/teacher', judge_model: 'openai/judge', n_samples: 2, prompts: ['What is a prime number?', 'Why is the sky blue?', 'Name three primary colours.'], training_backend: 'none', eval_holdout: 0.34 },
    });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    const done = await waitFor(() => call<{ status: string; error: string | null }>(s.mgmtUrl, 'GET', `/v1/distillation/${job.body.id}`), (x) => ['completed', 'failed', 'cancelled'].includes(x.body.status), 60_000);
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    const jobDir = join(s.dataDir, 'distillation', job.body.id);
    assert.ok(readdirSync(jobDir).includes('train.jsonl'), readdirSync(jobDir).join(' '));
    await waitFor(async () => existsSync(join(s.dataDir, 'aliases.json')), (x) => x);
    for (const f of ['traces/data.mdb', 'traces/lock.mdb', 'management/data.mdb', 'aliases.json']) assert.ok(existsSync(join(s.dataDir, f)), f);
    assert.deepEqual(notPrivate(s.dataDir), [], 'every file 0600, every directory 0700');
  });

  it('LMDB files an older version created 0644 are made 0600 when the store is opened', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ot-modes-'));
    try {
      const t = openTraceStore(dir);
      await t.root.close();
      const m = new ManagementEnv(dir);
      await m.close();
      for (const f of ['traces/data.mdb', 'traces/lock.mdb', 'management/data.mdb', 'management/lock.mdb']) chmodSync(join(dir, f), 0o644);
      const t2 = openTraceStore(dir);
      await t2.root.close();
      const m2 = new ManagementEnv(dir);
      await m2.close();
      assert.deepEqual(notPrivate(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
