/**
 * Abort-safe, size-capped body reading for uWS. Call synchronously inside the route handler,
 * after `onAborted` is attached: chunks are copied (uWS reuses their memory after the callback).
 */
import type { HttpResponse } from 'uWebSockets.js';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

export function readBody(res: HttpResponse, maxBytes: number, abortSignal: AbortSignal): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    abortSignal.addEventListener('abort', () => finish({ ok: false, reason: 'aborted' }), { once: true });
    res.onData((chunk, isLast) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(Buffer.from(chunk.slice(0)));
      if (isLast) finish({ ok: true, body: Buffer.concat(chunks, size) });
    });
  });
}
