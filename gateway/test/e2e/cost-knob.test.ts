/**
 * quality_cost_tradeoff end to end: body, header and config; the resolved λ in X-OpenTracy-Cost-Weight;
 * /v1/route's curve; 400s that name the field; the knob never goes upstream.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../src/config.js';
import { RouterPool } from '../../src/worker/router-pool.js';
import { loadWeights } from '../../../core/routing/weights.js';
import { tradeoffScale, tradeoffToLambda } from '../../../core/routing/tradeoff.js';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

const PROMPT = 'Write a python function that reverses a linked list in place.';
const weightsPath = resolve(repoRoot(), 'models', 'router-default');
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'auto', messages: [{ role: 'user', content: PROMPT }], ...extra });

interface Segment { lambda_min: number; lambda_max: number | null; model: string; expected_error: number; cost_per_1k_tokens: number }

describe('quality_cost_tradeoff', () => {
  let h: Harness;
  let pool: RouterPool;
  let lambdaOf: (t: number) => number;
  let cheapest: string;

  before(async () => {
    const w = await loadWeights(weightsPath);
    const scale = tradeoffScale(w.profiles);
    lambdaOf = (t) => tradeoffToLambda(scale, t);
    cheapest = [...w.profiles].sort((a, b) => a.cost_per_1k_tokens - b.cost_per_1k_tokens)[0]!.model_id;
    const profileTargets = Object.fromEntries(w.profiles.map((p) => [p.model_id, `openai/${p.model_id.replace(/[^a-z0-9-]/gi, '-')}`]));
    pool = await RouterPool.create({ weightsPath, workers: 1, profileTargets });
    h = await startHarness({ router: pool });
  });
  after(async () => {
    await h.close();
    await pool.close();
  });

  it('the body knob resolves on the package scale, is reported in X-OpenTracy-Cost-Weight and is stripped upstream', async () => {
    h.mock.reset();
    const res = await h.post('/v1/chat/completions', chat({ quality_cost_tradeoff: 1 }));
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(Number(res.headers.get('x-opentracy-cost-weight')), lambdaOf(1));
    const sent = h.mock.requests.at(-1)!.body as Record<string, unknown>;
    assert.equal('quality_cost_tradeoff' in sent, false);
    const r = await (await h.post('/v1/route', { prompt: PROMPT, quality_cost_tradeoff: 1 })).json() as { selected_model: string; cost_weight: number };
    assert.equal(r.selected_model, cheapest, 't = 1 is the cheapest model');
    assert.equal(r.cost_weight, lambdaOf(1));
    await res.text();
  });

  it('the header is used when the body gives no knob; cost_weight stays a raw λ and wins', async () => {
    const viaHeader = await h.post('/v1/route', { prompt: PROMPT }, { 'X-OpenTracy-Quality-Cost-Tradeoff': '0.5' });
    assert.equal(viaHeader.status, 200);
    assert.equal(Number(viaHeader.headers.get('x-opentracy-cost-weight')), lambdaOf(0.5));
    assert.equal(((await viaHeader.json()) as { cost_weight: number }).cost_weight, lambdaOf(0.5));
    const raw = await h.post('/v1/route', { prompt: PROMPT, cost_weight: 3 }, { 'X-OpenTracy-Quality-Cost-Tradeoff': '0.5' });
    assert.equal(((await raw.json()) as { cost_weight: number }).cost_weight, 3);
    const chatRes = await h.post('/v1/chat/completions', chat(), { 'X-OpenTracy-Quality-Cost-Tradeoff': '0.25' });
    assert.equal(Number(chatRes.headers.get('x-opentracy-cost-weight')), lambdaOf(0.25));
    await chatRes.text();
    const none = await h.post('/v1/chat/completions', chat());
    assert.equal(none.headers.get('x-opentracy-cost-weight'), '0', 'default OPENTRACY_COST_WEIGHT');
    await none.text();
  });

  it('invalid knobs are a 400 naming the field', async () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, string>, string]> = [
      ['/v1/chat/completions', chat({ quality_cost_tradeoff: 1.5 }), {}, 'quality_cost_tradeoff'],
      ['/v1/chat/completions', chat({ quality_cost_tradeoff: '0.5' }), {}, 'quality_cost_tradeoff'],
      ['/v1/chat/completions', chat({ quality_cost_tradeoff: 0.5, cost_weight: 1 }), {}, 'quality_cost_tradeoff'],
      ['/v1/chat/completions', chat(), { 'X-OpenTracy-Quality-Cost-Tradeoff': 'cheap' }, 'X-OpenTracy-Quality-Cost-Tradeoff'],
      ['/v1/route', { prompt: PROMPT, quality_cost_tradeoff: -0.1 }, {}, 'quality_cost_tradeoff'],
      ['/v1/route', { prompt: PROMPT, cost_weight: -1 }, {}, 'cost_weight'],
      ['/v1/route', { prompt: PROMPT }, { 'X-OpenTracy-Quality-Cost-Tradeoff': '2' }, 'X-OpenTracy-Quality-Cost-Tradeoff'],
      ['/v1/route', { prompt: PROMPT, curve: 'yes' }, {}, 'curve'],
    ];
    for (const [path, body, headers, param] of cases) {
      const res = await h.post(path, body, headers);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)} ${JSON.stringify(headers)}`);
      const e = (await res.json()) as { error: { param: string; message: string } };
      assert.equal(e.error.param, param);
      assert.match(e.error.message, new RegExp(param.replace(/-/g, '.'), 'i'));
    }
  });

  it('/v1/route returns the whole curve; each segment is the decision at a λ inside it', async () => {
    const res = await h.post('/v1/route', { prompt: PROMPT, curve: true });
    const r = (await res.json()) as { selected_model: string; curve: Segment[] };
    assert.ok(r.curve.length >= 2, 'the default package has a real price spread');
    assert.equal(r.curve[0]!.lambda_min, 0);
    assert.equal(r.curve[0]!.model, r.selected_model);
    assert.equal(r.curve.at(-1)!.lambda_max, null);
    assert.equal(r.curve.at(-1)!.model, cheapest);
    for (let i = 1; i < r.curve.length; i++) {
      assert.ok(r.curve[i]!.cost_per_1k_tokens < r.curve[i - 1]!.cost_per_1k_tokens, 'cheaper as λ grows');
      assert.ok(r.curve[i]!.expected_error >= r.curve[i - 1]!.expected_error, 'no better as λ grows');
    }
    for (const seg of r.curve) {
      const l = seg.lambda_max === null ? seg.lambda_min * 2 + 1 : (seg.lambda_min + seg.lambda_max) / 2;
      const d = (await (await h.post('/v1/route', { prompt: PROMPT, cost_weight: l })).json()) as { selected_model: string; expected_error: number };
      assert.equal(d.selected_model, seg.model, `λ=${l}`);
      assert.ok(Math.abs(d.expected_error - seg.expected_error) < 1e-9);
    }
    const plain = (await (await h.post('/v1/route', { prompt: PROMPT })).json()) as Record<string, unknown>;
    assert.equal('curve' in plain, false);
  });
});

describe('quality_cost_tradeoff from the config', () => {
  it('OPENTRACY_QUALITY_COST_TRADEOFF is the default knob; out of range refuses to start', async () => {
    const w = await loadWeights(weightsPath);
    const lambda = tradeoffToLambda(tradeoffScale(w.profiles), 0.75);
    const pool = await RouterPool.create({ weightsPath, workers: 1 });
    const h = await startHarness({ router: pool, env: { OPENTRACY_QUALITY_COST_TRADEOFF: '0.75', OPENTRACY_COST_WEIGHT: '2' } });
    try {
      const r = await h.post('/v1/route', { prompt: PROMPT });
      assert.equal(Number(r.headers.get('x-opentracy-cost-weight')), lambda);
      await r.text();
    } finally {
      await h.close();
      await pool.close();
    }
    const { parseConfig } = await import('../../src/config.js');
    assert.throws(() => parseConfig({ OPENTRACY_QUALITY_COST_TRADEOFF: '1.2' }), /quality-cost tradeoff/);
    assert.equal(parseConfig({ OPENTRACY_QUALITY_COST_TRADEOFF: '0.3' }).routing.qualityCostTradeoff, 0.3);
    assert.equal(parseConfig({}, JSON.stringify({ routing: { qualityCostTradeoff: 0.4 } })).routing.qualityCostTradeoff, 0.4);
    assert.equal(parseConfig({}).routing.qualityCostTradeoff, null);
  });
});
