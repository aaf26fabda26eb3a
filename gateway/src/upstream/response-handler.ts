/**
 * An undici dispatch handler for one upstream attempt. It replaces `pool.request()`, which
 * builds a stream, a parsed header object, an async resource and AbortSignal listeners per
 * request: here the status and raw headers resolve `head`, and body chunks go to an
 * UpstreamBody. It uses undici's native (legacy) handler methods, which undici calls
 * without an adapter in between.
 */
import type { Dispatcher } from 'undici';
import { UpstreamBody } from './upstream-body.js';

export interface UpstreamHead {
  status: number;
  /** Name/value pairs as undici read them; see parseRawHeaders. */
  rawHeaders: Buffer[];
  body: UpstreamBody;
}

type Abort = (err?: Error) => void;

export class ResponseHandler implements Dispatcher.DispatchHandler {
  /** Resolves on the final (non-1xx) response headers; rejects if the attempt fails first. */
  readonly head: Promise<UpstreamHead>;
  #resolve!: (head: UpstreamHead) => void;
  #reject!: (err: Error) => void;
  #abort: Abort | null = null;
  #cancelled: Error | null = null;
  #body: UpstreamBody | null = null;

  constructor() {
    this.head = new Promise<UpstreamHead>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Aborts the attempt: before headers `head` rejects with `reason`; after, the body fails. */
  cancel(reason: Error): void {
    if (this.#body !== null) this.#body.destroy(reason);
    else if (this.#abort !== null) this.#abort(reason);
    else this.#cancelled = reason; // still queued in the pool: aborted on connect
  }

  onConnect(abort: Abort): void {
    if (this.#cancelled !== null) abort(this.#cancelled);
    else this.#abort = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (status < 200) return true; // 1xx informational
    const body = new UpstreamBody(this.#abort ?? noop, resume);
    this.#body = body;
    this.#resolve({ status, rawHeaders, body });
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.#body === null ? true : this.#body.push(chunk);
  }

  onComplete(): void {
    this.#body?.end();
  }

  onError(err: Error): void {
    if (this.#body !== null) this.#body.fail(err);
    else this.#reject(err);
  }
}

function noop(): void {}
