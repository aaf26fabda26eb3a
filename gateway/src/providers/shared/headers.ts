import type { ProviderConfig } from '../types.js';

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Case-insensitive header read; the first value when repeated. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Auth headers for a provider's auth style; none when the key is empty. */
export function authHeaders(provider: ProviderConfig): Record<string, string> {
  const key = provider.apiKey;
  if (key === '') return {};
  switch (provider.auth) {
    case 'bearer':
      return { authorization: `Bearer ${key}` };
    case 'x-api-key':
      return { 'x-api-key': key };
    case 'api-key':
      return { 'api-key': key };
    case 'x-goog-api-key':
      return { 'x-goog-api-key': key };
    case 'none':
      return {};
  }
}

/** Splits a base URL into origin and path prefix (no trailing slash). */
export function splitBase(baseUrl: string): { origin: string; prefix: string } {
  const u = new URL(baseUrl);
  return { origin: u.origin, prefix: u.pathname.replace(/\/+$/, '') };
}
