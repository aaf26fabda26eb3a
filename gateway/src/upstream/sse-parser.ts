/**
 * Incremental Server-Sent Events parser, one per upstream stream (it owns its state).
 * Follows the WHATWG event-stream rules: lines end in CRLF, LF or CR (a CRLF split
 * across two chunks counts once); `:` lines are comments; `data:` lines of one
 * event are joined with '\n'; one leading space after the colon is dropped; an
 * event is dispatched on a blank line, and only if it had at least one data line.
 * Bytes go through a StringDecoder, so a UTF-8 character split across chunks is
 * decoded whole. `id` and `retry` fields are ignored (the gateway never reconnects).
 *
 * Hot path: one indexOf per line terminator, no regexes, no per-line arrays.
 */
import { StringDecoder } from 'node:string_decoder';
import type { SseEvent } from '../providers/types.js';

const LF = 10;
const COLON = 58;
const SPACE = 32;

export interface SseParserOptions {
  /** Max characters held for an unterminated line; past it `push` throws (a runaway upstream). Default 16 Mi. */
  maxLineChars?: number;
}

export class SseLineTooLongError extends Error {
  readonly code = 'SSE_LINE_TOO_LONG';
  constructor(limit: number) {
    super(`SSE line longer than ${limit} characters`);
    this.name = 'SseLineTooLongError';
  }
}

export class SseParser {
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxLineChars: number;
  /** Unterminated tail of the text seen so far. */
  #pending = '';
  /** The last chunk ended in CR: a leading LF on the next one belongs to it. */
  #skipLF = false;
  #event = '';
  #data = '';
  #hasData = false;

  constructor(opts: SseParserOptions = {}) {
    this.#maxLineChars = opts.maxLineChars ?? 16 * 1024 * 1024;
  }

  /** Feeds one chunk; returns the events completed by it (often none or one). */
  push(chunk: Buffer | string): SseEvent[] {
    const out: SseEvent[] = [];
    this.#feed(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk), out);
    return out;
  }

  /**
   * The stream ended: flushes the decoder, treats an unterminated last line as a line
   * and dispatches a pending event even without its closing blank line (upstreams that
   * omit the final "\n\n" still get their last event through). Then the parser is reset.
   */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    this.#feed(this.#decoder.end(), out);
    if (this.#pending.length > 0) {
      const s = this.#pending;
      this.#pending = '';
      this.#line(s, 0, s.length, out);
    }
    this.#dispatch(out);
    this.#skipLF = false;
    return out;
  }

  #feed(text: string, out: SseEvent[]): void {
    if (text.length === 0) return;
    if (this.#skipLF) {
      this.#skipLF = false;
      if (text.charCodeAt(0) === LF) {
        if (text.length === 1) return;
        text = text.slice(1);
      }
    }
    const s = this.#pending.length > 0 ? this.#pending + text : text;
    const n = s.length;
    let pos = 0;
    let lf = -2; // -2: not searched yet; -1: none left
    let cr = -2;
    for (;;) {
      if (lf !== -1 && lf < pos) lf = s.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = s.indexOf('\r', pos);
      let end: number;
      let next: number;
      if (cr === -1) {
        if (lf === -1) break;
        end = lf;
        next = lf + 1;
      } else if (lf !== -1 && lf < cr) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < n) {
          next = s.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        } else {
          next = cr + 1;
          this.#skipLF = true;
        }
      }
      this.#line(s, pos, end, out);
      pos = next;
    }
    this.#pending = pos === 0 ? s : pos < n ? s.slice(pos) : '';
    if (this.#pending.length > this.#maxLineChars) {
      this.#pending = '';
      throw new SseLineTooLongError(this.#maxLineChars);
    }
  }

  /** One line, s[start, end), without its terminator. */
  #line(s: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      this.#dispatch(out);
      return;
    }
    const first = s.charCodeAt(start);
    if (first === COLON) return; // comment
    let colon = s.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let vStart = colon + 1;
    if (vStart < end && s.charCodeAt(vStart) === SPACE) vStart++;
    const nameLen = colon - start;
    if (nameLen === 4 && s.startsWith('data', start)) {
      const value = vStart >= end ? '' : s.slice(vStart, end);
      if (this.#hasData) this.#data += '\n' + value;
      else {
        this.#data = value;
        this.#hasData = true;
      }
    } else if (nameLen === 5 && s.startsWith('event', start)) {
      this.#event = vStart >= end ? '' : s.slice(vStart, end);
    }
  }

  #dispatch(out: SseEvent[]): void {
    if (this.#hasData) out.push({ event: this.#event, data: this.#data });
    this.#event = '';
    this.#data = '';
    this.#hasData = false;
  }
}

/** Convenience for tests and fixtures: parses a whole stream at once. */
export function parseSse(text: string | Buffer): SseEvent[] {
  const p = new SseParser();
  return [...p.push(text), ...p.end()];
}
