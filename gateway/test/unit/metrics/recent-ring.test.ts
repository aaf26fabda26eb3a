import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricRecord } from '../../../src/metrics/metric-record.js';
import { RecentRing } from '../../../src/metrics/recent-ring.js';

function record(i: number): MetricRecord {
  const kind = i % 4;
  return {
    request_id: `req-${i}`,
    timestamp: 1_764_000_000_000 + i,
    provider: ['openai', 'anthropic'][i % 2]!,
    model: `model-${i % 3}`,
    selected_model: i % 5 === 0 ? `model-${i % 3}` : '',
    ttft_ms: i % 2 ? 0 : 12.5 + i,
    latency_ms: 100.25 + i,
    tokens_in: 10 + i,
    tokens_out: 5,
    total_tokens: 15 + i,
    input_cost_usd: 1e-6 * i,
    output_cost_usd: 3e-7,
    cache_input_cost_usd: 0,
    total_cost_usd: 1e-6 * i + 3e-7,
    error: kind === 2,
    error_category: kind === 2 ? 'SERVER_ERROR' : '',
    error_message: kind === 2 ? `upstream 500 #${i}` : '',
    cluster_id: i % 7 === 0 ? -1 : i % 7,
    routing_ms: 0.125 * (i % 3),
    embedding_ms: 0.0625 * (i % 3),
    stream: i % 3 === 0,
    fallback_count: kind === 3 ? 1 : 0,
    provider_attempts:
      kind === 0 ? [{ provider: 'openai', model: `model-${i % 3}`, status: 200, latency_ms: 90 + i }]
      : kind === 1 ? []
      : kind === 2 ? [{ provider: 'openai', model: 'm', status: 500, error: 'HTTP 500', latency_ms: 3 }]
      : [
          { provider: 'openai', model: 'a', status: 429, error: 'HTTP 429', latency_ms: 2 },
          { provider: 'anthropic', model: 'b', status: 200, latency_ms: 40 },
        ],
  };
}

test('every record reads back equal, newest first, across wrap-around', () => {
  const ring = new RecentRing(5);
  const all = Array.from({ length: 13 }, (_, i) => record(i));
  for (const r of all) ring.push(r);
  assert.equal(ring.size, 5);
  for (let i = 0; i < 5; i++) assert.deepEqual(ring.at(i), all[12 - i], `record ${12 - i}`);
});

test('records are copied, not kept; clear empties the ring', () => {
  const ring = new RecentRing(3);
  const a = record(0);
  a.model = ['gpt', '4o'].join('-'); // a string built at run time, like a parsed one
  ring.push(a);
  const b = record(4);
  b.model = ['gpt', '4o'].join('-');
  ring.push(b);
  a.latency_ms = -1; // the ring copied it
  a.provider_attempts[0]!.status = 999;
  assert.equal(ring.at(1).latency_ms, 100.25);
  assert.equal(ring.at(1).provider_attempts[0]!.status, 200);
  assert.equal(ring.at(0).model, 'gpt-4o');
  ring.clear();
  assert.equal(ring.size, 0);
  ring.push(record(7));
  assert.deepEqual(ring.at(0), record(7));
});
