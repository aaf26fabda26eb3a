import { join } from 'node:path';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { newTraceId } from '../../../core/contract/trace-id.js';
import { TRACES_DATA_FILE, traceIndexKeys, type TraceIndexName } from '../../../core/contract/store.js';
import { mappedFileReleaser } from '../../../native/map-release.js';
import { openTraceStore } from './store-open.js';

/**
 * The one trace writer of the gateway.
 *
 * `write()` queues the record and its index entries with lmdb-js's asynchronous `put`, all in one
 * event turn, so lmdb-js commits them in one transaction on its own write thread (it encodes on
 * the main thread, compresses and writes off it). With `batchMs` > 0 (the default of `open()`),
 * records are held that long first and put together: each lmdb-js transaction costs a native
 * async job, dirty pages of six B-trees and a sync, so one per few ms instead of one per event
 * turn measured 117 -> 95 us of gateway CPU per proxied request and halved p50 at c=1
 * (bench/macro/gateway-overhead.sh). Nothing here blocks, awaits or throws into the caller:
 * every outcome ends in a counter.
 *
 * Counters keep `accepted = written + failed + dropped + pending` at every moment.
 * - accepted: calls to write()
 * - written:  committed (visible to readers; see flush() for durability)
 * - failed:   put threw (bad key, unencodable value), commit failed, or writer closed
 * - dropped:  refused because the backlog bound was reached
 * - pending:  held for the batch, or queued with commit not yet confirmed
 *
 * Durability (TRACE_ENV_OPTIONS.overlappingSync): a commit is visible when its put promise
 * resolves and reaches the disk shortly after, in parallel with the next commits. A process crash
 * loses what is pending: the records held for the batch (`batchMs`) and those of the commit in
 * flight on the write thread, which a loaded machine stretches (measured: answers of up to ~50 ms
 * before a kill -9, bench/macro/kill9-trace-loss.ts). `writeCommitted` (OPENTRACY_TRACE_DURABILITY=sync)
 * skips the hold and lets the caller wait for the commit. An OS crash or power loss can also lose
 * the commits not yet flushed (typically well under a second). The store is never corrupted
 * either way; `flush({ durable: true })` waits for the disk.
 */

/** Minimal write surface of an lmdb-js database; lets tests inject failing stores. */
export interface PutTarget<K, V> {
  put(key: K, value: V): Promise<boolean>;
}

export interface WritableTraceStore {
  readonly traces: PutTarget<string, TraceRecord>;
  readonly indexes: Readonly<Record<TraceIndexName, PutTarget<[string, string], Buffer>>>;
  /** Resolves when every commit so far is on disk (lmdb-js `root.flushed`). */
  readonly root: { readonly flushed: PromiseLike<boolean>; close(): Promise<void> };
}

export interface TraceWriterOptions {
  /** Most records queued but not committed; beyond it records are dropped. Default 100,000. */
  maxPending?: number;
  /**
   * Most puts queued but not committed. lmdb-js blocks the main thread (Atomics.wait) once
   * 300,000 writes are outstanding; staying under that keeps write() non-blocking. Default 250,000.
   */
  maxPendingOps?: number;
  /** Where failures are reported; called at most once per logIntervalMs. Default console.error. */
  log?: (message: string) => void;
  logIntervalMs?: number;
  /** Clock for ids of records without a timestamp. */
  now?: () => number;
  /**
   * Hold records this long and put them in one turn (fewer, larger transactions). 0 puts each
   * record in the caller's turn. Default 0 here, DEFAULT_BATCH_MS through `open()`.
   */
  batchMs?: number;
  /** Called after each successful commit (the gateway releases the file's mapped pages there). */
  afterCommit?: () => void;
}

export interface TraceWriterStats {
  accepted: number;
  written: number;
  failed: number;
  dropped: number;
  pending: number;
  /** Highest `pending` seen since start. */
  pending_peak: number;
}

/** Records that share one lmdb-js commit promise (one transaction). */
interface Batch {
  records: number;
  ops: number;
  settled: boolean;
  ok: boolean;
  done: Promise<void>;
}

const EMPTY = Buffer.alloc(0);
export const DEFAULT_MAX_PENDING = 100_000;
export const DEFAULT_MAX_PENDING_OPS = 250_000;
/**
 * Batches amortise lmdb-js's per-transaction cost, but every record of a batch is encoded and
 * put in one event turn, which holds up every request in flight meanwhile. At c=64 (~14k
 * req/s on one core) 25 ms batches (~350 records, ~2.5 ms of work) set the p99 at 12.4-14.8 ms;
 * 10 ms batches gave 7.8-9.4 ms at the same throughput and CPU per request, 5 ms cost 7 % of
 * the throughput (bench/RESULTS.md §1). A full batch is written early so one turn never
 * encodes too many records.
 */
export const DEFAULT_BATCH_MS = 10;
export const MAX_HELD_RECORDS = 1_000;

