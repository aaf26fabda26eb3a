import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRACE_INDEX_NAMES, type TraceIndexName } from '../../../../core/contract/store.js';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import { TraceWriter, type PutTarget, type WritableTraceStore } from '../../../src/traces/writer.js';
import { sampleTrace } from './sample.js';

/**
 * A fake store mimicking lmdb-js: every put of the current "transaction" returns the same
 * promise; `commit()` settles it and opens the next one.
 */
function fakeStore() {
  let resolve!: (v: boolean) => void;
  let reject!: (e: unknown) => void;
  let current!: Promise<boolean>;
  const next = (): void => {
    current = new Promise<boolean>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  };
  next();
  let puts = 0;
  const target = <K, V>(): PutTarget<K, V> => ({
    put: () => {
      puts++;
      return current;
    },
  });
  const indexes = {} as Record<TraceIndexName, PutTarget<[string, string], Buffer>>;
  for (const n of TRACE_INDEX_NAMES) indexes[n] = target();
  const store: WritableTraceStore = {
    traces: target<string, TraceRecord>(),
    indexes,
    root: { flushed: Promise.resolve(true), close: () => Promise.resolve() },
  };
  return {
    store,
    puts: () => puts,
    commit(ok = true): void {
      if (ok) resolve(true);
      else reject(new Error('MDB_MAP_FULL'));
      next();
    },
  };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

test('counts written per commit; pending follows the transaction promise', async () => {
  const f = fakeStore();
  const w = new TraceWriter(f.store);
  for (let i = 0; i < 10; i++) w.write(sampleTrace(i, 1_000 + i));
  assert.equal(w.stats().pending, 10);
  f.commit();
  for (let i = 10; i < 13; i++) w.write(sampleTrace(i, 1_000 + i));
  await settle();
  // the commit settles on a later microtask, so the peak includes the 3 queued meanwhile
  assert.deepEqual(w.stats(), { accepted: 13, written: 10, failed: 0, dropped: 0, pending: 3, pending_peak: 13 });
  const flushed = w.flush();
  f.commit();
  await flushed;
  assert.equal(w.stats().written, 13);
});

test('a failed commit counts every trace of the batch as failed, logging at a bounded rate', async () => {
  const f = fakeStore();
  const logs: string[] = [];
  let now = 0;
  const w = new TraceWriter(f.store, { log: (m) => logs.push(m), logIntervalMs: 1000, now: () => now });
  for (let i = 0; i < 5; i++) w.write(sampleTrace(i, 1 + i));
  f.commit(false);
  await settle();
  for (let i = 0; i < 5; i++) {
    w.write(sampleTrace(i, 1 + i));
    f.commit(false);
    await settle();
  }
  assert.deepEqual(w.stats(), { accepted: 10, written: 0, failed: 10, dropped: 0, pending: 0, pending_peak: 5 });
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /commit failed \(5 traces\): MDB_MAP_FULL/);
  now = 5000;
  w.write(sampleTrace(0, 1));
  f.commit(false);
  await settle();
  assert.equal(logs.length, 2);
  assert.match(logs[1]!, /5 similar messages suppressed/);
  await w.flush(); // never rejects
});

test('backlog bound: records beyond maxPending are dropped and counted, then accepted again', async () => {
  const f = fakeStore();
  const w = new TraceWriter(f.store, { maxPending: 10, log: () => {} });
  for (let i = 0; i < 15; i++) w.write(sampleTrace(i, 1 + i));
  assert.deepEqual(w.stats(), { accepted: 15, written: 0, failed: 0, dropped: 5, pending: 10, pending_peak: 10 });
  f.commit();
  await settle();
  w.write(sampleTrace(99, 1));
  assert.equal(w.stats().pending, 1);
  assert.equal(w.stats().written, 10);
});

test('backlog bound on queued puts keeps lmdb-js from blocking the main thread', () => {
  const f = fakeStore();
  const w = new TraceWriter(f.store, { maxPendingOps: 17, log: () => {} });
  // puts per trace: record + model + provider, + status for errors, + session, + key (traceIndexKeys)
  // sampleTrace(0): error, session and key -> 6 puts; (1), (3), (5): none of them -> 3; (7): error -> 4
  w.write(sampleTrace(0, 1)); // 6
  w.write(sampleTrace(1, 1)); // 9
  w.write(sampleTrace(3, 1)); // 12
  w.write(sampleTrace(5, 1)); // 15
  w.write(sampleTrace(7, 1)); // 19 > 17: dropped
  assert.equal(w.stats().dropped, 1);
  assert.equal(w.stats().pending, 4);
  assert.equal(f.puts(), 15);
});

test('a store whose put throws counts a failure and does not throw', () => {
  const store: WritableTraceStore = {
    traces: {
      put: () => {
        throw new Error('The environment is already closed.');
      },
    },
    indexes: fakeStore().store.indexes,
    root: { flushed: Promise.resolve(true), close: () => Promise.resolve() },
  };
  const w = new TraceWriter(store, { log: () => {} });
  assert.doesNotThrow(() => w.write(sampleTrace(1, 1)));
  assert.deepEqual(w.stats(), { accepted: 1, written: 0, failed: 1, dropped: 0, pending: 0, pending_peak: 0 });
});

test('a throwing logger does not break write()', () => {
  const w = new TraceWriter(fakeStore().store, {
    maxPending: 0,
    log: () => {
      throw new Error('logger down');
    },
  });
  assert.doesNotThrow(() => w.write(sampleTrace(1, 1)));
  assert.equal(w.stats().dropped, 1);
});

test('request_id: kept when set by the caller, assigned from the timestamp when empty', () => {
  const w = new TraceWriter(fakeStore().store, { now: () => 5_000 });
  const a = sampleTrace(1, 1_700_000_000_000);
  a.request_id = 'caller-id';
  w.write(a);
  assert.equal(a.request_id, 'caller-id');
  const b = sampleTrace(2, 1_700_000_000_123);
  w.write(b);
  assert.equal(b.request_id.slice(0, 12), (1_700_000_000_123).toString(16).padStart(12, '0'));
  const c = sampleTrace(3, 0);
  w.write(c);
  assert.equal(parseInt(c.request_id.slice(0, 12), 16), 5_000, 'no timestamp: the clock');
});

test('batchMs: records are held (and counted pending) until the batch puts them in one turn', async () => {
  const f = fakeStore();
  const w = new TraceWriter(f.store, { batchMs: 20 });
  for (let i = 0; i < 3; i++) w.write(sampleTrace(i, 1_000 + i));
  assert.equal(f.puts(), 0, 'nothing put before the batch is due');
  assert.equal(w.stats().pending, 3);
  assert.ok(w.stats().accepted === 3 && w.stats().pending_peak === 3);
  await new Promise((r) => setTimeout(r, 40));
  assert.ok(f.puts() >= 12, 'the batch put every record and its index entries');
  assert.equal(w.stats().pending, 3);
  f.commit();
  await settle();
  assert.deepEqual(w.stats(), { accepted: 3, written: 3, failed: 0, dropped: 0, pending: 0, pending_peak: 3 });
  w.write(sampleTrace(4, 2_000));
  const flushed = w.flush(); // puts what is held at the end of this turn, then waits for the commit
  await Promise.resolve();
  assert.ok(f.puts() >= 16);
  f.commit();
  await flushed;
  assert.equal(w.stats().written, 4);
});
