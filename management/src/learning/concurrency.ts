/** Small async helpers: bounded parallel map, abortable sleep, backoff. */

/** Runs `f` over `xs` with at most `limit` in flight; stops taking new items once `signal` aborts. */
export async function mapLimit<T>(xs: readonly T[], limit: number, f: (x: T, i: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (next < xs.length && failure === null && !signal?.aborted) {
      const i = next++;
      try {
        await f(xs[i]!, i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, xs.length)) }, worker));
  if (failure !== null) throw failure;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with full jitter: base * 2^attempt, capped, times a random factor in [0.5, 1]. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, rand: () => number = Math.random): number {
  return Math.min(capMs, baseMs * 2 ** attempt) * (0.5 + rand() / 2);
}
