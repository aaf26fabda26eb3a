/**
 * Layout of the gateway's LMDB traces environment. Writer (gateway) and readers
 * (management) must open it with exactly these options.
 *
 * Databases (all in `<dataDir>/traces`):
 * - `traces`:       key = trace id (time-ordered string) -> TraceRecord
 * - `idx_model`:    key = [selected_model, id] -> null
 * - `idx_provider`: key = [provider, id] -> null
 * - `idx_status`:   key = ['error', id] -> null       (only failed traces)
 * - `idx_session`:  key = [session_id, id] -> null   (only traces with a session)
 * - `idx_api_key`:  key = [api_key_id, id] -> null   (only traces with a key id)
 * - `trace_shapes`: key = 'shapes' -> the record shapes of `traces` (see traceDbOptions)
 * The primary database is the time index: ids sort by arrival time.
 */
import type { RootDatabase } from 'lmdb';

export const TRACES_ENV_DIR = 'traces';
/** The file LMDB keeps the environment's data in, inside TRACES_ENV_DIR. */
export const TRACES_DATA_FILE = 'data.mdb';

export const TRACE_DBS = {
  traces: 'traces',
  byModel: 'idx_model',
  byProvider: 'idx_provider',
  byStatus: 'idx_status',
  bySession: 'idx_session',
  byApiKey: 'idx_api_key',
  shapes: 'trace_shapes',
} as const;

/** Root environment options (lmdb-js `open`). */
export const TRACE_ENV_OPTIONS = {
  maxDbs: 16,
  // 64 GiB of address space; the file grows only as it is used.
  mapSize: 64 * 1024 ** 3,
  // Durability: commits are flushed asynchronously with overlapping sync (see README: a crash
  // can lose the last fraction of a second of traces, never corrupt the store).
  overlappingSync: true,
} as const;

/**
 * Options for the `traces` database (lmdb-js `openDB`).
 * LZ4 compression applies to values of 4 KiB and more: long conversations, which hold most of
 * the bytes. Below that it is skipped because lmdb-js schedules one thread-pool job per
 * compressed value from the main thread, which measured ~22 us of the writer process's CPU per
 * ~2 KB trace (48 -> 26 us; bench/macro/trace-writer.ts). Compressed values are flagged in
 * their first byte, so readers decode both kinds whatever threshold they were opened with.
 */
export const TRACE_DB_OPTIONS = {
  encoding: 'msgpack',
  compression: { threshold: 4096 },
} as const;

const SHAPES_KEY = 'shapes';

/**
 * TRACE_DB_OPTIONS plus shared record shapes for an opened environment. msgpackr stores an object
 * as a record: its keys once, in a shape shared by every record like it, then only the values. The
 * shapes live in their own database (not in `traces`, whose key range readers scan) and are saved
 * in a synchronous transaction before any record using them commits, so every snapshot that holds
 * a record holds its shape. Measured on a typical trace: 880 -> 354 bytes, 3.3 -> 1.4 us to encode.
 * Records written before shapes existed are self-describing and still read.
 */
export function traceDbOptions(root: RootDatabase): typeof TRACE_DB_OPTIONS & {
  getStructures(): unknown;
  saveStructures(structures: unknown, isCompatible: ((existing: unknown) => boolean) | number): boolean | undefined;
} {
  // A reader opened before the writer created the database retries on the next lookup.
  let shapesDb: ReturnType<RootDatabase['openDB']> | undefined;
  const shapes = (): ReturnType<RootDatabase['openDB']> | undefined =>
    (shapesDb ??= (root.openDB({ name: TRACE_DBS.shapes, encoding: 'msgpack', compression: false }) as ReturnType<RootDatabase['openDB']> | undefined) ?? undefined);
  shapes(); // the writer creates it now
  return {
    ...TRACE_DB_OPTIONS,
    getStructures: () => shapes()?.get(SHAPES_KEY),
    saveStructures: (structures, isCompatible) => {
      const db = shapes();
      if (!db) return false;
      return db.transactionSync(() => {
        const existing = db.get(SHAPES_KEY) as unknown[] | undefined;
        const ok = typeof isCompatible === 'function' ? isCompatible(existing) : !existing || existing.length === isCompatible;
        if (!ok) return false;
        void db.put(SHAPES_KEY, structures);
        return undefined;
      }) as boolean | undefined;
    },
  };
}

export const INDEX_DB_OPTIONS = {
  encoding: 'binary', // values are empty
  compression: false,
} as const;

export function statusBucket(isError: boolean): 'ok' | 'error' {
  return isError ? 'error' : 'ok';
}

/** The secondary indexes, in write order. Readers loop over this to open them. */
export const TRACE_INDEX_NAMES = ['byModel', 'byProvider', 'byStatus', 'bySession', 'byApiKey'] as const;
export type TraceIndexName = (typeof TRACE_INDEX_NAMES)[number];

/**
 * Longest index key part, in UTF-16 units. lmdb-js refuses keys over ~1,978 bytes; 256 code units
 * are at most 768 bytes of UTF-8, so `[part, id]` always fits. Longer values are truncated.
 */
export const INDEX_PART_MAX = 256;

/**
 * An index key part as stored: lmdb-js array keys use NUL as the element delimiter, so NUL
 * becomes U+FFFD, and the part is cut to INDEX_PART_MAX. Readers querying an index must pass
 * their value through this too.
 */
export function indexKeyPart(value: string): string {
  const clean = value.includes('\u0000') ? value.replace(/\u0000/g, '\ufffd') : value;
  return clean.length > INDEX_PART_MAX ? clean.slice(0, INDEX_PART_MAX) : clean;
}

/** The index entries written for one trace: `[index, [value, id]]`. Shared by writer and readers. */
export function traceIndexKeys(
  record: Pick<TraceIndexFields, 'selected_model' | 'provider' | 'is_error' | 'session_id' | 'api_key_id'>,
  id: string,
): Array<[TraceIndexName, [string, string]]> {
  const out: Array<[TraceIndexName, [string, string]]> = [
    ['byModel', [indexKeyPart(record.selected_model), id]],
    ['byProvider', [indexKeyPart(record.provider), id]],
  ];
  // Only failures are indexed by status: an 'ok' entry would mark nearly every trace and cost a put
  // per request; readers filter successes on the record itself.
  if (record.is_error) out.push(['byStatus', [statusBucket(true), id]]);
  if (record.session_id) out.push(['bySession', [indexKeyPart(record.session_id), id]]);
  if (record.api_key_id) out.push(['byApiKey', [indexKeyPart(record.api_key_id), id]]);
  return out;
}

/** The trace fields the indexes read (a structural subset of TraceRecord, kept dependency-free). */
export interface TraceIndexFields {
  selected_model: string;
  provider: string;
  is_error: boolean;
  session_id: string;
  api_key_id: string;
}

/**
 * Range bounds for every id under one index value: `getRange(indexRange(v))` on an index db
 * yields `{ key: [v, id] }` in id (time) order. `[v]` sorts before every `[v, id]`, and a 0xff byte
 * (lmdb-js ordered-binary's MAXIMUM_KEY) after every string id, whatever characters ids hold.
 */
export function indexRange(value: string): { start: [string]; end: [string, Uint8Array] } {
  const part = indexKeyPart(value);
  return { start: [part], end: [part, new Uint8Array([0xff])] };
}
