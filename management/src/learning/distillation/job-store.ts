/** Distillation jobs and their rows (prompts, candidates, curation, logs, metrics) in the learning store. */
import { MAX_KEY, patch, removeOwnerRows, type DistillKey, type LearningStore } from '../learning-store.js';
import { jobKey, type Candidate, type Job, type PromptSpec } from './types.js';

export const getJob = (s: LearningStore, id: string): Job | undefined => s.jobs.get(jobKey(id)) as Job | undefined;

export function allJobs(s: LearningStore): Job[] {
  return [...s.jobs.getRange({ start: 'd:', end: 'd:\uffff', snapshot: false })].map((e) => e.value as Job);
}

export const putJob = (s: LearningStore, j: Job): Promise<boolean> => s.jobs.put(jobKey(j.id), j);

export const patchJob = (s: LearningStore, id: string, change: Partial<Job> | ((cur: Job) => Partial<Job>)): Promise<Job | undefined> => patch<Job>(s.jobs, s, jobKey(id), change);

const kindRange = (id: string, kind: string): { start: DistillKey; end: DistillKey } => ({ start: [id, kind, -1, -1], end: [id, kind, MAX_KEY] as unknown as DistillKey });

export function rowsOf<T>(s: LearningStore, id: string, kind: string, limit?: number, offset?: number): Array<{ i: number; k: number; value: T }> {
  return [...s.distillRows.getRange({ ...kindRange(id, kind), snapshot: false, ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}) })].map((e) => ({ i: e.key[2], k: e.key[3], value: e.value as T }));
}

export const countRows = (s: LearningStore, id: string, kind: string): number => s.distillRows.getKeysCount(kindRange(id, kind));

export async function putPrompts(s: LearningStore, id: string, prompts: readonly PromptSpec[]): Promise<void> {
  await s.env.root.transaction(() => prompts.forEach((p, i) => s.distillRows.put([id, 'p', i, 0], p)));
}

export const putCandidate = (s: LearningStore, id: string, i: number, k: number, c: Candidate): Promise<boolean> => s.distillRows.put([id, 'c', i, k], c);

/** Curation of one prompt in one transaction: scored candidates and the verdict row. */
export async function putCuration(s: LearningStore, id: string, i: number, cands: ReadonlyArray<{ k: number; c: Candidate }>, verdict: { winner: number | null; score: number | null; reason: string }): Promise<void> {
  await s.env.root.transaction(() => {
    for (const { k, c } of cands) s.distillRows.put([id, 'c', i, k], c);
    s.distillRows.put([id, 'w', i, 0], verdict);
  });
}

/** Appends a log line `[HH:MM:SS] message` (key: ms time, then the high-resolution clock's ns). */
export function appendLog(s: LearningStore, id: string, msg: string, now = new Date()): void {
  const line = `[${now.toISOString().slice(11, 19)}] ${msg}`;
  void s.distillRows.put([id, 'log', now.getTime(), Number(process.hrtime.bigint() % 1_000_000_000n)], line).catch(() => undefined);
}

export const putMetricRow = (s: LearningStore, id: string, step: number, row: Record<string, unknown>): Promise<boolean> => s.distillRows.put([id, 'metric', step, 0], row);

export async function removeJobRows(s: LearningStore, id: string): Promise<void> {
  await removeOwnerRows(s, s.distillRows, id);
}
