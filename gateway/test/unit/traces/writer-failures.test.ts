/**
 * A trace that cannot be written is counted and logged, never a silent hole: records msgpack
 * cannot encode, traces that cannot even be built, and the commit-awaiting write of sync durability.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishExchange } from '../../../src/chat/pipeline.js';
import type { ChatDeps } from '../../../src/chat/deps.js';
import { newExchange } from '../../../src/chat/exchange.js';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import type { ChatBody } from '../../../src/providers/types.js';
import { openTraceStore } from '../../../src/traces/store-open.js';
import { TraceWriter } from '../../../src/traces/writer.js';
import { sampleTrace, tempDir } from './sample.js';

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

test('records msgpack cannot encode are counted failed and logged with their id; later records still write', async () => {
  const { dir, cleanup } = tempDir('traces-fail-');
  const logs: string[] = [];
  const writer = TraceWriter.open(dir, { log: (m) => logs.push(m), logIntervalMs: 0 });
  try {
    const deep = sampleTrace(1, Date.now());
    deep.request_id = 'deep-one';
    deep.input_messages = [{ role: 'user', content: nested(4000) }];
    const circular = sampleTrace(2, Date.now());
    circular.request_id = 'circular-one';
    const meta: Record<string, unknown> = {};
    meta.self = meta;
    circular.metadata = meta as TraceRecord['metadata'];
    const fine = sampleTrace(3, Date.now());
    writer.write(deep);
    writer.write(circular);
    writer.write(fine);
    await writer.flush();
    const s = writer.stats();
    assert.equal(s.failed, 2);
    assert.equal(s.written, 1);
    assert.equal(s.accepted, s.written + s.failed + s.dropped + s.pending);
    assert.equal(logs.length, 2);
    assert.match(logs[0]!, /trace write failed \(deep-one\)/);
    assert.match(logs[1]!, /trace write failed \(circular-one\)/);
    await writer.close();
    const reader = openTraceStore(dir, { readOnly: true });
    assert.equal(reader.traces.getCount(), 1);
    assert.equal(reader.traces.get(fine.request_id)?.input_text, fine.input_text);
    await reader.root.close();
  } finally {
    await writer.close();
    cleanup();
  }
});

test('a failed encode never leaves later records of a new shape unreadable (stores that already hold shapes too)', async () => {
  const { dir, cleanup } = tempDir('traces-shape-');
  const writer = TraceWriter.open(dir, { log: () => {}, logIntervalMs: 0 });
  try {
    writer.write(sampleTrace(1, Date.now())); // the common shapes are saved
    await writer.flush();
    // A new metadata shape is registered while encoding, then the deep messages overflow the stack.
    const bad = sampleTrace(2, Date.now());
    bad.metadata = { brand_new_key: 'a', another_new_key: 'b' };
    bad.input_messages = [{ role: 'user', content: nested(4000) }];
    writer.write(bad);
    const after = sampleTrace(3, Date.now());
    after.metadata = { brand_new_key: 'c', another_new_key: 'd' };
    writer.write(after);
    await writer.close();
    assert.equal(writer.stats().failed, 1);
    const reader = openTraceStore(dir, { readOnly: true });
    try {
      assert.deepEqual(reader.traces.get(after.request_id)?.metadata, { brand_new_key: 'c', another_new_key: 'd' });
    } finally {
      await reader.root.close();
    }
  } finally {
    await writer.close();
    cleanup();
  }
});

test('writeCommitted resolves once the trace is readable by another reader; false on failure, never rejects', async () => {
  const { dir, cleanup } = tempDir('traces-commit-');
  const logs: string[] = [];
  // A long batch: writeCommitted must not wait for it.
  const writer = TraceWriter.open(dir, { log: (m) => logs.push(m), logIntervalMs: 0, batchMs: 60_000 });
  const reader = { store: undefined as ReturnType<typeof openTraceStore> | undefined };
  try {
    const t = sampleTrace(1, Date.now());
    const t0 = performance.now();
    assert.equal(await writer.writeCommitted(t), true);
    // Well before the 60 s batch would have been written: the commit did not wait for it.
    assert.ok(performance.now() - t0 < 30_000, `committed after ${performance.now() - t0} ms`);
    reader.store = openTraceStore(dir, { readOnly: true });
    assert.equal(reader.store.traces.get(t.request_id)?.request_id, t.request_id);
    const bad = sampleTrace(2, Date.now());
    bad.input_messages = [{ role: 'user', content: nested(4000) }];
    assert.equal(await writer.writeCommitted(bad), false);
    assert.deepEqual(
      { ...writer.stats(), pending_peak: 0 },
      { accepted: 2, written: 1, failed: 1, dropped: 0, pending: 0, pending_peak: 0 },
    );
    await writer.close();
    assert.equal(await writer.writeCommitted(sampleTrace(3, Date.now())), false);
    assert.equal(writer.stats().failed, 2);
  } finally {
    await reader.store?.root.close();
    await writer.close();
    cleanup();
  }
});

test('fail() counts and logs a trace that could not be built', () => {
  const { dir, cleanup } = tempDir('traces-fail2-');
  const logs: string[] = [];
  const writer = TraceWriter.open(dir, { log: (m) => logs.push(m), logIntervalMs: 0 });
  try {
    writer.fail('abc', new RangeError('Maximum call stack size exceeded'));
    assert.deepEqual(writer.stats(), { accepted: 1, written: 0, failed: 1, dropped: 0, pending: 0, pending_peak: 0 });
    assert.match(logs[0]!, /trace abc not written: Maximum call stack size exceeded/);
  } finally {
    void writer.close().then(cleanup);
  }
});

test('an exchange whose trace cannot be built is counted as a failed trace, not thrown', () => {
  const failed: Array<[string, unknown]> = [];
  const written: TraceRecord[] = [];
  const metrics: TraceRecord[] = [];
  const deps = {
    config: { traceDurability: 'async' },
    traces: { write: (r: TraceRecord) => written.push(r), writeCommitted: async () => true, fail: (id: string, err: unknown) => failed.push([id, err]) },
    metrics: { record: (r: TraceRecord) => metrics.push(r) },
  } as unknown as ChatDeps;
  // A circular message: estimating its tokens (no usage from upstream) cannot serialise it.
  const m: Record<string, unknown> = { role: 'user', content: 'loop' };
  m.self = m;
  const body = { model: 'openai/gpt-4o-mini', messages: [m] } as unknown as ChatBody;
  const ex = newExchange(body, performance.now(), '', false, {});
  ex.summary = { id: 'x', model: 'gpt-4o-mini', content: 'hi', toolCalls: [], finishReason: 'stop', usage: null };
  ex.status = 200;
  assert.doesNotThrow(() => finishExchange(ex, deps));
  assert.equal(failed.length, 1);
  assert.equal(failed[0]![0], ex.id);
  assert.equal(written.length, 0);
  // A buildable exchange is written as before.
  const ok = newExchange({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'fine' }] } as unknown as ChatBody, performance.now(), '', false, {});
  ok.status = 200;
  finishExchange(ok, deps);
  assert.equal(written.length, 1);
  assert.equal(metrics.length, 1);
});
