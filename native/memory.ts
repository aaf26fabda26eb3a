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
