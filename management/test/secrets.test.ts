/**
 * Regressions (issue 14) on provider keys:
 * - the gateway and management read different secrets files (`~/.opentracy/secrets.json`
 *   and `<data>/secrets.json`): a key set in management was gone from the gateway after a
 *   restart. Both now default to `<dataDir>/secrets.json`.
 * - control characters in a key were stored and broke every request to the provider.
 * - `/v1/secrets` listed nothing while the gateway used keys from its environment.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../gateway/src/config.js';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.js';
import { startMockUpstream, type MockUpstream } from '../../gateway/test/helpers/mock-upstream.js';
import { loadConfig } from '../src/config.js';
import { maskKey } from '../src/secrets/mask.js';
import { keySources, providerKeyEnv } from '../src/secrets/sources.js';
import { startManagement, type ManagementService } from '../src/service.js';
import { http } from './helpers/server.js';

const ENV_OPENAI = 'sk-openai-env-key-9999';
const FILE_ANTHROPIC = 'sk-ant-from-management-1234';

interface Listing {
  configured_providers: string[];
  keys: Array<{ provider: string; source: string; env_var?: string; masked_key: string | null; in_use: boolean }>;
  total: number;
  gateway_reachable: boolean;
}

describe('provider keys: one secrets file, validated, listed with their source', () => {
  let mock: MockUpstream;
  let dataDir: string;
  let gw: RunningGateway;
  let mgmt: ManagementService;
  let gatewayEnv: Record<string, string>;
  const gwUrl = (): string => `http://127.0.0.1:${gw.port}`;

  before(async () => {
    mock = await startMockUpstream();
    dataDir = mkdtempSync(join(tmpdir(), 'ot-secrets-'));
    // No OPENTRACY_SECRETS_FILE in either service: the default decides.
    gatewayEnv = {
      OPENTRACY_HOST: '127.0.0.1',
      OPENTRACY_PORT: '0',
      OPENTRACY_DATA_DIR: dataDir,
      OPENTRACY_LOG_LEVEL: 'error',
      OPENAI_BASE_URL: `${mock.origin}/v1`,
      GROQ_BASE_URL: `${mock.origin}/v1`,
      ANTHROPIC_BASE_URL: mock.origin,
      OPENAI_API_KEY: ENV_OPENAI,
    };
    gw = await startGateway(parseConfig(gatewayEnv), { log: () => undefined });
    mgmt = await startManagement(
      loadConfig({ OPENTRACY_DATA_DIR: dataDir, OPENTRACY_MANAGEMENT_PORT: '0', OPENTRACY_HOST: '127.0.0.1', OPENTRACY_GATEWAY_URL: gwUrl(), OPENAI_API_KEY: ENV_OPENAI, NOTAPROVIDER_API_KEY: 'x-unused-key-000000' }),
      { log: () => undefined, pushSecretsAtStart: false },
    );
  });
  after(async () => {
    await mgmt.close();
    await gw.close();
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a key set through management is still used by a restarted gateway', async () => {
    assert.equal(parseConfig(gatewayEnv).secretsFile, loadConfig({ OPENTRACY_DATA_DIR: dataDir }).secretsFile);
    const save = await http(mgmt.port, 'POST', '/v1/secrets/anthropic', { api_key: FILE_ANTHROPIC });
    assert.equal(save.status, 200, save.text);
    const file = join(dataDir, 'secrets.json');
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).anthropic, FILE_ANTHROPIC);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await gw.close();
    gw = await startGateway(parseConfig(gatewayEnv), { log: () => undefined });
    const res = await fetch(`${gwUrl()}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anthropic/claude-3-5-haiku', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(res.status, 200, await res.text());
    assert.equal(mock.requests.at(-1)!.headers['x-api-key'], FILE_ANTHROPIC);
  });

  it('a key with control characters, or a bad provider name, is a 400 and nothing is stored', async () => {
    const before = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    for (const api_key of ['x\r\ny', 'sk-a\nX-Smuggled: 1', 'with space', 'tab\there', 'nul\u0000']) {
      const r = await http(mgmt.port, 'POST', '/v1/secrets/groq', { api_key });
      assert.equal(r.status, 400, JSON.stringify(api_key));
      assert.equal((r.body as { error: { param: string } }).error.param, 'api_key');
    }
    for (const p of ['Bad%20Name', '%E0%A4%A', 'a%0d%0ab', '_proto', '-x']) {
      const r = await http(mgmt.port, 'POST', `/v1/secrets/${p}`, { api_key: 'sk-fine-key-1234' });
      assert.equal(r.status, 400, p);
    }
    assert.equal((await http(mgmt.port, 'DELETE', '/v1/secrets/constructor')).status, 404);
    assert.equal(readFileSync(join(dataDir, 'secrets.json'), 'utf8'), before);
  });

  it('/v1/secrets lists every key the gateway has, with its source, masked', async () => {
    // Management now points at the restarted gateway; a runtime key set on the gateway directly.
    await mgmt.close();
    mgmt = await startManagement(
      loadConfig({ OPENTRACY_DATA_DIR: dataDir, OPENTRACY_MANAGEMENT_PORT: '0', OPENTRACY_HOST: '127.0.0.1', OPENTRACY_GATEWAY_URL: gwUrl(), OPENAI_API_KEY: ENV_OPENAI, NOTAPROVIDER_API_KEY: 'x-unused-key-000000' }),
      { log: () => undefined, pushSecretsAtStart: false },
    );
    const set = await fetch(`${gwUrl()}/v1/config/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'groq', api_key: 'gsk-runtime-only-5555' }) });
    assert.equal(set.status, 200);
    const r = await http(mgmt.port, 'GET', '/v1/secrets');
    assert.equal(r.status, 200);
    const l = r.body as Listing;
    assert.equal(l.gateway_reachable, true);
    assert.deepEqual(l.configured_providers, ['anthropic', 'groq', 'openai']);
    assert.deepEqual(l.keys.find((k) => k.provider === 'openai'), { provider: 'openai', source: 'env', env_var: 'OPENAI_API_KEY', masked_key: 'sk-...9999', in_use: true });
    assert.deepEqual(l.keys.find((k) => k.provider === 'anthropic'), { provider: 'anthropic', source: 'secrets_file', masked_key: 'sk-...1234', in_use: true });
    assert.deepEqual(l.keys.find((k) => k.provider === 'groq'), { provider: 'groq', source: 'runtime', masked_key: null, in_use: true });
    assert.equal(l.total, 3);
    for (const secret of [ENV_OPENAI, FILE_ANTHROPIC, 'gsk-runtime-only-5555', 'x-unused-key-000000']) assert.ok(!r.text.includes(secret), 'no key value is returned');
  });

  it('masking and source precedence (pure)', () => {
    assert.equal(maskKey('sk-proj-abcdefghijklmnop'), 'sk-...mnop');
    assert.equal(maskKey('AIzaSyA1234567890abcd'), 'AIz...abcd');
    assert.equal(maskKey('short'), '***');
    const env = providerKeyEnv({ OPENAI_API_KEY: 'sk-env-000000001', GOOGLE_API_KEY: 'g-key-0000000002', OPENTRACY_FINETUNE_API_KEY: 'sk-not-a-provider', PATH: '/bin' });
    assert.deepEqual(env.map((e) => [e.provider, e.envVar]), [['gemini', 'GOOGLE_API_KEY'], ['openai', 'OPENAI_API_KEY']]);
    const both = keySources({ openai: 'sk-file-000000003' }, env, null);
    assert.deepEqual(both.filter((k) => k.provider === 'openai').map((k) => [k.source, k.in_use]), [['secrets_file', true], ['env', false]]);
  });
});
