/**
 * Layout of the gateway's LMDB traces environment. Writer (gateway) and readers
 * (management) must open it with exactly these options.
 *
 * Databases (all in `<dataDir>/traces`):
 * - `traces`:       key = trace id (time-ordered string) -> TraceRecord
 * - `idx_model`:    key = [selected_model, id] -> null
 * - `idx_provider`: key = [provider, id] -> null
 * - `idx_status`:   key = ['ok' | 'error', id] -> null
 * - `idx_session`:  key = [session_id, id] -> null   (only traces with a session)
 * - `idx_api_key`:  key = [api_key_id, id] -> null   (only traces with a key id)
 * The primary database is the time index: ids sort by arrival time.
 */
export const TRACES_ENV_DIR = 'traces';

export const TRACE_DBS = {
  traces: 'traces',
  byModel: 'idx_model',
  byProvider: 'idx_provider',
  byStatus: 'idx_status',
  bySession: 'idx_session',
  byApiKey: 'idx_api_key',
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

/** Options for every named database (lmdb-js `openDB`). */
export const TRACE_DB_OPTIONS = {
  encoding: 'msgpack',
  compression: true,
} as const;

export const INDEX_DB_OPTIONS = {
  encoding: 'binary', // values are empty
  compression: false,
} as const;

export function statusBucket(isError: boolean): 'ok' | 'error' {
  return isError ? 'error' : 'ok';
}
