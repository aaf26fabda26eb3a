/** The Responses store: bounded (oldest evicted), readable before its commit, reopened from disk. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { newTraceId } from '../../../../core/contract/trace-id.js';
import { ResponseStore } from '../../../src/ingress/responses/store.js';

describe('ResponseStore', () => {
  it('keeps at most maxEntries (the oldest go), serves a put before its commit, and persists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ot-resp-'));
    try {
      const store = new ResponseStore(dir, 3);
      assert.equal(store.size(), 0);
      const ids = Array.from({ length: 5 }, (_, i) => `resp_${newTraceId(1_700_000_000_000 + i)}`);
      for (const id of ids) {
        store.put(id, { response: { id }, history: [{ role: 'user', content: id }] });
        assert.deepEqual(store.get(id)?.response, { id }, 'readable at once');
        await new Promise((r) => setTimeout(r, 30)); // let the commit land so eviction sees it
      }
      await store.close();
      const again = new ResponseStore(dir, 3);
      assert.equal(again.get(ids[0]!), undefined);
      assert.equal(again.get(ids[1]!), undefined);
      for (const id of ids.slice(2)) assert.equal(again.get(id)?.history[0]?.content, id);
      assert.equal(again.size(), 3);
      assert.equal(statSync(join(dir, 'responses', 'data.mdb')).mode & 0o777, 0o600);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
