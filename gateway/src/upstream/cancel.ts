/**
 * What `dispatch` watches to learn that the client went away. The server's Reply is one
 * (its `aborted` flag and `onAbort`), so a request needs no AbortController of its own;
 * an AbortSignal adapts to it for callers that have one.
 */
export interface CancelSource {
  readonly aborted: boolean;
  /** Runs `fn` once when the source aborts (at once if it already has). */
  onAbort(fn: () => void): void;
  /** ProviderAttempt.error for the attempt it cut short, when not the client's abort (e.g. a deadline). */
  readonly abortLabel?: string | undefined;
}

/** An AbortSignal as a CancelSource (a class: see dispatch.ts's Success on literal getters). */
class SignalSource implements CancelSource {
  readonly #signal: AbortSignal;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
  }

  get aborted(): boolean {
    return this.#signal.aborted;
  }

  onAbort(fn: () => void): void {
    if (this.#signal.aborted) fn();
    else this.#signal.addEventListener('abort', fn, { once: true });
  }
}

export function signalSource(signal: AbortSignal): CancelSource {
  return new SignalSource(signal);
}

/** The error an aborted upstream request or body fails with (same name as AbortSignal's). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
