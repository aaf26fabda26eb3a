import { trimMalloc } from '../../../native/index.js';

/** Node turns longer timer delays into 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Trims the C heap every `intervalMs` (see native/memory.ts); off (0) by default. A trade for
 * memory-capped deployments, measured at c=64 on one core with a 1 s interval: end-of-run RSS
 * 174-210 -> 171-176 MB, but p99 8.2-8.5 -> 8.2-15.1 ms and ~2 % fewer req/s (the pages it
 * returns are faulted back in as the heap is reused; bench/RESULTS.md §1). Returns the stop
 * function; with 0, or where trimming is unsupported, no timer starts.
 */
export function startMallocTrim(intervalMs: number, trim: () => boolean | null = trimMalloc): () => void {
  if (!(intervalMs > 0) || trim() === null) return () => undefined;
  const timer = setInterval(trim, Math.min(intervalMs, MAX_TIMER_MS));
  timer.unref();
  return () => clearInterval(timer);
}
