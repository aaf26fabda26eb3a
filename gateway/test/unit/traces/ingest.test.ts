import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../src/errors.js';
import { parseTraceIngest, timestampMs, type PriceFn } from '../../../src/traces/ingest.js';

const NOW = Date.UTC(2026, 3, 1, 12);
const price: PriceFn = (model, tin, tout) =>
  model.replace(/^openai\//, '') === 'gpt-4o-mini' ? { input_cost_usd: tin * 1e-6, output_cost_usd: tout * 2e-6, total_cost_usd: tin * 1e-6 + tout * 2e-6 } : null;

const cases: Array<{ name: string; body: string; records: number; skipped: number; check?: (r: ReturnType<typeof parseTraceIngest>) => void }> = [
  {
    name: 'JSONL with a bad line',
    body: '{"input":"a","output":"b"}\n{not json}\n\n{"input":"c"}\n',
    records: 2,
    skipped: 1,
    check: (r) => {
      assert.deepEqual(r.errors, ['line 2: invalid JSON']);
      assert.equal(r.records[1]!.input_text, 'c');
    },
  },
  {
    name: 'JSONL with CRLF line ends and a non-trace line',
    body: '{"input":"a"}\r\n{"hello":1}\r\n{"output":"z"}\r\n',
    records: 2,
    skipped: 1,
    check: (r) => assert.match(r.errors[0]!, /line 2: no messages, input or output/),
  },
  {
    name: 'one trace object with messages',
    body: JSON.stringify({
      model: 'openai/gpt-4o-mini',
      provider: 'openai',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'there' }] },
        { role: 'assistant', content: 'hi!' },
      ],
      tokens_in: 10,
      tokens_out: 4,
      latency_ms: 200,
      tags: ['a', 'b'],
      metadata: { team: 'x', n: 3 },
      session_id: 's1',
    }),
    records: 1,
    skipped: 0,
    check: ({ records: [t] }) => {
      assert.equal(t!.input_text, 'hello\nthere');
      assert.equal(t!.output_text, 'hi!');
      assert.deepEqual(t!.output_message, { role: 'assistant', content: 'hi!' });
      assert.equal(t!.input_messages.length, 2, 'the final assistant message is the output, not input');
      assert.equal(t!.requested_model, 'openai/gpt-4o-mini');
      assert.equal(t!.selected_model, 'gpt-4o-mini');
      assert.equal(t!.provider, 'openai');
      assert.equal(t!.total_tokens, 14);
      assert.equal(t!.usage_estimated, false);
      assert.ok(Math.abs(t!.total_cost_usd - 18e-6) < 1e-15, 'priced: no cost_usd given');
      assert.equal(t!.tokens_per_s, 20);
      assert.equal(t!.request_type, 'import:["a","b"]');
      assert.equal(t!.source, 'import');
      assert.deepEqual(t!.metadata, { team: 'x', n: '3' });
      assert.equal(t!.session_id, 's1');
      assert.equal(t!.cluster_id, -1);
      assert.equal(t!.timestamp, NOW, 'no timestamp: arrival time');
      assert.equal(t!.request_id, '', 'the writer assigns ids');
    },
  },
  {
    name: '{traces:[...]} with a non-object entry',
    body: JSON.stringify({ traces: [{ input: 'q1', output: 'a1', cost_usd: 0.5, model: 'gpt-4o-mini' }, 7, { input: 'q2', is_error: true, source: 'sdk' }] }),
    records: 2,
    skipped: 1,
    check: (r) => {
      assert.deepEqual(r.errors, ['traces[1]: not an object']);
      assert.equal(r.records[0]!.total_cost_usd, 0.5, 'given cost wins over pricing');
      assert.equal(r.records[1]!.is_error, true);
      assert.equal(r.records[1]!.error_category, 'UNKNOWN');
      assert.equal(r.records[1]!.request_type, 'sdk');
    },
  },
  {
    name: 'a top-level array (accepted, unlike the original)',
    body: JSON.stringify([{ input: 'x' }, { input: 'y' }, { input: 'z' }]),
    records: 3,
    skipped: 0,
  },
  {
    name: 'timestamps honoured: ISO, unix ms, digit string; invalid falls back to arrival',
    body: JSON.stringify([
      { input: 'a', timestamp: '2025-06-01T10:00:00.250Z' },
      { input: 'b', timestamp: 1_700_000_000_123 },
      { input: 'c', timestamp: '1700000000999' },
      { input: 'd', timestamp: 'yesterday' },
    ]),
    records: 4,
    skipped: 0,
    check: (r) =>
      assert.deepEqual(
        r.records.map((t) => t.timestamp),
        [Date.UTC(2025, 5, 1, 10, 0, 0, 250), 1_700_000_000_123, 1_700_000_000_999, NOW],
      ),
  },
  {
    name: 'missing tokens estimated as bytes / 4',
    body: JSON.stringify({ input: 'é'.repeat(10), output: 'abcdefghij', tokens_in: 3 }),
    records: 1,
    skipped: 0,
    check: ({ records: [t] }) => {
      assert.equal(t!.tokens_in, 3);
      assert.equal(t!.tokens_out, 2, '10 bytes / 4');
      assert.equal(t!.usage_estimated, true);
      assert.equal(t!.total_cost_usd, 0, 'no model, no price');
    },
  },
  {
    name: 'output only: estimated input is 0 and messages synthesised',
    body: '{"output":"done","model":"gpt-4o-mini","tokens_out":2}',
    records: 1,
    skipped: 0,
    check: ({ records: [t] }) => {
      assert.deepEqual(t!.output_message, { role: 'assistant', content: 'done' });
      assert.equal(t!.tokens_in, 0);
      assert.equal(t!.total_cost_usd, 4e-6);
    },
  },
];

