/**
 * Phase 4, export: the curated winners as OpenAI chat fine-tuning JSONL
 * (`{"messages":[{system?},{user},{assistant}]}` per line) in the job's directory:
 * `train.jsonl` for training and `holdout.jsonl` (eval_holdout of the prompts, chosen by a
 * hash of the prompt id, at least one left for training) for the student evaluation.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rowsOf } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import type { Artifact, Candidate, PromptSpec } from './types.js';

export interface Example {
  prompt: PromptSpec;
  response: string;
}

export function exampleLine(e: Example): string {
  const messages = [...(e.prompt.system ? [{ role: 'system', content: e.prompt.system }] : []), { role: 'user', content: e.prompt.text }, { role: 'assistant', content: e.response }];
  return JSON.stringify({ messages });
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Pure: splits examples into training and held-out sets. */
export function splitExamples(xs: readonly Example[], fraction: number): { train: Example[]; holdout: Example[] } {
  const train: Example[] = [];
  const holdout: Example[] = [];
  for (const x of xs) ((fnv(x.prompt.id + x.prompt.text) % 1000) / 1000 < fraction ? holdout : train).push(x);
  if (train.length === 0 && holdout.length > 0) train.push(holdout.shift()!);
  if (holdout.length === 0 && fraction > 0 && train.length >= 2) holdout.push(train.pop()!);
  return { train, holdout };
}

/** The curated examples, in prompt order. */
export function curatedExamples(ctx: PhaseContext): Example[] {
  const prompts = new Map(rowsOf<PromptSpec>(ctx.store, ctx.id, 'p').map((r) => [r.i, r.value]));
  const out: Example[] = [];
  for (const r of rowsOf<Candidate>(ctx.store, ctx.id, 'c')) if (r.value.is_winner && prompts.has(r.i)) out.push({ prompt: prompts.get(r.i)!, response: r.value.text });
  return out;
}

export async function exportData(ctx: PhaseContext): Promise<{ train: string; holdout: string; nTrain: number; nHoldout: number }> {
  const { train, holdout } = splitExamples(curatedExamples(ctx), ctx.job().config.eval_holdout);
  // The examples are prompts and responses: 0700 / 0600 whatever the umask.
  await mkdir(ctx.dir, { recursive: true, mode: 0o700 });
  const trainPath = join(ctx.dir, 'train.jsonl');
  const holdoutPath = join(ctx.dir, 'holdout.jsonl');
  await writeFile(trainPath, train.map(exampleLine).join('\n') + '\n', { mode: 0o600 });
  await writeFile(holdoutPath, holdout.length ? holdout.map(exampleLine).join('\n') + '\n' : '', { mode: 0o600 });
  const artifacts: Artifact[] = [
    { key: 'train.jsonl', path: trainPath, size: (await stat(trainPath)).size },
    { key: 'holdout.jsonl', path: holdoutPath, size: (await stat(holdoutPath)).size },
  ];
  await ctx.update((cur) => ({
    artifacts: [...cur.artifacts.filter((a) => !artifacts.some((b) => b.key === a.key)), ...artifacts],
    progress: { ...cur.progress, export: { status: 'completed', progress: 100, train_examples: train.length, holdout_examples: holdout.length } },
  }));
  ctx.log(`exported ${train.length} training and ${holdout.length} held-out examples (OpenAI chat JSONL)`);
  return { train: trainPath, holdout: holdoutPath, nTrain: train.length, nHoldout: holdout.length };
}
