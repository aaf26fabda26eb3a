/**
 * Starts a real gateway (uWS on port 0) in front of the mock upstream, with every
 * provider family pointed at the mock. For end-to-end tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { RouterControl } from '../../src/chat/deps.js';
import { parseConfig, type GatewayConfig } from '../../src/config.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream.js';

export interface Harness {
  mock: MockUpstream;
  gw: RunningGateway;
  config: GatewayConfig;
  base: string;
  dataDir: string;
  client: OpenAI;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra env; a function gets the mock upstream's origin (for base URLs of providers the harness does not set). */
  env?: Record<string, string> | ((mockOrigin: string) => Record<string, string>);
  configFile?: Record<string, unknown>;
  router?: RouterControl | null;
  /** Leave these provider keys unset. */
  withoutKeys?: string[];
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const mock = await startMockUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'ot-e2e-'));
  const keys: Record<string, string> = { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant', GEMINI_API_KEY: 'g-key', GROQ_API_KEY: 'gsk', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key' };
  for (const k of opts.withoutKeys ?? []) delete keys[k];
  const env: Record<string, string> = {
    OPENTRACY_HOST: '127.0.0.1',
    OPENTRACY_PORT: '0',
    OPENTRACY_DATA_DIR: dataDir,
    OPENTRACY_SECRETS_FILE: join(dataDir, 'secrets.json'),
    OPENTRACY_RETRY_BASE_MS: '5',
    OPENTRACY_RETRY_MAX_MS: '50',
    OPENTRACY_LOG_LEVEL: 'error',
    OPENAI_BASE_URL: `${mock.origin}/v1`,
    GROQ_BASE_URL: `${mock.origin}/v1`,
    ANTHROPIC_BASE_URL: mock.origin,
    GEMINI_BASE_URL: mock.origin,
    BEDROCK_BASE_URL: mock.origin,
    ...keys,
    ...(typeof opts.env === 'function' ? opts.env(mock.origin) : opts.env),
  };
  const config = parseConfig(env, opts.configFile ? JSON.stringify(opts.configFile) : undefined);
  const gw = await startGateway(config, { router: opts.router ?? null, log: () => undefined });
  const base = `http://127.0.0.1:${gw.port}`;
  const client = new OpenAI({ apiKey: env.OPENTRACY_API_KEYS?.split(',')[0] ?? 'unused', baseURL: `${base}/v1`, maxRetries: 0, timeout: 10_000 });
  return {
    mock,
    gw,
    config,
    base,
    dataDir,
    client,
    post: (path, body, headers = {}) =>
      fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    async close() {
      await gw.close();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
