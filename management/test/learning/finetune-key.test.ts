/**
 * Regression (issue 14): `POST /v1/distillation` with training_backend openai and
 * finetune_base_url <any host> uploaded the training data there with the server's own key.
 * Two mock fine-tuning APIs: the configured one (with the configured key) and another host.
 * The configured key never reaches the other host; a job naming it brings its own key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { finetuneTarget } from '../../src/learning/distillation/finetune-target.js';
import { loadLearningConfig } from '../../src/learning/learning-config.js';
import { call, startStack, waitFor, type Stack } from './stack.js';
import { startTopicMock, type TopicMock } from './topic-mock.js';

const CONFIGURED = 'sk-configured-secret-4242';
const OWN = 'sk-caller-own-key-7777';
const PROMPTS = ['What is the capital of France?', 'Explain recursion briefly.', 'Name three primary colours.'];

interface JobView {
  id: string;
  status: string;
  error: string | null;
  config: Record<string, unknown>;
}

describe('fine-tuning keys go only to the host configured with them', () => {
  let s: Stack;
  let other: TopicMock;
  before(async () => {
    s = await startStack();
    other = await startTopicMock({ pollsToFinish: 1 });
    process.env.OPENTRACY_FINETUNE_BASE_URL = s.mock.origin;
    process.env.OPENTRACY_FINETUNE_API_KEY = CONFIGURED;
    await s.restartManagement();
  });
  after(async () => {
    delete process.env.OPENTRACY_FINETUNE_BASE_URL;
    delete process.env.OPENTRACY_FINETUNE_API_KEY;
    await s.close();
    await other.close();
  });

  const job = (extra: Record<string, unknown>) =>
    call<JobView & { error?: { param: string; message: string } }>(s.mgmtUrl, 'POST', '/v1/distillation', {
      config: { teacher_model: 'openai/teacher', judge_model: 'openai/judge', n_samples: 1, prompts: PROMPTS, training_backend: 'openai', student_model: 'gpt-4o-mini', eval_holdout: 0, ...extra },
      confirm: true,
    });
  const finish = (id: string) => waitFor(() => call<JobView>(s.mgmtUrl, 'GET', `/v1/distillation/${id}`), (x) => ['completed', 'failed', 'cancelled'].includes(x.body.status));

  it('another host without its own key is a 400 naming config.finetune_api_key; nothing is sent there', async () => {
    const r = await job({ finetune_base_url: other.origin });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error!.param, 'config.finetune_api_key');
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(other.auths.length, 0);
  });

  it('another host with the caller key gets that key only, and the key is never echoed', async () => {
    const r = await job({ finetune_base_url: other.origin, finetune_api_key: OWN });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(!JSON.stringify(r.body).includes(OWN), 'the create answer does not echo the key');
    const done = await finish(r.body.id);
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    assert.ok(other.auths.some((a) => a.url === '/v1/files'), 'the data went to the named host');
    for (const a of other.auths) assert.equal(a.authorization, `Bearer ${OWN}`, `${a.method} ${a.url}`);
    assert.ok(other.auths.every((a) => !(a.authorization ?? '').includes(CONFIGURED)));
    assert.equal(done.body.config.finetune_api_key, 'sk-...7777');
    const list = await call<{ jobs: JobView[] }>(s.mgmtUrl, 'GET', '/v1/distillation');
    assert.ok(!JSON.stringify(list.body).includes(OWN));
  });

  it('without finetune_base_url the configured host gets the configured key', async () => {
    const before = s.mock.auths.filter((a) => a.url === '/v1/files').length;
    const r = await job({});
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const done = await finish(r.body.id);
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body.error));
    const uploads = s.mock.auths.filter((a) => a.url === '/v1/files');
    assert.equal(uploads.length, before + 1);
    assert.equal(uploads.at(-1)!.authorization, `Bearer ${CONFIGURED}`);
    assert.ok(other.auths.every((a) => !(a.authorization ?? '').includes(CONFIGURED)));
  });

  it('OPENAI_API_KEY is only used for its own base URL (pure)', () => {
    const elsewhere = loadLearningConfig({ OPENAI_API_KEY: 'sk-openai', OPENTRACY_FINETUNE_BASE_URL: 'http://127.0.0.1:1' });
    assert.equal(finetuneTarget(elsewhere, { finetune_base_url: null, finetune_api_key: null }).apiKey, null);
    const openai = loadLearningConfig({ OPENAI_API_KEY: 'sk-openai' });
    assert.deepEqual(finetuneTarget(openai, { finetune_base_url: null, finetune_api_key: null }), { baseUrl: 'https://api.openai.com', apiKey: 'sk-openai' });
    assert.equal(finetuneTarget(openai, { finetune_base_url: 'https://api.openai.com.evil.example', finetune_api_key: null }).apiKey, null);
    const proxied = loadLearningConfig({ OPENAI_API_KEY: 'sk-openai', OPENAI_BASE_URL: 'http://10.0.0.5:9000/v1', OPENTRACY_FINETUNE_BASE_URL: 'http://10.0.0.5:9000' });
    assert.equal(finetuneTarget(proxied, { finetune_base_url: null, finetune_api_key: null }).apiKey, 'sk-openai');
  });

  it('a key with control characters is a 400', async () => {
    const r = await job({ finetune_base_url: other.origin, finetune_api_key: 'sk-x\r\nX-Smuggled: 1' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error!.param, 'config.finetune_api_key');
  });
});
