/**
 * Hostile input against a real gateway (issue 14): response splitting through model names,
 * aliases and keys; alias endpoints aimed at metadata addresses or carrying credentials;
 * Object.prototype names as models, aliases and providers; malformed path escapes; JSON
 * nested thousands deep. Each case is a 4xx in the OpenAI error shape, never a 500, a
 * crash, an injected header or a second response.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../src/config.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

interface ErrBody {
  error: { message: string; type: string; code: string; param: string | null };
}

const msg = [{ role: 'user', content: 'hi' }];

/** One request over a raw socket, the whole answer as text (the server's bytes, unparsed). */
function rawRequest(port: number, method: string, path: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.write(`${method} ${path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    setTimeout(() => s.end(), 1500).unref();
  });
}

/** Asserts one HTTP response, no `X-Smuggled` header line; returns status and header lines. */
function oneResponse(raw: string): { status: number; headers: string[]; body: string } {
  const statusLines = raw.match(/(^|\r\n)HTTP\/1\.[01] \d{3}/g) ?? [];
  assert.equal(statusLines.length, 1, `exactly one response on the wire, got:\n${raw}`);
  const end = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, end).split('\r\n').slice(1);
  for (const h of headers) assert.doesNotMatch(h, /^x-smuggled/i, `injected header line: ${h}`);
  return { status: Number(raw.slice(9, 12)), headers, body: raw.slice(end + 4) };
}

const SMUGGLE_HEADER = 'nosuch/x\r\nX-Smuggled: 1';
const SMUGGLE_RESPONSE = 'nosuch/x\r\n\r\nHTTP/1.1 200 OK\r\nX-Smuggled: 1\r\nContent-Length: 2\r\n\r\nhi';
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('security: hostile input', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      // An operator's config file may hold an endpoint with credentials: they are never echoed.
      configFile: { aliases: { 'cfg-creds': { endpoint: { baseUrl: 'http://opuser:oppass@127.0.0.1:9/v1', model: 'm' } } } },
    });
  });
  after(async () => h.close());

  const chat = (body: unknown): Promise<Response> => h.post('/v1/chat/completions', body);
  const errOf = async (res: Response): Promise<ErrBody['error']> => ((await res.json()) as ErrBody).error;

  describe('response splitting', () => {
    for (const [label, model] of [['a header', SMUGGLE_HEADER], ['a second response', SMUGGLE_RESPONSE]] as const) {
      it(`a model string carrying ${label} is a 400 on the not-found path, one response, no injected header`, async () => {
        const raw = await rawRequest(h.gw.port, 'POST', '/v1/chat/completions', JSON.stringify({ model, messages: msg }));
        const r = oneResponse(raw);
        assert.equal(r.status, 400);
        const e = (JSON.parse(r.body) as ErrBody).error;
        assert.equal(e.param, 'model');
        assert.equal(h.mock.requests.length, 0);
      });

      it(`an alias whose target carries ${label} is refused at registration`, async () => {
        for (const body of [
          { alias: 'smuggler', target: model.replace('nosuch/', 'openai/') },
          { alias: 'smuggler', targets: ['openai/gpt-4o', model.replace('nosuch/', 'openai/')] },
          { alias: 'smuggler', target: 'openai/gpt-4o', fallbacks: [model.replace('nosuch/', 'openai/')] },
          { alias: 'smuggler', endpoint: { base_url: `${h.mock.origin}/v1`, model } },
        ]) {
          const res = await h.post('/v1/models/register', body);
          assert.equal(res.status, 400, JSON.stringify(body));
          assert.equal((await errOf(res)).code, 'invalid_request');
        }
        const r = oneResponse(await rawRequest(h.gw.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'smuggler', messages: msg })));
        assert.equal(r.status, 404);
      });
    }

    it('fallbacks and available_models with CR/LF are a 400 naming the field', async () => {
      let res = await chat({ model: 'openai/gpt-4o-mini', messages: msg, fallbacks: [SMUGGLE_HEADER] });
      assert.equal(res.status, 400);
      assert.equal((await errOf(res)).param, 'fallbacks');
      res = await chat({ model: 'openai/gpt-4o-mini', messages: msg, available_models: [SMUGGLE_HEADER] });
      assert.equal(res.status, 400);
      assert.equal((await errOf(res)).param, 'available_models');
    });

    it('a model name outside printable ASCII reaches the header percent-encoded (the one encoding point)', async () => {
      const res = await chat({ model: 'openai/modèle-ü', messages: msg });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/mod%C3%A8le-%C3%BC');
      assert.equal(decodeURIComponent(res.headers.get('x-opentracy-selected-model')!), 'openai/modèle-ü');
    });

    it('an API key with CR/LF is a 400 and the provider keeps working with its old key', async () => {
      for (const key of ['x\r\ny', 'sk-new\n', 'a\u0000b']) {
        const res = await h.post('/v1/config/keys', { provider: 'openai', api_key: key });
        assert.equal(res.status, 400, JSON.stringify(key));
        assert.equal((await errOf(res)).param, 'api_key');
      }
      h.mock.reset();
      const res = await chat({ model: 'openai/gpt-4o-mini', messages: msg });
      assert.equal(res.status, 200);
      assert.equal(h.mock.requests[0]!.headers.authorization, 'Bearer sk-openai');
    });
    it('a secrets file key with CR/LF is skipped on reload, not sent upstream', async () => {
      writeFileSync(join(h.dataDir, 'secrets.json'), JSON.stringify({ openai: 'sk-file\r\nX-Smuggled: 1', anthropic: 'sk-ant-file' }), { mode: 0o600 });
      const res = await h.post('/v1/config/reload', {});
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { loaded: number }).loaded, 1);
      h.mock.reset();
      assert.equal((await chat({ model: 'openai/gpt-4o-mini', messages: msg })).status, 200);
      assert.equal(h.mock.requests[0]!.headers.authorization, 'Bearer sk-openai');
    });
  });

  describe('alias endpoints (SSRF)', () => {
    const register = (alias: string, base_url: string, extra: Record<string, unknown> = {}): Promise<Response> =>
      h.post('/v1/models/register', { alias, endpoint: { base_url, model: 'm', ...extra } });

    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://169.254.170.2/v2/credentials',
      'http://0xa9fea9fe/v1', // 169.254.169.254 in hex: the URL parser normalises it
      'http://[::ffff:169.254.169.254]/v1',
      'http://[fe80::1]/v1',
      'http://[fd00:ec2::254]/v1',
      'http://100.100.100.200/v1',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://METADATA.google.internal./v1',
    ]) {
      it(`refuses ${url}`, async () => {
        const res = await register('meta', url);
        assert.equal(res.status, 400);
        const e = await errOf(res);
        assert.equal(e.param, 'endpoint.base_url');
        assert.match(e.message, /OPENTRACY_ALLOWED_UPSTREAM_HOSTS/);
      });
    }

    it('refuses credentials in the URL without echoing them, and a query string', async () => {
      let res = await register('creds', `http://alice:s3cret-pw@127.0.0.1:${h.mock.port}/v1`);
      assert.equal(res.status, 400);
      const text = await res.text();
      assert.doesNotMatch(text, /s3cret-pw|alice/);
      res = await register('query', `${h.mock.origin}/v1?api-version=1`);
      assert.equal(res.status, 400);
      const list = await (await fetch(`${h.base}/v1/models/aliases`)).text();
      assert.doesNotMatch(list, /s3cret-pw/);
    });

    it('never echoes credentials of a configured endpoint (aliases and models lists)', async () => {
      for (const path of ['/v1/models/aliases', '/v1/models', '/v1/models/cfg-creds']) {
        const text = await (await fetch(h.base + path)).text();
        assert.match(text, /cfg-creds/, path);
        assert.doesNotMatch(text, /oppass|opuser/, path);
      }
    });

    it("refuses the gateway's own port on loopback (a request would call itself)", async () => {
      const res = await register('loop', `http://127.0.0.1:${h.gw.port}/v1`);
      assert.equal(res.status, 400);
      assert.match((await errOf(res)).message, /own port/);
    });

    it('allows loopback (a local vLLM or llama.cpp) and sends only the endpoint key there, never a provider key', async () => {
      let res = await register('local-llm', `http://localhost:${h.mock.port}/v1`);
      assert.equal(res.status, 201);
      h.mock.reset();
      res = await chat({ model: 'local-llm', messages: msg });
      assert.equal(res.status, 200);
      const sent = h.mock.requests[0]!;
      assert.equal(sent.headers.authorization, undefined);
      assert.equal(sent.headers['x-api-key'], undefined);
      assert.equal(sent.headers['api-key'], undefined);
      res = await register('local-llm-key', `http://[::ffff:127.0.0.1]:${h.mock.port}/v1`, { api_key: 'ep-key' });
      assert.equal(res.status, 201);
      h.mock.reset();
      res = await chat({ model: 'local-llm-key', messages: msg });
      assert.equal(res.status, 200);
      assert.equal(h.mock.requests[0]!.headers.authorization, 'Bearer ep-key');
      const all = JSON.stringify(h.mock.requests.map((r) => r.headers));
      for (const providerKey of ['sk-openai', 'sk-ant', 'g-key', 'gsk', 'bedrock-key']) assert.doesNotMatch(all, new RegExp(providerKey));
    });
  });

  describe('Object.prototype names', () => {
    for (const name of PROTO_NAMES) {
      it(`'${name}' as a model, fallback, model id, alias and provider is never a 500`, async () => {
        let res = await chat({ model: name, messages: msg });
        assert.equal(res.status, 404);
        assert.equal((await errOf(res)).code, 'model_not_found');
        res = await chat({ model: 'openai/gpt-4o-mini', messages: msg, fallbacks: [name] });
        assert.equal(res.status, 404);
        assert.equal((await errOf(res)).param, 'fallbacks');
        res = await fetch(`${h.base}/v1/models/${name}`);
        assert.equal(res.status, 404);
        await res.text();
        res = await fetch(`${h.base}/v1/models/aliases/${name}`, { method: 'DELETE' });
        assert.ok(res.status === 404 || res.status === 400, `delete of an unregistered '${name}': ${res.status}`);
        await res.text();
        res = await h.post('/v1/config/keys', { provider: name, api_key: 'x' });
        assert.equal(res.status, 404);
        assert.equal((await errOf(res)).param, 'provider');
        res = await fetch(`${h.base}/v1/config/keys/${name}`, { method: 'DELETE' });
        assert.equal(res.status, 404);
        await res.text();
      });
    }

    for (const name of PROTO_NAMES.filter((n) => n !== '__proto__')) {
      it(`'${name}' registers as a new alias, serves, lists and deletes like any name`, async () => {
        let res = await h.post('/v1/models/register', { alias: name, target: 'openai/gpt-4o-mini' });
        assert.equal(res.status, 201, 'a new alias, not "updated"');
        res = await chat({ model: name, messages: msg });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-opentracy-selected-model'), 'openai/gpt-4o-mini');
        const list = (await (await fetch(`${h.base}/v1/models/aliases`)).json()) as { data: Array<{ alias: string }> };
        assert.equal(list.data.filter((a) => a.alias === name).length, 1);
        res = await fetch(`${h.base}/v1/models/aliases/${name}`, { method: 'DELETE' });
        assert.equal(res.status, 200);
        await res.text();
        res = await fetch(`${h.base}/v1/models/aliases/${name}`, { method: 'DELETE' });
        assert.equal(res.status, 404);
        await res.text();
      });
    }

    it('a model named __proto__ is counted under its own name in /v1/metrics', async () => {
      await (await chat({ model: '__proto__', messages: msg })).text();
      const m = (await (await fetch(`${h.base}/v1/metrics`)).json()) as { by_model: Record<string, unknown> };
      assert.ok(Object.hasOwn(m.by_model, '__proto__'), JSON.stringify(Object.keys(m.by_model)));
    });
  });

  describe('path decoding', () => {
    for (const [method, path, param] of [
      ['GET', '/v1/models/%E0%A4%A', 'id'],
      ['GET', '/v1/models/openai%2', 'id'],
      ['DELETE', '/v1/config/keys/%E0%A4%A', 'provider'],
      ['DELETE', '/v1/models/aliases/%E0%A4%A', 'alias'],
    ] as const) {
      it(`${method} ${path} is a 400 (param ${param}) and the gateway keeps serving`, async () => {
        const res = await fetch(h.base + path, { method });
        assert.equal(res.status, 400);
        const e = await errOf(res);
        assert.equal(e.code, 'invalid_request');
        assert.equal(e.param, param);
        assert.equal((await fetch(`${h.base}/health`)).status, 200);
      });
    }
  });

  describe('JSON nesting', () => {
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    // Root object, messages array and message object are 3 levels: x adds n more.
    const deepChat = (n: number): string => `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi","x":${nested(n)}}]}`;

    for (const n of [3_000, 5_000, 100_000]) {
      it(`a message nesting ${n} deep is a 400 invalid_json`, async () => {
        const res = await chat(deepChat(n));
        assert.equal(res.status, 400);
        const e = await errOf(res);
        assert.equal(e.code, 'invalid_json');
        assert.match(e.message, /128/);
      });
    }

    it('exactly 128 levels pass, 129 do not; brackets inside strings do not count', async () => {
      assert.equal((await chat(deepChat(125))).status, 200);
      assert.equal((await chat(deepChat(126))).status, 400);
      const res = await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '[{'.repeat(5_000) + '\\"]' }] });
      assert.equal(res.status, 200);
    });

    it('the operational routes and trace ingest cap depth too', async () => {
      let res = await h.post('/v1/models/register', `{"alias":"deep","target":"openai/gpt-4o","x":${nested(5_000)}}`);
      assert.equal(res.status, 400);
      assert.equal((await errOf(res)).code, 'invalid_json');
      res = await h.post('/v1/traces', `{"model":"openai/gpt-4o","metadata":{"x":${nested(5_000)}}}`);
      assert.equal(res.status, 400);
      assert.equal((await errOf(res)).code, 'invalid_json');
    });
  });

  describe('message validation', () => {
    const CASES: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown role', { messages: [{ role: 'bogus', content: 'x' }] }, 'messages[0].role'],
      ['a tool that is not an object', { messages: msg, tools: [1] }, 'tools[0]'],
      ['a function tool without a function', { messages: msg, tools: [{ type: 'function' }] }, 'tools[0].function'],
      ['a function tool without a name', { messages: msg, tools: [{ type: 'function', function: { parameters: {} } }] }, 'tools[0].function.name'],
      ['tool_calls that is a string', { messages: [{ role: 'assistant', content: null, tool_calls: 'x' }] }, 'messages[0].tool_calls'],
      ['a tool call without a function', { messages: [...msg, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function' }] }] }, 'messages[1].tool_calls[0].function'],
      ['tool call arguments that are not a string', { messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: {} } }] }] }, 'messages[0].tool_calls[0].function.arguments'],
      ['a tool_call_id that is a number', { messages: [{ role: 'tool', tool_call_id: 5, content: 'r' }] }, 'messages[0].tool_call_id'],
      ['tool_choice that is a number', { messages: msg, tool_choice: 1 }, 'tool_choice'],
    ];
    for (const [label, body, param] of CASES) {
      it(`${label} is a 400 naming ${param}`, async () => {
        for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku']) {
          const res = await chat({ model, ...body });
          assert.equal(res.status, 400, model);
          const e = await errOf(res);
          assert.equal(e.code, 'invalid_request');
          assert.equal(e.param, param);
        }
      });
    }

    it('a well-formed tool conversation with every known role still passes', async () => {
      const res = await chat({
        model: 'openai/gpt-4o-mini',
        messages: [
          { role: 'developer', content: 'be brief' },
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
        tool_choice: 'auto',
      });
      assert.equal(res.status, 200);
    });
  });
});

