/** Starting a management server on port 0 over a temp data dir, and calling it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startManagement, type ManagementService } from '../../src/service.js';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mgmt-test-'));

export async function startTestServer(dataDir: string, env: Record<string, string> = {}): Promise<ManagementService> {
  const config = loadConfig({
    OPENTRACY_DATA_DIR: dataDir,
    OPENTRACY_MANAGEMENT_PORT: '0',
    OPENTRACY_HOST: '127.0.0.1',
    OPENTRACY_GATEWAY_URL: 'http://127.0.0.1:9',
    ...env,
  });
  return startManagement(config, { log: () => undefined });
}

export interface HttpResult {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export async function http(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export const getJson = async <T>(port: number, path: string): Promise<T> => {
  const r = await http(port, 'GET', path);
  if (r.status !== 200) throw new Error(`GET ${path} -> ${r.status} ${r.text}`);
  return r.body as T;
};
