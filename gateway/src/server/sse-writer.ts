/**
 * Server-sent events to the client with backpressure: `write` resolves immediately
 * while the socket keeps up, and waits for `onWritable` when uWS reports a full
 * buffer, so a slow client pauses the upstream instead of growing memory.
 */
import type { HeaderList, Reply } from './reply.js';

export class SseWriter {
  private waiting: { resolve: () => void } | null = null;
  /** Bytes uWS could not send yet for the last write (it keeps them itself). */
  private pending = false;

  constructor(private readonly reply: Reply) {
    reply.onAbort(() => this.release());
  }

  /**
   * Sets the response head. It goes out with the first event, in the same write: one
   * syscall fewer per stream, and the client's first body byte arrives no later.
   */
  start(headers: HeaderList): void {
    this.head = [['content-type', 'text/event-stream'], ['cache-control', 'no-cache'], ['x-accel-buffering', 'no'], ...headers];
  }

  private head: HeaderList | null = null;

  /** Must run inside cork. */
  private flushHead(): void {
    if (this.head) {
      this.reply.writeHead(200, this.head);
      this.head = null;
    }
  }

  /** Writes one chunk; the promise resolves when the client can take more. */
  write(text: string): Promise<void> | undefined {
    if (this.reply.closed || text === '') return undefined;
    let ok = true;
    this.reply.res.cork(() => {
      this.flushHead();
      ok = this.reply.res.write(text);
    });
    if (ok) return undefined;
    this.pending = true;
    return new Promise<void>((resolve) => {
      this.waiting = { resolve };
      try {
        this.reply.res.onWritable(() => {
          this.pending = false;
          this.release();
          return true;
        });
      } catch {
        // uWS's JS fallback server has no onWritable (it buffers in Node's stream): go on.
        this.pending = false;
        this.release();
      }
    });
  }

  end(text = ''): void {
    if (this.reply.closed) return;
    this.reply.done = true;
    this.reply.res.cork(() => {
      this.flushHead();
      this.reply.res.end(text);
    });
  }

  get backpressured(): boolean {
    return this.pending;
  }

  private release(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.resolve();
  }
}
