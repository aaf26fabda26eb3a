/** Starts the topic mock, a real gateway in front of it (optionally with a router), and a management server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../gateway/src/config.js';
import { startGateway, type RunningGateway } from '../../../gateway/src/gateway.js';
import { RouterPool } from '../../../gateway/src/worker/router-pool.js';
import { loadConfig } from '../../src/config.js';
import { startManagement, type ManagementService } from '../../src/service.js';
import { startTopicMock, type TopicMock } from './topic-mock.js';

export const REPO = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

export interface Stack {
  mock: TopicMock;
  gw: RunningGateway;
  gwUrl: string;
  pool: RouterPool | null;
  dataDir: string;
  mgmt: ManagementService;
  mgmtUrl: string;
  gatewayEnv: Record<string, string>;
  restartManagement(): Promise<void>;
  close(): Promise<void>;
}

export function gatewayEnv(dataDir: string, mockOrigin: string): Record<string, string> {
  return {
    OPENTRACY_HOST: '127.0.0.1',
    OPENTRACY_PORT: '0',
    OPENTRACY_DATA_DIR: dataDir,
    OPENTRACY_SECRETS_FILE: join(dataDir, 'secrets.json'),
    OPENTRACY_LOG_LEVEL: 'error',
    OPENTRACY_RETRY_BASE_MS: '5',
    OPENTRACY_RETRY_MAX_MS: '20',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: `${mockOrigin}/v1`,
  };
}

export const managementEnv = (dataDir: string, gwUrl: string): Record<string, string> => ({
  OPENTRACY_DATA_DIR: dataDir,
  OPENTRACY_MANAGEMENT_PORT: '0',
  OPENTRACY_HOST: '127.0.0.1',
  OPENTRACY_GATEWAY_URL: gwUrl,
  OPENTRACY_REPO_ROOT: REPO,
});

export async function startStack(o: { router?: boolean } = {}): Promise<Stack> {
  process.env.OPENTRACY_RETRY_BASE_MS ??= '5';
  process.env.OPENTRACY_FINETUNE_POLL_MS ??= '20';
  process.env.OPENTRACY_JUDGE_MODEL ??= 'openai/judge';
  const mock = await startTopicMock();
  const dataDir = mkdtempSync(join(tmpdir(), 'ot-learning-'));
  const env = gatewayEnv(dataDir, mock.origin);
  const config = parseConfig(env);
  const pool = o.router ? await RouterPool.create({ weightsPath: join(REPO, 'models/router-default'), workers: 1 }) : null;
  const gw = await startGateway(config, { router: pool, log: () => undefined });
  const gwUrl = `http://127.0.0.1:${gw.port}`;
  const start = (): Promise<ManagementService> => startManagement(loadConfig(managementEnv(dataDir, gwUrl)), { log: () => undefined, pushSecretsAtStart: false });
  let mgmt = await start();
  const s: Stack = {
    mock,
    gw,
    gwUrl,
    pool,
    dataDir,
    mgmt,
    mgmtUrl: `http://127.0.0.1:${mgmt.port}`,
    gatewayEnv: env,
    async restartManagement() {
      await mgmt.close();
      mgmt = await start();
      s.mgmt = mgmt;
      s.mgmtUrl = `http://127.0.0.1:${mgmt.port}`;
    },
    async close() {
      await mgmt.close();
      await gw.close();
      await pool?.close();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return s;
}

export async function call<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function waitFor<T>(f: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
