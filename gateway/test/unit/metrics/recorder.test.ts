import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTrace, finishTrace } from '../../../src/traces/record.js';
import { metricFromTrace, metricToJson, type MetricRecord } from '../../../src/metrics/metric-record.js';
import { MetricsRecorder, OTHER_GROUP } from '../../../src/metrics/recorder.js';
import { NumberRing, percentile } from '../../../src/metrics/ring.js';

function m(over: Partial<MetricRecord>): MetricRecord {
  return {
    request_id: '',
    timestamp: 1,
    provider: 'openai',
    model: 'gpt-4o-mini',
    selected_model: '',
    ttft_ms: 0,
    latency_ms: 0,
    tokens_in: 0,
    tokens_out: 0,
    total_tokens: 0,
    input_cost_usd: 0,
    output_cost_usd: 0,
    cache_input_cost_usd: 0,
    total_cost_usd: 0,
    error: false,
    error_category: '',
    error_message: '',
    cluster_id: -1,
    routing_ms: 0,
    embedding_ms: 0,
    stream: false,
    fallback_count: 0,
    provider_attempts: [],
    ...over,
  };
}

test('percentile: linear interpolation at rank p/100*(n-1)', () => {
  const xs = [10, 20, 30, 40, 50];
  assert.equal(percentile(xs, 50), 30); // rank 2
  assert.equal(percentile(xs, 95), 48); // rank 3.8: 40 + 0.8*10
  assert.ok(Math.abs(percentile(xs, 99) - 49.6) < 1e-9); // rank 3.96
  assert.equal(percentile(xs, 0), 10);
  assert.equal(percentile(xs, 100), 50);
  assert.equal(percentile([7], 95), 7);
  assert.equal(percentile([], 50), 0);
  assert.equal(percentile([1, 2], 50), 1.5);
});

test('NumberRing keeps the last capacity values', () => {
  const r = new NumberRing(3);
  for (const v of [5, 1, 4, 2, 3]) r.push(v);
  assert.deepEqual([...r.sorted()], [2, 3, 4]);
  assert.equal(r.length, 3);
  r.clear();
  assert.equal(r.sorted().length, 0);
});

test('summary: totals, hand-computed percentiles, per provider and model, TTFT > 0 only', () => {
  const rec = new MetricsRecorder();
  const rows: Array<Partial<MetricRecord>> = [
    { latency_ms: 50, ttft_ms: 0, provider: 'openai', tokens_in: 10, tokens_out: 5, total_tokens: 15, total_cost_usd: 0.01 },
    { latency_ms: 10, ttft_ms: 100, provider: 'openai', tokens_in: 1, tokens_out: 1, total_tokens: 2, total_cost_usd: 0.02 },
    { latency_ms: 40, ttft_ms: 0, provider: 'openai', error: true, error_category: 'SERVER_ERROR' },
    { latency_ms: 20, ttft_ms: 300, provider: 'anthropic', model: 'claude-3-5-haiku', error: true, error_category: 'RATE_LIMIT' },
    { latency_ms: 30, ttft_ms: 200, provider: 'anthropic', model: 'claude-3-5-haiku' },
  ];
  rows.forEach((r) => rec.record(m(r)));
  const s = rec.summary();
  assert.equal(s.total_requests, 5);
  assert.equal(s.total_errors, 2);
  assert.equal(s.error_rate, 0.4);
  assert.equal(s.total_tokens_in, 11);
  assert.equal(s.total_tokens_out, 6);
  assert.equal(s.total_tokens, 17);
  assert.ok(Math.abs(s.total_cost_usd - 0.03) < 1e-12);
  assert.equal(s.p50_latency_ms, 30);
  assert.equal(s.p95_latency_ms, 48);
  assert.ok(Math.abs(s.p99_latency_ms - 49.6) < 1e-9);
  assert.equal(s.p50_ttft_ms, 200); // of [100, 200, 300]
  assert.ok(Math.abs(s.p95_ttft_ms - 290) < 1e-9); // rank 1.9
  assert.deepEqual(Object.keys(s).slice(0, 12), [
    'total_requests', 'total_errors', 'error_rate', 'total_tokens_in', 'total_tokens_out', 'total_tokens',
    'total_cost_usd', 'p50_latency_ms', 'p95_latency_ms', 'p99_latency_ms', 'p50_ttft_ms', 'p95_ttft_ms',
  ]);

  const openai = s.by_provider.openai!;
  assert.equal(openai.requests, 3);
  assert.equal(openai.errors, 1);
  assert.ok(Math.abs(openai.error_rate - 1 / 3) < 1e-12);
  assert.equal(openai.total_tokens, 17);
  assert.equal(openai.p50_latency_ms, 40); // [10, 40, 50] rank 1
  assert.equal(openai.p95_latency_ms, 49); // rank 1.9: 40 + 0.9*10
  assert.equal(openai.p50_ttft_ms, 100); // only the one > 0
  assert.deepEqual(openai.error_types, { SERVER_ERROR: 1 });
  assert.deepEqual(s.by_provider.anthropic!.error_types, { RATE_LIMIT: 1 });
  assert.equal(s.by_provider.anthropic!.p50_latency_ms, 25);

  assert.deepEqual(Object.keys(s.by_model).sort(), ['claude-3-5-haiku', 'gpt-4o-mini']);
  assert.deepEqual(s.by_model['gpt-4o-mini'], {
    requests: 3, errors: 1, error_rate: 1 / 3, total_tokens: 17, total_cost_usd: 0.03, p50_latency_ms: 40, p95_latency_ms: 49,
  });
  assert.equal('p50_ttft_ms' in s.by_model['gpt-4o-mini']!, false);
});

