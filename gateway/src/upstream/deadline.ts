/**
 * The overall deadline of one request: a CancelSource that aborts when the client goes away
 * or when the deadline passes, whichever comes first. `dispatch` watches it like the client's
 * Reply (the attempt in flight, a backoff sleep or the 2xx body being relayed is cancelled),
 * and `expired` tells the caller which of the two happened.
 *
 * One timer per request (Node keeps timers of one duration in one list: O(1) to add and clear).
 */
import { GatewayError } from '../errors.js';
import type { CancelSource } from './cancel.js';

/** ProviderAttempt.error of an attempt cut short by the deadline. */
export const DEADLINE_EXCEEDED = 'deadline_exceeded';

/** Header a client sets to shorten the deadline of one request (capped by the configured one). */
export const REQUEST_TIMEOUT_HEADER = 'x-opentracy-request-timeout-ms';

export class Deadline implements CancelSource {
  readonly ms: number;
  expired = false;
  readonly #client: CancelSource;
  #listeners: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  #fired = false;

  /** `ms` <= 0: no deadline (only the client's abort). */
  constructor(client: CancelSource, ms: number) {
    this.#client = client;
    this.ms = ms;
    if (ms > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.expired = true;
        this.#fire();
      }, ms);
    }
    client.onAbort(() => this.#fire());
  }

  get aborted(): boolean {
    return this.expired || this.#client.aborted;
  }

  get abortLabel(): string | undefined {
    return this.expired ? DEADLINE_EXCEEDED : undefined;
  }

  onAbort(fn: () => void): void {
    if (this.#fired) fn();
    else this.#listeners.push(fn);
  }

  /** The request is over: stop the timer (idempotent). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners = [];
  }

  /** The 504 the client gets when the deadline passed. */
  error(attempts: number): GatewayError {
    return new GatewayError(
      'provider_timeout',
      `request deadline of ${this.ms} ms exceeded after ${attempts} upstream attempt${attempts === 1 ? '' : 's'}; the upstream request was aborted`,
    );
  }

  #fire(): void {
    if (this.#fired) return;
    this.#fired = true;
    for (const fn of this.#listeners.splice(0)) fn();
  }
}

/**
 * The deadline of one request, ms: the header's value capped by `maxMs` (0 = no cap), or
 * `maxMs` without the header. Throws a 400 for a header that is not a positive integer.
 */
export function requestTimeoutMs(header: string | undefined, maxMs: number): number {
  if (header === undefined) return maxMs;
  const v = header.trim();
  if (!/^[0-9]{1,12}$/.test(v) || Number(v) <= 0) {
    throw new GatewayError('caller_invalid_request', `X-OpenTracy-Request-Timeout-Ms must be a positive integer of milliseconds, got '${v.slice(0, 40)}'`, {
      param: 'X-OpenTracy-Request-Timeout-Ms',
    });
  }
  const n = Number(v);
  return maxMs > 0 ? Math.min(n, maxMs) : n;
}
