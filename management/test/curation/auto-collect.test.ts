/**
 * Auto-collect through HTTP with a fake scheduler clock: the scheduler runs an enabled collector
 * once its interval has passed, two runs copy disjoint traces, a restart copies nothing again,
 * max_samples caps the total, curation_config and the instruction are applied, every run is in
 * the history; plus the 4xx answers and auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startManagement, type ManagementService } from '../../src/service.js';
import { baseTrace } from '../helpers/records.js';
import { http, tempDir } from '../helpers/server.js';
import { openWriter, writeTraces } from '../helpers/write-traces.js';
import { startJudgeMock, type JudgeMock } from './judge-mock.js';

type B = Record<string, unknown>;
const AUTH = { authorization: 'Bearer k1' };

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('auto-collect', () => {
  let dir: string;
  let svc: ManagementService;
  let mock: JudgeMock;
  let fake = Date.UTC(2026, 0, 1);
  let n = 0;
  // One writer for the whole test: the gateway's writer, opened once (as the gateway does).
  let w: ReturnType<typeof openWriter>;
  const start = async (): Promise<ManagementService> =>
    startManagement(loadConfig({ OPENTRACY_DATA_DIR: dir, OPENTRACY_MANAGEMENT_PORT: '0', OPENTRACY_HOST: '127.0.0.1', OPENTRACY_GATEWAY_URL: mock.url, OPENTRACY_API_KEYS: 'k1' }), {
      log: () => undefined,
      pushSecretsAtStart: false,
      clock: () => fake,
      autoCollectTickMs: 20,
    });
  const call = (method: string, path: string, body?: unknown) => http(svc.port, method, path, body, AUTH);
  const addTraces = async (k: number, extra: (i: number) => Partial<Parameters<typeof baseTrace>[0]> = () => ({})): Promise<void> => {
    await writeTraces(w, Array.from({ length: k }, () => { const i = n++; return baseTrace({ timestamp: Date.now() - 5000 + i, input_text: `prompt ${i}`, output_text: `reply ${i}`, ...extra(i) }); }));
  };
  const history = async (id: string) => (await call('GET', `/v1/datasets/${id}/auto-collect/history`)).body as { runs: Array<B & { samples_added: number; trigger: string }>; total: number };
  const sampleTraceIds = async (id: string): Promise<string[]> => ((await call('GET', `/v1/datasets/${id}?samples_limit=1000`)).body as { samples: Array<{ trace_id: string }> }).samples.map((s) => s.trace_id);

  before(async () => {
    dir = tempDir();
    mock = await startJudgeMock();
    w = openWriter(dir);
    await addTraces(5);
    svc = await start();
  });
  after(async () => {
    await svc.close();
    await w.close();
    await mock.close();
  });

  it('scheduled runs copy disjoint traces; a restart copies nothing again', async () => {
    const ds = (await call('POST', '/v1/datasets', { name: 'collected' })).body as { id: string };
    const put = await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { enabled: true, collection_interval_minutes: 60 });
    assert.equal(put.status, 200, put.text);
    assert.equal((put.body as B).next_run_at, new Date(fake + 3_600_000).toISOString());
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await history(ds.id)).total, 0, 'nothing runs before the interval passes');
    fake += 61 * 60_000;
    const h1 = await until(() => history(ds.id), (h) => h.total === 1);
    assert.equal(h1.total, 1);
    assert.equal(h1.runs[0]!.samples_added, 5);
    assert.equal(h1.runs[0]!.trigger, 'schedule');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await history(ds.id)).total, 1, 'one run per interval');
    const first = await sampleTraceIds(ds.id);
    await addTraces(3);
    fake += 61 * 60_000;
    const h2 = await until(() => history(ds.id), (h) => h.total === 2);
    assert.equal(h2.runs[0]!.samples_added, 3);
    const both = await sampleTraceIds(ds.id);
    assert.equal(both.length, 8);
    assert.equal(new Set(both).size, 8, 'the two runs copied disjoint traces');
    assert.ok(first.every((t) => both.includes(t)));
    await svc.close();
    svc = await start();
    fake += 61 * 60_000;
    const h3 = await until(() => history(ds.id), (h) => h.total === 3);
    assert.equal(h3.runs[0]!.samples_added, 0, 'after a restart the scheduled run copies nothing again');
    const manual = await call('POST', `/v1/datasets/${ds.id}/auto-collect/run`);
    assert.equal(manual.status, 200);
    assert.equal((manual.body as { samples_added: number }).samples_added, 0);
    assert.equal((await sampleTraceIds(ds.id)).length, 8);
    const cfg = (await call('GET', `/v1/datasets/${ds.id}/auto-collect`)).body as B;
    assert.equal(cfg.total_collected, 8);
    assert.equal(cfg.runs_count, 4);
  });

  it('max_samples caps the total, curation_config and source_model filter, the instruction is judged', async () => {
    await addTraces(6, (i) => ({ selected_model: 'gpt-4o', output_text: i % 2 === 0 ? `good reply ${i} (good)` : i % 3 === 0 ? '' : `plain reply ${i}` }));
    const ds = (await call('POST', '/v1/datasets', { name: 'judged' })).body as { id: string };
    const put = await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { enabled: false, source_model: 'gpt-4o', instruction: 'answers marked good', max_samples: 2, curation_config: { judge_model: 'judge', sample_status: 'pending' } });
    assert.equal(put.status, 200, put.text);
    assert.equal((put.body as B).next_run_at, null, 'disabled: not scheduled');
    const r1 = (await call('POST', `/v1/datasets/${ds.id}/auto-collect/run`)).body as { run: B & { selection: B }; samples_added: number };
    assert.equal(r1.samples_added, 2);
    assert.equal(r1.run.selection.method, 'llm_judge');
    assert.equal(r1.run.matched, 3, 'three of the gpt-4o traces are marked good');
    const got = (await call('GET', `/v1/datasets/${ds.id}`)).body as { samples: Array<{ expected_output: string; status: string }> };
    assert.ok(got.samples.every((s) => s.expected_output.includes('(good)') && s.status === 'pending'));
    const r2 = (await call('POST', `/v1/datasets/${ds.id}/auto-collect/run`)).body as { run: B; samples_added: number };
    assert.equal(r2.samples_added, 0);
    assert.match(String(r2.run.note), /max_samples/);
  });

  it('4xx: unknown dataset, unknown keys, bad values, run or delete without a config; auth on', async () => {
    const ds = (await call('POST', '/v1/datasets', { name: 'errs' })).body as { id: string };
    assert.equal((await call('GET', '/v1/datasets/nope/auto-collect')).status, 404);
    assert.equal((await call('PUT', '/v1/datasets/nope/auto-collect', { enabled: true })).status, 404);
    const unconfigured = await call('GET', `/v1/datasets/${ds.id}/auto-collect`);
    assert.equal(unconfigured.status, 200);
    assert.equal((unconfigured.body as B).configured, false);
    assert.equal((await call('POST', `/v1/datasets/${ds.id}/auto-collect/run`)).status, 404);
    assert.equal((await call('DELETE', `/v1/datasets/${ds.id}/auto-collect`)).status, 404);
    const bad = await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { collection_interval_minutes: 0 });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { param: string } }).error.param, 'collection_interval_minutes');
    const badKey = await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { curation_config: { bogus: 1 } });
    assert.equal(badKey.status, 400);
    assert.equal((badKey.body as { error: { param: string } }).error.param, 'curation_config.bogus');
    assert.equal((await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { nope: 1 })).status, 400);
    assert.equal((await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, '{')).status, 400);
    assert.equal((await call('GET', `/v1/datasets/${ds.id}/auto-collect/history?limit=0`)).status, 400);
    assert.equal((await call('PUT', `/v1/datasets/${ds.id}/auto-collect`, { enabled: true })).status, 200);
    assert.equal((await call('DELETE', `/v1/datasets/${ds.id}/auto-collect`)).status, 200);
    assert.equal((await call('GET', `/v1/datasets/${ds.id}/auto-collect/history`)).status, 200);
    for (const [m, p] of [['GET', ''], ['PUT', ''], ['DELETE', ''], ['GET', '/history'], ['POST', '/run']] as const) {
      assert.equal((await http(svc.port, m, `/v1/datasets/${ds.id}/auto-collect${p}`)).status, 401, `${m} ${p}`);
    }
  });
});
