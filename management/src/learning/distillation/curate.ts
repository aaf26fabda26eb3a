/**
 * Phase 3, curation: an LLM judge (through the gateway) scores every distinct candidate;
 * duplicates (same normalised text) are scored once and never win; exactly one winner per
 * prompt (best score, then lowest index), or none when no candidate reaches min_score or
 * the judge could not score any. Each prompt's verdict is stored in one transaction.
 */
import { mapLimit } from '../concurrency.js';
import { judgePrompt, parseJudgeScore } from '../metrics/judge.js';
import { putCuration, rowsOf } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import type { Candidate, PromptSpec } from './types.js';

const norm = (t: string): string => t.trim().replace(/\s+/g, ' ').toLowerCase();

/** Marks duplicates: each candidate's index of the first identical usable one, or null. */
export function duplicates(cands: ReadonlyArray<{ k: number; c: Candidate }>): Map<number, number | null> {
  const first = new Map<string, number>();
  const out = new Map<number, number | null>();
  for (const { k, c } of cands) {
    if (c.error !== null || c.text.trim() === '') {
      out.set(k, null);
      continue;
    }
    const key = norm(c.text);
    const f = first.get(key);
    out.set(k, f === undefined ? null : f);
    if (f === undefined) first.set(key, k);
  }
  return out;
}

/** The one winner: highest score >= minScore among scored, non-duplicate candidates; ties to the lower index. */
export function pickWinner(cands: ReadonlyArray<{ k: number; c: Candidate }>, minScore: number): { winner: number | null; score: number | null; reason: string } {
  let best: { k: number; s: number } | null = null;
  for (const { k, c } of cands) {
    if (c.error !== null || c.duplicate_of !== null || c.score === null) continue;
    if (!best || c.score > best.s || (c.score === best.s && k < best.k)) best = { k, s: c.score };
  }
  if (!best) return { winner: null, score: null, reason: 'no candidate could be scored' };
  if (best.s < minScore) return { winner: null, score: best.s, reason: `best score ${best.s} below min_score ${minScore}` };
  return { winner: best.k, score: best.s, reason: 'best judged candidate' };
}

const CRITERIA = ['correctness', 'helpfulness', 'coherence', 'format'];
const SCALE = { min: 1, max: 10 };

export async function curate(ctx: PhaseContext): Promise<void> {
  const c = ctx.job().config;
  const judge = c.judge_model ?? ctx.cfg.judgeModel;
  const prompts = rowsOf<PromptSpec>(ctx.store, ctx.id, 'p');
  const done = new Set(rowsOf<unknown>(ctx.store, ctx.id, 'w').map((r) => r.i));
  const byPrompt = new Map<number, Array<{ k: number; c: Candidate }>>();
  for (const r of rowsOf<Candidate>(ctx.store, ctx.id, 'c')) (byPrompt.get(r.i) ?? byPrompt.set(r.i, []).get(r.i)!).push({ k: r.k, c: r.value });
  const todo = prompts.filter((p) => !done.has(p.i));
  let processed = done.size;
  let curated = rowsOf<{ winner: number | null }>(ctx.store, ctx.id, 'w').filter((r) => r.value.winner !== null).length;
  let dups = 0;
  ctx.log(`curation with judge ${judge}: ${todo.length} prompts to score${done.size > 0 ? ` (${done.size} already done)` : ''}`);
  const report = (status: 'running' | 'completed'): Promise<unknown> =>
    ctx.update((cur) => ({ progress: { ...cur.progress, curation: { status, progress: Math.round((100 * processed) / Math.max(1, prompts.length)), total_prompts: prompts.length, prompts_processed: processed, samples_curated: curated, duplicates: dups } } }));
  await report('running');
  let last = 0;
  await mapLimit(
    todo,
    c.concurrency,
    async (p) => {
      const cands = byPrompt.get(p.i) ?? [];
      const dupOf = duplicates(cands);
      const scored = await Promise.all(
        cands.map(async ({ k, c: cand }) => {
          const d = dupOf.get(k) ?? null;
          if (cand.error !== null || d !== null) return { k, c: { ...cand, duplicate_of: d, score: null, is_winner: false } };
          const r = await ctx.tools.judge(judge, judgePrompt({ criteria: CRITERIA, rubric: null, scale: SCALE }, p.value.text, cand.text, ''), ctx.signal);
          if (!r.ok) return { k, c: { ...cand, score: null, score_error: r.error, is_winner: false } };
          const s = parseJudgeScore(r.text, SCALE);
          return { k, c: { ...cand, score: s ? Math.round(s.normalized * 1e4) / 1e4 : null, score_error: s ? null : 'judge reply held no score', is_winner: false } };
        }),
      );
      if (ctx.signal.aborted) return;
      const verdict = pickWinner(scored, c.min_score);
      const final = scored.map((x) => ({ k: x.k, c: { ...x.c, is_winner: x.k === verdict.winner } }));
      dups += final.filter((x) => x.c.duplicate_of !== null).length;
      await putCuration(ctx.store, ctx.id, p.i, final, verdict);
      processed++;
      if (verdict.winner !== null) curated++;
      if (Date.now() - last > 250) {
        last = Date.now();
        void report('running');
      }
    },
    ctx.signal,
  );
  if (ctx.signal.aborted) return;
  await report('completed');
  if (curated === 0) throw new Error('curation kept no sample: every prompt lacked a candidate scored at or above min_score');
  ctx.log(`curation done: ${curated} of ${prompts.length} prompts kept a winner (${dups} duplicate candidates skipped)`);
}
