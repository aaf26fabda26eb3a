import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { indexKeyPart, indexRange, TRACE_INDEX_NAMES, traceIndexKeys } from '../../../../core/contract/store.js';
import { traceIdBounds, traceIdTime } from '../../../../core/contract/trace-id.js';
import { TraceWriter, type TraceWriterStats } from '../../../src/traces/writer.js';
import { openTraceStore } from '../../../src/traces/store-open.js';
import { MODELS, PROVIDERS, sampleTrace, tempDir } from './sample.js';

const CHILD = fileURLToPath(new URL('./reader-child.js', import.meta.url));

/** Runs the reader child; `onReady` runs once it prints "ready" (watch mode). */
function runChild(args: string[], onReady?: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (onReady !== undefined && out.startsWith('ready\n')) {
        const f = onReady;
        onReady = undefined;
        f();
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.replace(/^ready\n/, '')) : reject(new Error(`child ${code}: ${err}`))));
  });
}

function balanced(s: TraceWriterStats): boolean {
  return s.accepted === s.written + s.failed + s.dropped + s.pending;
}

test('1,000 traces read back by id, time range and every index from a read-only open in another process', async () => {
  const { dir, cleanup } = tempDir('traces-w-');
  const writer = TraceWriter.open(dir);
  try {
    const t0 = Date.UTC(2026, 0, 1);
    const records = Array.from({ length: 1000 }, (_, i) => sampleTrace(i, t0 + i * 10));
    records[500]!.input_text = 'a long conversation '.repeat(1000); // over the compression threshold
    for (const r of records) writer.write(r);
    const ids = records.map((r) => r.request_id);
    assert.ok(ids.every((id, i) => traceIdTime(id) === t0 + i * 10), 'ids assigned from each timestamp');
    assert.equal(new Set(ids).size, 1000);
    await writer.flush();
    assert.deepEqual(writer.stats(), { accepted: 1000, written: 1000, failed: 0, dropped: 0, pending: 0, pending_peak: 1000 });

    const dump = JSON.parse(await runChild(['dump', dir])) as {
      traces: Array<{ key: string; request_id: string; timestamp: number; selected_model: string; input_text: string }>;
      indexes: Record<string, Array<[string, string]>>;
    };
    assert.equal(dump.traces.length, 1000);
    assert.deepEqual(dump.traces.map((t) => t.key), ids, 'primary keys come back in time order');
    assert.equal(dump.traces[123]!.input_text, records[123]!.input_text);
    assert.equal(dump.traces[500]!.input_text, records[500]!.input_text, 'compressed value read back');
    for (const name of TRACE_INDEX_NAMES) {
      const want = records.flatMap((r) => traceIndexKeys(r, r.request_id).filter(([n]) => n === name).map(([, k]) => k));
      want.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
      assert.deepEqual(dump.indexes[name], want, `index ${name}`);
    }
  } finally {
    await writer.close();
    cleanup();
  }
});

test('a read-only open (same options) reads by id, by time range and through each index with array-key ranges', async () => {
  const { dir, cleanup } = tempDir('traces-r-');
  const writer = TraceWriter.open(dir);
  const t0 = Date.UTC(2026, 1, 1);
  const records = Array.from({ length: 300 }, (_, i) => sampleTrace(i, t0 + i));
  records.forEach((r) => writer.write(r));
  await writer.flush();
  await writer.close();
  const reader = openTraceStore(dir, { readOnly: true });
  try {
    assert.equal(reader.traces.get(records[42]!.request_id)?.input_text, records[42]!.input_text);
    const from = t0 + 100;
    const to = t0 + 199;
    const inRange = [...reader.traces.getKeys({ start: traceIdBounds(from).low, end: traceIdBounds(to).high, inclusiveEnd: true })];
    assert.deepEqual(inRange, records.slice(100, 200).map((r) => r.request_id));

    for (const [k, model] of MODELS.entries()) {
      const got = [...reader.indexes.byModel.getKeys(indexRange(model))].map((key) => key[1]);
      assert.deepEqual(got, records.filter((_, i) => i % 3 === k).map((r) => r.request_id), model);
      const prov = [...reader.indexes.byProvider.getKeys(indexRange(PROVIDERS[k]!))];
      assert.equal(prov.length, got.length);
    }
    const errors = [...reader.indexes.byStatus.getKeys(indexRange('error'))].map((key) => key[1]);
    assert.deepEqual(errors, records.filter((r) => r.is_error).map((r) => r.request_id));
    assert.equal(errors.length, Math.ceil(300 / 7));
    const sess = [...reader.indexes.bySession.getKeys(indexRange('sess-0'))].map((key) => key[1]);
    assert.deepEqual(sess, records.filter((r) => r.session_id === 'sess-0').map((r) => r.request_id));
    const keyed = [...reader.indexes.byApiKey.getKeys({ ...indexRange('key-1'), snapshot: false })];
    assert.equal(keyed.length, records.filter((r) => r.api_key_id === 'key-1').length);
    assert.equal(reader.indexes.bySession.getCount(), records.filter((r) => r.session_id).length);
  } finally {
    await reader.root.close();
    cleanup();
  }
});

