import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRICE_ROWS } from '../../pricing/pricing-table.js';
import { costOf, estimateTokens, priceOf } from '../../pricing/pricing.js';

/** Every key of reference section 3 must be in the table. */
const REFERENCE_KEYS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4-turbo', 'gpt-4', 'gpt-3.5-turbo', 'o1', 'o1-mini', 'o3', 'o3-mini',
  'o4-mini', 'claude-opus-4', 'claude-sonnet-4', 'claude-3-5-sonnet', 'claude-3-5-haiku', 'deepseek-coder', 'claude-3-opus',
  'claude-3-haiku', 'llama-3.3-70b', 'llama-3.1-70b', 'llama-3.1-8b', 'mixtral-8x7b', 'gemma-7b', 'mistral-large',
  'mistral-small', 'ministral-8b', 'ministral-3b', 'codestral', 'pixtral-12b', 'deepseek-chat', 'deepseek-reasoner'];

test('the table has at least 70 rows, every reference key, and sane numbers', () => {
  assert.ok(PRICE_ROWS.length >= 70, `${PRICE_ROWS.length} rows`);
  const shared = new Set(PRICE_ROWS.filter((r) => r[3] === undefined).map((r) => r[0]));
  for (const k of REFERENCE_KEYS) assert.ok(shared.has(k), k);
  const seen = new Set<string>();
  for (const [key, input, output, provider] of PRICE_ROWS) {
    const id = `${provider ?? ''}:${key}`;
    assert.ok(!seen.has(id), `duplicate ${id}`);
    seen.add(id);
    assert.equal(key, key.toLowerCase());
    assert.ok(input > 0 && output > 0 && input <= 1000 && output <= 1000, key);
  }
  for (const k of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'claude-haiku-4-5', 'claude-sonnet-4-5',
    'claude-opus-4-1', 'gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite', 'grok-4', 'command-r']) {
    assert.ok(shared.has(k), k);
  }
});

const LOOKUPS: readonly (readonly [model: string, provider: string | undefined, key: string | undefined])[] = [
  ['gpt-4o-mini', undefined, 'gpt-4o-mini'],
  ['gpt-4o-mini-2024-07-18', undefined, 'gpt-4o-mini'],
  ['gpt-4o-2024-08-06', undefined, 'gpt-4o'],
  ['openai/gpt-4o-mini', undefined, 'gpt-4o-mini'],
  ['claude-sonnet-4-20250514', undefined, 'claude-sonnet-4'],
  ['claude-sonnet-4-5-20250929', undefined, 'claude-sonnet-4-5'],
  ['claude-opus-4-1-20250805', undefined, 'claude-opus-4-1'],
  ['claude-3-5-haiku-latest', undefined, 'claude-3-5-haiku'],
  ['gemini-2.5-flash-lite-preview', undefined, 'gemini-2.5-flash-lite'],
  ['gemini-2.5-flash', 'gemini', 'gemini-2.5-flash'],
  ['GPT-4O', undefined, 'gpt-4o'],
  ['o3-mini-2025-01-31', undefined, 'o3-mini'],
  ['llama-3.3-70b-versatile', 'groq', 'llama-3.3-70b'],
  ['llama-3.3-70b', 'cerebras', 'llama-3.3-70b'],
  ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', 'meta-llama/llama-3.3-70b-instruct-turbo'],
  ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', undefined, 'meta-llama/llama-3.3-70b-instruct-turbo'],
  ['openai/gpt-oss-120b', 'groq', 'openai/gpt-oss-120b'],
  ['sonar-pro', 'perplexity', 'sonar-pro'],
  ['no-such-model', undefined, undefined],
  ['llama3.2', 'ollama', undefined],
];

for (const [model, provider, key] of LOOKUPS) {
  test(`priceOf(${model}, ${provider ?? '-'}) -> ${key ?? 'none'}`, () => {
    assert.equal(priceOf(model, provider)?.key, key);
  });
}

