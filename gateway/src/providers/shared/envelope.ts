/**
 * The request envelope every JSON-over-HTTP adapter sends: POST to the provider's base URL plus
 * `path`, a JSON body, SSE accepted on streams (JSON otherwise), the adapter's own headers, then
 * the provider's auth. Adapters differ only in path, body and extra headers (Bedrock signs its
 * request and builds its own).
 */
import type { ProviderConfig, UpstreamCall } from '../types.js';
import { authHeaders, splitBase } from './headers.js';

export function jsonCall(provider: ProviderConfig, path: string, stream: boolean, body: unknown, extraHeaders?: Readonly<Record<string, string>>): UpstreamCall {
  const { origin, prefix } = splitBase(provider.baseUrl);
  return {
    origin,
    path: `${prefix}${path}`,
    headers: {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      ...extraHeaders,
      ...authHeaders(provider),
    },
    body: JSON.stringify(body),
  };
}
