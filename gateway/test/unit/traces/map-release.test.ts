import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { mappedFileReleaser } from '../../../../native/map-release.js';
import { TraceWriter } from '../../../src/traces/writer.js';
import { openTraceStore } from '../../../src/traces/store-open.js';
import { sampleTrace, tempDir } from './sample.js';

test('the releaser acts at most once per interval, on the resolved path', () => {
  const { dir, cleanup } = tempDir('map-release-');
  try {
    let now = 0;
    const calls: string[] = [];
    const release = mappedFileReleaser(join(dir, '.', 'x', '..'), 1000, () => now, (p) => (calls.push(p), 0));
    release();
    now = 999;
    release();
    assert.deepEqual(calls, [realpathSync(dir)]);
    now = 1000;
    release();
    assert.equal(calls.length, 2);
  } finally {
    cleanup();
  }
});

test('the releaser stops for good once release is unsupported, or the file cannot be resolved', () => {
  let now = 0;
  let calls = 0;
  const unsupported = mappedFileReleaser('/', 10, () => now, () => (calls++, null));
  unsupported();
  now = 100;
  unsupported();
  assert.equal(calls, 1);
  const missing = mappedFileReleaser('/nonexistent/data.mdb', 10, () => now, () => (calls++, 0));
  missing();
  now = 200;
  missing();
  assert.equal(calls, 1, 'never called for a path that does not resolve');
});

test('the writer runs its after-commit hook once per successful commit, and a throwing hook changes nothing', async () => {
  const { dir, cleanup } = tempDir('map-release-w-');
  const store = openTraceStore(dir);
  const logs: string[] = [];
  let commits = 0;
  const writer = new TraceWriter(store, {
    afterCommit: () => {
      commits++;
      throw new Error('hook broke');
    },
    log: (m) => logs.push(m),
  });
  try {
    for (let i = 0; i < 3; i++) writer.write(sampleTrace(i, Date.UTC(2026, 0, 1) + i));
    await writer.flush();
    writer.write(sampleTrace(3, Date.UTC(2026, 0, 1) + 3));
    await writer.flush();
    assert.equal(commits, 2, 'one transaction per event turn');
    assert.equal(writer.stats().written, 4);
    assert.match(logs[0] ?? '', /after-commit hook failed: hook broke/);
  } finally {
    await writer.close();
    cleanup();
  }
});
