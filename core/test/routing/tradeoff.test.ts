/** quality_cost_tradeoff: the per-prompt curve equals the UniRoute rule at every λ; the package scale maps [0, 1] onto λ. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng as makeRng } from '../../routing/train/rng.js';
import { scoreModels } from '../../routing/scoring.js';
import { qualityCostCurve, tradeoffScale, tradeoffToLambda } from '../../routing/tradeoff.js';
import type { ModelProfile } from '../../routing/types.js';
import { loadWeights } from '../../routing/weights.js';
import { DEFAULT_WEIGHTS } from './paths.js';

function profile(model_id: string, psi: number[], cost: number): ModelProfile {
  return { model_id, psi: Float64Array.from(psi), cost_per_1k_tokens: cost, cluster_sample_counts: new Float64Array(psi.length), num_validation_samples: 0, metadata: {} };
}

const pick = (profiles: ModelProfile[], gamma: number[], lambda: number): string =>
  scoreModels({ profiles, gamma, costWeight: lambda, clusterId: 0, confidence: 1 }).selected_model;

test('curve: a hand-checked hull (a dominated model never appears)', () => {
  // A: best and dearest; B: on the hull; D: dominated (dearer than B and worse); C: cheapest.
  const ids = ['A', 'B', 'C', 'D'];
  const curve = qualityCostCurve(ids, [0.1, 0.2, 0.5, 0.3], [1, 0.5, 0, 0.75]);
  assert.deepEqual(curve.map((s) => s.model), ['A', 'B', 'C']);
  assert.equal(curve[0]!.lambda_min, 0);
  assert.ok(Math.abs(curve[0]!.lambda_max! - 0.2) < 1e-12); // (0.2 - 0.1) / (1 - 0.5)
  assert.ok(Math.abs(curve[1]!.lambda_max! - 0.6) < 1e-12); // (0.5 - 0.2) / 0.5
  assert.equal(curve[2]!.lambda_max, null);
  assert.deepEqual(qualityCostCurve(ids, [0.1, 0.2, 0.5, 0.3], [1, 0.5, 0, 0.75], [1, 2]).map((s) => s.model), ['B', 'C']);
});

test('curve: on random prompts every segment is what scoreModels picks inside it', () => {
  const rng = makeRng(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + Math.floor(rng() * 6);
    const ids = Array.from({ length: n }, (_, i) => `m${i}`);
    const costs = ids.map(() => (rng() < 0.2 ? 0.5 : Math.round(rng() * 100) / 100));
    const gamma = ids.map(() => Math.round(rng() * 64) / 64);
    const profiles = ids.map((id, i) => profile(id, [0], costs[i]!));
    const curve = qualityCostCurve(ids, gamma, costs);
    for (let s = 0; s < curve.length; s++) {
      const seg = curve[s]!;
      const hi = seg.lambda_max ?? seg.lambda_min * 2 + 1e3;
      for (const l of [seg.lambda_min + (hi - seg.lambda_min) * 0.25, (seg.lambda_min + hi) / 2, seg.lambda_min + (hi - seg.lambda_min) * 0.9]) {
        assert.equal(pick(profiles, gamma, l), seg.model, `trial ${trial}, λ=${l}`);
      }
      if (s > 0) assert.equal(seg.lambda_min, curve[s - 1]!.lambda_max);
    }
    assert.equal(curve[0]!.model, pick(profiles, gamma, 0));
  }
});

test('scale: t=0 is λ 0, t=1 makes the cheapest win everywhere, monotone and continuous between', () => {
  const rng = makeRng(3);
  const profiles = ['a', 'b', 'c', 'd'].map((id, i) => profile(id, Array.from({ length: 8 }, () => rng()), [0.03, 0.002, 0.0005, 0.0001][i]!));
  const scale = tradeoffScale(profiles);
  assert.ok(scale.breakpoints.length > 0);
  assert.equal(tradeoffToLambda(scale, 0), 0);
  let prev = 0;
  for (let t = 0.01; t <= 1.0000001; t += 0.01) {
    const l = tradeoffToLambda(scale, Math.min(1, t));
    assert.ok(l >= prev, `monotone at t=${t}`);
    assert.ok(l - prev <= Math.max(prev, 1e-9) * 2 + tradeoffToLambda(scale, 0.01), `no jump at t=${t}`);
    prev = l;
  }
  const lmax = tradeoffToLambda(scale, 1);
  for (let i = 0; i < 100; i++) assert.equal(pick(profiles, profiles.map(() => rng()), lmax), 'd');
  assert.throws(() => tradeoffToLambda(scale, 1.5), RangeError);
  assert.throws(() => tradeoffToLambda(scale, Number.NaN), RangeError);
  // Equal costs: cost cannot change a choice, every t is λ 0.
  const flat = tradeoffScale(profiles.map((p) => ({ ...p, cost_per_1k_tokens: 0 })));
  assert.equal(tradeoffToLambda(flat, 0.7), 0);
});

test('scale on the default package: equal steps of t move the per-cluster choice in even shares', async () => {
  const w = await loadWeights(DEFAULT_WEIGHTS);
  const scale = tradeoffScale(w.profiles);
  const cheapest = [...w.profiles].sort((a, b) => a.cost_per_1k_tokens - b.cost_per_1k_tokens)[0]!.model_id;
  const ts = [0, 0.25, 0.5, 0.75, 1];
  const lambdas = ts.map((t) => tradeoffToLambda(scale, t));
  // Mean over clusters of the chosen model's cost at each t: strictly falling, cheapest at t=1.
  const meanCost = lambdas.map((l) => {
    let s = 0;
    for (let c = 0; c < w.k; c++) {
      const id = pick(w.profiles, w.profiles.map((p) => p.psi[c]!), l);
      s += w.profiles.find((p) => p.model_id === id)!.cost_per_1k_tokens;
    }
    return s / w.k;
  });
  for (let i = 1; i < ts.length; i++) assert.ok(meanCost[i]! < meanCost[i - 1]!, `t=${ts[i]} cheaper than t=${ts[i - 1]}: ${meanCost.join(', ')}`);
  for (let c = 0; c < w.k; c++) assert.equal(pick(w.profiles, w.profiles.map((p) => p.psi[c]!), lambdas[4]!), cheapest);
  // Half of the pooled switches happen below t=0.5's λ.
  const below = scale.breakpoints.filter((b) => b <= lambdas[2]!).length;
  assert.ok(Math.abs(below / scale.breakpoints.length - 0.5) < 0.1, `${below} of ${scale.breakpoints.length}`);
});
