/** Custom metrics in the learning store; built-ins are constants and cannot be changed. */
import type { LearningStore } from '../learning-store.js';
import { BUILTIN_METRICS, builtinById } from './builtins.js';
import type { MetricDef } from './types.js';

export function listMetrics(s: LearningStore): MetricDef[] {
  return [...BUILTIN_METRICS, ...[...s.metrics.getRange({ snapshot: false })].map((e) => e.value as MetricDef)];
}

/** A metric by id: built-in first, then custom. */
export function getMetric(s: LearningStore, id: string): MetricDef | undefined {
  return builtinById(id) ?? (s.metrics.get(id) as MetricDef | undefined);
}

export async function putMetric(s: LearningStore, m: MetricDef): Promise<void> {
  await s.metrics.put(m.metric_id, m);
}

export async function removeMetric(s: LearningStore, id: string): Promise<boolean> {
  return s.metrics.remove(id);
}
