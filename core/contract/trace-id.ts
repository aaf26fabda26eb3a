import { randomFillSync } from 'node:crypto';

/**
 * Trace ids sort by time as plain strings: 12 hex digits of unix ms, then 16 random hex.
 * Same-millisecond ids from one process stay ordered by a counter in the random part's head.
 */
let lastMs = 0;
let seq = 0;

// randomBytes per id cost a syscall-backed fill each time; ids draw 6 bytes from a 4 KiB pool.
const POOL_BYTES = 4096;
const ID_RANDOM_BYTES = 6;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolPos = POOL_BYTES;

function randomHex(): string {
  if (poolPos + ID_RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolPos = 0;
  }
  const hex = pool.toString('hex', poolPos, poolPos + ID_RANDOM_BYTES);
  poolPos += ID_RANDOM_BYTES;
  return hex;
}

export function newTraceId(nowMs: number = Date.now()): string {
  if (nowMs === lastMs) seq = (seq + 1) & 0xffff;
  else {
    lastMs = nowMs;
    seq = 0;
  }
  return (
    nowMs.toString(16).padStart(12, '0') + seq.toString(16).padStart(4, '0') + randomHex()
  );
}

/** The unix ms encoded in a trace id, or NaN if it is not one. */
export function traceIdTime(id: string): number {
  if (!/^[0-9a-f]{28}$/.test(id)) return Number.NaN;
  return parseInt(id.slice(0, 12), 16);
}

/** Smallest and largest id strings for a time, for range scans. */
export function traceIdBounds(ms: number): { low: string; high: string } {
  const head = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return { low: head + '0'.repeat(16), high: head + 'f'.repeat(16) };
}
