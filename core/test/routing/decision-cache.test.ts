import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecisionCache, decisionCacheKey, goDuration } from '../../routing/decision-cache.js';

test('LRU: evicts the least recently used entry beyond maxSize', () => {
  const c = new DecisionCache<number>({ maxSize: 2 });
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1); // a is now most recent
  c.set('c', 3);
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 1);
  assert.equal(c.get('c'), 3);
  assert.deepEqual(c.stats(), { size: 2, max_size: 2, ttl: '5m0s', hits: 3, misses: 1, hit_rate: 0.75 });
});

test('TTL counts from insertion; an expired entry is a miss and is dropped', () => {
  let now = 0;
  const c = new DecisionCache<string>({ ttlMs: 1000, now: () => now });
  c.set('k', 'v');
  now = 999;
  assert.equal(c.get('k'), 'v');
  now = 1000;
  assert.equal(c.get('k'), undefined);
  assert.equal(c.stats().size, 0);
  c.clear();
  assert.deepEqual([c.stats().hits, c.stats().misses], [0, 0]);
});

test('key covers text, λ, sorted allowed models and generation', () => {
  const base = { text: 'hello', costWeight: 0 };
  const k = decisionCacheKey({ ...base, generation: 1 });
  assert.equal(k, decisionCacheKey({ ...base, generation: 1 }));
  assert.notEqual(k, decisionCacheKey({ ...base, generation: 2 }));
  assert.notEqual(k, decisionCacheKey({ ...base, costWeight: 1, generation: 1 }));
  assert.notEqual(k, decisionCacheKey({ ...base, text: 'hello!', generation: 1 }));
  assert.equal(decisionCacheKey({ ...base, allowedModels: ['b', 'a'], generation: 1 }), decisionCacheKey({ ...base, allowedModels: ['a', 'b'], generation: 1 }));
  assert.notEqual(k, decisionCacheKey({ ...base, allowedModels: ['a'], generation: 1 }));
  assert.notEqual(k, decisionCacheKey({ ...base, allowedModels: [], generation: 1 }), 'an empty set is not "all models"');
});

test('single-flight: concurrent identical keys compute once; failures are shared and not cached', async () => {
  const c = new DecisionCache<number>();
  let calls = 0;
  let release!: (v: number) => void;
  const compute = (): Promise<number> => {
    calls++;
    return new Promise<number>((r) => (release = r));
  };
  const a = c.singleFlight('k', compute);
  const b = c.singleFlight('k', compute);
  assert.equal(a.leader, true);
  assert.equal(b.leader, false);
  assert.equal(c.inFlight, 1);
  release(42);
  assert.deepEqual(await Promise.all([a.promise, b.promise]), [42, 42]);
  assert.equal(calls, 1);
  assert.equal(c.inFlight, 0);
  const f1 = c.singleFlight('x', () => Promise.reject(new Error('boom')));
  const f2 = c.singleFlight('x', () => Promise.resolve(1));
  await assert.rejects(f1.promise, /boom/);
  await assert.rejects(f2.promise, /boom/);
  assert.equal(await c.singleFlight('x', () => Promise.resolve(7)).promise, 7);
});

test('Go duration text', () => {
  assert.deepEqual([300_000, 3_600_000, 1500, 250, 90_000, 0].map(goDuration), ['5m0s', '1h0m0s', '1.5s', '250ms', '1m30s', '0s']);
});
