/** Evaluations and their rows in the learning store. */
import { ownerRange, patch, removeOwnerRows, type LearningStore, type RowKey } from '../learning-store.js';
import type { Row } from './summary.js';
import { evalKey, type EvalOutput, type EvalSample, type Evaluation } from './types.js';

export const getEvaluation = (s: LearningStore, id: string): Evaluation | undefined => s.jobs.get(evalKey(id)) as Evaluation | undefined;

export function listEvaluations(s: LearningStore, tenant: string): Evaluation[] {
  return [...s.jobs.getRange({ start: 'e:', end: 'e:\uffff', snapshot: false })].map((e) => e.value as Evaluation).filter((e) => e.tenant_id === tenant);
}

export function allEvaluations(s: LearningStore): Evaluation[] {
  return [...s.jobs.getRange({ start: 'e:', end: 'e:\uffff', snapshot: false })].map((e) => e.value as Evaluation);
}

export async function putEvaluation(s: LearningStore, e: Evaluation): Promise<void> {
  await s.jobs.put(evalKey(e.id), e);
}

export const patchEvaluation = (s: LearningStore, id: string, change: Partial<Evaluation> | ((cur: Evaluation) => Partial<Evaluation>)): Promise<Evaluation | undefined> =>
  patch<Evaluation>(s.jobs, s, evalKey(id), change);

export async function putSamples(s: LearningStore, id: string, samples: readonly EvalSample[]): Promise<void> {
  await s.env.root.transaction(() => {
    samples.forEach((x, i) => s.evalRows.put([id, i, ''], x));
  });
}

export const putOutput = (s: LearningStore, id: string, index: number, model: string, out: EvalOutput): Promise<boolean> => s.evalRows.put([id, index, model], out);

/** Every sample snapshot and output row, in index order. */
export function readRows(s: LearningStore, id: string): { samples: Map<number, EvalSample>; rows: Row[] } {
  const samples = new Map<number, EvalSample>();
  const rows: Row[] = [];
  for (const { key, value } of s.evalRows.getRange({ ...ownerRange(id), snapshot: false })) {
    if (key[2] === '') samples.set(key[1], value as EvalSample);
    else rows.push({ index: key[1], model: key[2], out: value as EvalOutput });
  }
  return { samples, rows };
}

/** A page of samples (by index) with their outputs. */
export function readPage(s: LearningStore, id: string, offset: number, limit: number): Array<{ index: number; sample: EvalSample; outputs: Map<string, EvalOutput> }> {
  const out: Array<{ index: number; sample: EvalSample; outputs: Map<string, EvalOutput> }> = [];
  const range = { start: [id, offset, ''] as RowKey, end: [id, offset + limit, ''] as RowKey };
  for (const { key, value } of s.evalRows.getRange({ ...range, snapshot: false })) {
    if (key[2] === '') out.push({ index: key[1], sample: value as EvalSample, outputs: new Map() });
    else out.at(-1)?.outputs.set(key[2], value as EvalOutput);
  }
  return out;
}

export function hasSnapshot(s: LearningStore, id: string): boolean {
  return s.evalRows.get([id, 0, '']) !== undefined;
}

export async function deleteEvaluation(s: LearningStore, id: string): Promise<void> {
  await removeOwnerRows(s, s.evalRows, id);
  await s.jobs.remove(evalKey(id));
}

