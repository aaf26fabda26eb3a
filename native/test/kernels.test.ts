/** Differential tests: the native vector kernels are bit-identical to core/routing/assign.ts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ref from '../../core/routing/assign.js';
import type { RouterWeights } from '../../core/routing/types.js';
import { argmax, argmin, assignCluster, dotRows, nativeStatus, softmax, squaredDistances, topK } from '../index.js';
import { topK as topKRef } from '../top-k.js';
import { rng } from './corpus.js';

const SHAPES: ReadonlyArray<readonly [number, number]> = [[0, 4], [1, 0], [1, 1], [3, 7], [4, 4], [5, 3], [17, 100], [33, 385], [64, 384], [200, 100]];

function randomF32(next: () => number, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale);
}

/** Same values bit for bit (Object.is, so -0 and NaN count). */
function sameBits(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < actual.length; i++) assert.ok(Object.is(actual[i], expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

function weights(next: () => number, k: number, dim: number, type: 'kmeans' | 'learned_map'): RouterWeights {
  return {
    path: 'mem', manifest: {}, clusterType: type, k, dim,
    centroids: randomF32(next, k * dim), theta: type === 'learned_map' ? randomF32(next, k * dim, 4) : null,
    temperature: 0.05 + next(), profiles: [], embedder: null, strategy: 'cluster',
  };
}

describe('native kernels', () => {
  it('the addon is active', () => assert.equal(nativeStatus().active, true, nativeStatus().reason));

  it('dotRows and squaredDistances: bit-identical for float32, float64 and array queries', () => {
    const next = rng(1);
    for (const [k, d] of SHAPES) {
      for (let rep = 0; rep < 5; rep++) {
        const m = randomF32(next, k * d, rep + 1);
        const x32 = randomF32(next, d);
        const x64 = Float64Array.from(x32, (v) => v + next() * 1e-3);
        for (const x of [x32, x64, Array.from(x64)]) {
          sameBits(dotRows(m, k, d, x), ref.dotRows(m, k, d, x), `dot ${k}x${d}`);
          sameBits(squaredDistances(m, k, d, x), ref.squaredDistances(m, k, d, x), `l2 ${k}x${d}`);
        }
      }
    }
  });

  it('inputs the addon does not take fall through to the reference (short x gives NaN there)', () => {
    const m = new Float32Array([1, 2, 3, 4]);
    sameBits(dotRows(m, 2, 2, new Float32Array([1])), ref.dotRows(m, 2, 2, new Float32Array([1])), 'short x');
    sameBits(dotRows(m, 1.5, 2, new Float32Array([1, 2])), ref.dotRows(m, 1.5, 2, new Float32Array([1, 2])), 'fractional k');
    sameBits(squaredDistances(m, 3, 2, new Float32Array([1, 2])), ref.squaredDistances(m, 3, 2, new Float32Array([1, 2])), 'short matrix');
  });

  it('softmax: bit-identical, Math.exp included, over wide logit ranges', () => {
    const next = rng(2);
    for (const scale of [1e-3, 1, 30, 700, 800]) {
      for (const n of [1, 2, 10, 200, 1000]) {
        const l = Float64Array.from({ length: n }, () => (next() * 2 - 1) * scale);
        sameBits(softmax(l), ref.softmax(l), `softmax n=${n} scale=${scale}`);
      }
    }
    const odd = [new Float64Array(300).fill(NaN), new Float64Array([]), new Float64Array([-Infinity, 0]), new Float64Array([NaN, 1]), new Float64Array([Infinity, 1]), new Float64Array([-0, 0])];
    for (const l of odd) sameBits(softmax(l), ref.softmax(l), `softmax ${String(Array.from(l))}`);
  });

  it('argmin / argmax: first index on ties, NaN as the reference treats it', () => {
    const big = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 10);
    const cases = [[], [1], [2, 1, 1, 3, 3], [NaN, 1, 0], [1, NaN, 0], [-0, 0], [Infinity, -Infinity], big, [NaN, ...big], [...big, ...big]];
    for (const c of cases) {
      const v = Float64Array.from(c);
      assert.equal(argmin(v), ref.argmin(v), `argmin n=${c.length}`);
      assert.equal(argmax(v), ref.argmax(v), `argmax n=${c.length}`);
    }
  });

  it('assignCluster: identical assignments (kmeans hard/soft, learned_map)', () => {
    const next = rng(3);
    for (const [k, d] of [[1, 8], [7, 100], [40, 384]] as const) {
      for (const type of ['kmeans', 'learned_map'] as const) {
        const w = weights(next, k, d, type);
        for (let rep = 0; rep < 20; rep++) {
          const x = randomF32(next, d);
          for (const soft of [false, true]) {
            const a = assignCluster(w, x, soft);
            const b = ref.assignCluster(w, x, soft);
            assert.equal(a.clusterId, b.clusterId);
            sameBits(a.probabilities, b.probabilities, 'p');
            sameBits(a.phi, b.phi, 'phi');
          }
        }
      }
    }
  });

  it('topK matches the sort-based reference (ties to the lower index, NaN last)', () => {
    const next = rng(4);
    for (const n of [0, 1, 5, 50, 500]) {
      const s = Float64Array.from({ length: n }, () => Math.round(next() * 20) / 4);
      if (n > 3) s[2] = NaN;
      for (const k of [0, 1, 3, 16, 17, 600]) {
        for (const largest of [true, false]) assert.deepEqual(topK(s, k, largest), topKRef(s, k, largest), `n=${n} k=${k}`);
      }
    }
  });
});
