import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMallocTrim } from '../../../src/process/malloc-trim.js';

test('trims once at start and then on its interval until stopped; nothing when off or unsupported', async () => {
  let calls = 0;
  const stop = startMallocTrim(5, () => (calls++, true));
  await new Promise((r) => setTimeout(r, 40));
  stop();
  const seen = calls;
  assert.ok(seen >= 3, `trimmed ${seen} times in 40 ms at a 5 ms interval`);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls, seen, 'no trims after stop');

  let unsupported = 0;
  startMallocTrim(1, () => (unsupported++, null))();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(unsupported, 1, 'one probe, no timer');

  let off = 0;
  startMallocTrim(0, () => (off++, true))();
  assert.equal(off, 0, 'interval 0: never called');

  let rare = 0;
  const stopRare = startMallocTrim(2 ** 40, () => (rare++, true));
  await new Promise((r) => setTimeout(r, 20));
  stopRare();
  assert.equal(rare, 1, 'an interval past the timer limit is capped, not turned into 1 ms');
});
