import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * Between full collections V8 lets a small old generation grow to up to 4x what survived the last
 * one: at c=64 the gateway's ~20 MB of live objects grew to 59 MB before the next, holding ~40 MB
 * more RSS for seconds at a time. With 1.5x (V8 still adds at least an 8 MB step and the semi-space)
 * it peaks ~24 MB above the live size, for a few more full collections (~3 ms pauses every ~3 s at
 * c=64, same throughput within noise; bench/RESULTS.md §1).
 * V8 reads the flag whenever it sets the next limit, so it works at run time. A value given on the
 * command line or in NODE_OPTIONS wins. Returns whether it set the flag. Its effect on the peak heap:
 * bench/micro/heap-growth.ts.
 */
export function limitHeapGrowth(
  percent = 50,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  // V8 takes dashes or underscores in flag names.
  const given = (arg: string): boolean => arg.replace(/_/g, '-').startsWith(FLAG);
  if (execArgv.some(given) || nodeOptions.split(/\s+/).some(given)) return false;
  setFlags(`${FLAG}=${percent}`);
  return true;
}
