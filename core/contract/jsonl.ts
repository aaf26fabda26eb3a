/**
 * JSONL / NDJSON reading, one way for every reader (routing datasets, sample and trace imports,
 * the gateway's trace ingest): lines split on LF (CRLF tolerated), each trimmed, blank ones
 * skipped, the rest parsed one by one with its 1-based line number. What a bad line means
 * (an error, a skip, a count) stays with the caller. Pure.
 */
import { jsonDepthExceeds } from './json-depth.js';

export type JsonlLine =
  | { line: number; ok: true; value: unknown }
  /** `invalid`: not JSON; `too_deep`: nests deeper than MAX_JSON_DEPTH (checked before parsing, when asked). */
  | { line: number; ok: false; error: 'invalid' | 'too_deep' };

export interface JsonlOptions {
  /** Refuse lines that nest deeper than MAX_JSON_DEPTH before parsing them (default false). */
  depthCap?: boolean;
}

export function* jsonlLines(text: string, opts: JsonlOptions = {}): Generator<JsonlLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!.trim();
    if (s === '') continue;
    if (opts.depthCap === true && jsonDepthExceeds(s)) {
      yield { line: i + 1, ok: false, error: 'too_deep' };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch {
      yield { line: i + 1, ok: false, error: 'invalid' };
      continue;
    }
    yield { line: i + 1, ok: true, value };
  }
}
