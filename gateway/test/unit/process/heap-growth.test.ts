import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { limitHeapGrowth } from '../../../src/process/heap-growth.js';

describe('limitHeapGrowth', () => {
  it('leaves a heap-growing percent given on the command line or in NODE_OPTIONS alone', () => {
    assert.equal(limitHeapGrowth(50, ['--heap-growing-percent=80'], ''), false);
    assert.equal(limitHeapGrowth(50, ['--heap_growing_percent=80'], ''), false);
    assert.equal(limitHeapGrowth(50, [], '--max-old-space-size=512 --heap-growing-percent=20'), false);
  });

  it('sets it otherwise, and V8 then keeps the old generation near its live size', () => {
    assert.equal(limitHeapGrowth(50, ['--single-threaded-gc'], '--max-old-space-size=512'), true);
    // In a fresh process: garbage promoted to the old generation at a steady rate with ~40 MB kept
    // live; the largest heap seen before a full collection is measured with and without the limit.
    const script = `
      const { setFlagsFromString, getHeapStatistics } = require('node:v8');
      if (process.argv[1] === 'limit') setFlagsFromString('--heap-growing-percent=50');
      const live = Array.from({ length: 40 }, () => new Array(128 * 1024).fill(1.5));
      const ring = new Array(512);
      let peak = 0;
      for (let i = 0; i < 20000; i++) {
        ring[i % 512] = new Array(4096).fill(i + 0.5); // lives long enough to be promoted, then dies
        if (i % 64 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
      }
      process.stdout.write(String(peak / 1048576 | 0) + ' ' + live.length);
    `;
    const peak = (mode: string): number => Number(spawnSync(process.execPath, ['-e', script, mode], { encoding: 'utf8' }).stdout.split(' ')[0]);
    const unlimited = peak('default');
    const limited = peak('limit');
    assert.ok(limited < unlimited, `peak heap ${unlimited} MB by default, ${limited} MB with the limit`);
  });
});
