/** Every trace filter, alone and combined, against a brute-force filter over the same records. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import type { ManagementService } from '../src/service.js';
import { MODELS, PROVIDERS, randomTrace } from './helpers/records.js';
import { pick, seeded, type Rng } from './helpers/rng.js';
import { getJson, http, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const N = 3000;

interface Page {
  traces: TraceRecord[];
  has_more: boolean;
  next_cursor: string | null;
  total?: number;
}

type Params = Record<string, string>;

/** Independent brute force: what the params mean, written out plainly. */
function brute(all: TraceRecord[], p: Params): string[] {
  const num = (k: string): number | undefined => (p[k] === undefined ? undefined : Number(p[k]));
  return all
    .filter((r) => {
      if (p.model_id && r.selected_model !== p.model_id) return false;
      if (p.provider && r.provider !== p.provider) return false;
      if (p.start_date && r.timestamp < num('start_date')!) return false;
      if (p.end_date && r.timestamp > num('end_date')!) return false;
      if (p.min_cost && r.total_cost_usd < num('min_cost')!) return false;
      if (p.max_cost && r.total_cost_usd > num('max_cost')!) return false;
      if (p.min_latency && r.latency_ms < num('min_latency')!) return false;
      if (p.max_latency && r.latency_ms > num('max_latency')!) return false;
      if (p.status === 'success' && r.is_error) return false;
      if (p.status === 'error' && !r.is_error) return false;
      if (p.stream && String(r.is_stream) !== p.stream) return false;
      if (p.session_id && r.session_id !== p.session_id) return false;
      if (p.api_key_id && r.api_key_id !== p.api_key_id) return false;
      for (const [k, v] of Object.entries(p)) {
        if (k.startsWith('metadata.') && r.metadata[k.slice(9)] !== v) return false;
      }
      if (p.search) {
        const s = p.search.toLowerCase();
        if (!r.input_text.toLowerCase().includes(s) && !r.output_text.toLowerCase().includes(s)) return false;
      }
      return true;
    })
    .map((r) => r.request_id)
    .sort()
    .reverse();
}

function randomParams(rng: Rng): Params {
  const p: Params = {};
  const maybe = (prob: number, f: () => void): void => {
    if (rng() < prob) f();
  };
  maybe(0.4, () => (p.model_id = pick(rng, MODELS)));
  maybe(0.3, () => (p.provider = pick(rng, PROVIDERS)));
  maybe(0.4, () => {
    const a = T0 + Math.floor(rng() * 10 * DAY);
    p.start_date = String(a);
    if (rng() < 0.7) p.end_date = String(a + Math.floor(rng() * 3 * DAY));
  });
  maybe(0.2, () => (p.min_cost = String(rng() * 0.004)));
  maybe(0.2, () => (p.max_cost = String(0.002 + rng() * 0.01)));
  maybe(0.2, () => (p.min_latency = String(Math.floor(rng() * 1500))));
  maybe(0.2, () => (p.max_latency = String(1500 + Math.floor(rng() * 1500))));
  maybe(0.3, () => (p.status = pick(rng, ['success', 'error'])));
  maybe(0.2, () => (p.stream = pick(rng, ['true', 'false'])));
  maybe(0.2, () => (p.session_id = `sess-${Math.floor(rng() * 20)}`));
  maybe(0.2, () => (p.api_key_id = `key-${Math.floor(rng() * 4)}`));
  maybe(0.2, () => (p['metadata.env'] = pick(rng, ['prod', 'dev'])));
  maybe(0.15, () => (p['metadata.team'] = pick(rng, ['a', 'b', 'c'])));
  maybe(0.2, () => (p.search = pick(rng, ['needle', 'NEEDLE', 'haystack', 'alpha bravo', 'zulu'])));
  return p;
}

async function collectAll(port: number, p: Params, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = new URLSearchParams({ ...p, limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    const page: Page = await getJson<Page>(port, `/v1/traces?${q}`);
    assert.ok(page.traces.length <= limit);
    ids.push(...page.traces.map((t) => t.request_id));
    if (!page.has_more) {
      assert.equal(page.next_cursor, null);
      return ids;
    }
    assert.equal(page.next_cursor, page.traces[page.traces.length - 1]!.request_id);
    cursor = page.next_cursor;
  }
  throw new Error('pagination did not end');
}

describe('GET /v1/traces filters', () => {
  let dir: string;
  let svc: ManagementService;
  let all: TraceRecord[];

  before(async () => {
    dir = tempDir();
    const rng = seeded(42);
    const writer = openWriter(dir);
    const recs = Array.from({ length: N }, () => randomTrace(rng, T0 + Math.floor(rng() * 10 * DAY)));
    all = await writeTraces(writer, recs);
    await writer.close();
    svc = await startTestServer(dir);
  });
  after(async () => {
    await svc.close();
  });

  it('without filters pages through everything once, newest first', async () => {
    const ids = await collectAll(svc.port, {}, 1000);
    assert.equal(ids.length, N);
    assert.deepEqual(ids, brute(all, {}));
    assert.equal(new Set(ids).size, N);
  });

  it('each filter alone and random combinations match the brute force', async () => {
    const rng = seeded(7);
    for (let i = 0; i < 120; i++) {
      const p = randomParams(rng);
      const limit = pick(rng, [1, 7, 50, 333, 1000]);
      const want = brute(all, p);
      const got = await collectAll(svc.port, p, limit);
      assert.deepEqual(got, want, `params ${JSON.stringify(p)} limit ${limit}`);
    }
  });

  it('limit/offset pages agree with the cursor order and report total', async () => {
    const p = { model_id: 'gpt-4o', status: 'success' };
    const want = brute(all, p);
    const page = await getJson<Page>(svc.port, `/v1/traces?${new URLSearchParams({ ...p, limit: '25', offset: '10' })}`);
    assert.deepEqual(
      page.traces.map((t) => t.request_id),
      want.slice(10, 35),
    );
    assert.equal(page.total, want.length);
    const withText = { ...p, search: 'alpha' };
    const page2 = await getJson<Page>(svc.port, `/v1/traces?${new URLSearchParams({ ...withText, limit: '5', offset: '0' })}`);
    assert.equal(page2.total, brute(all, withText).length);
  });

  it('ISO dates work the same as unix ms', async () => {
    const a = T0 + 2 * DAY + 12345;
    const b = a + DAY;
    const iso = { start_date: new Date(a).toISOString(), end_date: new Date(b).toISOString() };
    const got = await collectAll(svc.port, iso, 1000);
    assert.deepEqual(got, brute(all, { start_date: String(a), end_date: String(b) }));
  });

  it('GET /v1/traces/{id} returns the full record, 404 for unknown ids', async () => {
    const r = all[17]!;
    const one = await getJson<TraceRecord>(svc.port, `/v1/traces/${r.request_id}`);
    assert.deepEqual(one, r);
    const miss = await http(svc.port, 'GET', '/v1/traces/0000000000000000000000000000');
    assert.equal(miss.status, 404);
    assert.deepEqual(Object.keys((miss.body as { error: object }).error).sort(), ['code', 'message', 'param', 'type']);
  });
});
