/** Analytics against a hand-computed case. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import type { ManagementService } from '../src/service.js';
import { baseTrace } from './helpers/records.js';
import { getJson, http, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

const DAY = 86_400_000;
const END = Date.UTC(2025, 2, 20, 12);
const close = (a: number, b: number, msg: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} != ${b}`);

describe('GET /v1/stats/{tenant}/analytics', () => {
  let svc: ManagementService;
  let recs: TraceRecord[];

  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    recs = await writeTraces(w, [
      baseTrace({ timestamp: END - 9 * DAY, selected_model: 'm2', provider: 'p2', latency_ms: 400, ttft_ms: 150, tokens_in: 20, tokens_out: 20, total_cost_usd: 0.004 }),
      baseTrace({ timestamp: END - 8 * DAY, selected_model: 'm2', provider: 'p2', latency_ms: 300, ttft_ms: 100, tokens_in: 40, tokens_out: 60, total_cost_usd: 0.003 }),
      baseTrace({ timestamp: END - 2 * DAY, selected_model: 'm1', provider: 'p1', latency_ms: 200, ttft_ms: 0, tokens_in: 30, tokens_out: 0, total_cost_usd: 0.002, is_error: true, is_stream: true, error_message: 'boom' }),
      baseTrace({ timestamp: END - 1 * DAY, selected_model: 'm1', provider: 'p1', latency_ms: 100, ttft_ms: 50, tokens_in: 10, tokens_out: 20, total_cost_usd: 0.001 }),
      // outside the 30-day window
      baseTrace({ timestamp: END - 40 * DAY, selected_model: 'm1', provider: 'p1', latency_ms: 9999, total_cost_usd: 5 }),
      // Regression (issue 14): /v1/route decisions are traced but are not requests.
      baseTrace({ timestamp: END - 1 * DAY + 5000, request_type: 'route', selected_model: 'm1', provider: '', latency_ms: 3, tokens_in: 7 }),
      baseTrace({ timestamp: END - 2 * DAY + 5000, request_type: 'route', selected_model: 'm2', provider: '', latency_ms: 2, is_error: true }),
      // Issue 17: a chat_multiturn roll-up sums turns that are counted on their own.
      baseTrace({ timestamp: END - 1 * DAY + 9000, request_type: 'chat_multiturn', selected_model: 'm1', provider: 'p1', latency_ms: 5000, tokens_in: 500, tokens_out: 500, total_cost_usd: 1 }),
    ]);
    await w.close();
    svc = await startTestServer(dir);
  });
  after(() => svc.close());

  it('matches the hand-computed figures', async () => {
    type A = {
      totals: Record<string, number>;
      distributions: Record<string, Record<string, number>>;
      trends: { last_7d: Record<string, number>; prev_7d: Record<string, number>; pct_change: Record<string, number | null> };
      series: { by_model: Array<Record<string, number | string>>; by_backend: Array<Record<string, number | string>>; by_time: unknown[] };
      leaders: { top_cost_models: Array<{ model_id: string }> };
      raw_sample: Array<{ id: string; status: string; execution_timeline: unknown[] }>;
      total_traces: number;
    };
    const a = await getJson<A>(svc.port, `/v1/stats/default/analytics?days=30&end_date=${END}&trace_limit=2`);
    assert.equal(a.total_traces, 4);
    const t = a.totals;
    assert.equal(t.request_count, 4);
    assert.equal(t.total_input_tokens, 100);
    assert.equal(t.total_output_tokens, 100);
    close(t.total_cost_usd!, 0.01, 'cost');
    assert.equal(t.success_rate, 75);
    // Every analytics rate is a percent, as the reference's success_rate (issue 14).
    assert.equal(t.error_rate, 25);
    close(t.avg_latency_s!, 0.25, 'avg latency');
    close(t.p95_latency_s!, 0.385, 'p95 latency');
    close(t.avg_cost_per_1k_tokens_usd!, 0.05, 'cost per 1k');
    assert.equal(t.streaming_share, 25);
    const lat = a.distributions.latency_s!;
    close(lat.p50!, 0.25, 'p50');
    close(lat.p90!, 0.37, 'p90');
    close(lat.p99!, 0.397, 'p99');
    close(lat.mean!, 0.25, 'mean');
    close(lat.std!, Math.sqrt(12500) / 1000, 'std');
    close(a.distributions.ttft_s!.p50!, 0.1, 'ttft p50 (zero ttft left out)');
    assert.equal(a.trends.last_7d.request_count, 2);
    close(a.trends.last_7d.total_cost_usd!, 0.003, 'last 7d cost');
    close(a.trends.prev_7d.avg_latency_s!, 0.35, 'prev 7d latency');
    close(a.trends.pct_change.total_cost_usd!, ((0.003 - 0.007) / 0.007) * 100, 'cost change');
    assert.equal(a.trends.pct_change.error_rate, null);
    const m1 = a.series.by_model.find((m) => m.model_id === 'm1')!;
    assert.equal(m1.request_count, 2);
    assert.equal(m1.error_count, 1);
    assert.equal(m1.error_rate, 50);
    assert.equal(m1.success_rate, 50);
    assert.equal(a.series.by_backend.length, 2);
    assert.equal(a.leaders.top_cost_models[0]!.model_id, 'm2');
    assert.deepEqual(
      a.raw_sample.map((s) => s.id),
      [recs[3]!.request_id, recs[2]!.request_id],
    );
    assert.equal(a.raw_sample[1]!.status, 'Error');
    assert.equal(a.raw_sample[0]!.execution_timeline.length, 1);
  });

  it('filters by model, backend, success and search', async () => {
    type A = { total_traces: number };
    const base = `/v1/stats/t1/analytics?days=30&end_date=${END}`;
    assert.equal((await getJson<A>(svc.port, `${base}&model_id=m1`)).total_traces, 2);
    assert.equal((await getJson<A>(svc.port, `${base}&backend=p2`)).total_traces, 2);
    assert.equal((await getJson<A>(svc.port, `${base}&is_success=false`)).total_traces, 1);
    assert.equal((await getJson<A>(svc.port, `${base}&search=BOOM`)).total_traces, 1);
    assert.equal((await getJson<A>(svc.port, `/v1/stats/t1/analytics?days=60&end_date=${END}`)).total_traces, 5);
  });

  it('summary, models and clusters views', async () => {
    const s = await getJson<Record<string, number>>(svc.port, `/analytics/summary?start=${END - 3 * DAY}&end=${END}`);
    assert.equal(s.request_count, 2);
    assert.equal(s.error_count, 1);
    assert.equal(s.error_rate, 50);
    close(s.total_cost_usd!, 0.003, 'summary cost');
    assert.equal(s.p50_latency_ms, 150);
    assert.equal(s.avg_ttft_ms, 50);
    const m = await getJson<{ rows: Array<Record<string, unknown>> }>(svc.port, `/analytics/models?hours=240&end=${END}&model=m2`);
    assert.equal(m.rows.length, 2);
    assert.ok(m.rows.every((r) => r.model === 'm2'));
    const c = await getJson<{ rows: Array<Record<string, unknown>> }>(svc.port, `/analytics/clusters?days=30&end=${END}`);
    assert.equal(c.rows.reduce((n, r) => n + (r.request_count as number), 0), 4);
  });

  it('rejects bad windows with a 400 in the OpenAI shape', async () => {
    const r = await http(svc.port, 'GET', '/v1/stats/default/analytics?days=-3');
    assert.equal(r.status, 400);
    assert.equal((r.body as { error: { param: string } }).error.param, 'days');
    const r2 = await http(svc.port, 'GET', '/analytics/summary?start=soon');
    assert.equal(r2.status, 400);
  });
});
