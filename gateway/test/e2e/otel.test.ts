/**
 * OpenTelemetry export (issue 20): a small OTLP/HTTP receiver in the test decodes what the gateway
 * POSTs to /v1/traces (JSON): one GenAI span per request through the real openai SDK, the client's
 * traceparent continued (invalid ones ignored, unsampled ones not recorded), batches, error status,
 * content only when asked, OTEL_EXPORTER_OTLP_HEADERS only to the OTLP endpoint, flush on shutdown.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

// Decoded OTLP JSON, read loosely by the assertions.
type J = Record<string, any>;

interface Received {
  headers: http.IncomingHttpHeaders;
  path: string;
  body: J;
}

async function otlpReceiver(): Promise<{ origin: string; posts: Received[]; spans(): J[]; close(): Promise<void> }> {
  const posts: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      posts.push({ headers: req.headers, path: req.url ?? '', body: JSON.parse(raw) as J });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"partialSuccess":{}}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    spans: () => posts.flatMap((p) => (p.body.resourceSpans as J[]).flatMap((rs) => (rs.scopeSpans as J[]).flatMap((ss) => ss.spans as J[]))),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Attributes as a plain object (OTLP AnyValue decoded). */
function attrs(span: J): J {
  const out: J = {};
  for (const kv of span.attributes as J[]) {
    const v = kv.value as J;
    out[kv.key as string] = 'stringValue' in v ? v.stringValue : 'intValue' in v ? Number(v.intValue) : 'doubleValue' in v ? v.doubleValue : 'boolValue' in v ? v.boolValue : (v.arrayValue.values as J[]).map((x) => x.stringValue);
  }
  return out;
}

