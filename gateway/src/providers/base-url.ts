/**
 * Provider base URLs as people write them. The adapters append their own paths: the OpenAI
 * family `/chat/completions` to a base that carries its version prefix
 * (`https://api.openai.com/v1`), Anthropic `/v1/messages` and Gemini `/v1beta/models/...` to a
 * bare origin. Both spellings of each are accepted, so `OPENAI_BASE_URL=http://host:8000` and
 * `ANTHROPIC_BASE_URL=https://api.anthropic.com/v1` work as their users expect:
 *
 *  - any trailing `/` is dropped;
 *  - OpenAI family, for providers whose API lives under `/v1` (the catalog default's path is
 *    `/v1`: OpenAI, Mistral, DeepSeek, vLLM, Ollama, ...): a base URL with no path gets `/v1`;
 *    other paths are kept as given (Groq's `/openai/v1`, a proxy's own prefix);
 *  - Anthropic: a trailing `/v1` is dropped (the adapter adds `/v1/messages`);
 *  - Gemini: a trailing `/v1beta` is dropped (the adapter adds `/v1beta/models/...`).
 *
 * Pure; a string that is not a URL is returned without its trailing slashes (the call then
 * fails as it did before, with the URL in the error).
 */
import type { WireFamily } from './types.js';

const VERSION_SUFFIX: Partial<Record<WireFamily, RegExp>> = {
  anthropic: /\/v1$/,
  gemini: /\/v1beta$/,
};

function pathOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.search === '' && u.hash === '' ? u.pathname.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

/** `raw` in the form the adapter of `family` expects; `catalogBase` is the provider's default base URL. */
export function normaliseBaseUrl(raw: string, family: WireFamily, catalogBase: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  const path = pathOf(trimmed);
  if (path === null) return trimmed;
  const suffix = VERSION_SUFFIX[family];
  if (suffix) return suffix.test(path) ? trimmed.replace(suffix, '') : trimmed;
  if (family === 'openai' && path === '' && pathOf(catalogBase) === '/v1') return `${trimmed}/v1`;
  return trimmed;
}