describe('security: aliases persisted before the fix, and the allow-list', () => {
  it('skips aliases.json entries today\'s registration refuses; OPENTRACY_ALLOWED_UPSTREAM_HOSTS lets an operator name a metadata host', async () => {
    let dir = '';
    const h = await startHarness({ env: { OPENTRACY_ALLOWED_UPSTREAM_HOSTS: '169.254.170.2, 100.100.100.0/24' } });
    try {
      dir = h.dataDir;
      let res = await h.post('/v1/models/register', { alias: 'ecs', endpoint: { base_url: 'http://169.254.170.2/v1', model: 'm' } });
      assert.equal(res.status, 201, 'allow-listed host');
      res = await h.post('/v1/models/register', { alias: 'ali', endpoint: { base_url: 'http://100.100.100.200/v1', model: 'm' } });
      assert.equal(res.status, 201, 'allow-listed CIDR');
      res = await h.post('/v1/models/register', { alias: 'aws', endpoint: { base_url: 'http://169.254.169.254/v1', model: 'm' } });
      assert.equal(res.status, 400, 'still refused: not on the list');
    } finally {
      await h.gw.close();
    }
    // Restart on the same data dir with a file an older gateway could have written.
    writeFileSync(
      join(dir, 'aliases.json'),
      JSON.stringify({
        version: 1,
        aliases: {
          smuggled: { targets: [SMUGGLE_HEADER.replace('nosuch/', 'openai/')], fallbacks: [], registered_at: '' },
          metadata: { targets: [], fallbacks: [], endpoint: { base_url: 'http://169.254.169.254/v1', model: 'm' }, registered_at: '' },
          creds: { targets: [], fallbacks: [], endpoint: { base_url: `http://u:filepw@127.0.0.1:${h.mock.port}/v1`, model: 'm' }, registered_at: '' },
          fine: { targets: ['openai/gpt-4o-mini'], fallbacks: [], registered_at: '' },
        },
      }),
    );
    const { parseConfig } = await import('../../src/config.js');
    const { startGateway } = await import('../../src/gateway.js');
    const gw = await startGateway(parseConfig({ ...Object.fromEntries(Object.entries(h.config.env)), OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: '0', OPENTRACY_DATA_DIR: dir, OPENTRACY_LOG_LEVEL: 'error', OPENTRACY_SECRETS_FILE: join(dir, 'secrets.json') }), { log: () => undefined });
    try {
      const base = `http://127.0.0.1:${gw.port}`;
      const list = await (await fetch(`${base}/v1/models/aliases`)).text();
      const names = ((JSON.parse(list) as { data: Array<{ alias: string }> }).data).map((a) => a.alias).sort();
      assert.deepEqual(names, ['fine']);
      assert.doesNotMatch(list, /filepw/);
      const r = oneResponse(await rawRequest(gw.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'smuggled', messages: msg })));
      assert.equal(r.status, 404);
    } finally {
      await gw.close();
      await h.close();
    }
  });
});

