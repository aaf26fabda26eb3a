import { trimMalloc } from '../../native/index.js';

/**
 * Trims the C heap every `intervalMs` (see native/memory.ts). Measured at c=64 on one core: the
 * C heap's resident size 30 -> 19 MB, each trim 0.6-0.8 ms at most, throughput and p99 unchanged
 * (bench/RESULTS.md §1). Returns the stop function; where trimming is unsupported no timer starts.
 */
export function startMallocTrim(intervalMs = 1_000, trim: () => boolean | null = trimMalloc): () => void {
  if (trim() === null) return () => undefined;
  const timer = setInterval(trim, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
