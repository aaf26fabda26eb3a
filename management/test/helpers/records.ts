/** Trace records for tests and benchmarks: complete, contract-shaped, random but seeded. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { emptyTrace } from '../../../gateway/src/traces/record.js';
import { pick, type Rng } from './rng.js';

export const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-haiku-4-5', 'gemini-2.0-flash', 'mistral-small'] as const;
export const PROVIDERS = ['openai', 'anthropic', 'gemini'] as const;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** emptyTrace's defaults with a small successful gpt-4o-mini exchange filled in, then `p`. */
export function baseTrace(p: Partial<TraceRecord> & { timestamp: number }): TraceRecord {
  // timestamp comes last, from `p`, as it always has (key order of the record unchanged).
  const { timestamp: _timestamp, ...defaults } = emptyTrace(p.timestamp);
  return {
    ...defaults,
    requested_model: p.selected_model ?? 'gpt-4o-mini',
    selected_model: 'gpt-4o-mini',
    provider: 'openai',
    latency_ms: 100,
    ttft_ms: 100,
    upstream_ms: 90,
    tokens_in: 10,
    tokens_out: 20,
    total_tokens: 30,
    input_cost_usd: 0.0001,
    output_cost_usd: 0.0002,
    total_cost_usd: 0.0003,
    tokens_per_s: 200,
    input_text: 'hello',
    input_messages: [{ role: 'user', content: p.input_text ?? 'hello' }],
    output_text: 'hi',
    output_message: { role: 'assistant', content: p.output_text ?? 'hi' },
    finish_reason: 'stop',
    ...p,
  };
}

const words = (rng: Rng, n: number): string => Array.from({ length: n }, () => pick(rng, WORDS)).join(' ');

/** A random trace at `timestamp`. */
export function randomTrace(rng: Rng, timestamp: number): TraceRecord {
  const isError = rng() < 0.15;
  const tokensIn = 1 + Math.floor(rng() * 2000);
  const tokensOut = isError ? 0 : Math.floor(rng() * 800);
  const inCost = Math.round(tokensIn * 1e-6 * (1 + Math.floor(rng() * 5)) * 1e9) / 1e9;
  const outCost = Math.round(tokensOut * 4e-6 * 1e9) / 1e9;
  const latency = Math.round(50 + rng() * 3000);
  const meta: Record<string, string> = {};
  if (rng() < 0.6) meta.env = pick(rng, ['prod', 'dev']);
  if (rng() < 0.5) meta.team = pick(rng, ['a', 'b', 'c']);
  const input = `${words(rng, 3)} ${rng() < 0.1 ? 'Needle' : ''} ${words(rng, 2)}`.trim();
  return baseTrace({
    timestamp,
    selected_model: pick(rng, MODELS),
    provider: pick(rng, PROVIDERS),
    latency_ms: latency,
    ttft_ms: isError ? 0 : Math.round(latency * rng()),
    tokens_in: tokensIn,
    tokens_out: tokensOut,
    total_tokens: tokensIn + tokensOut,
    input_cost_usd: inCost,
    output_cost_usd: outCost,
    total_cost_usd: inCost + outCost,
    is_error: isError,
    status: isError ? 502 : 200,
    error_category: isError ? 'SERVER_ERROR' : '',
    error_message: isError ? 'upstream failed' : '',
    is_stream: rng() < 0.3,
    request_type: 'chat',
    input_text: input,
    output_text: isError ? '' : `${words(rng, 4)}${rng() < 0.05 ? ' haystack NEEDLE' : ''}`,
    session_id: rng() < 0.3 ? `sess-${Math.floor(rng() * 20)}` : '',
    api_key_id: rng() < 0.5 ? `key-${Math.floor(rng() * 4)}` : '',
    metadata: meta,
    source: rng() < 0.9 ? 'gateway' : 'import',
  });
}
