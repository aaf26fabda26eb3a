/** The HTTP surface: auth, CORS, 404/405, body cap, bad queries, health, forwarding, secrets. */
import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../src/service.js';
import { startMockGateway } from './helpers/mock-gateway.js';
import { http, startTestServer, tempDir } from './helpers/server.js';

type Err = { error: { message: string; type: string; code: string; param: string | null } };

describe('management HTTP surface', () => {
  let svc: ManagementService;
  let gw: Awaited<ReturnType<typeof startMockGateway>>;
  let dir: string;

  before(async () => {
    dir = tempDir();
    gw = await startMockGateway();
    svc = await startTestServer(dir, { OPENTRACY_API_KEYS: 'k-one, k-two', OPENTRACY_GATEWAY_URL: gw.url, OPENTRACY_MANAGEMENT_MAX_BODY_BYTES: '2048' });
  });
  after(async () => {
    await svc.close();
    await gw.close();
  });
  const auth = { authorization: 'Bearer k-two' };

  it('health is open and says the traces env does not exist yet', async () => {
    const r = await http(svc.port, 'GET', '/health');
    assert.equal(r.status, 200);
    assert.deepEqual((r.body as { traces_env: boolean }).traces_env, false);
  });

  it('requires a valid bearer token elsewhere', async () => {
    const none = await http(svc.port, 'GET', '/v1/traces');
    assert.equal(none.status, 401);
    assert.equal((none.body as Err).error.type, 'authentication_error');
    assert.equal((await http(svc.port, 'GET', '/v1/traces', undefined, { authorization: 'Bearer k-three' })).status, 401);
    const ok = await http(svc.port, 'GET', '/v1/traces', undefined, auth);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { traces: [], has_more: false, next_cursor: null });
  });

  it('answers CORS preflights and sends CORS headers', async () => {
    const r = await http(svc.port, 'OPTIONS', '/v1/traces');
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  });

  it('404 for unknown routes, 405 with Allow for wrong methods', async () => {
    const nf = await http(svc.port, 'GET', '/v1/nothing', undefined, auth);
    assert.equal(nf.status, 404);
    assert.equal((nf.body as Err).error.code, 'not_found');
    const na = await http(svc.port, 'PUT', '/v1/secrets', undefined, auth);
    assert.equal(na.status, 405);
    assert.equal(na.headers.get('allow'), 'GET');
  });

  it('413 for bodies over the cap', async () => {
    const r = await http(svc.port, 'POST', '/v1/datasets', { name: 'x'.repeat(5000) }, auth);
    assert.equal(r.status, 413);
    assert.equal((r.body as Err).error.code, 'body_too_large');
  });

  it('a body nested deeper than the JSON depth cap is a 400, not a stack overflow', async () => {
    const deep = `{"name":"d","description":${'['.repeat(200)}${']'.repeat(200)}}`;
    const r = await http(svc.port, 'POST', '/v1/datasets', deep, auth);
    assert.equal(r.status, 400);
    assert.equal((r.body as Err).error.code, 'invalid_json');
    assert.match((r.body as Err).error.message, /deeper than 128/);
    const ok = await http(svc.port, 'GET', '/v1/datasets', undefined, auth);
    assert.equal(ok.status, 200);
  });

  it('bad queries are clear 400s naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/traces?start_date=yesterday', 'start_date'],
      ['/v1/traces?end_date=2025-13-45T99:00', 'end_date'],
      ['/v1/traces?limit=-1', 'limit'],
      ['/v1/traces?limit=5000', 'limit'],
      ['/v1/traces?offset=-3', 'offset'],
      ['/v1/traces?min_cost=cheap', 'min_cost'],
      ['/v1/traces?status=maybe', 'status'],
      ['/v1/traces?stream=perhaps', 'stream'],
      ['/v1/traces?start_date=2025-02-02&end_date=2025-01-01', 'end_date'],
      ['/v1/traces?cursor=%24%24%24', 'cursor'],
    ];
    for (const [path, param] of cases) {
      const r = await http(svc.port, 'GET', path, undefined, auth);
      assert.equal(r.status, 400, path);
      const e = (r.body as Err).error;
      assert.equal(e.param, param, path);
      assert.equal(e.type, 'invalid_request_error');
      assert.ok(e.message.length > 10);
    }
  });

  it('forwards ingest and JSONL import to the gateway with the internal header', async () => {
    const r = await http(svc.port, 'POST', '/v1/traces', { messages: [{ role: 'user', content: 'hi' }] }, auth);
    assert.equal(r.status, 200);
    const call = gw.calls.at(-1)!;
    assert.equal(call.url, '/v1/traces');
    assert.equal(call.headers['x-opentracy-internal'], 'true');
    const imp = await http(svc.port, 'POST', '/v1/traces/import', { data: '{"input":"a","output":"b"}\nbad\n{"input":"c"}', model: 'gpt-4o' }, auth);
    assert.equal(imp.status, 200);
    assert.equal((imp.body as { skipped: number }).skipped, 1);
    const sent = JSON.parse(gw.calls.at(-1)!.body) as { traces: Array<{ source: string; model: string }> };
    assert.equal(sent.traces.length, 2);
    assert.equal(sent.traces[0]!.source, 'file-import');
    assert.equal(sent.traces[0]!.model, 'gpt-4o');
  });

  it('secrets: stored 0600, pushed to the gateway, values never returned', async () => {
    const save = await http(svc.port, 'POST', '/v1/secrets/openai', { api_key: 'sk-secret-value' }, auth);
    assert.equal(save.status, 200);
    assert.ok(!save.text.includes('sk-secret-value'));
    assert.equal((save.body as { pushed: boolean }).pushed, true);
    const push = gw.calls.at(-1)!;
    assert.equal(push.url, '/v1/config/keys');
    assert.deepEqual(JSON.parse(push.body), { provider: 'openai', api_key: 'sk-secret-value' });
    const file = join(dir, 'secrets.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { openai: 'sk-secret-value' });
    const list = await http(svc.port, 'GET', '/v1/secrets', undefined, auth);
    assert.deepEqual((list.body as { configured_providers: string[] }).configured_providers, ['openai']);
    assert.deepEqual((list.body as { keys: unknown[] }).keys, [{ provider: 'openai', source: 'secrets_file', masked_key: 'sk-...alue', in_use: true }]);
    assert.ok(!list.text.includes('sk-secret-value'));
    assert.equal((await http(svc.port, 'DELETE', '/v1/secrets/openai', undefined, auth)).status, 200);
    assert.equal(gw.calls.at(-1)!.url, '/v1/config/keys/openai');
    assert.equal((await http(svc.port, 'DELETE', '/v1/secrets/openai', undefined, auth)).status, 404);
    assert.equal((await http(svc.port, 'POST', '/v1/secrets/openai', {}, auth)).status, 400);
  });

  it('an unreachable gateway is a 502 in the OpenAI shape, secrets still save', async () => {
    const other = await startTestServer(tempDir(), { OPENTRACY_GATEWAY_URL: 'http://127.0.0.1:9' });
    try {
      const r = await http(other.port, 'POST', '/v1/traces', { input: 'x' });
      assert.equal(r.status, 502);
      const s = await http(other.port, 'POST', '/v1/secrets/anthropic', { api_key: 'k' });
      assert.equal(s.status, 200);
      assert.equal((s.body as { pushed: boolean }).pushed, false);
    } finally {
      await other.close();
    }
  });
});
