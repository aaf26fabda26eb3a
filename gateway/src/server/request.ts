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

export function snapshotRequest(req: HttpRequest, paramCount = 0): RequestSnapshot {
  const headers: Record<string, string> = {};
  req.forEach((k, v) => {
    headers[k] = v;
  });
  const params: string[] = [];
  for (let i = 0; i < paramCount; i++) params.push(decodeURIComponent(req.getParameter(i)));
  return { method: req.getMethod().toUpperCase(), url: req.getUrl(), query: req.getQuery() ?? '', params, headers };
}

/** Query string value, or undefined. */
export function queryParam(query: string, key: string): string | undefined {
  if (!query) return undefined;
  const v = new URLSearchParams(query).get(key);
  return v === null ? undefined : v;
}
