/** GET /metrics: scraped after real traffic through the gateway, parsed as Prometheus text. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';
import { parseExposition, valueOf, type Exposition } from '../helpers/prometheus-text.js';

describe('GET /metrics (Prometheus text format)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  async function scrape(): Promise<{ e: Exposition; text: string; type: string | null }> {
    const res = await fetch(h.base + '/metrics');
    assert.equal(res.status, 200);
    const text = await res.text();
    return { e: parseExposition(text), text, type: res.headers.get('content-type') };
  }

  it('is well-formed with no traffic: every family typed, histograms consistent', async () => {
    const { e, type } = await scrape();
    assert.equal(type, 'text/plain; version=0.0.4; charset=utf-8');
    assert.deepEqual(e.problems, []);
    for (const fam of ['opentracy_requests_total', 'opentracy_request_duration_seconds', 'opentracy_ttfb_seconds', 'opentracy_tokens_total', 'opentracy_cost_usd_total', 'opentracy_routing_decisions_total', 'opentracy_upstream_attempts_total', 'opentracy_upstream_retries_total', 'opentracy_trace_writer_backlog', 'opentracy_event_loop_lag_seconds', 'opentracy_in_flight_requests']) {
      assert.ok(e.types.has(fam), fam);
    }
    assert.equal(e.types.get('opentracy_request_duration_seconds'), 'histogram');
  });

  it('counts requests, streams, errors, tokens, cost, latency and TTFB per provider/model; attempts and retries; no prompt text', async () => {
    const secret = 'PROMPT-SECRET-d41d8cd9';
    const before = (await scrape()).e;
    const base = valueOf(before, 'opentracy_requests_total', { provider: 'openai', model: 'gpt-4o-mini' });
    for (let i = 0; i < 3; i++) await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `${secret} ${i}` }] });
    const stream = await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: secret }] });
    for await (const _ of stream) void _;
    // Anthropic Messages and Responses are counted like chat.
    await new Anthropic({ apiKey: 'x', baseURL: h.base, maxRetries: 0 }).messages.create({ model: 'anthropic/claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: secret }] });
    await h.client.responses.create({ model: 'gemini/gemini-2.0-flash', input: secret });
    // A 500 with the gateway's own retries (raw fetch: no SDK retry header): 1 + OPENTRACY_MAX_RETRIES attempts.
    const failed = await h.post('/v1/chat/completions', { model: 'openai/mock-500', messages: [{ role: 'user', content: secret }] });
    assert.equal(failed.status, 500);
    await failed.text();
    // A fallback.
    const fb = await h.post('/v1/chat/completions', { model: 'openai/mock-502', fallbacks: ['anthropic/fallback-ok'], messages: [{ role: 'user', content: secret }] });
    assert.equal(fb.status, 200);
    await fb.text();

    const { e, text } = await scrape();
    assert.deepEqual(e.problems, []);
    assert.equal(text.includes(secret), false, 'no prompt text in the metrics');
    assert.equal(text.includes('sk-openai'), false, 'no key');
    const gm = { provider: 'openai', model: 'gpt-4o-mini' };
    assert.equal(valueOf(e, 'opentracy_requests_total', gm) - (Number.isNaN(base) ? 0 : base), 4);
    assert.ok(valueOf(e, 'opentracy_stream_requests_total', gm) >= 1);
    assert.equal(valueOf(e, 'opentracy_requests_total', { provider: 'anthropic', model: 'claude-haiku-4-5' }), 1);
    assert.equal(valueOf(e, 'opentracy_requests_total', { provider: 'gemini', model: 'gemini-2.0-flash' }), 1);
    assert.ok(valueOf(e, 'opentracy_tokens_total', { ...gm, direction: 'input' }) > 0);
    assert.ok(valueOf(e, 'opentracy_tokens_total', { ...gm, direction: 'output' }) > 0);
    assert.ok(valueOf(e, 'opentracy_cost_usd_total', gm) > 0);
    assert.ok(valueOf(e, 'opentracy_request_duration_seconds_count', gm) >= 4);
    assert.ok(valueOf(e, 'opentracy_request_duration_seconds_sum', gm) > 0);
    assert.ok(valueOf(e, 'opentracy_ttfb_seconds_count', gm) >= 4);
    assert.ok(valueOf(e, 'opentracy_request_duration_seconds_bucket', { ...gm, le: '+Inf' }) >= 4);
    const errs = e.samples.filter((s) => s.name === 'opentracy_request_errors_total' && s.labels.model === 'mock-500');
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.value, 1);
    assert.ok(errs[0]!.labels.category && errs[0]!.labels.category.length > 0);
    const retries = h.config.upstream.maxRetries;
    assert.ok(valueOf(e, 'opentracy_upstream_retries_total', { provider: 'openai' }) >= retries);
    assert.ok(valueOf(e, 'opentracy_upstream_attempts_total', { provider: 'openai', outcome: 'error' }) >= retries + 2, 'the 500s and the 502s');
    assert.ok(valueOf(e, 'opentracy_upstream_attempts_total', { provider: 'anthropic', outcome: 'ok' }) >= 2);
    assert.ok(valueOf(e, 'opentracy_fallbacks_total') >= 1);
    assert.ok(valueOf(e, 'opentracy_traces_total', { outcome: 'accepted' }) >= 8);
    assert.ok(valueOf(e, 'opentracy_event_loop_lag_seconds', { quantile: '0.99' }) >= 0);
    assert.equal(valueOf(e, 'opentracy_in_flight_requests'), 1, 'the scrape itself');
  });

  it('POST /v1/metrics/reset leaves the Prometheus counters monotonic', async () => {
    const a = valueOf((await scrape()).e, 'opentracy_requests_total');
    await h.post('/v1/metrics/reset', {});
    const b = valueOf((await scrape()).e, 'opentracy_requests_total');
    assert.equal(b, a);
  });
});
