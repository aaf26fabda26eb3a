/** UpstreamBody's iteration: the first chunk alone, then what queued meanwhile as one chunk. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UpstreamBody } from '../../../src/upstream/upstream-body.js';

function body(): { b: UpstreamBody; resumed: () => number } {
  let resumes = 0;
  const b = new UpstreamBody(() => undefined, () => resumes++);
  return { b, resumed: () => resumes };
}

test('the first chunk comes alone; chunks queued together afterwards come merged, in order', async () => {
  const { b } = body();
  const it = b[Symbol.asyncIterator]();
  b.push(Buffer.from('data: 1\n\n'));
  b.push(Buffer.from('data: 2\n\n'));
  b.push(Buffer.from('data: 3\n\n'));
  assert.equal(String((await it.next()).value), 'data: 1\n\n');
  assert.equal(String((await it.next()).value), 'data: 2\n\ndata: 3\n\n');
  const later = it.next(); // waits: nothing queued
  b.push(Buffer.from('data: 4\n\n'));
  b.end();
  assert.equal(String((await later).value), 'data: 4\n\n');
  assert.equal((await it.next()).done, true);
  assert.equal(b.readableEnded, true);
});

test('backpressure: past 64 KiB queued undici is paused, and resumed once the reader takes the queue', async () => {
  const { b, resumed } = body();
  const it = b[Symbol.asyncIterator]();
  assert.equal(b.push(Buffer.alloc(10)), true);
  assert.equal(b.push(Buffer.alloc(40 * 1024)), true);
  assert.equal(b.push(Buffer.alloc(40 * 1024)), false, 'over the high-water mark');
  assert.equal((await it.next()).value.length, 10);
  assert.equal(resumed(), 0, 'still 80 KiB queued');
  assert.equal((await it.next()).value.length, 80 * 1024);
  assert.equal(resumed(), 1);
});

test('an error drops what was not read and rejects the reader', async () => {
  const { b } = body();
  const it = b[Symbol.asyncIterator]();
  b.push(Buffer.from('a'));
  b.push(Buffer.from('b'));
  assert.equal(String((await it.next()).value), 'a');
  b.fail(new Error('reset'));
  await assert.rejects(it.next(), /reset/);
});
