/**
 * Auto-collect state in the management environment: one config per dataset, the run history,
 * and the traces each collector has already considered (so no trace is copied twice, across
 * restarts: the marks are written in the same transaction as the samples).
 */
import type { Database } from 'lmdb';
import type { ManagementEnv } from '../store/management-env.js';
import type { CollectConfig, CollectRun } from './collect-types.js';

type DsKey = [string, string]; // [tenant, dataset_id]
type RunKey = [string, string, string]; // [tenant, dataset_id, run_id]
type SeenKey = [string, string, string]; // [tenant, dataset_id, trace_id]

export interface CollectStore {
  readonly env: ManagementEnv;
  readonly configs: Database<unknown, DsKey>;
  readonly runs: Database<unknown, RunKey>;
  readonly seen: Database<unknown, SeenKey>;
}

const MAX = new Uint8Array([0xff]) as unknown as string;

export function collectStore(env: ManagementEnv): CollectStore {
  const rec = { encoding: 'msgpack', compression: true } as const;
  return {
    env,
    configs: env.root.openDB<unknown, DsKey>('auto_collect', rec),
    runs: env.root.openDB<unknown, RunKey>('auto_collect_runs', rec),
    seen: env.root.openDB<unknown, SeenKey>('auto_collect_seen', { encoding: 'msgpack' }),
  };
}

export const getConfig = (s: CollectStore, tenant: string, id: string): CollectConfig | undefined => s.configs.get([tenant, id]) as CollectConfig | undefined;

export const putConfig = (s: CollectStore, c: CollectConfig): Promise<boolean> => s.configs.put([c.tenant_id, c.dataset_id], c);

export function allConfigs(s: CollectStore): CollectConfig[] {
  return [...s.configs.getRange({})].map((e) => e.value as CollectConfig);
}

/** Removes the config, its history and its marks. */
export async function deleteCollector(s: CollectStore, tenant: string, id: string): Promise<boolean> {
  let found = false;
  await s.env.root.transaction(() => {
    found = s.configs.get([tenant, id]) !== undefined;
    s.configs.remove([tenant, id]);
    for (const k of s.runs.getKeys({ start: [tenant, id], end: [tenant, id, MAX] })) s.runs.remove(k);
    for (const k of s.seen.getKeys({ start: [tenant, id], end: [tenant, id, MAX] })) s.seen.remove(k);
  });
  return found;
}

export const isSeen = (s: CollectStore, tenant: string, id: string, traceId: string): boolean => s.seen.get([tenant, id, traceId]) !== undefined;

/** Inside a transaction: mark traces as considered (`added` says whether it became a sample). */
export function markSeen(s: CollectStore, tenant: string, id: string, traceIds: Iterable<string>, added: ReadonlySet<string>): void {
  for (const t of traceIds) s.seen.put([tenant, id, t], added.has(t) ? 1 : 0);
}

export const putRun = (s: CollectStore, r: CollectRun): Promise<boolean> => s.runs.put([r.tenant_id, r.dataset_id, r.run_id], r);

/** History, newest first. */
export function listRuns(s: CollectStore, tenant: string, id: string, limit: number, offset: number): { runs: CollectRun[]; total: number } {
  const range = { start: [tenant, id, MAX] as RunKey, end: [tenant, id] as unknown as RunKey, reverse: true };
  const runs = [...s.runs.getRange({ ...range, limit, offset })].map((e) => e.value as CollectRun);
  return { runs, total: s.runs.getKeysCount(range) };
}