export class TraceWriter {
  private readonly store: WritableTraceStore;
  private readonly maxPending: number;
  private readonly maxPendingOps: number;
  private readonly logFn: (message: string) => void;
  private readonly logIntervalMs: number;
  private readonly now: () => number;
  private readonly batchMs: number;
  private readonly afterCommit: (() => void) | undefined;

  private accepted = 0;
  private written = 0;
  private failed = 0;
  private dropped = 0;
  private pending = 0;
  private pendingOps = 0;
  private pendingPeak = 0;

  private lastPromise: Promise<boolean> | undefined;
  private batch: Batch | undefined;
  private closing: Promise<void> | undefined;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;
  /** Records held for the next batch (counted in pending and pendingOps already). */
  private held: TraceRecord[] = [];
  private heldOps = 0;
  private batchTimer: NodeJS.Timeout | undefined;

  constructor(store: WritableTraceStore, opts: TraceWriterOptions = {}) {
    this.store = store;
    this.maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
    this.maxPendingOps = opts.maxPendingOps ?? DEFAULT_MAX_PENDING_OPS;
    this.logFn = opts.log ?? ((m) => console.error(m));
    this.logIntervalMs = opts.logIntervalMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.batchMs = opts.batchMs ?? 0;
    this.afterCommit = opts.afterCommit;
  }

  /** Opens (creating if needed) `<dataDir>/traces` read-write. Throws if the env cannot be opened. */
  static open(dataDir: string, opts: TraceWriterOptions = {}): TraceWriter {
    const store = openTraceStore(dataDir);
    const afterCommit = mappedFileReleaser(join(store.path, TRACES_DATA_FILE));
    return new TraceWriter(store, { batchMs: DEFAULT_BATCH_MS, afterCommit, ...opts });
  }

  /**
   * Queues one trace. Sets `record.request_id` (a time-ordered id from `record.timestamp`) when it
   * is empty. With batching the record is encoded up to `batchMs` later: do not change it after
   * this call.
   */
  write(record: TraceRecord): void {
    const ops = this.admit(record);
    if (ops === 0) return;
    if (this.batchMs <= 0) {
      this.put(record);
      return;
    }
    this.held.push(record);
    this.heldOps += ops;
    this.pending++;
    this.pendingOps += ops;
    if (this.pending > this.pendingPeak) this.pendingPeak = this.pending;
    if (this.held.length >= MAX_HELD_RECORDS) this.putHeld();
    else if (this.batchTimer === undefined) {
      this.batchTimer = setTimeout(() => this.putHeld(), this.batchMs);
      this.batchTimer.unref(); // close() and flush() put what is held
    }
  }

  /**
   * Like write(), but puts the record at once (no batch hold) and resolves once its lmdb-js
   * transaction has committed: true when written, false when it failed or was dropped (counted
   * and logged as for write()). Committed means in the OS's file pages, so it survives a
   * process crash (kill -9); reaching the disk is the asynchronous flush (see flush()).
   * Puts made in the same event turn still share one transaction. Never rejects.
   */
  writeCommitted(record: TraceRecord): Promise<boolean> {
    if (this.admit(record) === 0) return Promise.resolve(false);
    const batch = this.put(record);
    if (batch === undefined) return Promise.resolve(false);
    return batch.done.then(() => batch.ok);
  }

  /**
   * Counts a trace that could not even be built (the caller caught the error): accepted and
   * failed, and logged, so no request leaves a silent hole in the counters.
   */
  fail(requestId: string, err: unknown): void {
    this.accepted++;
    this.failed++;
    this.report(`trace ${requestId || '(no id)'} not written: ${describe(err)}`);
  }

  /** Counts the record as accepted; 0 when refused (closed or backlog full), else its puts. */
  private admit(record: TraceRecord): number {
    this.accepted++;
    if (this.closing !== undefined) {
      this.failed++;
      this.report('trace writer is closed; trace not written');
      return 0;
    }
    const ops = opsOf(record);
    if (this.pending >= this.maxPending || this.pendingOps + ops > this.maxPendingOps) {
      this.dropped++;
      this.report(`trace backlog full (${this.pending} pending); trace dropped`);
      return 0;
    }
    if (!record.request_id) {
      const ts = record.timestamp;
      record.request_id = newTraceId(Number.isFinite(ts) && ts > 0 ? ts : this.now());
    }
    return ops;
  }

  /** Puts every held record, in this turn (one lmdb-js transaction). */
  private putHeld(): void {
    if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const records = this.held;
    if (records.length === 0) return;
    this.held = [];
    this.pending -= records.length;
    this.pendingOps -= this.heldOps;
    this.heldOps = 0;
    for (const r of records) this.put(r);
  }

