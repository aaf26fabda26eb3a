/**
 * Regression (issue 14): management ignored `apiKeys` from the config file and served
 * /v1/secrets with auth off. Both services read one config file with one reader; each is
 * started here as a process from a config file only (no OPENTRACY_API_KEYS) and must ask
 * for a token.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../gateway/src/config.js';
import { configPathFrom, sharedSettings } from '../../core/contract/config-file.js';
import { loadConfig, parseManagementConfig } from '../src/config.js';
import { REPO } from './learning/stack.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The environment without any OPENTRACY_* variable (so only the file configures the child). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENTRACY_')) env[k] = v;
  return { ...env, ...extra };
}

async function waitHealthy(url: string, proc: ChildProcess, out: () => string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`exited with ${proc.exitCode}: ${out()}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`not healthy in 30 s: ${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(args: string[], env: NodeJS.ProcessEnv): { proc: ChildProcess; out: () => string } {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  proc.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  return { proc, out: () => text };
}

const stop = (p: ChildProcess): Promise<void> =>
  new Promise((r) => {
    if (p.exitCode !== null) return r();
    p.on('exit', () => r());
    p.kill('SIGTERM');
  });

describe('one config file for both services', () => {
  it('the environment wins over the file; both services merge the shared keys the same way', () => {
    const file = { dataDir: '/srv/ot', host: '10.0.0.1', port: 9001, managementPort: 9002, apiKeys: ['from-file'] };
    const g = parseConfig({}, JSON.stringify(file), '/');
    const m = parseManagementConfig({}, file, '/');
    assert.deepEqual([g.dataDir, g.host, g.port, g.managementPort, [...g.apiKeys], g.secretsFile], ['/srv/ot', '10.0.0.1', 9001, 9002, ['from-file'], '/srv/ot/secrets.json']);
    assert.deepEqual([m.dataDir, m.host, m.port, [...m.apiKeys], m.secretsFile, m.gatewayUrl], ['/srv/ot', '10.0.0.1', 9002, ['from-file'], '/srv/ot/secrets.json', 'http://127.0.0.1:9001']);
    const env = { OPENTRACY_API_KEYS: 'a, b', OPENTRACY_DATA_DIR: '/d', OPENTRACY_SECRETS_FILE: '/s.json', OPENTRACY_MANAGEMENT_PORT: '7000' };
    const s = sharedSettings(env, file, '/');
    assert.deepEqual([...s.apiKeys], ['a', 'b']);
    assert.equal(s.dataDir, '/d');
    assert.equal(s.secretsFile, '/s.json');
    assert.equal(s.managementPort, 7000);
    assert.equal(parseConfig(env, JSON.stringify(file), '/').secretsFile, parseManagementConfig(env, file, '/').secretsFile);
    assert.equal(configPathFrom(['--config', 'x.json'], { OPENTRACY_CONFIG: 'y.json' }), 'x.json');
    assert.equal(configPathFrom(['--config=z.json'], {}), 'z.json');
    assert.equal(configPathFrom([], { OPENTRACY_CONFIG: 'y.json' }), 'y.json');
    assert.throws(() => sharedSettings({}, { apiKeys: [1] }), /apiKeys/);
    assert.throws(() => sharedSettings({}, { port: 'eighty' }), /OPENTRACY_PORT/);
  });

  it('loadConfig reads OPENTRACY_CONFIG from the environment it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ot-cfg-'));
    try {
      const path = join(dir, 'c.json');
      writeFileSync(path, JSON.stringify({ apiKeys: ['k1'], dataDir: dir }));
      const c = loadConfig({ OPENTRACY_CONFIG: path });
      assert.deepEqual([...c.apiKeys], ['k1']);
      assert.equal(c.secretsFile, join(dir, 'secrets.json'));
      assert.deepEqual([...loadConfig({}, ['--config', path]).apiKeys], ['k1']);
      writeFileSync(path, '{"apiKeys": [');
      assert.throws(() => loadConfig({ OPENTRACY_CONFIG: path }), /not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('each service started from a config file only', () => {
    let dir: string;
    let cfgPath: string;
    let gwPort: number;
    let mgPort: number;
    const procs: ChildProcess[] = [];
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ot-cfg-'));
      gwPort = await freePort();
      mgPort = await freePort();
      cfgPath = join(dir, 'opentracy.json');
      writeFileSync(cfgPath, JSON.stringify({ apiKeys: ['file-token'], dataDir: join(dir, 'data'), host: '127.0.0.1', port: gwPort, managementPort: mgPort, logLevel: 'error' }));
    });
    after(async () => {
      await Promise.all(procs.map(stop));
      rmSync(dir, { recursive: true, force: true });
    });

    it('management (OPENTRACY_CONFIG): auth is on', async () => {
      const c = start([join(REPO, 'dist/management/src/main.js')], cleanEnv({ OPENTRACY_CONFIG: cfgPath, OPENTRACY_REPO_ROOT: REPO }));
      procs.push(c.proc);
      const url = `http://127.0.0.1:${mgPort}`;
      await waitHealthy(url, c.proc, c.out);
      assert.equal((await fetch(`${url}/v1/secrets`)).status, 401);
      const ok = await fetch(`${url}/v1/secrets`, { headers: { authorization: 'Bearer file-token' } });
      assert.equal(ok.status, 200);
      assert.match(c.out(), /auth on/);
    });

    it('gateway (--config): auth is on', async () => {
      const c = start([join(REPO, 'dist/gateway/src/main.js'), '--gateway', '--config', cfgPath], cleanEnv({}));
      procs.push(c.proc);
      const url = `http://127.0.0.1:${gwPort}`;
      await waitHealthy(url, c.proc, c.out);
      assert.equal((await fetch(`${url}/v1/config/keys`)).status, 401);
      assert.equal((await fetch(`${url}/v1/config/keys`, { headers: { authorization: 'Bearer file-token' } })).status, 200);
    });
  });
});