test('records written in one event turn become visible together, with their index entries', async () => {
  const { dir, cleanup } = tempDir('traces-t-');
  const writer = TraceWriter.open(dir);
  try {
    let seq = 0;
    const turn = (): void => {
      for (let i = 0; i < 400; i++) writer.write(sampleTrace(seq++, Date.now()));
    };
    turn(); // creates nothing new for the child: the dbs exist since open
    await writer.flush();
    let done!: Promise<string>;
    await new Promise<void>((ready) => {
      done = runChild(['watch', dir, '2400'], ready);
    });
    for (let k = 0; k < 5; k++) {
      turn();
      await sleep(60);
    }
    await writer.flush();
    const seen = JSON.parse(await done) as { seen: number[]; mismatches: number; polls: number };
    assert.ok(seen.polls > 10, `the child polled (${seen.polls})`);
    assert.equal(seen.mismatches, 0, 'indexes never disagreed with the primary db');
    for (const n of seen.seen) assert.equal(n % 400, 0, `partial turn visible: ${n}`);
    assert.ok(seen.seen.includes(2400), `final count seen: ${seen.seen.join(',')}`);
  } finally {
    await writer.close();
    cleanup();
  }
});

test('flush() resolves once all accepted writes are committed; resolves at once when idle', async () => {
  const { dir, cleanup } = tempDir('traces-f-');
  const writer = TraceWriter.open(dir);
  try {
    await writer.flush();
    for (let i = 0; i < 50; i++) writer.write(sampleTrace(i, Date.now()));
    assert.equal(writer.stats().pending, 50);
    const p = writer.flush();
    for (let i = 50; i < 60; i++) writer.write(sampleTrace(i, Date.now())); // same turn: same batch
    await p;
    const s = writer.stats();
    assert.equal(s.written, 60);
    assert.equal(s.pending, 0);
    writer.write(sampleTrace(60, Date.now()));
    await writer.flush({ durable: true });
    assert.equal(writer.stats().written, 61);
  } finally {
    await writer.close();
    cleanup();
  }
});

test('the backlog bound drops and counts against a real env', async () => {
  const { dir, cleanup } = tempDir('traces-b-');
  const logs: string[] = [];
  const writer = TraceWriter.open(dir, { maxPending: 100, log: (m) => logs.push(m) });
  try {
    for (let i = 0; i < 250; i++) writer.write(sampleTrace(i, Date.now()));
    assert.deepEqual(writer.stats(), { accepted: 250, written: 0, failed: 0, dropped: 150, pending: 100, pending_peak: 100 });
    assert.equal(logs.length, 1, 'drops are logged once per interval');
    await writer.flush();
    assert.equal(writer.stats().written, 100);
    writer.write(sampleTrace(999, Date.now()));
    await writer.flush();
    assert.equal(writer.stats().written, 101, 'accepts again once the backlog drained');
  } finally {
    await writer.close();
    cleanup();
  }
});

