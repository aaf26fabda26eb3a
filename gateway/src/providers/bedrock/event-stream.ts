/**
 * The AWS event-stream framing of Bedrock's ConverseStream (`application/vnd.amazon.eventstream`),
 * decoded into the same events the SSE parser gives, so the relay treats every family alike.
 *
 * A message is: total length (u32 BE), headers length (u32 BE), CRC32 of those 8 bytes, headers,
 * payload, CRC32 of everything before it. A header is: name length (u8), name, value type (u8),
 * value (type 7, string: u16 BE length + UTF-8). Both CRCs are checked: a corrupt frame throws,
 * and the relay reports it as an upstream error instead of passing garbage on.
 *
 * Events: `:message-type` `event` gives `{event: <:event-type>, data: <payload>}`; `exception`
 * gives `{event: 'exception:<:exception-type>', data: <payload>}`; `error` (`:error-code`,
 * `:error-message` headers, no payload) gives `{event: 'exception:<code>', data: {"message":...}}`.
 */
import { crc32 } from 'node:zlib';
import type { SseEvent, StreamFramer } from '../types.js';

const PRELUDE = 12;
const MIN_MESSAGE = PRELUDE + 4;
/** Bedrock's events are small; a frame claiming more than this is corrupt, not large. */
const MAX_MESSAGE = 16 * 1024 * 1024;

export class EventStreamError extends Error {
  readonly code = 'EVENT_STREAM_CORRUPT';
  constructor(message: string) {
    super(`event stream: ${message}`);
    this.name = 'EventStreamError';
  }
}

/** Header value sizes by type for the types whose value has a fixed width. */
const FIXED_WIDTH: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

/** The string-valued headers of one message (other types are skipped). */
export function readHeaders(buf: Buffer, start: number, end: number): Map<string, string> {
  const out = new Map<string, string>();
  let at = start;
  while (at < end) {
    const nameLen = buf[at]!;
    const name = buf.toString('utf8', at + 1, at + 1 + nameLen);
    at += 1 + nameLen;
    const type = buf[at]!;
    at += 1;
    if (type === 6 || type === 7) {
      const len = buf.readUInt16BE(at);
      if (type === 7) out.set(name, buf.toString('utf8', at + 2, at + 2 + len));
      at += 2 + len;
    } else {
      const width = FIXED_WIDTH[type];
      if (width === undefined) throw new EventStreamError(`unknown header type ${type}`);
      at += width;
    }
    if (at > end) throw new EventStreamError('header runs past its section');
  }
  return out;
}

function eventOf(headers: Map<string, string>, payload: string): SseEvent | null {
  switch (headers.get(':message-type') ?? 'event') {
    case 'event':
      return { event: headers.get(':event-type') ?? '', data: payload };
    case 'exception':
      return { event: `exception:${headers.get(':exception-type') ?? 'unknown'}`, data: payload };
    case 'error':
      return { event: `exception:${headers.get(':error-code') ?? 'unknown'}`, data: JSON.stringify({ message: headers.get(':error-message') ?? '' }) };
    default:
      return null;
  }
}

/** Incremental decoder, one per stream: bytes in, whole events out. */
export class EventStreamFramer implements StreamFramer {
  #pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SseEvent[] {
    let buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const events: SseEvent[] = [];
    while (buf.length >= PRELUDE) {
      const total = buf.readUInt32BE(0);
      const headersLen = buf.readUInt32BE(4);
      if (crc32(buf.subarray(0, 8)) !== buf.readUInt32BE(8)) throw new EventStreamError('prelude checksum mismatch');
      if (total < MIN_MESSAGE || total > MAX_MESSAGE || headersLen > total - MIN_MESSAGE) throw new EventStreamError(`bad message length ${total}`);
      if (buf.length < total) break;
      if (crc32(buf.subarray(0, total - 4)) !== buf.readUInt32BE(total - 4)) throw new EventStreamError('message checksum mismatch');
      const headers = readHeaders(buf, PRELUDE, PRELUDE + headersLen);
      const ev = eventOf(headers, buf.toString('utf8', PRELUDE + headersLen, total - 4));
      if (ev) events.push(ev);
      buf = buf.subarray(total);
    }
    this.#pending = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
    return events;
  }

  end(): SseEvent[] {
    if (this.#pending.length > 0) throw new EventStreamError(`stream ended inside a message (${this.#pending.length} bytes left)`);
    return [];
  }
}