test('cerebras has its own llama-3.3-70b price, groq uses the shared one', () => {
  assert.notDeepEqual(priceOf('llama-3.3-70b', 'cerebras'), priceOf('llama-3.3-70b', 'groq'));
});

test('costOf: tokens / 1e6 x price per side, total = sum', () => {
  const c = costOf('gpt-4o-mini', { prompt_tokens: 1_000_000, completion_tokens: 500_000 });
  assert.deepEqual(c, { input_cost_usd: 0.15, output_cost_usd: 0.3, total_cost_usd: 0.45 });
  const d = costOf('gpt-4o', { prompt_tokens: 1000, completion_tokens: 100 });
  assert.ok(d && Math.abs(d.total_cost_usd - (0.0025 + 0.001)) < 1e-12);
  assert.equal(costOf('mystery', { prompt_tokens: 1, completion_tokens: 1 }), null);
  assert.deepEqual(costOf('gpt-4o', { prompt_tokens: 0, completion_tokens: 0 }), {
    input_cost_usd: 0,
    output_cost_usd: 0,
    total_cost_usd: 0,
  });
});

test('estimateTokens is about chars / 4, rounded up', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abc'), 1);
  assert.equal(estimateTokens('abcd'), 1);
  assert.equal(estimateTokens('abcde'), 2);
  assert.equal(estimateTokens('x'.repeat(400)), 100);
});

test('cached input: reads at the cached rate in cache_input_cost_usd, writes at the write rate, total includes both', () => {
  // gpt-4o: $2.50 in, $10 out, cached reads at 50%.
  const c = costOf('gpt-4o', { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, prompt_tokens_details: { cached_tokens: 400_000 } })!;
  assert.equal(c.input_cost_usd, 1.5); // 600k uncached x 2.5
  assert.equal(c.cache_input_cost_usd, 0.5); // 400k x 2.5 x 0.5
  assert.equal(c.output_cost_usd, 10);
  assert.equal(c.total_cost_usd, 12);
  // Anthropic (claude-sonnet-4: $3 in): 100k reads at 0.1x, 200k writes at 1.25x, 700k plain.
  const a = costOf('claude-sonnet-4-20250514', { prompt_tokens: 1_000_000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 100_000 }, cache_creation_input_tokens: 200_000 })!;
  assert.equal(a.cache_input_cost_usd, 0.03);
  assert.equal(a.input_cost_usd, 2.1 + 0.75);
  assert.equal(a.total_cost_usd, 2.88);
  // Bedrock's Claude ids take Anthropic's factors too.
  const b = costOf('anthropic.claude-3-7-sonnet-20250219-v1:0', { prompt_tokens: 1_000_000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 1_000_000 } }, 'bedrock')!;
  assert.equal(b.cache_input_cost_usd, 0.3);
  assert.equal(b.input_cost_usd, 0);
  // Gemini 2.5 flash: $0.30 in, reads at 10%.
  assert.equal(costOf('gemini-2.5-flash', { prompt_tokens: 1_000_000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 1_000_000 } }, 'gemini')!.cache_input_cost_usd, 0.03);
  // The documented rule for a priced model with no cached price (mistral): cached tokens cost the input price.
  const m = costOf('mistral-large-latest', { prompt_tokens: 1_000_000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 500_000 } })!;
  const plain = costOf('mistral-large-latest', { prompt_tokens: 1_000_000, completion_tokens: 0 })!;
  assert.equal(m.total_cost_usd, plain.total_cost_usd);
  assert.ok(m.cache_input_cost_usd! > 0);
  // Without cache tokens the shape is unchanged (no cache_input_cost_usd key).
  assert.equal('cache_input_cost_usd' in plain, false);
  // Cached tokens above prompt_tokens never make the uncached part negative.
  assert.ok(costOf('gpt-4o', { prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 50 } })!.input_cost_usd >= 0);
});
