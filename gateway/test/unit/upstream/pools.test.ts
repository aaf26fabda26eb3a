import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamPools } from '../../../src/upstream/pools.js';
import { dispatch } from '../../../src/upstream/dispatch.js';
import { startMockUpstream } from '../../helpers/mock-upstream.js';
import { fastDeps, openaiCandidate } from './support.js';

test('one pool per origin, created lazily', async () => {
  const pools = new UpstreamPools();
  assert.equal(pools.size, 0);
  const a = pools.get('http://127.0.0.1:1');
  assert.equal(pools.get('http://127.0.0.1:1'), a);
  assert.notEqual(pools.get('http://127.0.0.1:2'), a);
  assert.equal(pools.size, 2);
  await pools.closeAll();
  assert.throws(() => pools.get('http://127.0.0.1:1'), /closed/);
});

test('sequential requests reuse one keep-alive socket', async () => {
  const mock = await startMockUpstream();
  const pools = new UpstreamPools();
  try {
    for (let i = 0; i < 5; i++) {
      const r = await dispatch({ candidates: [openaiCandidate(mock, 'mock-ok', { stream: i % 2 === 0 })] }, fastDeps(pools));
      assert.equal(r.ok, true);
      if (r.ok) await r.body.text();
      // undici frees the socket a tick after the body's 'end'; a request sent in the
      // same turn may open a second socket (harmless, but it would make this flaky).
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(mock.stats.requests, 5);
    assert.equal(mock.stats.connections, 1);
    assert.equal(pools.stats()[mock.origin]?.connected, 1);
  } finally {
    await pools.closeAll();
    await mock.close();
  }
});

test('concurrent requests open parallel sockets up to `connections`', async () => {
  const mock = await startMockUpstream();
  const pools = new UpstreamPools({ connections: 2 });
  try {
    const rs = await Promise.all(
      [0, 1, 2, 3].map(() => dispatch({ candidates: [openaiCandidate(mock, 'mock-slow-50')] }, fastDeps(pools))),
    );
    for (const r of rs) if (r.ok) await r.body.dump();
    assert.equal(mock.stats.requests, 4);
    assert.equal(mock.stats.connections, 2);
  } finally {
    await pools.closeAll();
    await mock.close();
  }
});
