/** GET /v1/traces: the request_type filter (chat_multiturn roll-ups) and cache_input_cost_usd on every record (issue 17). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import type { ManagementService } from '../src/service.js';
import { baseTrace } from './helpers/records.js';
import { getJson, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

describe('traces: request_type and cache_input_cost_usd', () => {
  let svc: ManagementService;
  let recs: TraceRecord[];
  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    const now = Date.now();
    const old = baseTrace({ timestamp: now - 3000, request_type: 'chat' });
    delete (old as Partial<TraceRecord>).cache_input_cost_usd; // written before the field existed
    recs = await writeTraces(w, [
      old,
      baseTrace({ timestamp: now - 2000, request_type: 'chat', session_id: 's1', cache_input_cost_usd: 0.25, total_cost_usd: 0.5 }),
      baseTrace({ timestamp: now - 1000, request_type: 'chat_multiturn', session_id: 's1', total_cost_usd: 0.5 }),
    ]);
    await w.close();
    svc = await startTestServer(dir);
  });
  after(() => svc.close());

  it('request_type=chat_multiturn lists the roll-ups only; every record has cache_input_cost_usd', async () => {
    const p = await getJson<{ traces: TraceRecord[] }>(svc.port, '/v1/traces?request_type=chat_multiturn');
    assert.deepEqual(p.traces.map((t) => t.request_id), [recs[2]!.request_id]);
    const chats = await getJson<{ traces: TraceRecord[] }>(svc.port, '/v1/traces?request_type=chat');
    assert.equal(chats.traces.length, 2);
    assert.ok(chats.traces.every((t) => typeof t.cache_input_cost_usd === 'number'));
    assert.equal(chats.traces.find((t) => t.session_id === 's1')!.cache_input_cost_usd, 0.25);
    const one = await getJson<TraceRecord>(svc.port, `/v1/traces/${recs[0]!.request_id}`);
    assert.equal(one.cache_input_cost_usd, 0);
  });
});
