/** The traces env appearing late, and a management restart while the writer keeps writing. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import { randomTrace } from './helpers/records.js';
import { seeded } from './helpers/rng.js';
import { getJson, startTestServer, tempDir } from './helpers/server.js';
import { openWriter } from './helpers/write-traces.js';

async function allIds(port: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page: { traces: TraceRecord[]; next_cursor: string | null } = await getJson(port, `/v1/traces?limit=1000${q}`);
    ids.push(...page.traces.map((t) => t.request_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

describe('live writer', () => {
  it('starts before the gateway, then sees traces once they exist', async () => {
    const dir = tempDir();
    const svc = await startTestServer(dir);
    try {
      assert.deepEqual(await allIds(svc.port), []);
      const w = openWriter(dir);
      const r = randomTrace(seeded(1), Date.now());
      w.write(r);
      await w.flush();
      let seen: string[] = [];
      for (let i = 0; i < 30 && seen.length === 0; i++) {
        await sleep(100);
        seen = await allIds(svc.port);
      }
      assert.deepEqual(seen, [r.request_id]);
      const h = await getJson<{ traces_env: boolean; num_traces: number }>(svc.port, '/health');
      assert.equal(h.traces_env, true);
      assert.equal(h.num_traces, 1);
      await w.close();
    } finally {
      await svc.close();
    }
  });

  it('a restart while the writer writes loses nothing and sees everything', async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    const rng = seeded(9);
    const written: string[] = [];
    let t = Date.UTC(2025, 3, 1);
    let stop = false;
    const pump = (async () => {
      while (!stop) {
        for (let i = 0; i < 200; i++) {
          const r = randomTrace(rng, (t += 7));
          w.write(r);
          written.push(r.request_id);
        }
        await sleep(5);
      }
      await w.flush();
    })();
    await sleep(100);
    let svc = await startTestServer(dir);
    const before = await allIds(svc.port);
    assert.ok(before.length > 0);
    await svc.close();
    await sleep(100);
    svc = await startTestServer(dir);
    const during = await allIds(svc.port);
    assert.ok(during.length >= before.length);
    stop = true;
    await pump;
    const finalIds = await allIds(svc.port);
    await svc.close();
    await w.close();
    assert.equal(w.stats().written, written.length);
    assert.equal(finalIds.length, written.length);
    assert.deepEqual(finalIds, [...written].sort().reverse());
  });
});
