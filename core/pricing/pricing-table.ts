/**
 * List prices in USD per 1M tokens: [key, input, output, provider?]. A row with a
 * provider applies only to that provider's model names (e.g. Together's paths);
 * rows without one apply everywhere. Keys are lower case; lookup is exact, else the
 * longest key that is a prefix of the name.
 *
 * Every key of the reference table (section 3) is here. Where the reference carries
 * a superseded price, the current list price is used instead: o1-mini (was 3/12),
 * o3 (was 10/40), mistral-small (was 0.20/0.60), deepseek-chat and deepseek-reasoner
 * (V3.2 pricing, cache-miss input).
 */
export type PriceRow = readonly [key: string, inputPerM: number, outputPerM: number, provider?: string];

export const PRICE_ROWS: readonly PriceRow[] = Object.freeze([
  // OpenAI
  ['gpt-4o', 2.5, 10],
  ['gpt-4o-mini', 0.15, 0.6],
  ['chatgpt-4o-latest', 5, 15],
  ['gpt-4-turbo', 10, 30],
  ['gpt-4', 30, 60],
  ['gpt-3.5-turbo', 0.5, 1.5],
  ['gpt-4.1', 2, 8],
  ['gpt-4.1-mini', 0.4, 1.6],
  ['gpt-4.1-nano', 0.1, 0.4],
  ['gpt-5', 1.25, 10],
  ['gpt-5-mini', 0.25, 2],
  ['gpt-5-nano', 0.05, 0.4],
  ['gpt-5-pro', 15, 120],
  ['o1', 15, 60],
  ['o1-mini', 1.1, 4.4],
  ['o1-pro', 150, 600],
  ['o3', 2, 8],
  ['o3-mini', 1.1, 4.4],
  ['o3-pro', 20, 80],
  ['o4-mini', 1.1, 4.4],
  // Anthropic
  ['claude-opus-4', 15, 75],
  ['claude-opus-4-1', 15, 75],
  ['claude-opus-4-5', 5, 25],
  ['claude-sonnet-4', 3, 15],
  ['claude-sonnet-4-5', 3, 15],
  ['claude-haiku-4-5', 1, 5],
  ['claude-3-7-sonnet', 3, 15],
  ['claude-3-5-sonnet', 3, 15],
  ['claude-3-5-haiku', 0.8, 4],
  ['claude-3-opus', 15, 75],
  ['claude-3-sonnet', 3, 15],
  ['claude-3-haiku', 0.25, 1.25],
  // Google
  ['gemini-2.5-pro', 1.25, 10],
  ['gemini-2.5-flash', 0.3, 2.5],
  ['gemini-2.5-flash-lite', 0.1, 0.4],
  ['gemini-2.0-flash', 0.1, 0.4],
  ['gemini-2.0-flash-lite', 0.075, 0.3],
  ['gemini-1.5-pro', 1.25, 5],
  ['gemini-1.5-flash', 0.075, 0.3],
  // Open-weight models at Groq's prices (the bare names route to Groq)
  ['llama-3.3-70b', 0.59, 0.79],
  ['llama-3.1-70b', 0.59, 0.79],
  ['llama-3.1-8b', 0.05, 0.08],
  ['llama-4-scout', 0.11, 0.34],
  ['llama-4-maverick', 0.2, 0.6],
  ['mixtral-8x7b', 0.24, 0.24],
  ['gemma-7b', 0.07, 0.07],
  ['gemma2-9b', 0.2, 0.2],
  ['qwen/qwen3-32b', 0.29, 0.59, 'groq'],
  ['openai/gpt-oss-120b', 0.15, 0.75, 'groq'],
  ['openai/gpt-oss-20b', 0.1, 0.5, 'groq'],
  // Mistral
  ['mistral-large', 2, 6],
  ['mistral-medium', 0.4, 2],
  ['mistral-small', 0.1, 0.3],
  ['ministral-8b', 0.1, 0.1],
  ['ministral-3b', 0.04, 0.04],
  ['codestral', 0.3, 0.9],
  ['pixtral-12b', 0.15, 0.15],
  ['pixtral-large', 2, 6],
  ['open-mistral-nemo', 0.15, 0.15],
  ['magistral-medium', 2, 5],
  ['magistral-small', 0.5, 1.5],
  // DeepSeek
  ['deepseek-chat', 0.28, 0.42],
  ['deepseek-reasoner', 0.28, 0.42],
  ['deepseek-coder', 0.14, 0.28],
  // xAI
  ['grok-4', 3, 15],
  ['grok-4-fast', 0.2, 0.5],
  ['grok-code-fast-1', 0.2, 1.5],
  ['grok-3', 3, 15],
  ['grok-3-mini', 0.3, 0.5],
  ['grok-2', 2, 10],
  // Cohere
  ['command-a', 2.5, 10],
  ['command-r', 0.15, 0.6],
  ['command-r-plus', 2.5, 10],
  ['command-r7b', 0.0375, 0.15],
  // Perplexity
  ['sonar', 1, 1, 'perplexity'],
  ['sonar-pro', 3, 15, 'perplexity'],
  ['sonar-reasoning', 1, 5, 'perplexity'],
  ['sonar-reasoning-pro', 2, 8, 'perplexity'],
  // Together
  ['meta-llama/llama-3.3-70b-instruct-turbo', 0.88, 0.88, 'together'],
  ['meta-llama/meta-llama-3.1-8b-instruct-turbo', 0.18, 0.18, 'together'],
  ['meta-llama/meta-llama-3.1-70b-instruct-turbo', 0.88, 0.88, 'together'],
  ['meta-llama/meta-llama-3.1-405b-instruct-turbo', 3.5, 3.5, 'together'],
  ['qwen/qwen2.5-72b-instruct-turbo', 1.2, 1.2, 'together'],
  ['qwen/qwen2.5-7b-instruct-turbo', 0.3, 0.3, 'together'],
  ['deepseek-ai/deepseek-v3', 1.25, 1.25, 'together'],
  ['deepseek-ai/deepseek-r1', 3, 7, 'together'],
  ['mistralai/mixtral-8x7b-instruct-v0.1', 0.6, 0.6, 'together'],
  // Fireworks
  ['accounts/fireworks/models/llama-v3p3-70b-instruct', 0.9, 0.9, 'fireworks'],
  ['accounts/fireworks/models/llama-v3p1-8b-instruct', 0.2, 0.2, 'fireworks'],
  ['accounts/fireworks/models/llama-v3p1-405b-instruct', 3, 3, 'fireworks'],
  ['accounts/fireworks/models/qwen2p5-72b-instruct', 0.9, 0.9, 'fireworks'],
  ['accounts/fireworks/models/deepseek-v3', 0.9, 0.9, 'fireworks'],
  ['accounts/fireworks/models/mixtral-8x7b-instruct', 0.5, 0.5, 'fireworks'],
  // Cerebras and SambaNova
  ['llama3.1-8b', 0.1, 0.1, 'cerebras'],
  ['llama-3.3-70b', 0.85, 1.2, 'cerebras'],
  ['qwen-3-32b', 0.4, 0.8, 'cerebras'],
  ['meta-llama-3.3-70b-instruct', 0.6, 1.2, 'sambanova'],
  ['meta-llama-3.1-8b-instruct', 0.1, 0.2, 'sambanova'],
  // Amazon Bedrock on-demand (us-east-1), model ids as Bedrock names them; cross-region
  // inference profiles (`us.`, `eu.`, `apac.`, `global.` ...) are priced as the model.
  ['anthropic.claude-3-5-haiku', 0.8, 4, 'bedrock'],
  ['anthropic.claude-haiku-4-5', 1, 5, 'bedrock'],
  ['anthropic.claude-3-7-sonnet', 3, 15, 'bedrock'],
  ['anthropic.claude-sonnet-4', 3, 15, 'bedrock'],
  ['anthropic.claude-opus-4-5', 5, 25, 'bedrock'],
  ['anthropic.claude-opus-4', 15, 75, 'bedrock'],
  ['amazon.nova-micro', 0.035, 0.14, 'bedrock'],
  ['amazon.nova-lite', 0.06, 0.24, 'bedrock'],
  ['amazon.nova-pro', 0.8, 3.2, 'bedrock'],
  ['meta.llama3-3-70b-instruct', 0.72, 0.72, 'bedrock'],
  ['meta.llama3-1-8b-instruct', 0.22, 0.22, 'bedrock'],
  ['mistral.mistral-large-2407', 2, 6, 'bedrock'],
]);
