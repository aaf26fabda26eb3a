/** The provider layer's entry: one adapter per wire family. */
import { anthropicAdapter } from './anthropic/index.js';
import { bedrockAdapter } from './bedrock/index.js';
import { geminiAdapter } from './gemini/index.js';
import { openaiCompatibleAdapter } from './openai-compatible/index.js';
import type { ProviderAdapter, WireFamily } from './types.js';

const ADAPTERS: Readonly<Record<WireFamily, ProviderAdapter>> = Object.freeze({
  openai: openaiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  bedrock: bedrockAdapter,
});

export function adapterFor(family: WireFamily): ProviderAdapter {
  return ADAPTERS[family];
}

export { anthropicAdapter, bedrockAdapter, geminiAdapter, openaiCompatibleAdapter };
