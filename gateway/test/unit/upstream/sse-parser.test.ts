import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, SseLineTooLongError, parseSse } from '../../../src/upstream/sse-parser.js';
import type { SseEvent } from '../../../src/providers/types.js';

/** Covers: LF, CRLF and CR endings, comments, event names, multi-line data, empty data, 2/3/4-byte UTF-8. */
const FIXTURE =
  ': this is a comment\n' +
  'event: message_start\n' +
  'data: {"type":"message_start"}\n\n' +
  'data: héllo 中文 🚀\r\n\r\n' +
  'data: line one\n' +
  'data: line two\n' +
  'data:no-space\n\n' +
  'event: ping\r' +
  'data: {"type":"ping"}\r\r' +
  'id: 7\nretry: 100\nunknown: x\ndata\n\n' +
  ':keepalive\r\n\r\n' +
  'event: only-event-no-data\n\n' +
  'data: [DONE]\n\n';

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"type":"message_start"}' },
  { event: '', data: 'héllo 中文 🚀' },
  { event: '', data: 'line one\nline two\nno-space' },
  { event: 'ping', data: '{"type":"ping"}' },
  { event: '', data: '' },
  { event: '', data: '[DONE]' },
];

function run(chunks: (Buffer | string)[]): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

test('whole stream at once', () => {
  assert.deepEqual(parseSse(Buffer.from(FIXTURE)), EXPECTED);
  assert.deepEqual(parseSse(FIXTURE), EXPECTED);
});

test('split into two chunks at every byte position (UTF-8 split included)', () => {
  const buf = Buffer.from(FIXTURE);
  for (let i = 0; i <= buf.length; i++) {
    assert.deepEqual(run([buf.subarray(0, i), buf.subarray(i)]), EXPECTED, `split at byte ${i}`);
  }
});

test('split into three chunks at every pair of positions', () => {
  const buf = Buffer.from(FIXTURE);
  for (let i = 0; i <= buf.length; i += 1) {
    for (let j = i; j <= buf.length; j += 3) {
      assert.deepEqual(run([buf.subarray(0, i), buf.subarray(i, j), buf.subarray(j)]), EXPECTED, `split at ${i},${j}`);
    }
  }
});

test('one byte at a time', () => {
  const buf = Buffer.from(FIXTURE);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i++) chunks.push(buf.subarray(i, i + 1));
  assert.deepEqual(run(chunks), EXPECTED);
});

test('CRLF split between chunks counts as one line ending', () => {
  assert.deepEqual(run(['data: a\r', '\n\r', '\ndata: b\r', '\n', '\r\n']), [
    { event: '', data: 'a' },
    { event: '', data: 'b' },
  ]);
});

test('a 4-byte character split across three chunks decodes whole', () => {
  const bytes = Buffer.from('data: 🚀\n\n');
  const at = bytes.indexOf(0xf0);
  assert.deepEqual(run([bytes.subarray(0, at + 1), bytes.subarray(at + 1, at + 3), bytes.subarray(at + 3)]), [
    { event: '', data: '🚀' },
  ]);
});

test('push returns events as soon as their blank line arrives', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data: x\n'), []);
  assert.deepEqual(p.push('\n'), [{ event: '', data: 'x' }]);
  assert.deepEqual(p.push('event: e\ndata: y\n\ndata: z\n\n'), [
    { event: 'e', data: 'y' },
    { event: '', data: 'z' },
  ]);
  assert.deepEqual(p.end(), []);
});

test('event name resets after dispatch; only one leading space is stripped', () => {
  assert.deepEqual(parseSse('event: a\ndata:  two spaces\n\ndata: b\n\n'), [
    { event: 'a', data: ' two spaces' },
    { event: '', data: 'b' },
  ]);
});

test('end() flushes an unterminated last event', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data: {"a":1}\n\ndata: [DONE]'), [{ event: '', data: '{"a":1}' }]);
  assert.deepEqual(p.end(), [{ event: '', data: '[DONE]' }]);
});

test('a runaway line without terminator throws a coded error', () => {
  const p = new SseParser({ maxLineChars: 10 });
  assert.deepEqual(p.push('data: 1234'), []);
  assert.throws(() => p.push('567890'), SseLineTooLongError);
});
