/**
 * Phase 1, prompts: the first source given of dataset, inline prompts, or a trace filter
 * (a /v1/traces query: successful traces only), deduplicated by text and capped at
 * num_prompts. Stored as rows so a resumed job reuses the same prompts.
 */
import { getDataset, listSamples } from '../../datasets/store.js';
import { parseTraceFilter } from '../../traces/filter.js';
import { forEachMatch } from '../../traces/search.js';
import { loadSamples } from '../sample-source.js';
import { countRows, putPrompts } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import type { PromptSpec } from './types.js';

export function dedupePrompts(ps: readonly PromptSpec[], cap: number): PromptSpec[] {
  const seen = new Set<string>();
  const out: PromptSpec[] = [];
  for (const p of ps) {
    const key = `${p.system ?? ''}\u0000${p.text.trim().replace(/\s+/g, ' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length >= cap) break;
  }
  return out;
}

async function fromTraces(ctx: PhaseContext, query: Record<string, string>, cap: number): Promise<PromptSpec[]> {
  const f = parseTraceFilter(new URLSearchParams({ ...query, is_success: 'true' }));
  const out: PromptSpec[] = [];
  await forEachMatch(ctx.traces, f, (rs) => {
    for (const r of rs) if (out.length < cap * 2 && r.input_text.trim() !== '') out.push({ id: r.request_id, text: r.input_text });
  }, ctx.signal);
  return out;
}

export async function collectPrompts(ctx: PhaseContext): Promise<number> {
  const existing = countRows(ctx.store, ctx.id, 'p');
  if (existing > 0) return existing;
  const j = ctx.job();
  const c = j.config;
  let raw: PromptSpec[];
  let source: string;
  if (c.dataset_id) {
    if (c.dataset_id.startsWith('cluster:')) raw = loadSamples(ctx.env, ctx.traces, j.tenant_id, c.dataset_id, c.num_prompts * 2).map((s) => ({ id: s.sample_id, text: s.input }));
    else {
      if (!getDataset(ctx.env, j.tenant_id, c.dataset_id)) throw new Error(`dataset ${c.dataset_id} not found`);
      raw = listSamples(ctx.env, j.tenant_id, c.dataset_id, c.num_prompts * 2, 0).map((s) => ({ id: s.sample_id, text: s.input }));
    }
    source = `dataset ${c.dataset_id}`;
  } else if (c.prompts) {
    raw = c.prompts;
    source = 'inline prompts';
  } else {
    raw = await fromTraces(ctx, c.trace_filter ?? { days: '30' }, c.num_prompts);
    source = `traces matching ${JSON.stringify(c.trace_filter ?? { days: '30' })}`;
  }
  const prompts = dedupePrompts(raw, c.num_prompts);
  if (prompts.length === 0) throw new Error(`no prompts found in ${source}`);
  await putPrompts(ctx.store, ctx.id, prompts);
  ctx.log(`collected ${prompts.length} prompts from ${source}${raw.length > prompts.length ? ` (${raw.length - prompts.length} duplicates or over num_prompts dropped)` : ''}`);
  return prompts.length;
}
