import { readFileSync } from 'node:fs';

/** Resident KiB of this process's mappings of `path` (Linux /proc/self/smaps). */
export function residentKiB(path: string): number {
  let kib = 0;
  let inFile = false;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inFile = line.trimEnd().endsWith(` ${path}`);
    else if (inFile && line.startsWith('Rss:')) kib += Number(line.split(/\s+/)[1]);
  }
  return kib;
}
