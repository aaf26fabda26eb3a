/**
 * The provider catalog, as data. One row per upstream; the key env is `<ID>_API_KEY`
 * and the base-URL override `<ID>_BASE_URL`; a row without a default base URL (Azure) is
 * callable only once one is configured. OpenAI-family base URLs include the
 * `/v1`-style prefix (adapters append `/chat/completions`); Anthropic, Gemini and Bedrock
 * base URLs are bare origins (adapters add `/v1/messages`, `/v1beta/models/...`, `/model/...`).
 */
import type { AuthStyle, ProviderRow, WireFamily } from './catalog-row.js';

function row(
  id: string,
  family: WireFamily,
  baseUrl: string,
  auth: AuthStyle,
  opts: { needsKey?: boolean; keyEnv?: readonly string[]; endpointEnv?: ProviderRow['endpointEnv']; regionEnv?: ProviderRow['regionEnv']; sigV4Service?: string } = {},
): ProviderRow {
  const env = id.toUpperCase();
  return Object.freeze({
    id,
    family,
    baseUrl,
    keyEnv: Object.freeze([...(opts.keyEnv ?? [`${env}_API_KEY`])]),
    baseUrlEnv: `${env}_BASE_URL`,
    ...(opts.endpointEnv ? { endpointEnv: Object.freeze({ ...opts.endpointEnv }) } : {}),
    ...(opts.sigV4Service ? { sigV4Service: opts.sigV4Service } : {}),
    ...(opts.regionEnv ? { regionEnv: Object.freeze({ ...opts.regionEnv, names: Object.freeze([...opts.regionEnv.names]) }) } : {}),
    auth,
    needsKey: opts.needsKey ?? true,
  });
}

export const CATALOG: readonly ProviderRow[] = Object.freeze([
  row('openai', 'openai', 'https://api.openai.com/v1', 'bearer'),
  // Azure OpenAI's v1 API (OpenAI wire format; `model` is the deployment name). No default base
  // URL: each resource has its own, so the provider is callable once AZURE_BASE_URL
  // (https://<resource>.openai.azure.com/openai/v1) or AZURE_OPENAI_ENDPOINT is set.
  row('azure', 'openai', '', 'api-key', {
    keyEnv: ['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'],
    endpointEnv: { name: 'AZURE_OPENAI_ENDPOINT', path: '/openai/v1' },
  }),
  row('anthropic', 'anthropic', 'https://api.anthropic.com', 'x-api-key'),
  // Amazon Bedrock's Converse API in the region of AWS_REGION: a Bedrock API key (bearer), else
  // IAM credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) signed with SigV4.
  row('bedrock', 'bedrock', 'https://bedrock-runtime.{region}.amazonaws.com', 'bearer', {
    keyEnv: ['BEDROCK_API_KEY', 'AWS_BEARER_TOKEN_BEDROCK'],
    sigV4Service: 'bedrock',
    regionEnv: { names: ['AWS_REGION', 'AWS_DEFAULT_REGION'], fallback: 'us-east-1' },
  }),
  row('gemini', 'gemini', 'https://generativelanguage.googleapis.com', 'x-goog-api-key', {
    keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  }),
  row('groq', 'openai', 'https://api.groq.com/openai/v1', 'bearer'),
  row('mistral', 'openai', 'https://api.mistral.ai/v1', 'bearer'),
  row('deepseek', 'openai', 'https://api.deepseek.com/v1', 'bearer'),
  row('together', 'openai', 'https://api.together.xyz/v1', 'bearer'),
  row('fireworks', 'openai', 'https://api.fireworks.ai/inference/v1', 'bearer'),
  row('cerebras', 'openai', 'https://api.cerebras.ai/v1', 'bearer'),
  row('sambanova', 'openai', 'https://api.sambanova.ai/v1', 'bearer'),
  row('perplexity', 'openai', 'https://api.perplexity.ai', 'bearer'),
  row('xai', 'openai', 'https://api.x.ai/v1', 'bearer'),
  row('openrouter', 'openai', 'https://openrouter.ai/api/v1', 'bearer'),
  row('cohere', 'openai', 'https://api.cohere.com/compatibility/v1', 'bearer'),
  row('ollama', 'openai', 'http://127.0.0.1:11434/v1', 'bearer', { needsKey: false }),
  row('vllm', 'openai', 'http://127.0.0.1:8000/v1', 'bearer', { needsKey: false }),
  // TGI's launcher defaults to :3000. llama-server defaults to :8080, the gateway's own
  // port, so the default here is :8081 (start it with --port 8081 or set LLAMACPP_BASE_URL).
  row('tgi', 'openai', 'http://127.0.0.1:3000/v1', 'bearer', { needsKey: false }),
  row('llamacpp', 'openai', 'http://127.0.0.1:8081/v1', 'bearer', { needsKey: false }),
]);

export function catalogRow(id: string): ProviderRow | undefined {
  return CATALOG.find((r) => r.id === id);
}