test('bounded: overall ring, per-group rings and the number of groups', () => {
  const rec = new MetricsRecorder({ recentCapacity: 4, groupCapacity: 3, maxGroups: 3 });
  for (let i = 1; i <= 10; i++) rec.record(m({ latency_ms: i, model: `m${i}`, provider: 'p' }));
  const s = rec.summary();
  assert.equal(s.total_requests, 10, 'counters are totals');
  assert.equal(s.p50_latency_ms, 8.5, 'percentiles over the last 4: [7, 8, 9, 10]');
  assert.equal(s.by_provider.p!.requests, 10);
  assert.equal(s.by_provider.p!.p50_latency_ms, 9, 'per-group ring of 3: [8, 9, 10]');
  assert.deepEqual(Object.keys(s.by_model), ['m1', 'm2', OTHER_GROUP]);
  assert.equal(s.by_model[OTHER_GROUP]!.requests, 8);
  assert.equal(rec.recentRecords(100).length, 4);
});

test('recent: last n oldest first, reference omission rules; reset clears', () => {
  const rec = new MetricsRecorder();
  for (let i = 1; i <= 30; i++) rec.record(m({ request_id: `r${i}`, timestamp: i, latency_ms: i }));
  assert.equal(rec.recentRecords().length, 20, 'default n = 20');
  assert.deepEqual(rec.recentRecords(3).map((r) => r.request_id), ['r28', 'r29', 'r30']);

  const bare = metricToJson(m({ provider: '', model: '', timestamp: 5, latency_ms: 12 }));
  assert.deepEqual(bare, { ttft_ms: 0, latency_ms: 12, tokens_in: 0, tokens_out: 0, total_tokens: 0, error: 0, timestamp: 5 });
  const full = metricToJson(
    m({ error: true, error_category: 'TIMEOUT', error_message: 'slow', cluster_id: 0, stream: true, fallback_count: 1, total_cost_usd: 0.5 }),
  );
  assert.equal(full.error, 1);
  assert.equal(full.cluster_id, 0, 'cluster 0 is real; only -1 (not routed) is left out');
  assert.equal(full.stream, true);
  assert.equal(full.total_cost_usd, 0.5);
  assert.equal('input_cost_usd' in full, false);
  assert.equal('provider_attempts' in full, false);

  rec.reset();
  assert.equal(rec.summary().total_requests, 0);
  assert.equal(rec.summary().p50_latency_ms, 0);
  assert.deepEqual(rec.recentRecords(), []);
  assert.deepEqual(rec.summary().by_provider, {});
});

test('metricFromTrace: model keys and routed selection', () => {
  const t = emptyTrace(100);
  t.requested_model = 'auto';
  t.selected_model = 'gpt-4o-mini';
  t.provider = 'openai';
  t.cluster_id = 7;
  t.status = 502;
  t.error_code = 'provider_server_error';
  finishTrace(t, 350);
  const mr = metricFromTrace(t);
  assert.equal(mr.model, 'gpt-4o-mini');
  assert.equal(mr.selected_model, 'gpt-4o-mini');
  assert.equal(mr.latency_ms, 250);
  assert.equal(mr.error, true);
  assert.equal(mr.error_category, 'SERVER_ERROR');
  const direct = emptyTrace(1);
  direct.requested_model = 'gpt-4o';
  assert.equal(metricFromTrace(direct).model, 'gpt-4o');
  assert.equal(metricFromTrace(direct).selected_model, '');
});
