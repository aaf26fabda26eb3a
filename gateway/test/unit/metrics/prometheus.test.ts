/** PrometheusCounters: bounded labels, escaping, histogram buckets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricRecord } from '../../../src/metrics/metric-record.js';
import { OTHER, PrometheusCounters, TextBuilder, escapeLabel } from '../../../src/metrics/prometheus.js';
import { parseExposition, valueOf } from '../../helpers/prometheus-text.js';

const rec = (over: Partial<MetricRecord>): MetricRecord => ({
  request_id: 'r', timestamp: 0, provider: 'openai', model: 'm', selected_model: '', ttft_ms: 0, latency_ms: 120, tokens_in: 1, tokens_out: 2, total_tokens: 3,
  input_cost_usd: 0, output_cost_usd: 0, cache_input_cost_usd: 0, total_cost_usd: 0.5, error: false, error_category: '', error_message: '', cluster_id: -1,
  routing_ms: 0, embedding_ms: 0, stream: false, fallback_count: 0, provider_attempts: [], ...over,
});

describe('PrometheusCounters', () => {
  it('caps provider/model series: client-chosen model names cannot grow the exposition', () => {
    const p = new PrometheusCounters(16);
    for (let i = 0; i < 500; i++) p.observe(rec({ model: `junk-${i}`, error: true, error_category: 'NOT_FOUND', selected_model: `routed-${i}` }));
    const out = new TextBuilder();
    p.render(out);
    const e = parseExposition(out.text());
    assert.deepEqual(e.problems, []);
    const series = e.samples.filter((s) => s.name === 'opentracy_requests_total');
    assert.ok(series.length <= 16, `${series.length} series`);
    assert.equal(valueOf(e, 'opentracy_requests_total'), 500, 'nothing lost, only folded');
    assert.ok(valueOf(e, 'opentracy_requests_total', { model: OTHER }) > 400);
    assert.ok(e.samples.filter((s) => s.name === 'opentracy_routing_decisions_total').length <= 16);
  });

  it('escapes label values; buckets are cumulative with +Inf = count; latency in seconds', () => {
    assert.equal(escapeLabel('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    const p = new PrometheusCounters();
    p.observe(rec({ model: 'we"ird\nname', latency_ms: 3 }));
    p.observe(rec({ model: 'we"ird\nname', latency_ms: 700, ttft_ms: 40, stream: true }));
    p.observe(rec({ model: 'we"ird\nname', latency_ms: 1e6 }));
    const out = new TextBuilder();
    p.render(out);
    const e = parseExposition(out.text());
    assert.deepEqual(e.problems, []);
    const l = { provider: 'openai', model: 'we"ird\nname' };
    assert.equal(valueOf(e, 'opentracy_request_duration_seconds_bucket', { ...l, le: '0.005' }), 1);
    assert.equal(valueOf(e, 'opentracy_request_duration_seconds_bucket', { ...l, le: '1' }), 2);
    assert.equal(valueOf(e, 'opentracy_request_duration_seconds_bucket', { ...l, le: '+Inf' }), 3);
    assert.equal(valueOf(e, 'opentracy_ttfb_seconds_bucket', { ...l, le: '0.05' }), 2, 'the stream by its first token, the 3 ms answer');
    assert.ok(Math.abs(valueOf(e, 'opentracy_request_duration_seconds_sum', l) - 1000.703) < 1e-9);
  });

  it('attempts by outcome, retries as repeats of the same target', () => {
    const p = new PrometheusCounters();
    p.observe(rec({ provider_attempts: [
      { provider: 'openai', model: 'a', status: 500, latency_ms: 1 },
      { provider: 'openai', model: 'a', status: 500, latency_ms: 1 },
      { provider: 'anthropic', model: 'b', status: 200, latency_ms: 1 },
    ], fallback_count: 1 }));
    const out = new TextBuilder();
    p.render(out);
    const e = parseExposition(out.text());
    assert.equal(valueOf(e, 'opentracy_upstream_attempts_total', { provider: 'openai', outcome: 'error' }), 2);
    assert.equal(valueOf(e, 'opentracy_upstream_attempts_total', { provider: 'anthropic', outcome: 'ok' }), 1);
    assert.equal(valueOf(e, 'opentracy_upstream_retries_total', { provider: 'openai' }), 1);
    assert.equal(valueOf(e, 'opentracy_upstream_retries_total', { provider: 'anthropic' }), 0);
    assert.equal(valueOf(e, 'opentracy_fallbacks_total'), 1);
  });
});
