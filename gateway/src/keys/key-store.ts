/**
 * Provider keys at runtime: environment (read once), the secrets file (read at start
 * and on reload; it only adds or overwrites), and `/v1/config/keys`. The provider map
 * is rebuilt whole and swapped on every change (no partial updates are visible).
 */
import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from '../config.js';
import { dict } from '../dict.js';
import { hasControlChar } from '../server/header-value.js';
import { CATALOG } from '../../../core/providers/catalog.js';
import { buildProviders } from '../providers/registry.js';
import type { ProviderConfig, ProviderRow } from '../providers/types.js';

export class KeyStore {
  private runtimeKeys = new Map<string, string>();
  private current: ReadonlyMap<string, ProviderConfig>;
  private readonly rows: readonly ProviderRow[];
  private listeners: Array<() => void> = [];

  constructor(private readonly config: GatewayConfig) {
    this.rows = withCustomProviders(config);
    this.current = this.rebuild();
  }

  providers(): ReadonlyMap<string, ProviderConfig> {
    return this.current;
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  known(provider: string): boolean {
    return this.rows.some((r) => r.id === provider);
  }

  set(provider: string, apiKey: string): void {
    this.runtimeKeys.set(provider, apiKey);
    this.swap();
  }

  clear(provider: string): void {
    this.runtimeKeys.set(provider, '');
    this.swap();
  }

  configured(): string[] {
    return [...this.current.values()].filter((p) => p.apiKey !== '').map((p) => p.id).sort();
  }

  /** Re-reads the secrets file (flat JSON {provider: key}); returns how many keys it held. */
  async reloadSecrets(): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.config.secretsFile, 'utf8');
    } catch {
      return 0;
    }
    const parsed = JSON.parse(text) as Record<string, unknown>;
    let n = 0;
    for (const [k, v] of Object.entries(parsed)) {
      // A key with control characters could never be sent (an Authorization header): skipped like an unknown provider.
      if (typeof v === 'string' && v !== '' && !hasControlChar(v) && this.known(k)) {
        this.runtimeKeys.set(k, v);
        n++;
      }
    }
    this.swap();
    return n;
  }

  private swap(): void {
    this.current = this.rebuild();
    for (const fn of this.listeners) fn();
  }

  private rebuild(): ReadonlyMap<string, ProviderConfig> {
    const overrides: Record<string, { apiKey?: string; baseUrl?: string }> = dict();
    for (const [id, p] of Object.entries(this.config.providers)) overrides[id] = { ...p };
    for (const [id, key] of this.runtimeKeys) overrides[id] = { ...overrides[id], apiKey: key };
    return buildProviders(this.config.env, overrides, this.rows);
  }
}

/** Config-file providers that are not in the catalog become OpenAI-compatible rows. */
function withCustomProviders(config: GatewayConfig): readonly ProviderRow[] {
  const extra: ProviderRow[] = [];
  for (const [id, p] of Object.entries(config.providers)) {
    if (CATALOG.some((r) => r.id === id) || !p.baseUrl) continue;
    const envId = id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    extra.push({ id, family: p.family ?? 'openai', baseUrl: p.baseUrl, keyEnv: [`${envId}_API_KEY`], baseUrlEnv: `${envId}_BASE_URL`, auth: 'bearer', needsKey: false });
  }
  return [...CATALOG, ...extra];
}
