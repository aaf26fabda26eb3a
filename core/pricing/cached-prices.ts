/**
 * Prompt-cache prices, as factors of a model's input price: `read` for cached input tokens
 * (OpenAI `prompt_tokens_details.cached_tokens`, Anthropic `cache_read_input_tokens`, Gemini
 * `cachedContentTokenCount`, Bedrock `cacheReadInputTokens`), `write` for tokens written to the
 * cache (Anthropic `cache_creation_input_tokens`, Bedrock `cacheWriteInputTokens`).
 *
 * Keys are price-table keys (pricing-table.ts), matched as there: exact, else the longest key that
 * is a prefix. The rule for a model with no row: cached tokens cost the full input price and writes
 * cost the input price (no discount assumed, so cost is never understated).
 * Sources: the providers' list prices (OpenAI cached input, Anthropic 5-minute cache writes at
 * 1.25x and reads at 0.1x, Gemini context-cache reads, DeepSeek cache hits).
 */
export interface CacheFactors {
  read: number;
  write: number;
}

const NONE: CacheFactors = Object.freeze({ read: 1, write: 1 });
const ANTHROPIC: CacheFactors = Object.freeze({ read: 0.1, write: 1.25 });

/** [price key prefix, read factor, write factor?] */
const ROWS: ReadonlyArray<readonly [string, number, number?]> = Object.freeze([
  // OpenAI: cached input at 50% (4o, o1, o3-mini), 25% (4.1, o3, o4-mini), 10% (5)
  ['gpt-4o', 0.5],
  ['gpt-4o-mini', 0.5],
  ['gpt-4.1', 0.25],
  ['gpt-5', 0.1],
  ['gpt-5-pro', 1],
  ['o1', 0.5],
  ['o1-mini', 0.5],
  ['o1-pro', 1],
  ['o3', 0.25],
  ['o3-mini', 0.5],
  ['o3-pro', 1],
  ['o4-mini', 0.25],
  // Anthropic (also through Bedrock)
  ['claude', ANTHROPIC.read, ANTHROPIC.write],
  ['anthropic.claude', ANTHROPIC.read, ANTHROPIC.write],
  // Google: context-cache reads
  ['gemini-2.5', 0.1],
  ['gemini-2.0', 0.25],
  ['gemini-1.5', 0.25],
  // DeepSeek: cache hits
  ['deepseek-chat', 0.1],
  ['deepseek-reasoner', 0.1],
]);

/** The cache factors for a priced model (`key` from priceOf), by the rule above when none is listed. */
export function cacheFactors(key: string): CacheFactors {
  let best: (typeof ROWS)[number] | undefined;
  for (const r of ROWS) {
    if (r[0] === key) {
      best = r;
      break;
    }
    if (key.startsWith(r[0]) && (!best || r[0].length > best[0].length)) best = r;
  }
  return best ? { read: best[1], write: best[2] ?? 1 } : NONE;
}
