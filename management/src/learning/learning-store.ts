/**
 * The learning loop's named databases in the management environment (the same lmdb env as
 * part 1's datasets and runs; only this process writes it). Records are whole JSON-able
 * objects; every status or progress change goes through `patch`, a read-merge-write inside
 * one transaction, so an update never blanks fields it does not name.
 */
import type { Database } from 'lmdb';
import type { ManagementEnv } from '../store/management-env.js';

export type RowKey = [string, number, string]; // [owner id, index, sub key]
export type DistillKey = [string, string, number, number]; // [job id, kind, index, sub index]

export interface LearningStore {
  readonly env: ManagementEnv;
  /** Custom metrics by metric_id. */
  readonly metrics: Database<unknown, string>;
  /** Evaluations and distillation jobs by id (ids carry a prefix: eval_, dj_). */
  readonly jobs: Database<unknown, string>;
  /** Evaluation sample snapshots [evalId, index, ''] and results [evalId, index, model]. */
  readonly evalRows: Database<unknown, RowKey>;
  /** Distillation rows: [jobId, 'p' prompt | 'c' candidate | 'w' curation | 'log' | 'metric' | 'e' student eval, i, k]. */
  readonly distillRows: Database<unknown, DistillKey>;
  /** Router packages by id (time-ordered). */
  readonly packages: Database<unknown, string>;
}

const cache = new WeakMap<ManagementEnv, LearningStore>();

export function learningStore(env: ManagementEnv): LearningStore {
  const hit = cache.get(env);
  if (hit) return hit;
  const rec = { encoding: 'msgpack', compression: true } as const;
  const s: LearningStore = {
    env,
    metrics: env.root.openDB<unknown, string>('learning_metrics', rec),
    jobs: env.root.openDB<unknown, string>('learning_jobs', rec),
    evalRows: env.root.openDB<unknown, RowKey>('evaluation_rows', rec),
    distillRows: env.root.openDB<unknown, DistillKey>('distillation_rows', rec),
    packages: env.root.openDB<unknown, string>('router_packages', rec),
  };
  cache.set(env, s);
  return s;
}

/** True while the environment can still be written (false once the service closes it). */
export function storeOpen(s: LearningStore): boolean {
  return (s.env.root as unknown as { status?: string }).status === 'open';
}

/** Read-merge-write of one record; returns the merged record, or undefined when absent. */
export async function patch<T extends object>(db: Database<unknown, string>, s: LearningStore, id: string, change: Partial<T> | ((cur: T) => Partial<T>)): Promise<T | undefined> {
  let out: T | undefined;
  await s.env.root.transaction(() => {
    const cur = db.get(id) as T | undefined;
    if (!cur) return;
    const p = typeof change === 'function' ? change(cur) : change;
    out = { ...cur, ...p, updated_at: new Date().toISOString() };
    db.put(id, out);
  });
  return out;
}

export const MAX_KEY = new Uint8Array([0xff]);

/** Range over every row of one owner. */
export const ownerRange = (id: string): { start: RowKey; end: RowKey } => ({ start: [id, -1, ''], end: [id, Number.MAX_SAFE_INTEGER, MAX_KEY] as unknown as RowKey });

export async function removeOwnerRows<K extends RowKey | DistillKey>(s: LearningStore, db: Database<unknown, K>, id: string): Promise<void> {
  await s.env.root.transaction(() => {
    const range = { start: [id] as unknown as K, end: [id, MAX_KEY] as unknown as K };
    for (const k of db.getKeys({ ...range, snapshot: false })) db.remove(k);
  });
}
