/**
 * A synchronous snapshot of a uWS request: the request object dies at the first
 * await, so everything a handler needs is copied here first.
 */
import type { HttpRequest } from 'uWebSockets.js';

export interface RequestSnapshot {
  method: string; // upper case
  url: string;
  query: string;
  params: string[];
  headers: Readonly<Record<string, string>>;
}

/**
 * The request headers handlers read. Copying these few is cheaper than `forEach` over all of
 * them, and works on uWS's JS fallback server, which has no `forEach`.
 */
export const SNAPSHOT_HEADERS = [
  'authorization',
  'content-length',
  'content-type',
  'x-opentracy-internal',
  'x-opentracy-session-id',
  'x-opentracy-metadata',
  'x-opentracy-request-timeout-ms',
  // Sent by the OpenAI and Anthropic SDKs on every try: the client retries by itself.
  'x-stainless-retry-count',
] as const;

export function snapshotRequest(req: HttpRequest, paramCount = 0): RequestSnapshot {
  const headers: Record<string, string> = {};
  for (const name of SNAPSHOT_HEADERS) {
    const v = req.getHeader(name);
    if (v !== '') headers[name] = v;
  }
  const params: string[] = [];
  for (let i = 0; i < paramCount; i++) params.push(decodeURIComponent(req.getParameter(i)));
  return { method: req.getMethod().toUpperCase(), url: req.getUrl(), query: queryOf(req), params, headers };
}

function queryOf(req: HttpRequest): string {
  try {
    return req.getQuery() ?? '';
  } catch {
    return ''; // uWS's JS fallback server throws on relative URLs: no query there.
  }
}

/** Query string value, or undefined. */
export function queryParam(query: string, key: string): string | undefined {
  if (!query) return undefined;
  const v = new URLSearchParams(query).get(key);
  return v === null ? undefined : v;
}
