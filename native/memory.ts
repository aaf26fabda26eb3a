/**
 * Process-memory helpers from the addon. Without it (or off Linux) they report that they
 * could not act, and the caller carries on: they only change what counts in this process's RSS.
 */
import { binding } from './binding.js';

/**
 * Drops this process's page-table entries for its read-only shared mappings of `absolutePath`
 * (madvise MADV_DONTNEED). The pages stay in the kernel's page cache and map again on the next
 * access, so no data can be lost. Returns the bytes of mappings advised, or null when this
 * process cannot do it (no addon, or not Linux).
 */
export function releaseMappedFile(absolutePath: string): number | null {
  if (binding === null) return null;
  const n = binding.releaseMappedFile(absolutePath);
  return n >= 0 ? n : null;
}

/**
 * Drops this process's resident pages of every private, read-only file mapping that holds no
 * copied-on-write page (madvise MADV_DONTNEED): the code and constants of the node binary and of
 * native libraries, which start-up touches far more of than serving does (ONNX Runtime registers
 * every kernel it has; the kernel maps 16 neighbours of each page faulted in). Such pages are
 * exact copies of the file, kept in the page cache: the ones still used map again on their next
 * access, nothing is lost. Mappings with copied-on-write pages (relocated data) are left alone.
 * Returns the bytes of mappings advised, or null when this process cannot do it.
 */
export function releaseCleanFileMappings(): number | null {
  if (binding === null) return null;
  const n = binding.releaseCleanFileMappings();
  return n >= 0 ? n : null;
}

/**
 * Gives the C heap's free pages back to the kernel (glibc `malloc_trim(0)`, which also releases
 * free pages between live allocations). Socket reads and array buffers churn through the C heap;
 * without this, its high-water mark stays resident. Returns whether glibc released anything, or
 * null when this process cannot do it (no addon, or no glibc).
 */
export function trimMalloc(): boolean | null {
  if (binding === null) return null;
  return binding.trimMalloc() ?? null;
}
