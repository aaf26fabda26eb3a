/** A trace the store refuses is counted on /health and /v1/metrics; the response is unaffected. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

type Counters = { accepted: number; written: number; failed: number; dropped: number; pending: number };

describe('trace write failures are visible', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('an LMDB error on put: the request still answers, failed counts it on /health and /v1/metrics', async () => {
    // The writer's primary database, as lmdb-js opened it: make its next put fail like a refused value.
    const db = (h.gw.traces as unknown as { store: { traces: { put: (...a: unknown[]) => unknown } } }).store.traces;
    const put = db.put;
    let refused = 0;
    db.put = () => {
      refused++;
      throw new Error('MDB_BAD_VALSIZE: Unsupported size of key/DB name/data, or wrong DUPFIXED size');
    };
    try {
      const res = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'untraceable' }] });
      assert.equal(res.status, 200);
      await h.gw.traces!.flush();
    } finally {
      db.put = put;
    }
    assert.equal(refused, 1);
    const health = (await (await fetch(`${h.base}/health`)).json()) as { traces: Counters };
    assert.equal(health.traces.failed, 1);
    const metrics = (await (await fetch(`${h.base}/v1/metrics`)).json()) as { trace_writer: Counters; total_requests: number };
    assert.equal(metrics.trace_writer.failed, 1);
    assert.equal(metrics.trace_writer.accepted, metrics.trace_writer.written + metrics.trace_writer.failed + metrics.trace_writer.dropped + metrics.trace_writer.pending);
    assert.ok(metrics.total_requests >= 1);
    // The next request is traced again.
    const ok = await h.post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'traceable' }] });
    assert.equal(ok.status, 200);
    await h.gw.traces!.flush();
    const after = (await (await fetch(`${h.base}/v1/metrics`)).json()) as { trace_writer: Counters };
    assert.equal(after.trace_writer.failed, 1);
    assert.equal(after.trace_writer.written, metrics.trace_writer.written + 1);
  });
});