describe('security: Object.prototype names with the router on', () => {
  let h: Harness;
  let pool: RouterPool;
  before(async () => {
    pool = await RouterPool.create({ weightsPath: join(repoRoot(), 'models', 'router-default'), workers: 1 });
    h = await startHarness({ router: pool });
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('weights_path errors do not tell which paths exist', async () => {
    const messages = new Set<string>();
    for (const weights_path of ['/nonexistent/dir', '/etc/passwd', '/etc', '/proc/self/environ', join(repoRoot(), 'models')]) {
      const res = await h.post('/v1/weights/reload', { weights_path });
      assert.equal(res.status, 400, weights_path);
      const e = ((await res.json()) as ErrBody).error;
      assert.equal(e.param, 'weights_path');
      assert.ok(!e.message.includes(weights_path), e.message);
      messages.add(e.message);
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
    assert.equal((await h.post('/v1/weights/reload', {})).status, 200, 'a reload of the configured package still works');
  });

  for (const name of PROTO_NAMES) {
    it(`'${name}' in available_models (/v1/route and model auto) is a 400, or ignored beside a real profile`, async () => {
      let res = await h.post('/v1/route', { prompt: 'hello there', available_models: [name] });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as ErrBody).error.param, 'available_models');
      res = await h.post('/v1/chat/completions', { model: 'auto', messages: msg, available_models: [name] });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as ErrBody).error.param, 'available_models');
      const real = pool.profileIds()[0]!;
      res = await h.post('/v1/route', { prompt: 'hello there', available_models: [name, real] });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { selected_model: string }).selected_model, real);
    });
  }
});
