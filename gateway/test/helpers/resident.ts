import { readFileSync } from 'node:fs';

/** One mapping of this process (Linux /proc/self/smaps). */
export interface Mapping {
  path: string; // '' for anonymous memory, '[heap]' and the like for the kernel's named ones
  perms: string;
  bytes: number;
  rssKiB: number;
  /** Copied-on-write or anonymous pages. */
  anonKiB: number;
}

export function mappings(): Mapping[] {
  const out: Mapping[] = [];
  let cur: Mapping | null = null;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const [, start, end, perms, path] = head;
      cur = { path: path!.trimEnd(), perms: perms!, bytes: parseInt(end!, 16) - parseInt(start!, 16), rssKiB: 0, anonKiB: 0 };
      out.push(cur);
    } else if (cur && line.startsWith('Rss:')) cur.rssKiB = Number(line.split(/\s+/)[1]);
    else if (cur && line.startsWith('Anonymous:')) cur.anonKiB = Number(line.split(/\s+/)[1]);
  }
  return out;
}

/** Resident KiB of this process's mappings of `path`. */
export function residentKiB(path: string): number {
  return mappings().reduce((kib, m) => (m.path === path ? kib + m.rssKiB : kib), 0);
}
