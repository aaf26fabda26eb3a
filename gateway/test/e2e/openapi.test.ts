/**
 * GET /openapi.json against the gateway itself: a sound OpenAPI 3.1 document, exactly the
 * routes the server's table serves (both ways), and real responses (success and error) that
 * validate against the documented status, content type and schema.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../src/config.js';
import { documentedOperations, type OpenApiDocument } from '../../../core/contract/openapi.js';
import { gatewayDocument } from '../../src/openapi/document.js';
import { packageVersion as documentVersion } from '../../../core/contract/cli-args.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';
import { checkDocument, compareRoutes, documentedCaller, fillPath, responseProblems, send, validateSchema, type Answer } from '../helpers/openapi-check.js';

describe('gateway OpenAPI document', () => {
  let h: Harness;
  let pool: RouterPool;
  let doc: OpenApiDocument;
  /** Calls `url` and checks the answer against operation `method path`; returns it. */
  let documented: (method: string, path: string, url: string, body?: unknown, status?: number) => Promise<Answer>;

  before(async () => {
    pool = await RouterPool.create({ weightsPath: resolve(repoRoot(), 'models', 'router-default'), workers: 1 });
    h = await startHarness({ router: pool });
    doc = gatewayDocument(documentVersion());
    documented = documentedCaller(() => doc, () => h.base);
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('is a structurally sound OpenAPI 3.1 document, served as JSON at /openapi.json', async () => {
    assert.deepEqual(checkDocument(doc), []);
    const served = await send(h.base, 'GET', '/openapi.json');
    assert.equal(served.status, 200);
    assert.match(served.contentType ?? '', /^application\/json/);
    assert.deepEqual(served.body, JSON.parse(JSON.stringify(doc)));
    assert.equal((served.body as OpenApiDocument).info.version, documentVersion());
  });

  it('the checker itself catches what it must (a bad document, a wrong body)', () => {
    const bad = { ...doc, openapi: '3.0.3', paths: { '/x/{id}': { get: { operationId: 'x', summary: 's', responses: {} } } } };
    const problems = checkDocument(bad);
    assert.ok(problems.some((p) => /3\.1\.0/.test(p)));
    assert.ok(problems.some((p) => /no responses/.test(p)));
    assert.ok(problems.some((p) => /\{id\} is not declared/.test(p)));
    assert.ok(checkDocument({ ...doc, components: { schemas: { E: { type: 'string', nullable: true } as never } } }).some((p) => /nullable/.test(p)));
    assert.notDeepEqual(validateSchema(doc, { $ref: '#/components/schemas/Error' }, { error: { message: 1 } }), []);
    assert.deepEqual(validateSchema(doc, { $ref: '#/components/schemas/Error' }, { error: { message: 'm', type: 't', code: 'c', param: null } }), []);
    assert.notDeepEqual(responseProblems(doc, 'GET', '/v1/models', 418, 'application/json', {}), []);
  });

  it('documents exactly the routes the server table serves', () => {
    assert.ok(h.gw.routes.length >= 20);
    assert.deepEqual(compareRoutes(h.gw.routes, doc), { undocumented: [], unserved: [] });
    assert.deepEqual(compareRoutes([...h.gw.routes, { method: 'GET', pattern: '/v1/extra/:id' }], doc).undocumented, ['GET /v1/extra/:id']);
  });

  it('every documented operation reaches a handler, and its answer is documented', async () => {
    for (const { method, path } of documentedOperations(doc)) {
      // An invalid JSON body: handlers that read one refuse it before doing anything.
      const a = await send(h.base, method, fillPath(path, 'no-such-id'), method === 'GET' ? undefined : '{');
      assert.notEqual(a.status, 405, `${method} ${path}`);
      if (a.status === 404) assert.doesNotMatch((a.body as { error: { message: string } }).error.message, /^no route/, `${method} ${path}`);
      assert.deepEqual(responseProblems(doc, method, path, a.status, a.contentType, a.body), [], `${method} ${path}`);
    }
  });

  it('health, models, routing, cache and stats answer as documented', async () => {
    const health = await documented('GET', '/health', '/health', undefined, 200);
    assert.equal((health.body as { router_initialized: boolean }).router_initialized, true);
    const models = await documented('GET', '/v1/models', '/v1/models', undefined, 200);
    const ids = (models.body as { data: Array<{ id: string }> }).data.map((m) => m.id);
    assert.ok(ids.includes('auto'));
    const slashed = ids.find((id) => id.startsWith('openai/'))!;
    await documented('GET', '/v1/models/{id}', `/v1/models/${slashed}`, undefined, 200);
    await documented('GET', '/v1/models/{id}', '/v1/models/auto', undefined, 200);
    await documented('GET', '/v1/models/{id}', '/v1/models/nosuch', undefined, 404);
    await documented('POST', '/v1/route', '/v1/route', { prompt: 'Prove that the square root of two is irrational.', cost_weight: 0.5 }, 200);
    await documented('POST', '/v1/route', '/v1/route', { prompt: 7 }, 400);
    await documented('GET', '/v1/cache', '/v1/cache', undefined, 200);
    await documented('POST', '/v1/cache/clear', '/v1/cache/clear', undefined, 200);
    await documented('GET', '/stats', '/stats', undefined, 200);
    await documented('POST', '/stats/reset', '/stats/reset', undefined, 200);
    await documented('POST', '/v1/weights/reload', '/v1/weights/reload', {}, 200);
    await documented('POST', '/v1/weights/reload', '/v1/weights/reload', { weights_path: 5 }, 400);
  });

  it('chat completions (JSON, stream, errors) answer as documented', async () => {
    const messages = [{ role: 'user', content: 'hello' }];
    const ok = await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-ok', messages }, 200);
    assert.equal((ok.body as { object: string }).object, 'chat.completion');
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'anthropic/claude-x', messages }, 200);
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'gemini/gemini-x', messages }, 200);
    const stream = await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-ok', messages, stream: true }, 200);
    assert.match(String(stream.body), /data: \[DONE\]/);
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'nosuch/x', messages }, 404);
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-ok', messages: [] }, 400);
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-401', messages }, 401);
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-429-0', messages });
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', { model: 'openai/mock-500', messages });
    await documented('POST', '/v1/chat/completions', '/v1/chat/completions', '{"model":', 400);
    const late = await send(h.base, 'POST', '/v1/chat/completions', { model: 'openai/mock-slow-3000', messages }, { 'X-OpenTracy-Request-Timeout-Ms': '100' });
    assert.equal(late.status, 504, 'the documented request deadline header');
    assert.deepEqual(responseProblems(doc, 'POST', '/v1/chat/completions', late.status, late.contentType, late.body), []);
  });

  it('metrics, keys, aliases and trace ingest answer as documented', async () => {
    await documented('GET', '/v1/metrics', '/v1/metrics', undefined, 200);
    const recent = await documented('GET', '/v1/metrics/recent', '/v1/metrics/recent?n=5', undefined, 200);
    assert.ok((recent.body as unknown[]).length > 0, 'the chat test above left records');
    await documented('GET', '/v1/metrics/recent', '/v1/metrics/recent?n=0', undefined, 400);
    await documented('POST', '/v1/metrics/reset', '/v1/metrics/reset', undefined, 200);
    await documented('GET', '/v1/config/keys', '/v1/config/keys', undefined, 200);
    await documented('POST', '/v1/config/keys', '/v1/config/keys', { provider: 'mistral', api_key: 'sk-m' }, 200);
    await documented('POST', '/v1/config/keys', '/v1/config/keys', { provider: 'nosuch', api_key: 'k' }, 404);
    await documented('DELETE', '/v1/config/keys/{provider}', '/v1/config/keys/mistral', undefined, 200);
    await documented('POST', '/v1/config/reload', '/v1/config/reload', undefined, 200);
    await documented('POST', '/v1/models/register', '/v1/models/register', { alias: 'team-bot', target: 'openai/mock-ok' }, 201);
    await documented('POST', '/v1/models/register', '/v1/models/register', { alias: 'team-bot', targets: ['openai/mock-ok'], fallbacks: ['anthropic/x'] }, 200);
    await documented('POST', '/v1/models/register', '/v1/models/register', { alias: 'ep', endpoint: { base_url: `${h.mock.origin}/v1`, model: 'm', api_key: 'k' } });
    const aliases = await documented('GET', '/v1/models/aliases', '/v1/models/aliases', undefined, 200);
    assert.ok((aliases.body as { data: Array<{ alias: string }> }).data.some((a) => a.alias === 'team-bot'));
    await documented('DELETE', '/v1/models/aliases/{alias}', '/v1/models/aliases/team-bot', undefined, 200);
    await documented('DELETE', '/v1/models/aliases/{alias}', '/v1/models/aliases/team-bot', undefined, 404);
    await documented('POST', '/v1/traces', '/v1/traces', { traces: [{ model: 'gpt-4o', input: 'q', output: 'a' }] }, 200);
    await documented('POST', '/v1/traces', '/v1/traces', '{}', 400);
  });

  it('wrong methods and unknown paths answer the documented Error shape', async () => {
    for (const [method, url, status] of [['DELETE', '/v1/models', 405], ['GET', '/v1/nowhere', 404]] as const) {
      const a = await send(h.base, method, url);
      assert.equal(a.status, status);
      assert.deepEqual(validateSchema(doc, { $ref: '#/components/schemas/Error' }, a.body), []);
    }
  });
});

describe('gateway OpenAPI document with auth on', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { OPENTRACY_API_KEYS: 'tok-1' } });
  });
  after(async () => h.close());

  it('/openapi.json is open like /health; other routes answer the documented 401', async () => {
    const doc = gatewayDocument(documentVersion());
    const open = await send(h.base, 'GET', '/openapi.json');
    assert.equal(open.status, 200);
    assert.deepEqual(doc.paths['/openapi.json']!.get!.security, []);
    const closed = await send(h.base, 'GET', '/v1/models');
    assert.equal(closed.status, 401);
    assert.deepEqual(responseProblems(doc, 'GET', '/v1/models', closed.status, closed.contentType, closed.body), []);
  });
});
