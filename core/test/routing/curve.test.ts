import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apgr, hullValue, normalizedAuc, upperHull } from '../../routing/train/curve.js';

test('upper hull drops dominated and under-hull points', () => {
  const pts = [{ cost: 0, quality: 0.5 }, { cost: 1, quality: 0.6 }, { cost: 2, quality: 0.9 }, { cost: 3, quality: 0.8 }, { cost: 4, quality: 1 }];
  assert.deepEqual(upperHull(pts).map((p) => p.cost), [0, 2, 4]);
  const h = upperHull(pts);
  assert.equal(hullValue(h, 1), 0.7);
  assert.equal(hullValue(h, 10), 1);
  assert.equal(hullValue(h, -1), -Infinity);
});

test('normalised AUC and APGR of a straight line between cheapest and best', () => {
  const cheap = { cost: 0, quality: 0.5 };
  const best = { cost: 1, quality: 1 };
  assert.ok(Math.abs(normalizedAuc([cheap, best], 0, 1) - 0.75) < 1e-9);
  assert.ok(Math.abs(apgr([cheap, best], cheap, best) - 0.5) < 1e-9);
  assert.ok(Math.abs(apgr([cheap, { cost: 0, quality: 1 }], cheap, best) - 1) < 1e-9);
});
