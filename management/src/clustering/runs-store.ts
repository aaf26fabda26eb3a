/** Clustering runs in the management environment: the run object and its cluster -> trace map. */
import type { ManagementEnv } from '../store/management-env.js';
import type { ClusterDataset, StoredRun } from './run-types.js';

const MAX_KEY = new Uint8Array([0xff]);
const EMPTY = Buffer.alloc(0);

export async function saveRun(env: ManagementEnv, run: StoredRun, members: ReadonlyArray<{ clusterId: number; traceIds: readonly string[] }>): Promise<void> {
  await env.root.transaction(() => {
    env.runs.put(run.version.run_id, run);
    for (const m of members) for (const id of m.traceIds) env.clusterTraces.put([run.version.run_id, m.clusterId, id], EMPTY);
  });
}

export function getRun(env: ManagementEnv, runId: string): StoredRun | undefined {
  return env.runs.get(runId) as StoredRun | undefined;
}

/** Newest first (run ids are time-ordered). */
export function listRuns(env: ManagementEnv, limit: number): StoredRun[] {
  return [...env.runs.getRange({ reverse: true, limit })].map((e) => e.value as StoredRun);
}

export function countRuns(env: ManagementEnv): number {
  return env.runs.getKeysCount();
}

export async function updateDataset(env: ManagementEnv, runId: string, clusterId: number, patch: Partial<ClusterDataset>): Promise<StoredRun | undefined> {
  let out: StoredRun | undefined;
  await env.root.transaction(() => {
    const run = getRun(env, runId);
    if (!run) return;
    const datasets = run.datasets.map((d) => (d.cluster_id === clusterId ? { ...d, ...patch } : d));
    out = { ...run, datasets, summary: summarize(datasets) };
    env.runs.put(runId, out);
  });
  return out;
}

export function summarize(ds: readonly ClusterDataset[]): StoredRun['summary'] {
  return {
    total: ds.length,
    qualified: ds.filter((d) => d.status === 'qualified').length,
    candidate: ds.filter((d) => d.status === 'candidate').length,
    rejected: ds.filter((d) => d.status === 'rejected').length,
  };
}

/** A page of a cluster's trace ids, newest first, and the total. */
export function clusterTraceIds(env: ManagementEnv, runId: string, clusterId: number, limit: number, offset: number): { ids: string[]; total: number } {
  const range = { start: [runId, clusterId, MAX_KEY] as [string, number, Uint8Array], end: [runId, clusterId] as [string, number] };
  const ids = [...env.clusterTraces.getKeys({ ...range, reverse: true, limit, offset, snapshot: false })].map((k) => k[2] as string);
  const total = env.clusterTraces.getKeysCount({ start: [runId, clusterId], end: [runId, clusterId, MAX_KEY] });
  return { ids, total };
}