for (const c of cases) {
  test(`ingest: ${c.name}`, () => {
    const r = parseTraceIngest(c.body, { now: NOW, price });
    assert.equal(r.records.length, c.records);
    assert.equal(r.skipped, c.skipped);
    c.check?.(r);
  });
}

test('ingest: a Uint8Array body parses like a string', () => {
  const r = parseTraceIngest(new TextEncoder().encode('{"input":"hi"}'), { now: NOW });
  assert.equal(r.records[0]!.input_text, 'hi');
});

const rejected: Array<{ name: string; body: string; code: string }> = [
  { name: 'empty body', body: '', code: 'caller_invalid_request' },
  { name: 'blank body', body: '  \n ', code: 'caller_invalid_request' },
  { name: 'empty object', body: '{}', code: 'caller_invalid_request' },
  { name: 'empty traces list', body: '{"traces":[]}', code: 'caller_invalid_request' },
  { name: 'empty array', body: '[]', code: 'caller_invalid_request' },
  { name: 'JSONL of bad lines only', body: '{bad\n{worse', code: 'caller_invalid_request' },
  { name: 'a scalar', body: '42', code: 'caller_invalid_request' },
  { name: 'not JSON', body: 'hello', code: 'caller_invalid_json' },
];

for (const c of rejected) {
  test(`ingest rejects: ${c.name}`, () => {
    assert.throws(
      () => parseTraceIngest(c.body, { now: NOW }),
      (err: unknown) => err instanceof GatewayError && err.code === c.code && err.status === 400,
    );
  });
}

test('ingest: the no-traces message matches the reference', () => {
  assert.throws(() => parseTraceIngest('{}'), /^GatewayError: no traces found\. Send \{messages:\[\.\.\.\]\} or \{traces:\[\.\.\.\]\} or JSONL/);
});

test('timestampMs', () => {
  assert.equal(timestampMs(undefined), undefined);
  assert.equal(timestampMs(-5), undefined);
  assert.equal(timestampMs(Number.NaN), undefined);
  assert.equal(timestampMs(12.7), 12);
  assert.equal(timestampMs('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
});
