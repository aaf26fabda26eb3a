import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWeights } from '../../../core/routing/weights.js';
import { summariseWeights } from '../../src/learning/router/active-summary.js';
import { REPO } from './stack.js';

test('active weights summary: one row per cluster, psi per model, the argmin as best model, sample-weighted overall error', async () => {
  const w = await loadWeights(join(REPO, 'models/router-default'), { warn: () => undefined });
  const s = summariseWeights(w);
  assert.equal(s.num_clusters, w.k);
  assert.equal(s.clusters.length, w.k);
  assert.equal(s.strategy, w.strategy);
  assert.equal(s.models.length, w.profiles.length);
  for (const c of s.clusters) {
    const errs = Object.entries(c.expected_error);
    assert.equal(errs.length, w.profiles.length);
    const min = Math.min(...errs.map(([, e]) => e));
    assert.ok(Math.abs(c.expected_error[c.best_model]! - min) < 1e-6, `cluster ${c.cluster_id}: ${c.best_model} is not the lowest error`);
    assert.ok(c.samples > 0);
  }
  const p = w.profiles[0]!;
  let n = 0;
  let e = 0;
  for (let c = 0; c < w.k; c++) (n += p.cluster_sample_counts[c]!), (e += p.cluster_sample_counts[c]! * p.psi[c]!);
  assert.ok(Math.abs(s.models[0]!.overall_error - e / n) < 1e-5);
});
