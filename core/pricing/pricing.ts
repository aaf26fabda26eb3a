/**
 * Cost from the price table: tokens / 1e6 x price per side, total = input + output.
 * Lookup (after the provider prefix is removed): exact key, else the longest key that
 * is a prefix of the name; the provider's own rows first, then the shared rows.
 */
import { catalogRow } from '../providers/catalog.js';
import { cacheFactors } from './cached-prices.js';
import { PRICE_ROWS, type PriceRow } from './pricing-table.js';

/** Token counts as providers report them (the gateway's Usage has this shape). */
export interface Usage {
  /** All input tokens, cached and cache writes included (as OpenAI counts them). */
  prompt_tokens: number;
  completion_tokens: number;
  /** Input tokens read from the provider's prompt cache (OpenAI's field; other providers' mapped onto it). */
  prompt_tokens_details?: { cached_tokens?: number };
  /** Input tokens written to the prompt cache (Anthropic, Bedrock), billed at the write rate. */
  cache_creation_input_tokens?: number;
}

export interface Price {
  key: string;
  inputPerM: number;
  outputPerM: number;
}

export interface Cost {
  /** Uncached input plus cache writes. */
  input_cost_usd: number;
  output_cost_usd: number;
  /** Cached input (cache reads); present only when the usage reports some. */
  cache_input_cost_usd?: number;
  /** input + cache input + output. */
  total_cost_usd: number;
}

function bestMatch(name: string, rows: readonly PriceRow[]): PriceRow | undefined {
  let best: PriceRow | undefined;
  for (const r of rows) {
    if (r[0] === name) return r;
    if (name.startsWith(r[0]) && (!best || r[0].length > best[0].length)) best = r;
  }
  return best;
}

const SHARED = PRICE_ROWS.filter((r) => r[3] === undefined);
const BY_PROVIDER = new Map<string, PriceRow[]>();
for (const r of PRICE_ROWS) if (r[3] !== undefined) BY_PROVIDER.set(r[3], [...(BY_PROVIDER.get(r[3]) ?? []), r]);

/** Splits `provider/model` when the first segment is a catalog provider id. */
/** Bedrock's cross-region inference profiles (`us.anthropic.claude-...`) cost what the model does. */
const BEDROCK_PROFILE = /^(us|eu|apac|global|jp|au|ca|us-gov)\./;

function split(model: string, provider: string | undefined): { name: string; provider: string | undefined } {
  let name = model.toLowerCase();
  const slash = name.indexOf('/');
  if (slash > 0) {
    const head = name.slice(0, slash);
    if (head === provider || (provider === undefined && catalogRow(head))) [name, provider] = [name.slice(slash + 1), head];
  }
  return { name: provider === 'bedrock' ? name.replace(BEDROCK_PROFILE, '') : name, provider };
}

/** The price of a model, or undefined when the table has none. */
export function priceOf(model: string, provider?: string): Price | undefined {
  const s = split(model, provider);
  const own = s.provider === undefined ? undefined : bestMatch(s.name, BY_PROVIDER.get(s.provider) ?? []);
  const row = own ?? bestMatch(s.name, SHARED) ?? (s.provider === undefined ? bestMatch(s.name, PRICE_ROWS) : undefined);
  return row && { key: row[0], inputPerM: row[1], outputPerM: row[2] };
}

/** Rounds away float noise (0.15 + 0.3 = 0.44999...) at a millionth of a micro-dollar. */
function round(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

/**
 * USD cost of one call, or null when the model has no price. Cached input tokens (reads) are
 * priced at the model's cached rate and cache writes at its write rate (cached-prices.ts); the
 * rest of the input at the input price.
 */
export function costOf(model: string, usage: Pick<Usage, 'prompt_tokens' | 'completion_tokens' | 'prompt_tokens_details' | 'cache_creation_input_tokens'>, provider?: string): Cost | null {
  const p = priceOf(model, provider);
  if (!p) return null;
  const output = (usage.completion_tokens / 1_000_000) * p.outputPerM;
  const cached = Math.max(0, usage.prompt_tokens_details?.cached_tokens ?? 0);
  const written = Math.max(0, usage.cache_creation_input_tokens ?? 0);
  if (cached === 0 && written === 0) {
    const input = (usage.prompt_tokens / 1_000_000) * p.inputPerM;
    return { input_cost_usd: round(input), output_cost_usd: round(output), total_cost_usd: round(input + output) };
  }
  const f = cacheFactors(p.key);
  const plain = Math.max(0, usage.prompt_tokens - cached - written);
  const input = ((plain + written * f.write) / 1_000_000) * p.inputPerM;
  const cache = ((cached * f.read) / 1_000_000) * p.inputPerM;
  return { input_cost_usd: round(input), output_cost_usd: round(output), cache_input_cost_usd: round(cache), total_cost_usd: round(input + cache + output) };
}

/** Rough token count (~4 characters a token) for streams that report no usage. */
export function estimateTokens(text: string): number {
  return text === '' ? 0 : Math.ceil(text.length / 4);
}
