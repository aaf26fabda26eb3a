/** The shape of one provider catalog row: data every package may read (pricing, key listings, the gateway's registry). */
export type WireFamily = 'openai' | 'anthropic' | 'gemini' | 'bedrock';
export type AuthStyle = 'bearer' | 'x-api-key' | 'api-key' | 'x-goog-api-key' | 'none';

/** One row of the provider catalog (data, not code). */
export interface ProviderRow {
  id: string;
  family: WireFamily;
  baseUrl: string;
  /** Env vars holding the key, first non-empty wins. */
  keyEnv: readonly string[];
  /** Env var overriding the base URL. */
  baseUrlEnv: string;
  /**
   * The provider's own endpoint variable, when it names a bare resource endpoint: the base URL
   * is that plus `path` (Azure's AZURE_OPENAI_ENDPOINT + /openai/v1). `baseUrlEnv` wins.
   */
  endpointEnv?: { readonly name: string; readonly path: string };
  /** Region-specific base URLs: `{region}` in `baseUrl` is the first of these env vars set, else `fallback`. */
  regionEnv?: { readonly names: readonly string[]; readonly fallback: string };
  /** Signs with AWS SigV4 for this service when AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are set and no key is. */
  sigV4Service?: string;
  auth: AuthStyle;
  /** False for local servers (Ollama, vLLM...) that accept calls without a key. */
  needsKey: boolean;
}
