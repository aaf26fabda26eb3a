/**
 * Streams a file to a uWS response with backpressure (`tryEnd` + `onWritable`), so artifacts of
 * any size (GGUF files are gigabytes) are served without reading them into memory. Resolves when
 * the file is sent, the client went away, or reading failed (then the connection is closed).
 */
import { createReadStream } from 'node:fs';
import type { HttpResponse } from 'uWebSockets.js';

export function streamFile(res: HttpResponse, path: string, size: number, writeHead: () => void, signal: AbortSignal): Promise<void> {
  if (size === 0) {
    // No stream at all: one opened and destroyed at once still fails its open later, and an
    // 'error' with no listener (the file removed meanwhile) would crash the process.
    if (!signal.aborted) {
      res.cork(() => {
        writeHead();
        res.end();
      });
    }
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      stream.destroy();
      resolve();
    };
    signal.addEventListener('abort', finish, { once: true });
    let headWritten = false;
    stream.on('data', (chunk) => {
      if (signal.aborted) return finish();
      const buf = chunk as Buffer;
      const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      let startOffset = 0;
      let result: [boolean, boolean] = [false, false];
      res.cork(() => {
        if (!headWritten) {
          writeHead();
          headWritten = true;
        }
        startOffset = res.getWriteOffset();
        result = res.tryEnd(ab, size);
      });
      const [ok, done] = result;
      if (done) return finish();
      if (ok) return;
      // The socket is full: uWS holds nothing of this chunk past what it took; resume from the offset.
      stream.pause();
      res.onWritable((offset) => {
        if (signal.aborted) {
          finish();
          return true;
        }
        let r: [boolean, boolean] = [false, false];
        res.cork(() => {
          r = res.tryEnd(ab.slice(offset - startOffset), size);
        });
        if (r[1]) finish();
        else if (r[0]) stream.resume();
        return r[0];
      });
    });
    stream.on('error', () => {
      if (!signal.aborted) res.close();
      finish();
    });
    stream.on('end', () => {
      if (!finished && !signal.aborted) res.close(); // the file was shorter than announced
      finish();
    });
  });
}
