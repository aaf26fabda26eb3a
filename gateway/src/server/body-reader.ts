/**
 * Abort-safe, size-capped body reading for uWS. Must be called synchronously in the
 * handler (before any await). Chunks are only valid inside the callback, so each one
 * is copied (once: Buffer.from of a view copies). Past `maxBytes` the promise rejects with 413 and nothing more is buffered.
 */
import { GatewayError } from '../errors.js';
import type { Reply } from './reply.js';

export function readBody(reply: Reply, maxBytes: number, declaredLength?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength ? Number(declaredLength) : NaN;
    if (declared > maxBytes) {
      reject(tooLarge(maxBytes));
      // Still register onData: uWS requires it to drain the request cleanly.
    }
    let chunks: Buffer[] | null = [];
    let size = 0;
    let failed = declared > maxBytes;
    reply.onAbort(() => {
      if (!failed) {
        failed = true;
        reject(new GatewayError('caller_invalid_request', 'client closed the connection'));
      }
      chunks = null;
    });
    reply.res.onData((ab, isLast) => {
      if (failed || chunks === null) return;
      size += ab.byteLength;
      if (size > maxBytes) {
        failed = true;
        chunks = null;
        reject(tooLarge(maxBytes));
        return;
      }
      if (isLast) {
        if (chunks.length === 0) resolve(Buffer.from(new Uint8Array(ab)));
        else {
          chunks.push(Buffer.from(new Uint8Array(ab)));
          resolve(Buffer.concat(chunks, size));
        }
        chunks = null;
      } else {
        chunks.push(Buffer.from(new Uint8Array(ab)));
      }
    });
  });
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('caller_body_too_large', `request body exceeds the limit of ${maxBytes} bytes`);
}
