import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { limitHeapGrowth } from '../../../src/process/heap-growth.js';

// What the limit does to the peak heap is measured, not asserted: bench/micro/heap-growth.ts.
describe('limitHeapGrowth', () => {
  it('leaves a heap-growing percent given on the command line or in NODE_OPTIONS alone', () => {
    const set: string[] = [];
    const record = (f: string): void => void set.push(f);
    assert.equal(limitHeapGrowth(50, ['--heap-growing-percent=80'], '', record), false);
    assert.equal(limitHeapGrowth(50, ['--heap_growing_percent=80'], '', record), false);
    assert.equal(limitHeapGrowth(50, [], '--max-old-space-size=512 --heap-growing-percent=20', record), false);
    assert.deepEqual(set, [], 'no flag set');
  });

  it('sets it otherwise, with the percent given', () => {
    const set: string[] = [];
    assert.equal(limitHeapGrowth(50, ['--single-threaded-gc'], '--max-old-space-size=512', (f) => void set.push(f)), true);
    assert.equal(limitHeapGrowth(30, [], '', (f) => void set.push(f)), true);
    assert.deepEqual(set, ['--heap-growing-percent=50', '--heap-growing-percent=30']);
  });

  it("is a flag this Node's V8 knows (a misspelt or removed flag is refused at start)", () => {
    const run = (flag: string): number | null => spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' }).status;
    assert.equal(run('--heap-growing-percent=50'), 0);
    assert.notEqual(run('--heap-growing-percentage=50'), 0, 'the check can fail');
  });
});
