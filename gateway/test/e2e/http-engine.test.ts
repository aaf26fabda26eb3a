/** The uWS package silently falls back to a pure-JS server when its binary cannot load: we detect and report it. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

async function startGatewayProcess(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  const port = 19000 + Math.floor(Math.random() * 2000);
  let log = '';
  const child = spawn(process.execPath, [MAIN, '--gateway'], { env: { ...process.env, OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base, log: () => log };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not start: ${log}`);
}

for (const fallback of [false, true]) {
  describe(`HTTP engine: ${fallback ? 'forced JS fallback' : 'native'}`, () => {
    let mock: MockUpstream;
    let gw: Awaited<ReturnType<typeof startGatewayProcess>>;
    let dataDir: string;
    before(async () => {
      mock = await startMockUpstream();
      dataDir = mkdtempSync(join(tmpdir(), 'ot-engine-'));
      gw = await startGatewayProcess({
        OPENTRACY_DATA_DIR: dataDir,
        OPENAI_BASE_URL: `${mock.origin}/v1`,
        OPENAI_API_KEY: 'sk-x',
        ...(fallback ? { UWS_USE_FALLBACK: '1' } : {}),
      });
    });
    after(async () => {
      gw.child.kill('SIGTERM');
      await new Promise((r) => gw.child.once('exit', r));
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('reports the engine on /health and says so loudly in the log', async () => {
      const health = (await (await fetch(`${gw.base}/health`)).json()) as { http_engine: string };
      assert.equal(health.http_engine, fallback ? 'uws-js-fallback' : 'uws-native');
      assert.equal(/native binary did NOT load/.test(gw.log()), fallback);
    });

    it('still serves completions, JSON and streamed, and preflight', async () => {
      const res = await fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'openai/mock-ok', messages: [{ role: 'user', content: 'engine check' }] }) });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /engine check/);
      const sse = await fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'openai/mock-ok', stream: true, messages: [{ role: 'user', content: 'engine check' }] }) });
      assert.match(await sse.text(), /data: \[DONE\]/);
      assert.equal((await fetch(`${gw.base}/v1/chat/completions`, { method: 'OPTIONS' })).status, 204);
    });
  });
}
