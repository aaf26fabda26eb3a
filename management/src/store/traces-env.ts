/**
 * Read-only view of the gateway's traces environment. Opens lazily (the gateway may not have
 * created it yet) and retries on every access until it exists; index databases the writer has
 * not created yet are retried the same way. Never writes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import {
  INDEX_DB_OPTIONS,
  TRACE_DBS,
  TRACE_ENV_OPTIONS,
  TRACES_DATA_FILE,
  TRACES_ENV_DIR,
  traceDbOptions,
} from '../../../core/contract/store.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { mappedFileReleaser } from '../../../native/map-release.js';

export type IndexName = Exclude<keyof typeof TRACE_DBS, 'traces' | 'shapes'>;
/** Index keys are [value, id]; range bounds may use a 0xff byte as the id part (above every string). */
export type IndexKey = [string, string | Uint8Array];
export type TraceDb = Database<TraceRecord, string>;
export type IndexDb = Database<Buffer, IndexKey>;

const RETRY_MS = 1000;

export class TracesEnv {
  readonly path: string;
  private root: RootDatabase | null = null;
  private tracesDb: TraceDb | null = null;
  private readonly indexes = new Map<IndexName, IndexDb>();
  private lastTry = 0;
  private lastError: string | null = null;
  /** Drops the pages earlier scans mapped in (see map-release.ts), at most every 250 ms. */
  private readonly releaseMap: () => void;

  constructor(dataDir: string) {
    this.path = join(dataDir, TRACES_ENV_DIR);
    this.releaseMap = mappedFileReleaser(join(this.path, TRACES_DATA_FILE));
  }

  /** The primary database, or null while the gateway has not created the environment yet. */
  traces(): TraceDb | null {
    if (this.tracesDb) return this.tracesDb;
    const now = Date.now();
    if (now - this.lastTry < RETRY_MS) return null;
    this.lastTry = now;
    this.tryOpen();
    return this.tracesDb;
  }

  index(name: IndexName): IndexDb | null {
    const have = this.indexes.get(name);
    if (have) return have;
    if (!this.root || !this.traces()) return null;
    const db = this.root.openDB<Buffer, IndexKey>(TRACE_DBS[name], { ...INDEX_DB_OPTIONS }) as IndexDb | undefined;
    if (!db) return null; // not created by the writer yet
    this.indexes.set(name, db);
    return db;
  }

  get isOpen(): boolean {
    return this.traces() !== null;
  }

  get error(): string | null {
    return this.lastError;
  }

  /**
   * See the writer's latest commits now rather than on the next event turn; also lets go of the
   * file pages earlier scans left mapped.
   */
  refresh(): void {
    if (this.root === null) return;
    this.root.resetReadTxn();
    this.releaseMap();
  }

  private tryOpen(): void {
    if (!existsSync(join(this.path, TRACES_DATA_FILE))) {
      this.lastError = 'traces environment does not exist yet';
      return;
    }
    try {
      const root = this.root ?? open({ path: this.path, readOnly: true, ...TRACE_ENV_OPTIONS });
      this.root = root;
      const db = root.openDB<TraceRecord, string>(TRACE_DBS.traces, traceDbOptions(root)) as TraceDb | undefined;
      if (!db) {
        this.lastError = 'traces database not created yet';
        return;
      }
      this.tracesDb = db;
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
    }
  }

  async close(): Promise<void> {
    const root = this.root;
    this.root = null;
    this.tracesDb = null;
    this.indexes.clear();
    if (root) await root.close();
  }
}
