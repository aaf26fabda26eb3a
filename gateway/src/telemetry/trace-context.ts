/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): reading `traceparent` / `tracestate`
 * from the client, and new span and trace ids. Pure but for the random ids.
 */
import { randomFillSync } from 'node:crypto';

export interface ParentContext {
  traceId: string; // 32 lower-case hex
  spanId: string; // 16 lower-case hex
  sampled: boolean;
  /** The client's tracestate when it is well formed, else ''. */
  traceState: string;
}

export const TRACE_CONTEXT_HEADERS = ['traceparent', 'tracestate'] as const;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
// tracestate list members: key=value; key is lcalpha then [a-z0-9_-*/] (optionally tenant@system), value printable without , and =.
const TRACESTATE_MEMBER = /^[a-z0-9][a-z0-9_\-*/]{0,255}(@[a-z][a-z0-9_\-*/]{0,13})?=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** The parent from `traceparent`, or null when it is absent or invalid (then a new trace starts). */
export function parseTraceparent(header: string | undefined, tracestate?: string): ParentContext | null {
  if (header === undefined) return null;
  const h = header.trim();
  const m = TRACEPARENT.exec(h);
  if (m === null) return null;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff') return null;
  // Version 00 has exactly four fields; a later version may add fields after a dash.
  if (version === '00' && rest !== undefined) return null;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return null;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1, traceState: validTracestate(tracestate) };
}

/** The tracestate header when every list member is well formed (at most 32, 512 characters), else ''. */
export function validTracestate(raw: string | undefined): string {
  if (raw === undefined || raw.length > 512) return '';
  const members = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (members.length === 0 || members.length > 32) return '';
  return members.every((m) => TRACESTATE_MEMBER.test(m)) ? members.join(',') : '';
}

const POOL = Buffer.allocUnsafe(4096);
let pos = POOL.length;

function randomHex(bytes: number): string {
  for (;;) {
    if (pos + bytes > POOL.length) {
      randomFillSync(POOL);
      pos = 0;
    }
    const hex = POOL.toString('hex', pos, pos + bytes);
    pos += bytes;
    if (!/^0+$/.test(hex)) return hex; // all-zero ids are invalid
  }
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);
