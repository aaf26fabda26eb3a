/** JSONL imports skip (and report) a line nested past the JSON depth cap instead of parsing it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSamplesJsonl } from '../src/datasets/samples.js';
import { parseImportLines } from '../src/traces/import.js';

const deepLine = `{"input":${'['.repeat(5000)}${']'.repeat(5000)}}`;

test('dataset JSONL: a too-deep line is an error naming its line; the others import', () => {
  const parsed = parseSamplesJsonl(`{"input":"a"}\n${deepLine}\n{"input":"b"}`);
  assert.equal(parsed.samples.length, 2);
  assert.deepEqual(parsed.errors.map((e) => e.line), [2]);
  assert.match(parsed.errors[0]!.error, /deeper than 128/);
});

test('trace JSONL import: a too-deep line is skipped and counted', () => {
  const r = parseImportLines(`{"input":"a"}\n${deepLine}`, { source: 'test' });
  assert.equal(r.traces.length, 1);
  assert.equal(r.skipped, 1);
});
