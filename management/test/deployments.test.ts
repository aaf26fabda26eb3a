/**
 * /v1/deployments against a real gateway and a mock OpenAI-compatible server (a stand-in for
 * llama.cpp / vLLM): registration with a health check, the proxy routes, the gateway alias
 * (deploying a completed distillation job creates both), the outbound rules (metadata hosts,
 * URL credentials never echoed, our own ports), delete, 4xx and auth.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { learningStore } from '../src/learning/learning-store.js';
import { putJob } from '../src/learning/distillation/job-store.js';
import type { Job } from '../src/learning/distillation/types.js';
import type { ManagementService } from '../src/service.js';
import { http, startTestServer, tempDir } from './helpers/server.js';
import { call, startStack, type Stack } from './learning/stack.js';

type B = Record<string, unknown>;

async function startModelServer(): Promise<{ url: string; calls: Array<{ url: string; auth: string | undefined; body: string }>; close(): Promise<void> }> {
  const calls: Array<{ url: string; auth: string | undefined; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const cs: Buffer[] = [];
    req.on('data', (c: Buffer) => cs.push(c));
    req.on('end', () => {
      const body = Buffer.concat(cs).toString('utf8');
      calls.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/v1/models') return res.end(JSON.stringify({ object: 'list', data: [{ id: 'student', object: 'model' }] }));
      if (req.url === '/v1/chat/completions') {
        const b = JSON.parse(body) as { model: string };
        return res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: b.model, choices: [{ index: 0, message: { role: 'assistant', content: 'the student says hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }));
      }
      if (req.url === '/v1/completions') return res.end(JSON.stringify({ id: 'c2', object: 'text_completion', choices: [{ index: 0, text: 'completed', finish_reason: 'stop' }] }));
      if (req.url === '/v1/embeddings') return res.end(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'student' }));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('deployments', () => {
  let s: Stack;
  let model: Awaited<ReturnType<typeof startModelServer>>;
  before(async () => {
    s = await startStack();
    model = await startModelServer();
  });
  after(async () => {
    await s.close();
    await model.close();
  });

  it('register (health checked), list, proxy chat/completions, completions and embeddings, with the key sent upstream only', async () => {
    const r = await call<B>(s.mgmtUrl, 'POST', '/v1/deployments', { name: 'local llama', endpoint_url: `${model.url}/v1`, model: 'student', api_key: 'sk-local-123' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'healthy');
    assert.equal(r.body.has_api_key, true);
    assert.equal(r.body.api_key, undefined, 'the key is never returned');
    const id = String(r.body.id);
    const list = await call<{ deployments: B[]; total: number }>(s.mgmtUrl, 'GET', '/v1/deployments');
    assert.ok(list.body.deployments.some((x) => x.id === id));
    assert.doesNotMatch(JSON.stringify(list.body), /sk-local-123/);
    const chat = await call<{ choices: Array<{ message: { content: string } }>; model: string }>(s.mgmtUrl, 'POST', `/v1/deployments/${id}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(chat.status, 200, JSON.stringify(chat.body));
    assert.equal(chat.body.choices[0]!.message.content, 'the student says hi');
    assert.equal(chat.body.model, 'student');
    assert.equal(model.calls.at(-1)!.auth, 'Bearer sk-local-123');
    assert.equal((await call<B>(s.mgmtUrl, 'POST', `/v1/deployments/${id}/v1/completions`, { prompt: 'x' })).status, 200);
    const emb = await call<{ data: unknown[] }>(s.mgmtUrl, 'POST', `/v1/deployments/${id}/v1/embeddings`, { input: 'x' });
    assert.equal(emb.body.data.length, 1);
    assert.equal((await call<B>(s.mgmtUrl, 'GET', `/v1/deployments/${id}`)).body.status, 'healthy');
    const del = await call<B>(s.mgmtUrl, 'DELETE', `/v1/deployments/${id}`);
    assert.equal(del.status, 200);
    assert.equal((await call(s.mgmtUrl, 'GET', `/v1/deployments/${id}`)).status, 404);
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/deployments/${id}/v1/chat/completions`, { messages: [] })).status, 404);
  });

  it('deploying a completed distillation job creates the deployment and the gateway alias', async () => {
    const now = new Date().toISOString();
    const job = { id: 'dist_test1', name: 'My Student', description: '', tenant_id: 'default', status: 'completed', phase: 'completed', config: {}, progress: {}, results: {}, artifacts: [], training_state: {}, student_model: null, deployment: null, error: null, cost_accrued: 0, resumed: 0, created_at: now, updated_at: now, started_at: now, completed_at: now } as unknown as Job;
    await putJob(learningStore(s.mgmt.store), job);
    const r = await call<B>(s.mgmtUrl, 'POST', '/v1/deployments', { job_id: 'dist_test1', endpoint_url: `${model.url}/v1`, model: 'student' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.alias, 'distilled/my-student');
    assert.equal(r.body.job_id, 'dist_test1');
    const viaGateway = await call<{ choices: Array<{ message: { content: string } }> }>(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'distilled/my-student', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(viaGateway.status, 200, JSON.stringify(viaGateway.body));
    assert.equal(viaGateway.body.choices[0]!.message.content, 'the student says hi', 'the gateway serves the alias from the deployment');
    const jobNow = await call<{ deployment: B }>(s.mgmtUrl, 'GET', '/v1/distillation/dist_test1');
    assert.equal(jobNow.body.deployment.deployment_id, r.body.id);
    const del = await call<{ alias_removed: boolean }>(s.mgmtUrl, 'DELETE', `/v1/deployments/${String(r.body.id)}`);
    assert.equal(del.body.alias_removed, true);
    assert.notEqual((await call(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'distilled/my-student', messages: [{ role: 'user', content: 'hello' }] })).status, 200);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { job_id: 'nope', endpoint_url: `${model.url}/v1` })).status, 404);
  });

  it('outbound rules: metadata hosts, credentials in the URL (never echoed), our own ports, unhealthy endpoints; 4xx', async () => {
    const meta = await call<{ error: { message: string } }>(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: 'http://169.254.169.254/v1' });
    assert.equal(meta.status, 400);
    assert.match(meta.body.error.message, /metadata/);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: 'http://metadata.google.internal/v1' })).status, 400);
    const cred = await call<{ error: { message: string } }>(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: `http://user:hunter2@${model.url.slice(7)}/v1` });
    assert.equal(cred.status, 400);
    assert.doesNotMatch(JSON.stringify(cred.body), /hunter2/);
    const gwPort = new URL(s.gwUrl).port;
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: `http://127.0.0.1:${gwPort}/v1`, allow_unhealthy: true })).status, 400, 'the gateway\'s own port');
    const mgPort = new URL(s.mgmtUrl).port;
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: `http://localhost:${mgPort}/v1`, allow_unhealthy: true })).status, 400, 'our own port');
    const down = await call<{ error: { message: string } }>(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: 'http://127.0.0.1:9/v1' });
    assert.equal(down.status, 400);
    assert.match(down.body.error.message, /health check failed/);
    const forced = await call<B>(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: 'http://127.0.0.1:9/v1', allow_unhealthy: true });
    assert.equal(forced.status, 201);
    assert.equal(forced.body.status, 'unhealthy');
    assert.equal((await call(s.mgmtUrl, 'POST', `/v1/deployments/${String(forced.body.id)}/v1/chat/completions`, { messages: [] })).status, 502);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', {})).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: 'ftp://x/v1' })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'POST', '/v1/deployments', { endpoint_url: `${model.url}/v1`, alias: 'bad alias!' })).status, 400);
    assert.equal((await call(s.mgmtUrl, 'DELETE', '/v1/deployments/nope')).status, 404);
  });
});

describe('deployments: auth', () => {
  let svc: ManagementService;
  before(async () => {
    svc = await startTestServer(tempDir(), { OPENTRACY_API_KEYS: 'k1' });
  });
  after(() => svc.close());
  it('needs the token', async () => {
    for (const [m, p] of [['GET', '/v1/deployments'], ['POST', '/v1/deployments'], ['GET', '/v1/deployments/x'], ['DELETE', '/v1/deployments/x'], ['POST', '/v1/deployments/x/v1/chat/completions'], ['POST', '/v1/deployments/x/v1/completions'], ['POST', '/v1/deployments/x/v1/embeddings']] as const) {
      assert.equal((await http(svc.port, m, p, m === 'POST' ? {} : undefined)).status, 401, `${m} ${p}`);
    }
  });
});
