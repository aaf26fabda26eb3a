/**
 * Router packages written by retraining: `<dataDir>/weights/<id>/` (id = UTC timestamp,
 * so directories sort by age), a record per package, and the deploy history that
 * rollback walks back. The history's first entry can be the package the gateway ran
 * before the first deploy (read from its /health), so rollback can return to it.
 */
import type { Check } from './build.js';
import type { LearningStore } from '../learning-store.js';

export interface PackageRecord {
  id: string;
  weights_path: string;
  created_at: string;
  source: Record<string, unknown>;
  metric: string | null;
  num_clusters: number;
  models: string[];
  n_prompts: number;
  /** The held-back check; `vs_current` is the comparison with the router in use (compare.ts). */
  check: (Check & { vs_current?: unknown }) | null;
  /** refused: the held-back check or the comparison with the current router failed, so it was not deployed. */
  status: 'written' | 'active' | 'inactive' | 'reload_failed' | 'external' | 'refused';
  deployed_at: string | null;
  error: string | null;
}

export interface DeployState {
  active: string | null;
  /** Deployed package ids, oldest first; the last is the active one. */
  history: string[];
}

const STATE = '~state';

export const packageId = (now: Date): string => now.toISOString().replace(/[-:]/g, '').replace('.', '');

export function getState(s: LearningStore): DeployState {
  return (s.packages.get(STATE) as DeployState | undefined) ?? { active: null, history: [] };
}

export function getPackage(s: LearningStore, id: string): PackageRecord | undefined {
  return id === STATE ? undefined : (s.packages.get(id) as PackageRecord | undefined);
}

export function listPackages(s: LearningStore): PackageRecord[] {
  return [...s.packages.getRange({ snapshot: false })].filter((e) => e.key !== STATE).map((e) => e.value as PackageRecord).reverse();
}

export async function putPackage(s: LearningStore, p: PackageRecord): Promise<void> {
  await s.packages.put(p.id, p);
}

/** Records a successful deploy of `id` (and of `previous` first, when the history is empty). */
export async function recordDeploy(s: LearningStore, id: string, now: string, previous: PackageRecord | null): Promise<void> {
  await s.env.root.transaction(() => {
    const st = getState(s);
    const history = [...st.history];
    if (history.length === 0 && previous) {
      s.packages.put(previous.id, previous);
      history.push(previous.id);
    }
    if (st.active) {
      const cur = getPackage(s, st.active);
      if (cur) s.packages.put(cur.id, { ...cur, status: cur.status === 'external' ? 'external' : 'inactive' });
    }
    history.push(id);
    const p = getPackage(s, id);
    if (p) s.packages.put(id, { ...p, status: p.status === 'external' ? 'external' : 'active', deployed_at: now, error: null });
    s.packages.put(STATE, { active: id, history });
  });
}

/** After a rollback reload succeeded: the last history entry is dropped, the previous one is active. */
export async function recordRollback(s: LearningStore, now: string): Promise<void> {
  await s.env.root.transaction(() => {
    const st = getState(s);
    const dropped = st.history.at(-1);
    const history = st.history.slice(0, -1);
    const active = history.at(-1) ?? null;
    if (dropped) {
      const p = getPackage(s, dropped);
      if (p) s.packages.put(dropped, { ...p, status: p.status === 'external' ? 'external' : 'inactive' });
    }
    if (active) {
      const p = getPackage(s, active);
      if (p) s.packages.put(active, { ...p, status: p.status === 'external' ? 'external' : 'active', deployed_at: now });
    }
    s.packages.put(STATE, { active, history });
  });
}
