/**
 * Phase 1, prompts: the first source given of dataset, inline prompts, or a trace filter
 * (a /v1/traces query: successful chat traces only, no /v1/route probes), deduplicated by
 * text and capped at num_prompts. A job must name one (no default of 30 days of traces):
 * the prompts are gathered at creation for the cost estimate and stored as rows, so the
 * job and a resumed job use exactly those.
 */
import { getDataset, listSamples } from '../../datasets/store.js';
import { badRequest, notFound } from '../../errors.js';
import type { ManagementEnv } from '../../store/management-env.js';
import type { TracesEnv } from '../../store/traces-env.js';
import { parseTraceFilter } from '../../traces/filter.js';
import { notARequest } from '../../traces/request-kind.js';
import { forEachMatch } from '../../traces/search.js';
import { loadSamples } from '../sample-source.js';
import { countRows, putPrompts } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import type { DistillConfig, PromptSpec } from './types.js';

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

/** What collecting prompts needs: the stores, the job's tenant and config, an abort signal. */
export interface PromptSourceInput {
  readonly env: ManagementEnv;
  readonly traces: TracesEnv;
  readonly tenant: string;
  readonly config: DistillConfig;
  readonly signal?: AbortSignal;
}

async function fromTraces(traces: TracesEnv, query: Record<string, string>, cap: number, signal?: AbortSignal): Promise<PromptSpec[]> {
  const f = parseTraceFilter(new URLSearchParams({ ...query, is_success: 'true' }));
  const out: PromptSpec[] = [];
  await forEachMatch(traces, f, (rs) => {
    for (const r of rs) if (out.length < cap * 2 && r.input_text.trim() !== '' && !notARequest(r)) out.push({ id: r.request_id, text: r.input_text });
    return out.length < cap * 2;
  }, signal);
  return out;
}

/**
 * The prompts a job will use, from its named source (dataset, inline prompts or trace
 * filter), deduplicated and capped: used for the estimate at creation and by the job.
 */
export async function gatherPrompts(src: PromptSourceInput): Promise<{ prompts: PromptSpec[]; raw: number; source: string }> {
  const c = src.config;
  let raw: PromptSpec[];
  let source: string;
  if (c.dataset_id) {
    if (c.dataset_id.startsWith('cluster:')) raw = loadSamples(src.env, src.traces, src.tenant, c.dataset_id, c.num_prompts * 2).map((s) => ({ id: s.sample_id, text: s.input }));
    else {
      if (!getDataset(src.env, src.tenant, c.dataset_id)) throw notFound(`dataset ${c.dataset_id} not found`, 'config.dataset_id');
      raw = listSamples(src.env, src.tenant, c.dataset_id, c.num_prompts * 2, 0).map((s) => ({ id: s.sample_id, text: s.input }));
    }
    source = `dataset ${c.dataset_id}`;
  } else if (c.prompts) {
    raw = c.prompts;
    source = 'inline prompts';
  } else if (c.trace_filter) {
    raw = await fromTraces(src.traces, c.trace_filter, c.num_prompts, src.signal);
    source = `traces matching ${JSON.stringify(c.trace_filter)}`;
  } else throw badRequest('Invalid config: name the prompts: config.dataset_id, config.prompts or config.trace_filter', 'config.dataset_id');
  return { prompts: dedupePrompts(raw, c.num_prompts), raw: raw.length, source };
}

export async function collectPrompts(ctx: PhaseContext): Promise<number> {
  const existing = countRows(ctx.store, ctx.id, 'p');
  if (existing > 0) return existing;
  const j = ctx.job();
  const { prompts, raw, source } = await gatherPrompts({ env: ctx.env, traces: ctx.traces, tenant: j.tenant_id, config: j.config, signal: ctx.signal });
  if (prompts.length === 0) throw new Error(`no prompts found in ${source}`);
  await putPrompts(ctx.store, ctx.id, prompts);
  ctx.log(`collected ${prompts.length} prompts from ${source}${raw > prompts.length ? ` (${raw - prompts.length} duplicates or over num_prompts dropped)` : ''}`);
  return prompts.length;
}