  /**
   * Queues the record and its index entries with lmdb-js; a put that throws counts as failed.
   * Returns the batch whose commit decides the record, undefined when it failed at once.
   */
  private put(record: TraceRecord): Batch | undefined {
    let last: Promise<boolean> | undefined;
    let opsOnLast = 0;
    try {
      const id = record.request_id;
      last = this.store.traces.put(id, record);
      opsOnLast = 1;
      for (const [index, key] of traceIndexKeys(record, id)) {
        const p = this.store.indexes[index].put(key, EMPTY);
        if (p === last) opsOnLast++;
        else {
          // A new transaction began mid-record (not expected with event-turn batching): keep
          // watching the earlier promise too, so its outcome is counted and never unhandled.
          this.track(last, 0, opsOnLast);
          last = p;
          opsOnLast = 1;
        }
      }
      return this.track(last, 1, opsOnLast);
    } catch (err) {
      // Puts already queued for this record still commit; account for them, count the record failed.
      if (last !== undefined) this.track(last, 0, opsOnLast);
      forgetUnsavedShapes(this.store.traces);
      this.failed++;
      this.report(`trace write failed (${record.request_id}): ${describe(err)}`);
      return undefined;
    }
  }

  /** Counters for /health. */
  stats(): TraceWriterStats {
    return {
      accepted: this.accepted,
      written: this.written,
      failed: this.failed,
      dropped: this.dropped,
      pending: this.pending,
      pending_peak: this.pendingPeak,
    };
  }

  /**
   * Resolves once everything accepted so far is committed (or has failed); never rejects.
   * With `durable: true` it also waits until those commits are flushed to disk.
   */
  async flush(opts: { durable?: boolean } = {}): Promise<void> {
    if (this.batchMs > 0) {
      // Put what is held at the end of this turn, so writes made later in the turn join it.
      await Promise.resolve();
      this.putHeld();
    }
    if (this.batch !== undefined && !this.batch.settled) await this.batch.done;
    if (opts.durable === true) await Promise.resolve(this.store.root.flushed).then(noop, noop);
  }

  /** Refuses further writes, waits for pending commits and the disk flush, then closes the env. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush({ durable: true });
      await this.store.root.close().catch((err: unknown) => this.report(`trace store close failed: ${describe(err)}`));
    })();
    return this.closing;
  }

  /** Accounts `records` and `ops` against the commit promise `p` (one per transaction). */
  private track(p: Promise<boolean>, records: number, ops: number): Batch {
    this.pending += records;
    this.pendingOps += ops;
    if (this.pending > this.pendingPeak) this.pendingPeak = this.pending;
    let batch = this.batch;
    if (p !== this.lastPromise || batch === undefined || batch.settled) {
      const b: Batch = { records: 0, ops: 0, settled: false, ok: false, done: Promise.resolve() };
      b.done = p.then(
        () => this.settle(b, true, undefined),
        (err: unknown) => this.settle(b, false, err),
      );
      this.lastPromise = p;
      this.batch = batch = b;
    }
    batch.records += records;
    batch.ops += ops;
    return batch;
  }

  private settle(b: Batch, ok: boolean, err: unknown): void {
    b.settled = true;
    b.ok = ok;
    this.pending -= b.records;
    this.pendingOps -= b.ops;
    if (ok) {
      this.written += b.records;
      try {
        this.afterCommit?.();
      } catch (err) {
        this.report(`after-commit hook failed: ${describe(err)}`);
      }
    } else {
      this.failed += b.records;
      this.report(`trace commit failed (${b.records} traces): ${describe(err)}`);
    }
  }

  /** Logs at most once per interval, with how many messages were held back meanwhile. */
  private report(message: string): void {
    const t = this.now();
    if (t - this.lastLogAt < this.logIntervalMs) {
      this.suppressed++;
      return;
    }
    const held = this.suppressed > 0 ? ` (${this.suppressed} similar messages suppressed)` : '';
    this.lastLogAt = t;
    this.suppressed = 0;
    try {
      this.logFn(`[traces] ${message}${held}`);
    } catch {
      // a broken logger must not break the caller either
    }
  }
}

/** Puts per record: the record and its index entries (see traceIndexKeys). */
function opsOf(record: TraceRecord): number {
  return 3 + (record.is_error ? 1 : 0) + (record.session_id ? 1 : 0) + (record.api_key_id ? 1 : 0);
}

/**
 * After an encode that threw (a stack overflow on deep nesting, a cycle), msgpackr keeps the
 * record shape it registered on the way in memory but never saves it to `trace_shapes` (its own
 * TODO in pack.js), so every later record of that shape would be stored unreadable ("Data read,
 * but end of buffer not reached"). Marking the shapes uninitialised makes the next encode reload
 * the saved ones, as msgpackr itself does when a save is declined.
 */
function forgetUnsavedShapes(db: unknown): void {
  const structures = (db as { encoder?: { structures?: { uninitialized?: boolean } } }).encoder?.structures;
  if (structures !== undefined && structures !== null) structures.uninitialized = true;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function noop(): void {}
