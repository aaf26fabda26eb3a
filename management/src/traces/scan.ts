/**
 * Chunked newest-first scans over a source. Each chunk is a fresh short range read with
 * `snapshot: false`; between chunks the scan yields to the event loop and resets the read
 * transaction, so a long scan never pins an old snapshot (the gateway's writer can keep
 * reusing pages) and never starves other requests.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { TracesEnv } from '../store/traces-env.js';
import { MAX_KEY_PART, type IdRange, type Source } from './plan.js';

export interface ScanOptions {
  /** Start below this id (exclusive), for cursors. */
  readonly before?: string;
  readonly chunk?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_CHUNK = 1000;

/** Yields arrays of records, newest first. */
export async function* scanRecords(env: TracesEnv, s: Source, r: IdRange, o: ScanOptions = {}): AsyncGenerator<TraceRecord[]> {
  const traces = env.traces();
  if (!traces) return;
  const chunk = o.chunk ?? DEFAULT_CHUNK;
  let high: string | undefined = r.high;
  let exclusive = false;
  if (o.before !== undefined && (high === undefined || o.before <= high)) {
    high = o.before;
    exclusive = true;
  }
  let first = true;
  for (;;) {
    if (!first) {
      await nextTurn();
      if (o.signal?.aborted) return;
      env.refresh();
    }
    first = false;
    const records: TraceRecord[] = [];
    // Both kinds of source: newest first, one chunk, no snapshot kept.
    const read = { reverse: true, exclusiveStart: exclusive, inclusiveEnd: true, limit: chunk, snapshot: false };
    let lastId: string | null = null;
    let seen = 0;
    if (s.kind === 'primary') {
      for (const { key, value } of traces.getRange({
        start: high,
        end: r.low,
        ...read,
      })) {
        seen++;
        lastId = key;
        if (value) records.push(value);
      }
    } else {
      const idx = env.index(s.name);
      if (!idx) return;
      for (const key of idx.getKeys({
        start: [s.value, high ?? MAX_KEY_PART],
        end: [s.value, r.low ?? ''],
        ...read,
      })) {
        seen++;
        const id = key[1] as string; // stored keys always hold the string id
        lastId = id;
        const rec = traces.get(id);
        if (rec) records.push(rec);
      }
    }
    if (records.length > 0) yield records;
    if (seen < chunk || lastId === null) return;
    high = lastId;
    exclusive = true;
  }
}