test('an impossible key and a closed writer count failures, never throw or crash', async () => {
  const { dir, cleanup } = tempDir('traces-c-');
  const logs: string[] = [];
  const writer = TraceWriter.open(dir, { log: (m) => logs.push(m), logIntervalMs: 0 });
  try {
    const bad = sampleTrace(1, Date.now());
    bad.request_id = 'x'.repeat(4000); // beyond lmdb's max key size
    assert.doesNotThrow(() => writer.write(bad));
    const odd = sampleTrace(2, Date.now());
    odd.selected_model = 'm\u0000odel' + 'y'.repeat(5000); // NUL and an over-long index part
    writer.write(odd);
    await writer.flush();
    assert.equal(writer.stats().failed, 1);
    assert.equal(writer.stats().written, 1);
    assert.match(logs[0] ?? '', /trace write failed/);
    await writer.close();
    assert.doesNotThrow(() => writer.write(sampleTrace(3, Date.now())));
    await sleep(20); // lmdb-js would throw asynchronously if a put reached a closed env
    const s = writer.stats();
    assert.equal(s.failed, 2);
    assert.ok(balanced(s));
    const reader = openTraceStore(dir, { readOnly: true });
    const models = [...reader.indexes.byModel.getKeys({})].map((k) => k[0]);
    assert.deepEqual(models, [indexKeyPart(odd.selected_model)]);
    assert.equal(models[0]!.length, 256);
    await reader.root.close();
  } finally {
    await writer.close();
    cleanup();
  }
});

test('a read-only open of an env the writer never created fails clearly', () => {
  const { dir, cleanup } = tempDir('traces-n-');
  try {
    assert.throws(() => openTraceStore(dir, { readOnly: true }));
  } finally {
    cleanup();
  }
});

test('records are stored with shared shapes (keys once, in trace_shapes), and read back whole', async () => {
  const { dir, cleanup } = tempDir('traces-shapes-');
  const writer = TraceWriter.open(dir);
  try {
    const t0 = Date.UTC(2026, 0, 2);
    const records = Array.from({ length: 30 }, (_, i) => sampleTrace(i, t0 + i));
    for (const r of records) writer.write(r);
    await writer.flush();
    const store = openTraceStore(dir, { readOnly: true });
    try {
      for (const r of records) {
        assert.deepEqual(store.traces.get(r.request_id), r);
        // Self-describing msgpack of these records is ~90 % of their JSON (every key written out);
        // with shared shapes only the values are stored.
        const raw = store.traces.getBinary(r.request_id)!;
        assert.ok(raw.length < 0.6 * JSON.stringify(r).length, `record ${r.request_id}: ${raw.length} bytes stored, JSON ${JSON.stringify(r).length}`);
      }
      const shapes = store.root.openDB({ name: 'trace_shapes', encoding: 'msgpack' }).get('shapes') as unknown[] | undefined;
      assert.ok(Array.isArray(shapes) && shapes.length > 0, 'the shapes are in their own database');
      assert.equal([...store.traces.getKeys({ snapshot: false })].length, records.length, 'no shapes entry among the trace keys');
    } finally {
      await store.root.close();
    }
  } finally {
    await writer.close();
    cleanup();
  }
});

test('a store written before shared shapes existed still reads, and takes new shaped records beside the old ones', async () => {
  const { open } = await import('lmdb');
  const { TRACE_DBS, TRACE_ENV_OPTIONS, TRACE_DB_OPTIONS, TRACES_ENV_DIR } = await import('../../../../core/contract/store.js');
  const { join } = await import('node:path');
  const { dir, cleanup } = tempDir('traces-old-');
  const t0 = Date.UTC(2026, 0, 3);
  const old = Array.from({ length: 5 }, (_, i) => sampleTrace(i, t0 + i));
  // The previous layout: self-describing msgpack records, no trace_shapes database.
  const root = open({ path: join(dir, TRACES_ENV_DIR), ...TRACE_ENV_OPTIONS });
  const legacy = root.openDB({ name: TRACE_DBS.traces, ...TRACE_DB_OPTIONS });
  for (const [i, r] of old.entries()) {
    r.request_id = `0legacy${i}`;
    await legacy.put(r.request_id, r);
  }
  await root.close();
  const writer = TraceWriter.open(dir);
  try {
    const fresh = Array.from({ length: 5 }, (_, i) => sampleTrace(100 + i, t0 + 100 + i));
    for (const r of fresh) writer.write(r);
    await writer.flush();
    const store = openTraceStore(dir, { readOnly: true });
    try {
      for (const r of [...old, ...fresh]) assert.deepEqual(store.traces.get(r.request_id), r);
      assert.equal([...store.traces.getKeys({ snapshot: false })].length, 10);
    } finally {
      await store.root.close();
    }
  } finally {
    await writer.close();
    cleanup();
  }
});
