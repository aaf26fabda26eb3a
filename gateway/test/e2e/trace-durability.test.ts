/**
 * OPENTRACY_TRACE_DURABILITY=sync: a trace is committed before its response's last byte, so a
 * gateway killed with SIGKILL under load has a trace for every request a client saw answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';
import { kill9Trial } from '../helpers/kill9.js';

describe('trace durability across kill -9', () => {
  it('sync: every acknowledged request has its trace after SIGKILL under load', async () => {
    // Two trials: each kill lands at a different point of the commit cycle.
    for (let i = 0; i < 2; i++) {
      const r = await kill9Trial({ durability: 'sync', concurrency: 16, loadMs: 1200 });
      assert.ok(r.acked >= 50, `load too small to mean anything: ${r.acked} answers`);
      assert.equal(r.missing, 0, `${r.missing} of ${r.acked} acknowledged requests have no trace`);
      assert.ok(r.stored >= r.acked);
    }
  });
});

describe('sync durability: the trace is committed before the last byte', () => {
  let h: Harness;
  before(async () => {
    // A one-minute batch: an async write could not be visible when the response ends.
    h = await startHarness({ env: { OPENTRACY_TRACE_DURABILITY: 'sync', OPENTRACY_TRACE_BATCH_MS: '60000' } });
  });
  after(async () => {
    await h.close();
  });

  /** Reads the trace with a fresh read-only store, with no flush: only a commit makes it visible. */
  function committed(id: string): TraceRecord | undefined {
    const store = openTraceStore(h.dataDir, { readOnly: true });
    try {
      return store.traces.get(id);
    } finally {
      void store.root.close();
    }
  }

  it('JSON answer', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'sync json' }] });
    assert.equal(res.status, 200);
    await res.text();
    const t = committed(res.headers.get('x-opentracy-request-id')!);
    assert.equal(t?.status, 200);
    assert.equal(t?.input_text, 'sync json');
    assert.match(t?.output_text ?? '', /sync json/);
  });

  it('streamed answer', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'sync stream' }] });
    const text = await res.text();
    assert.match(text, /\[DONE\]/);
    const t = committed(res.headers.get('x-opentracy-request-id')!);
    assert.equal(t?.is_stream, true);
    assert.match(t?.output_text ?? '', /sync stream/);
  });

  it('error answers (upstream 400, unknown model)', async () => {
    const bad = await h.post('/v1/chat/completions', { model: 'openai/mock-400', messages: [{ role: 'user', content: 'sync error' }] });
    assert.equal(bad.status, 400);
    await bad.text();
    assert.equal(committed(bad.headers.get('x-opentracy-request-id')!)?.status, 400);
    const missing = await h.post('/v1/chat/completions', { model: 'nosuchprovider/x', messages: [{ role: 'user', content: 'sync 404' }] });
    assert.equal(missing.status, 404);
    await missing.text();
    assert.equal(committed(missing.headers.get('x-opentracy-request-id')!)?.status, 404);
  });

  it('each trace is written once (sync does not also queue it)', async () => {
    const stats = h.gw.traces!.stats();
    assert.equal(stats.pending, 0);
    assert.equal(stats.accepted, stats.written);
  });
});
