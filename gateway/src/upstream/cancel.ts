/**
 * What `dispatch` watches to learn that the client went away. The server's Reply is one
 * (its `aborted` flag and `onAbort`), so a request needs no AbortController of its own;
 * an AbortSignal adapts to it for callers that have one.
 */
export interface CancelSource {
  readonly aborted: boolean;
  /** Runs `fn` once when the source aborts (at once if it already has). */
  onAbort(fn: () => void): void;
}

export function signalSource(signal: AbortSignal): CancelSource {
  return {
    get aborted() {
      return signal.aborted;
    },
    onAbort(fn) {
      if (signal.aborted) fn();
      else signal.addEventListener('abort', fn, { once: true });
    },
  };
}

/** The error an aborted upstream request or body fails with (same name as AbortSignal's). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
