import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l2Normalize, meanPool } from '../../embedding/pooling.js';

describe('pooling', () => {
  it('mean over the masked tokens', () => {
    const hidden = Float32Array.from([1, 2, 3, 4, 100, 100]);
    assert.deepEqual(Array.from(meanPool(hidden, 3, 2, BigInt64Array.from([1n, 1n, 0n]))), [2, 3]);
    assert.deepEqual(Array.from(meanPool(hidden, 3, 2)), [104 / 3, 106 / 3].map(Math.fround));
  });
  it('all masked gives zeros; zero vector stays zero', () => {
    const v = meanPool(Float32Array.from([1, 2]), 1, 2, BigInt64Array.from([0n]));
    assert.deepEqual(Array.from(l2Normalize(v)), [0, 0]);
  });
  it('normalises to unit length', () => {
    assert.deepEqual(Array.from(l2Normalize(Float32Array.from([3, 4]))), [0.6, 0.8].map(Math.fround));
  });
});
