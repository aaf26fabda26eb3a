import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { LMDB_PRIVATE_OPTIONS, mkdirPrivate, privateLmdbFiles } from '../../../core/contract/private-files.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import {
  INDEX_DB_OPTIONS,
  TRACE_DBS,
  TRACES_ENV_DIR,
  TRACE_ENV_OPTIONS,
  TRACE_INDEX_NAMES,
  traceDbOptions,
  type TraceIndexName,
} from '../../../core/contract/store.js';

/** Index keys are `[value, id]`; values are empty buffers. */
export type IndexKey = [string, string];

/** The opened traces environment: the root env, the primary db and one db per index. */
export interface TraceStore {
  readonly root: RootDatabase;
  readonly traces: Database<TraceRecord, string>;
  readonly indexes: Readonly<Record<TraceIndexName, Database<Buffer, IndexKey>>>;
  readonly path: string;
  readonly readOnly: boolean;
}

/**
 * Opens `<dataDir>/traces` with the contract's options. The writer (the gateway, one process)
 * opens it read-write, which creates the named databases; readers (the management server,
 * tests, benchmarks) pass `readOnly: true` and need the writer to have run once.
 */
export function openTraceStore(dataDir: string, opts: { readOnly?: boolean } = {}): TraceStore {
  const readOnly = opts.readOnly === true;
  const path = join(dataDir, TRACES_ENV_DIR);
  // lmdb-js spins forever on a directory it cannot create: fail fast with the reason instead.
  if (!readOnly) {
    try {
      mkdirPrivate(path);
      accessSync(path, constants.W_OK);
    } catch (err) {
      throw new Error(`traces directory ${path} is not writable: ${(err as Error).message}`);
    }
  }
  // Traces hold prompts: data.mdb and lock.mdb 0600, the directories 0700 (contract/private-files.ts).
  const root = open({ path, ...TRACE_ENV_OPTIONS, ...LMDB_PRIVATE_OPTIONS, readOnly });
  if (!readOnly) privateLmdbFiles(path);
  try {
    const traces = root.openDB<TraceRecord, string>({ name: TRACE_DBS.traces, ...traceDbOptions(root) });
    const indexes = {} as Record<TraceIndexName, Database<Buffer, IndexKey>>;
    for (const name of TRACE_INDEX_NAMES) {
      indexes[name] = root.openDB<Buffer, IndexKey>({ name: TRACE_DBS[name], ...INDEX_DB_OPTIONS });
    }
    // A read-only open of an env the writer never initialised yields undefined databases.
    const missing = [traces, ...Object.values(indexes)].some((db) => db === undefined);
    if (missing) throw new Error(`traces store at ${path} is not initialised (start the gateway once)`);
    return { root, traces, indexes, path, readOnly };
  } catch (err) {
    void root.close();
    throw err;
  }
}
