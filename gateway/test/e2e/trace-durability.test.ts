/**
 * OPENTRACY_TRACE_DURABILITY=sync: a trace is committed before its response's last byte, so a
 * gateway killed with SIGKILL under load has a trace for every request a client saw answered.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
