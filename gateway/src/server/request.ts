/**
 * A synchronous snapshot of a uWS request: the request object dies at the first
 * await, so everything a handler needs is copied here first.
 */
import type { HttpRequest } from 'uWebSockets.js';
import { GatewayError } from '../errors.js';

export interface RequestSnapshot {
  method: string; // upper case
  url: string;
  query: string;
  params: string[];
  headers: Readonly<Record<string, string>>;
  /** Set when a path parameter could not be decoded: the server answers it (400) after auth. */
  invalid?: GatewayError;
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
  'x-opentracy-quality-cost-tradeoff',
  // Sent by the OpenAI and Anthropic SDKs on every try: the client retries by itself.
  'x-stainless-retry-count',
] as const;

export function snapshotRequest(req: HttpRequest, paramCount = 0, paramNames: readonly string[] = [], extraHeaders?: readonly string[]): RequestSnapshot {
  const headers: Record<string, string> = {};
  for (const name of SNAPSHOT_HEADERS) {
    const v = req.getHeader(name);
    if (v !== '') headers[name] = v;
  }
  if (extraHeaders !== undefined) {
    for (const name of extraHeaders) {
      const v = req.getHeader(name);
      if (v !== '') headers[name] = v;
    }
  }
  const params: string[] = [];
  let invalid: GatewayError | undefined;
  for (let i = 0; i < paramCount; i++) {
    try {
      params.push(decodePathSegment(req.getParameter(i), paramNames[i]));
    } catch (err) {
      invalid = err as GatewayError;
      params.push('');
    }
  }
  const snap: RequestSnapshot = { method: req.getMethod().toUpperCase(), url: req.getUrl(), query: queryOf(req), params, headers };
  if (invalid) snap.invalid = invalid;
  return snap;
}

/**
 * Percent-decodes a path segment (or path tail). The one place every handler's path input
 * is decoded: a malformed escape (`%E0%A4%A`) is the caller's 400, never a URIError.
 */
export function decodePathSegment(raw: string, param = 'path'): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new GatewayError('caller_invalid_request', `malformed percent-encoding in the request path: ${JSON.stringify(raw.slice(0, 200))}`, { param });
  }
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
