/** Files are streamed with backpressure: a large binary arrives byte for byte, HEAD gives its length. */
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../src/server/app.js';

describe('file replies', () => {
  let dir: string;
  let server: RunningServer;
  const size = 24 * 1024 * 1024 + 123;
  let digest: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'file-reply-'));
    const data = randomBytes(size);
    digest = createHash('sha256').update(data).digest('hex');
    writeFileSync(join(dir, 'model.gguf'), data);
    writeFileSync(join(dir, 'empty.bin'), Buffer.alloc(0));
    server = await startServer(
      [
        { method: 'GET', pattern: '/f/big', handler: () => ({ kind: 'file', status: 200, path: join(dir, 'model.gguf'), size, contentType: 'application/octet-stream' }) },
        { method: 'GET', pattern: '/f/gone', handler: () => ({ kind: 'file', status: 200, path: join(dir, 'removed-meanwhile.bin'), size: 0, contentType: 'application/octet-stream' }) },
        { method: 'GET', pattern: '/f/empty', handler: () => ({ kind: 'file', status: 200, path: join(dir, 'empty.bin'), size: 0, contentType: 'application/octet-stream' }) },
      ],
      { host: '127.0.0.1', port: 0, apiKeys: [], maxBodyBytes: 1024, openPaths: [] },
    );
  });
  after(async () => {
    await server.close(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a 24 MiB binary intact, read slowly by the client', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/f/big`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(size));
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let n = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      hash.update(value);
      n += value.byteLength;
      if (n < 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 1)); // a slow start fills the socket
    }
    assert.equal(n, size);
    assert.equal(hash.digest('hex'), digest);
  });

  it('an empty file removed before it is read answers 200 and leaves no stray open to fail (no uncaught ENOENT)', async () => {
    const uncaught: Error[] = [];
    const onUncaught = (e: Error): void => void uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/f/gone`);
      assert.equal(res.status, 200);
      assert.equal((await res.arrayBuffer()).byteLength, 0);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    assert.deepEqual(uncaught.map((e) => e.message), []);
  });

  it('an empty file and HEAD', async () => {
    const empty = await fetch(`http://127.0.0.1:${server.port}/f/empty`);
    assert.equal(empty.status, 200);
    assert.equal((await empty.arrayBuffer()).byteLength, 0);
    const head = await fetch(`http://127.0.0.1:${server.port}/f/big`, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(size));
  });

  it('a client that leaves mid-download does not break the server', async () => {
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${server.port}/f/big`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const again = await fetch(`http://127.0.0.1:${server.port}/f/empty`);
    assert.equal(again.status, 200);
  });
});
