import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedErrors, formatFixed, formatG, NoCandidatesError, scoreModels } from '../../routing/scoring.js';
import type { ModelProfile } from '../../routing/types.js';

function profile(model_id: string, psi: number[], cost: number): ModelProfile {
  return { model_id, psi: Float64Array.from(psi), cost_per_1k_tokens: cost, cluster_sample_counts: new Float64Array(psi.length), num_validation_samples: 0, metadata: {} };
}

// Dyadic numbers, so every sum below is exact and ties are real ties.
const P = [profile('A', [0.125, 0.5], 0.01), profile('B', [0.25, 0.25], 0.001), profile('C', [0.25, 0.75], 0.0001)];

interface Case {
  name: string;
  phi: number[];
  lambda: number;
  allowed?: string[];
  selected: string;
  scores: Record<string, number>;
  order: string[];
}

const cases: Case[] = [
  { name: 'hard cluster 0, λ=0: lowest error wins', phi: [1, 0], lambda: 0, selected: 'A', scores: { A: 0.125, B: 0.25, C: 0.25 }, order: ['A', 'C', 'B'] },
  { name: 'hard cluster 1, λ=0', phi: [0, 1], lambda: 0, selected: 'B', scores: { A: 0.5, B: 0.25, C: 0.75 }, order: ['B', 'A', 'C'] },
  { name: 'hard cluster 0, λ=100: cost dominates', phi: [1, 0], lambda: 100, selected: 'C', scores: { A: 0.125 + 1, B: 0.25 + 0.1, C: 0.25 + 0.01 }, order: ['C', 'B', 'A'] },
  { name: 'soft [0.5, 0.5], λ=0', phi: [0.5, 0.5], lambda: 0, selected: 'B', scores: { A: 0.3125, B: 0.25, C: 0.5 }, order: ['B', 'A', 'C'] },
  { name: 'soft [0.75, 0.25], λ=0', phi: [0.75, 0.25], lambda: 0, selected: 'A', scores: { A: 0.21875, B: 0.25, C: 0.375 }, order: ['A', 'B', 'C'] },
  { name: 'tie on score: the lower cost wins', phi: [1, 0], lambda: 0, allowed: ['B', 'C'], selected: 'C', scores: { B: 0.25, C: 0.25 }, order: ['C', 'B'] },
  { name: 'allowed models restrict; unknown ids are ignored', phi: [1, 0], lambda: 0, allowed: ['B', 'nope'], selected: 'B', scores: { B: 0.25 }, order: ['B'] },
];

for (const c of cases) {
  test(`UniRoute: ${c.name}`, () => {
    const gamma = expectedErrors(P, c.phi);
    const r = scoreModels({ profiles: P, gamma, costWeight: c.lambda, ...(c.allowed ? { allowedModels: c.allowed } : {}), clusterId: 0, confidence: c.phi[0]! });
    assert.equal(r.selected_model, c.selected);
    for (const [id, s] of Object.entries(c.scores)) assert.ok(Math.abs(r.all_scores[id]! - s) < 1e-12, `${id}: ${r.all_scores[id]} vs ${s}`);
    assert.deepEqual(Object.keys(r.all_scores).sort(), Object.keys(c.scores).sort());
    assert.deepEqual(r.ranking.map((i) => P[i]!.model_id), c.order);
    assert.equal(r.cost_adjusted_score, r.all_scores[c.selected]);
  });
}

test('tie on score and cost: the lower id wins, whatever the profile order', () => {
  const twins = [profile('zeta', [0.5], 0.001), profile('alpha', [0.5], 0.001)];
  const r = scoreModels({ profiles: twins, gamma: expectedErrors(twins, [1]), costWeight: 3, clusterId: 0, confidence: 1 });
  assert.equal(r.selected_model, 'alpha');
});

test('no candidates is an error', () => {
  for (const allowed of [[], ['unknown']]) {
    assert.throws(() => scoreModels({ profiles: P, gamma: [0, 0, 0], costWeight: 0, allowedModels: allowed, clusterId: 0, confidence: 1 }), NoCandidatesError);
  }
});

test('reasoning text follows the reference 1.5 format exactly', () => {
  const r = scoreModels({ profiles: P, gamma: expectedErrors(P, [1, 0]), costWeight: 0, clusterId: 0, confidence: 1 });
  assert.equal(
    r.reasoning,
    'Cluster: 0 (confidence: 100.00%)\nCost weight (λ): 0\nModel scores:\n' +
      '  A: error=0.1250 + cost=0.0000 = 0.1250 <- selected\n  C: error=0.2500 + cost=0.0000 = 0.2500\n  B: error=0.2500 + cost=0.0000 = 0.2500\n',
  );
  const s = scoreModels({ profiles: P, gamma: expectedErrors(P, [0.5, 0.5]), costWeight: 1e6, allowedModels: ['A'], clusterId: 1, confidence: 0.5 });
  assert.equal(s.reasoning, 'Cluster: 1 (confidence: 50.00%)\nCost weight (λ): 1e+06\nModel scores:\n  A: error=0.3125 + cost=10000.0000 = 10000.3125 <- selected\n');
});

test("formatG and formatFixed print like Go's %g and %.Nf", () => {
  const g: Array<[number, string]> = [[0, '0'], [0.5, '0.5'], [1e-5, '1e-05'], [0.0001, '0.0001'], [123456, '123456'], [1e6, '1e+06'], [2.5e21, '2.5e+21'], [-3, '-3'], [100, '100']];
  for (const [x, s] of g) assert.equal(formatG(x), s, String(x));
  assert.equal(formatFixed(0.03125, 4), '0.0312', 'exact tie rounds to even');
  assert.equal(formatFixed(0.09375, 4), '0.0938');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(0.1, 4), '0.1000');
  assert.equal(formatFixed(-0.00001, 4), '-0.0000');
});
