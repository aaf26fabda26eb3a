import { realpathSync } from 'node:fs';
import { releaseMappedFile } from './index.js';

/**
 * LMDB reads its B-tree pages through a read-only map of the data file, and the kernel maps the
 * neighbours of every page it faults in (fault-around). The writer touches the newest pages of
 * each tree in every transaction, so without help the whole file ends up counted in the
 * gateway's RSS: ~90 MB after 15 s at 12k traces/s, growing with the file for as long as the
 * gateway runs. A releaser drops the process's mapping of the file at most once per
 * `intervalMs` (the pages stay cached by the kernel; the few hot ones map again on next use).
 * Every 250 ms: with 10 ms trace batches, a 1 s interval still left ~13 MB mapped at c=64, 250 ms
 * ~2 MB; each release reads /proc/self/maps (~0.1 ms).
 *
 * Returns the function to call after commits; once `release` reports it cannot act (no addon),
 * or the file cannot be resolved, it does nothing.
 */
export function mappedFileReleaser(
  file: string,
  intervalMs = 250,
  clock: () => number = () => performance.now(),
  release: (absolutePath: string) => number | null = releaseMappedFile,
): () => void {
  let path: string | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let supported = true;
  return () => {
    if (!supported) return;
    const t = clock();
    if (t - last < intervalMs) return;
    last = t;
    try {
      path ??= realpathSync(file); // /proc/self/maps names the resolved path
      supported = release(path) !== null;
    } catch {
      supported = false; // file gone or not resolvable: nothing to release, ever
    }
  };
}
