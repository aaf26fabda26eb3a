/** Writing a Reply to a uWS response: status line, CORS, content type, corked, once. */
import { STATUS_CODES } from 'node:http';
import type { HttpResponse } from 'uWebSockets.js';
import type { Reply } from './types.js';

export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Tenant-Id',
  'Access-Control-Max-Age': '600',
});

export const statusLine = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;

/** Serialise the reply; JSON encoding errors are the caller's to catch before writing. */
export function encodeReply(reply: Reply): { contentType: string; payload: string } {
  if (reply.kind === 'json') return { contentType: 'application/json', payload: JSON.stringify(reply.body) };
  return { contentType: reply.contentType, payload: reply.body };
}

/** Write the full response inside one cork. The caller guarantees `res` is still alive. */
export function writeReply(res: HttpResponse, reply: Reply, headOnly = false): void {
  const { contentType, payload } = encodeReply(reply);
  res.cork(() => {
    res.writeStatus(statusLine(reply.status));
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.writeHeader(k, v);
    if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) res.writeHeader(k, v);
    if (reply.status === 204) {
      res.endWithoutBody();
      return;
    }
    res.writeHeader('Content-Type', contentType);
    if (headOnly) res.endWithoutBody(Buffer.byteLength(payload));
    else res.end(payload);
  });
}
