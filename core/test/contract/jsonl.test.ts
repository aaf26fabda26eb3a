import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_JSON_DEPTH } from '../../contract/json-depth.js';
import { jsonlLines } from '../../contract/jsonl.js';

test('jsonlLines: blank lines skipped, CRLF and spaces trimmed, 1-based line numbers, bad lines named', () => {
  const text = '{"a":1}\r\n\n   \n  [2]  \nnot json\nnull\n{"b":"x\\ny"}';
  assert.deepEqual([...jsonlLines(text)], [
    { line: 1, ok: true, value: { a: 1 } },
    { line: 4, ok: true, value: [2] },
    { line: 5, ok: false, error: 'invalid' },
    { line: 6, ok: true, value: null },
    { line: 7, ok: true, value: { b: 'x\ny' } },
  ]);
  assert.deepEqual([...jsonlLines('')], []);
});

test('jsonlLines: the depth cap, only when asked, before parsing', () => {
  const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
  const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
  assert.deepEqual([...jsonlLines(`${ok}\n${deep}`, { depthCap: true })].map((l) => (l.ok ? 'ok' : l.error)), ['ok', 'too_deep']);
  assert.deepEqual([...jsonlLines(deep)].map((l) => l.ok), [true]);
});
