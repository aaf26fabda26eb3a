/** OTel settings, W3C trace context parsing, the span builder and the exporter's bounded queue. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyTrace } from '../../../src/traces/record.js';
import { toOtlpSpan, unixNanos } from '../../../src/telemetry/genai-span.js';
import { createTelemetry, withTraceContextHeaders } from '../../../src/telemetry/index.js';
import { otelConfig, OtelConfigError } from '../../../src/telemetry/otel-config.js';
import { OtlpHttpExporter } from '../../../src/telemetry/otlp-exporter.js';
import { parseTraceparent, validTracestate } from '../../../src/telemetry/trace-context.js';

test('otelConfig: off without an endpoint or when disabled; endpoint forms; headers and resource decoded', () => {
  assert.equal(otelConfig({}), null);
  assert.equal(createTelemetry({}, () => undefined), null);
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }), null);
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }), null);
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })!.endpoint, 'http://c:4318/v1/traces');
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/otlp' })!.endpoint, 'http://c:4318/otlp/v1/traces');
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://x/y' })!.endpoint, 'https://x/y');
  const c = otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%3Db, x=1', OTEL_RESOURCE_ATTRIBUTES: 'k=v%2Cw,service.name=s1' })!;
  assert.deepEqual(c.headers, { 'api-key': 'a=b', x: '1' });
  assert.deepEqual(c.resource, { k: 'v,w', 'service.name': 's1' });
  assert.equal(c.captureContent, false);
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_SERVICE_NAME: 'svc', OTEL_RESOURCE_ATTRIBUTES: 'service.name=s1' })!.resource['service.name'], 'svc');
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' })!.resource['service.name'], 'opentracy-gateway');
  // Signal-specific headers win.
  assert.deepEqual(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=2' })!.headers, { b: '2' });
  for (const env of [
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'bad name=1' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'a=%0D%0Ab' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_MAX_QUEUE_SIZE: '0' },
  ]) assert.throws(() => otelConfig(env), OtelConfigError, JSON.stringify(env));
  assert.equal(otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })!.endpoint, 'http://c/v1/traces');
});

test('traceparent and tracestate (W3C)', () => {
  const tid = '4bf92f3577b34da6a3ce929d0e0e4736';
  const sid = '00f067aa0ba902b7';
  assert.deepEqual(parseTraceparent(`00-${tid}-${sid}-01`, 'a=1'), { traceId: tid, spanId: sid, sampled: true, traceState: 'a=1' });
  assert.equal(parseTraceparent(`00-${tid}-${sid}-00`)!.sampled, false);
  assert.equal(parseTraceparent(` 00-${tid}-${sid}-01 `)!.traceId, tid);
  assert.equal(parseTraceparent(`cc-${tid}-${sid}-01-what-ever`)!.traceId, tid);
  for (const bad of [undefined, '', `00-${tid}-${sid}`, `00-${tid}-${sid}-01-x`, `ff-${tid}-${sid}-01`, `00-${'0'.repeat(32)}-${sid}-01`, `00-${tid}-${'0'.repeat(16)}-01`, `00-${tid.toUpperCase()}-${sid}-01`, `00-${tid}-${sid}-0g`, `0-${tid}-${sid}-01`]) {
    assert.equal(parseTraceparent(bad), null, String(bad));
  }
  assert.equal(validTracestate('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'), 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  assert.equal(validTracestate('tenant@vendor=x'), 'tenant@vendor=x');
  assert.equal(validTracestate('Bad=1'), '');
  assert.equal(validTracestate('a=1,=2'), '');
  assert.equal(validTracestate('a'.repeat(600)), '');
  assert.equal(validTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')), '');
});

test('span: nanosecond times past 2^53, error status, routing attributes only when routed', () => {
  assert.equal(unixNanos(1_700_000_000_123.5), '1700000000123500000');
  const t = emptyTrace(1_700_000_000_000);
  t.request_id = 'r1';
  t.requested_model = 'auto';
  t.selected_model = 'gpt-4o-mini';
  t.provider = 'gemini';
  t.latency_ms = 12.25;
  t.status = 502;
  t.is_error = true;
  t.error_code = 'provider_http_error';
  t.error_message = 'upstream 500';
  const s = toOtlpSpan({ trace: t, body: { temperature: 1, stop: 'END' }, costWeight: null, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', traceState: '' }, false);
  assert.equal(s.endTimeUnixNano, '1700000000012250000');
  assert.deepEqual(s.status, { code: 2, message: 'upstream 500' });
  const a = new Map(s.attributes.map((kv) => [kv.key, kv.value]));
  assert.deepEqual(a.get('gen_ai.provider.name'), { stringValue: 'gcp.gemini' });
  assert.deepEqual(a.get('gen_ai.request.temperature'), { doubleValue: 1 });
  assert.deepEqual(a.get('gen_ai.request.stop_sequences'), { arrayValue: { values: [{ stringValue: 'END' }] } });
  assert.deepEqual(a.get('error.type'), { stringValue: 'provider_http_error' });
  assert.equal(a.has('opentracy.routing.cluster_id'), false);
  assert.equal(s.parentSpanId, undefined);
  t.cluster_id = 7;
  const routed = new Map(toOtlpSpan({ trace: t, body: {}, costWeight: 0.5, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: 'c'.repeat(16), traceState: 'x=1' }, false).attributes.map((kv) => [kv.key, kv.value]));
  assert.deepEqual(routed.get('opentracy.routing.cluster_id'), { intValue: '7' });
  assert.deepEqual(routed.get('opentracy.routing.cost_weight'), { doubleValue: 0.5 });
});

test('exporter: a full queue drops and counts; a failed export is counted; flush sends the rest', async () => {
  const cfg = otelConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_MAX_QUEUE_SIZE: '3', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '3', OTEL_BSP_SCHEDULE_DELAY: '60000' })!;
  let release: () => void = () => undefined;
  const bodies: string[] = [];
  let status = 200;
  const ex = new OtlpHttpExporter(cfg, () => undefined, async (_u, _h, body) => {
    bodies.push(body);
    await new Promise<void>((r) => (release = r));
    return status;
  });
  const span = () => ({ trace: emptyTrace(Date.now()), body: {}, costWeight: null, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', traceState: '' });
  for (let i = 0; i < 3; i++) ex.add(span()); // a full batch: export starts, the queue empties
  await new Promise((r) => setImmediate(r));
  assert.equal(bodies.length, 1);
  for (let i = 0; i < 5; i++) ex.add(span()); // 3 fit, 2 dropped while the export hangs
  assert.deepEqual(ex.stats(), { queued: 3, exported: 0, dropped: 2, failedExports: 0 });
  status = 503;
  release();
  await new Promise((r) => setImmediate(r));
  release();
  await ex.flush();
  const st = ex.stats();
  assert.equal(st.exported, 0);
  assert.equal(st.failedExports, 2);
  assert.equal(st.dropped, 2 + 6);
  assert.equal(st.queued, 0);
});

test('trace-context headers are snapshotted only on the chat routes and only when telemetry is on', () => {
  const routes = [{ method: 'POST' as const, pattern: '/v1/chat/completions', handler: () => undefined }, { method: 'GET' as const, pattern: '/health', handler: () => undefined }];
  assert.equal(withTraceContextHeaders(routes, null), routes);
  const on = withTraceContextHeaders(routes, createTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' }, () => undefined));
  assert.deepEqual(on[0]!.extraHeaders, ['traceparent', 'tracestate']);
  assert.equal(on[1]!.extraHeaders, undefined);
});