async function waitFor(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting for spans');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('OpenTelemetry: OTLP/HTTP JSON spans', () => {
  let rx: Awaited<ReturnType<typeof otlpReceiver>>;
  let h: Harness;
  before(async () => {
    rx = await otlpReceiver();
    h = await startHarness({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: rx.origin,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-otlp-token=s3cr%20et,x-tenant=t1',
        OTEL_SERVICE_NAME: 'gw-under-test',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test,service.name=overridden',
        OTEL_BSP_SCHEDULE_DELAY: '40',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '3',
      },
    });
  });
  after(async () => {
    await h.close();
    await rx.close();
  });

  const byRequestId = (id: string): J | undefined => rx.spans().find((s) => attrs(s)['opentracy.request_id'] === id);

  it('a traceparent from the client continues its trace; GenAI attributes; no content by default', async () => {
    const { response } = await h.client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'secret prompt text' }], temperature: 0.2, max_tokens: 50, top_p: 1 }, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: 'vendor=abc,other=x1' } })
      .withResponse();
    const id = response.headers.get('x-opentracy-request-id')!;
    await waitFor(() => byRequestId(id) !== undefined);
    const span = byRequestId(id)!;
    assert.equal(span.traceId, TRACE_ID);
    assert.equal(span.parentSpanId, PARENT_ID);
    assert.match(span.spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(span.spanId, PARENT_ID);
    assert.equal(span.traceState, 'vendor=abc,other=x1');
    assert.equal(span.name, 'chat openai/gpt-4o-mini');
    assert.equal(span.kind, 3);
    assert.equal(span.status.code, 0);
    assert.ok(BigInt(span.endTimeUnixNano) > BigInt(span.startTimeUnixNano));
    const a = attrs(span);
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.provider.name'], 'openai');
    assert.equal(a['gen_ai.system'], 'openai');
    assert.equal(a['gen_ai.request.model'], 'openai/gpt-4o-mini');
    assert.equal(a['gen_ai.response.model'], 'gpt-4o-mini');
    assert.equal(a['gen_ai.request.temperature'], 0.2);
    assert.equal(a['gen_ai.request.max_tokens'], 50);
    assert.equal(a['gen_ai.request.top_p'], 1);
    assert.ok(a['gen_ai.usage.input_tokens'] > 0 && a['gen_ai.usage.output_tokens'] > 0);
    assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
    assert.ok(a['opentracy.cost.total_usd'] > 0);
    assert.equal(a['opentracy.fallback_count'], 0);
    // Content off by default: the prompt is nowhere in what was exported.
    assert.equal(a['gen_ai.input.messages'], undefined);
    assert.ok(!JSON.stringify(rx.posts.map((p) => p.body)).includes('secret prompt text'));
    // The wire: POST /v1/traces, JSON, the resource, the configured headers (decoded).
    const post = rx.posts.find((p) => JSON.stringify(p.body).includes(id))!;
    assert.equal(post.path, '/v1/traces');
    assert.equal(post.headers['content-type'], 'application/json');
    assert.equal(post.headers['x-otlp-token'], 's3cr et');
    assert.equal(post.headers['x-tenant'], 't1');
    const res = attrs({ attributes: post.body.resourceSpans[0].resource.attributes });
    assert.equal(res['service.name'], 'gw-under-test');
    assert.equal(res['deployment.environment'], 'test');
    assert.equal(post.body.resourceSpans[0].scopeSpans[0].scope.name, 'opentracy-gateway');
    // The OTLP headers never went upstream.
    assert.ok(h.mock.requests.length > 0);
    assert.ok(h.mock.requests.every((r) => r.headers['x-otlp-token'] === undefined && r.headers['x-tenant'] === undefined));
  });

  it('invalid traceparents are ignored (a new trace); an unsampled parent gets no span', async () => {
    const bad = ['garbage', `00-${'0'.repeat(32)}-${PARENT_ID}-01`, `00-${TRACE_ID}-${'0'.repeat(16)}-01`, `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`, `ff-${TRACE_ID}-${PARENT_ID}-01`, `00-${TRACE_ID}-${PARENT_ID}-01-extra`];
    const ids: string[] = [];
    for (const tp of bad) {
      const { response } = await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { traceparent: tp } }).withResponse();
      ids.push(response.headers.get('x-opentracy-request-id')!);
    }
    await waitFor(() => ids.every((id) => byRequestId(id) !== undefined));
    const traceIds = new Set<string>();
    for (const id of ids) {
      const s = byRequestId(id)!;
      assert.notEqual(s.traceId, TRACE_ID);
      assert.match(s.traceId, /^[0-9a-f]{32}$/);
      assert.equal(s.parentSpanId, undefined);
      traceIds.add(s.traceId);
    }
    assert.equal(traceIds.size, ids.length, 'each request starts its own trace');
    // A future version with extra fields is read (W3C: parse the first four).
    const { response: fut } = await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { traceparent: `01-${TRACE_ID}-${PARENT_ID}-01-future` } }).withResponse();
    const futId = fut.headers.get('x-opentracy-request-id')!;
    const { response: unsampled } = await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` } }).withResponse();
    const unsampledId = unsampled.headers.get('x-opentracy-request-id')!;
    await waitFor(() => byRequestId(futId) !== undefined);
    assert.equal(byRequestId(futId)!.traceId, TRACE_ID);
    await h.gw.close(); // flushes: everything queued is out
    assert.equal(byRequestId(unsampledId), undefined);
  });
});

describe('OpenTelemetry: batches, errors, streams, content capture, flush on shutdown', () => {
  let rx: Awaited<ReturnType<typeof otlpReceiver>>;
  let h: Harness;
  before(async () => {
    rx = await otlpReceiver();
    h = await startHarness({
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${rx.origin}/custom/traces`,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', // the signal-specific one wins
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OTEL_BSP_SCHEDULE_DELAY: '60000', // only full batches and shutdown export
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4',
      },
    });
  });
  after(async () => {
    await h.close();
    await rx.close();
  });

  it('full batches go at once; the rest on shutdown; errors and streams; content when asked', async () => {
    for (let i = 0; i < 8; i++) await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `capture me ${i}` }] });
    await waitFor(() => rx.spans().length === 8);
    assert.equal(rx.posts.length, 2, 'two full batches of 4');
    assert.ok(rx.posts.every((p) => p.path === '/custom/traces' && p.body.resourceSpans[0].scopeSpans[0].spans.length === 4));
    const a0 = attrs(rx.spans()[0]!);
    assert.match(a0['gen_ai.input.messages'], /capture me 0/);
    const out = JSON.parse(a0['gen_ai.output.messages']) as J[];
    assert.equal(out[0]!.role, 'assistant');
    assert.match(JSON.stringify(out), /Mock answer to: capture me 0/);
    // An upstream failure: error status and error.type.
    await assert.rejects(h.client.chat.completions.create({ model: 'openai/mock-500', messages: [{ role: 'user', content: 'fail' }] }));
    const stream = await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream me' }] });
    for await (const _ of stream) void _;
    assert.equal(rx.spans().length, 8, 'a partial batch waits for the schedule');
    await h.gw.close();
    assert.equal(rx.spans().length, 10, 'shutdown flushed the partial batch');
    const failed = rx.spans().find((s) => attrs(s)['gen_ai.request.model'] === 'openai/mock-500')!;
    assert.equal(failed.status.code, 2);
    assert.ok(attrs(failed)['error.type']);
    assert.ok(attrs(failed)['http.response.status_code'] >= 500);
    const streamed = attrs(rx.spans().find((s) => /stream me/.test(attrs(s)['gen_ai.input.messages'] ?? ''))!);
    assert.equal(streamed['opentracy.stream'], true);
    assert.ok(streamed['gen_ai.usage.output_tokens'] > 0);
  });
});

describe('OpenTelemetry off', () => {
  it('without an OTLP endpoint the gateway has no telemetry and snapshots no trace-context headers', async () => {
    const rx = await otlpReceiver();
    const h = await startHarness();
    try {
      await h.client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
      assert.equal(h.config.env.OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    } finally {
      await h.close();
      await rx.close();
    }
    assert.equal(rx.posts.length, 0);
  });
});
