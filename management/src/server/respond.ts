/** Writing a Reply to a uWS response: status line, CORS, content type, corked, once. */
import { STATUS_CODES } from 'node:http';
import type { HttpResponse } from 'uWebSockets.js';
import { streamFile } from './file-reply.js';
import type { Reply } from './types.js';

export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Tenant-Id',
  'Access-Control-Max-Age': '600',
});

export const statusLine = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;

/** Serialise the reply; JSON encoding errors are the caller's to catch before writing. */
export function encodeReply(reply: Exclude<Reply, { kind: 'file' }>): { contentType: string; payload: string } {
  if (reply.kind === 'json') return { contentType: 'application/json', payload: JSON.stringify(reply.body) };
  return { contentType: reply.contentType, payload: reply.body };
}

/**
 * Write the response: in one cork, or for a file streamed with backpressure (the promise settles
 * when it is sent). The caller guarantees `res` is still alive.
 */
export function writeReply(res: HttpResponse, reply: Reply, headOnly: boolean, signal: AbortSignal): Promise<void> | void {
  if (reply.kind === 'file') {
    const head = (): void => {
      res.writeStatus(statusLine(reply.status));
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.writeHeader(k, v);
      if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) res.writeHeader(k, v);
      res.writeHeader('Content-Type', reply.contentType);
    };
    if (headOnly) {
      res.cork(() => {
        head();
        res.endWithoutBody(reply.size);
      });
      return;
    }
    return streamFile(res, reply.path, reply.size, head, signal);
  }
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
