/**
 * Phase 2, teacher generation: n_samples completions per prompt through the gateway at
 * the job's temperature (429/503 retried with backoff by the client). Each candidate is
 * stored as it arrives; a resumed job only asks for the ones still missing. Zero usable
 * candidates fails the job with the last error.
 */
import { mapLimit } from '../concurrency.js';
import type { ChatMessage } from '../llm-client.js';
import { putCandidate, rowsOf } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import type { Candidate, PromptSpec } from './types.js';

export const messagesOf = (p: PromptSpec): ChatMessage[] => [...(p.system ? [{ role: 'system' as const, content: p.system }] : []), { role: 'user', content: p.text }];

export async function generate(ctx: PhaseContext): Promise<void> {
  const c = ctx.job().config;
  const prompts = rowsOf<PromptSpec>(ctx.store, ctx.id, 'p');
  const have = new Set(rowsOf<Candidate>(ctx.store, ctx.id, 'c').map((r) => `${r.i}:${r.k}`));
  const units: Array<{ i: number; k: number; p: PromptSpec }> = [];
  for (const p of prompts) for (let k = 0; k < c.n_samples; k++) if (!have.has(`${p.i}:${k}`)) units.push({ i: p.i, k, p: p.value });
  const total = prompts.length * c.n_samples;
  let done = total - units.length;
  let ok = rowsOf<Candidate>(ctx.store, ctx.id, 'c').filter((r) => r.value.error === null).length;
  let failed = done - ok;
  let lastError = '';
  if (done > 0) ctx.log(`teacher generation resumed: ${done}/${total} candidates already stored`);
  else ctx.log(`teacher generation: ${prompts.length} prompts x ${c.n_samples} samples from ${c.teacher_model}`);
  const report = (): Promise<unknown> =>
    ctx.update((cur) => ({ progress: { ...cur.progress, data_generation: { status: 'running', progress: Math.round((100 * done) / total), processed: done, total, total_candidates: ok, failed } } }));
  let last = 0;
  await report();
  await mapLimit(
    units,
    c.concurrency,
    async (u) => {
      const r = await ctx.llm.chat({ model: c.teacher_model, messages: messagesOf(u.p), temperature: c.temperature, max_tokens: c.max_tokens }, ctx.signal);
      if (ctx.signal.aborted) return;
      const cand: Candidate = r.ok
        ? { text: r.text, error: null, cost: r.costUsd, score: null, score_error: null, duplicate_of: null, is_winner: false }
        : { text: '', error: `${r.status}: ${r.error}`, cost: 0, score: null, score_error: null, duplicate_of: null, is_winner: false };
      if (r.ok) {
        ok++;
        ctx.addCost(r.costUsd);
      } else {
        failed++;
        lastError = cand.error!;
      }
      await putCandidate(ctx.store, ctx.id, u.i, u.k, cand);
      done++;
      if (Date.now() - last > 250) {
        last = Date.now();
        void report();
      }
    },
    ctx.signal,
  );
  if (ctx.signal.aborted) return;
  if (ok === 0) {
    const hint = lastError.startsWith('401') ? ' (check the teacher provider API key)' : lastError.startsWith('429') ? ' (rate limited; try later or lower concurrency)' : '';
    throw new Error(`teacher produced no candidates: ${lastError}${hint}`);
  }
  await ctx.update((cur) => ({ progress: { ...cur.progress, data_generation: { status: 'completed', progress: 100, processed: total, total, total_candidates: ok, failed } } }));
  ctx.log(`teacher generation done: ${ok} candidates, ${failed} failed calls`);
}
