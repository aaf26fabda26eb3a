/**
 * Auto-collect runs and their scheduler. A run scans the traces (newest first) that this
 * collector has not considered yet, applies curation_config, matches the instruction when
 * there is one, copies up to what is left of max_samples into the dataset, and marks every
 * trace it considered in the same transaction as the samples, so neither a second run nor a
 * restart copies a trace again. Runs of one dataset never overlap. The scheduler checks every
 * `tickMs` (real time) against an injectable clock and runs each enabled collector whose
 * next_run_at has passed.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { newTraceId } from '../../../core/contract/trace-id.js';
import { addSamples, getDataset } from '../datasets/store.js';
import type { SampleInput } from '../datasets/types.js';
import type { TracesEnv } from '../store/traces-env.js';
import { forEachMatch } from '../traces/search.js';
import { candidateOf, isCurable, traceFilterOf } from './candidates.js';
import { allConfigs, deleteCollector, getConfig, isSeen, markSeen, putConfig, putRun, type CollectStore } from './collect-store.js';
import type { CollectConfig, CollectRun, CurationConfig } from './collect-types.js';
import { selectMatching, type SelectionReport, type SelectorDeps } from './select.js';

export interface CollectorDeps extends SelectorDeps {
  readonly store: CollectStore;
  readonly traces: TracesEnv;
  readonly now: () => number;
  readonly log: (msg: string) => void;
}

/** Pure: does a trace pass the curation rules? (dedupe is the caller's, it needs the run's state) */
export function passesCuration(t: TraceRecord, c: CurationConfig): boolean {
  const input = t.input_text ?? '';
  const output = t.output_text ?? '';
  if (input.length < c.min_input_chars || input.length > c.max_input_chars) return false;
  if (c.require_output && output.trim() === '') return false;
  return output.length >= c.min_output_chars;
}

export class Collector {
  private readonly running = new Map<string, Promise<CollectRun>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopped = false;
  /** Aborted on stop: a run in progress (judge calls, a scan) ends at once instead of holding shutdown. */
  private readonly abort = new AbortController();

  constructor(private readonly d: CollectorDeps) {}

  /** Runs one collector now (queued behind a run of the same dataset already in progress). */
  run(tenant: string, datasetId: string, trigger: CollectRun['trigger']): Promise<CollectRun> {
    const key = `${tenant}\u0000${datasetId}`;
    const prev = this.running.get(key) ?? Promise.resolve(null);
    const next = prev.catch(() => null).then(() => this.runOnce(tenant, datasetId, trigger));
    this.running.set(key, next);
    void next.finally(() => {
      if (this.running.get(key) === next) this.running.delete(key);
    }).catch(() => undefined);
    return next;
  }

  start(tickMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  /** One scheduler pass: every enabled collector whose time has come. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const now = this.d.now();
      for (const c of allConfigs(this.d.store)) {
        if (this.stopped) break;
        if (!c.enabled || c.next_run_at === null || Date.parse(c.next_run_at) > now) continue;
        if (!getDataset(this.d.store.env, c.tenant_id, c.dataset_id)) {
          await deleteCollector(this.d.store, c.tenant_id, c.dataset_id); // its dataset was deleted
          continue;
        }
        await this.run(c.tenant_id, c.dataset_id, 'schedule').catch((err: unknown) => this.d.log(`auto-collect ${c.dataset_id}: ${err instanceof Error ? err.message : String(err)}`));
      }
    } finally {
      this.ticking = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort(new Error('management server closing'));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values()]);
  }

  private async runOnce(tenant: string, datasetId: string, trigger: CollectRun['trigger']): Promise<CollectRun> {
    const s = this.d.store;
    const startedMs = this.d.now();
    const cfg = getConfig(s, tenant, datasetId);
    if (!cfg) throw new Error(`no auto-collect config for ${datasetId}`);
    const base: CollectRun = {
      run_id: `acr_${newTraceId()}`,
      dataset_id: datasetId,
      tenant_id: tenant,
      trigger,
      status: 'completed',
      started_at: new Date(startedMs).toISOString(),
      finished_at: '',
      scanned: 0,
      curated: 0,
      matched: 0,
      samples_added: 0,
      selection: null,
      error: null,
      note: null,
    };
    let run: CollectRun;
    try {
      run = { ...base, ...(await this.collect(cfg)) };
    } catch (err) {
      run = { ...base, status: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    const finished = this.d.now();
    run.finished_at = new Date(finished).toISOString();
    await putRun(s, run);
    const cur = getConfig(s, tenant, datasetId);
    if (cur) {
      const next: CollectConfig = {
        ...cur,
        last_run_at: run.finished_at,
        next_run_at: cur.enabled ? new Date(finished + cur.collection_interval_minutes * 60_000).toISOString() : null,
        runs_count: cur.runs_count + 1,
      };
      await putConfig(s, next);
    }
    return run;
  }

  private async collect(cfg: CollectConfig): Promise<Partial<CollectRun>> {
    const s = this.d.store;
    const { tenant_id: tenant, dataset_id: id, curation_config: cc } = cfg;
    const ds = getDataset(s.env, tenant, id);
    if (!ds) return { status: 'failed', error: 'the dataset no longer exists' };
    const left = cfg.max_samples - cfg.total_collected;
    if (left <= 0) return { note: `max_samples (${cfg.max_samples}) reached` };
    const filter = traceFilterOf(cfg.filter, cfg.source_model);
    const fresh: TraceRecord[] = [];
    await forEachMatch(this.d.traces, filter, (rs) => {
      for (const r of rs) {
        if (fresh.length >= cc.scan_limit) return false;
        if (isCurable(r) && !isSeen(s, tenant, id, r.request_id)) fresh.push(r);
      }
      return fresh.length < cc.scan_limit;
    }, this.abort.signal);
    const inputs = new Set<string>();
    const curated = fresh.filter((t) => {
      if (!passesCuration(t, cc)) return false;
      if (!cc.dedupe_inputs) return true;
      if (inputs.has(t.input_text)) return false;
      inputs.add(t.input_text);
      return true;
    });
    let chosen: Array<{ t: TraceRecord; score: number | null }> = curated.map((t) => ({ t, score: null }));
    let selection: SelectionReport | null = null;
    if (cfg.instruction.trim() !== '' && curated.length > 0) {
      const byId = new Map(curated.map((t) => [t.request_id, t]));
      const r = await selectMatching(this, cfg.instruction, curated.map(candidateOf), {
        judgeModel: cc.judge_model,
        method: cc.method === 'auto' ? undefined : cc.method,
        minSimilarity: cc.min_similarity,
        judgeThreshold: cc.judge_threshold,
        concurrency: 8,
      }, this.abort.signal);
      selection = r.report;
      chosen = r.kept.map((k) => ({ t: byId.get(k.id)!, score: k.score }));
    }
    if (this.abort.signal.aborted) throw new Error('stopped: the management server is closing');
    const take = chosen.slice(0, left);
    const added = new Set(take.map((x) => x.t.request_id));
    // Considered traces are marked seen, except matches left over by max_samples (still eligible later).
    const leftover = new Set(chosen.slice(left).map((x) => x.t.request_id));
    const considered = fresh.map((t) => t.request_id).filter((tid) => !leftover.has(tid));
    const samples: SampleInput[] = take.map(({ t, score }) => ({
      input: t.input_text,
      expected_output: t.output_text,
      trace_id: t.request_id,
      metadata: { model_id: t.selected_model, provider: t.provider, latency_ms: t.latency_ms, cost_usd: t.total_cost_usd, auto_collected: true, ...(score === null ? {} : { match_score: score }) },
      status: cc.sample_status,
    }));
    await addSamples(s.env, ds, samples, () => {
      markSeen(s, tenant, id, considered, added);
      const cur = getConfig(s, tenant, id);
      if (cur) s.configs.put([tenant, id], { ...cur, total_collected: cur.total_collected + samples.length });
    });
    return { scanned: fresh.length, curated: curated.length, matched: chosen.length, samples_added: samples.length, selection, note: chosen.length > left ? `max_samples (${cfg.max_samples}) reached` : null };
  }

  // SelectorDeps, for selectMatching.
  get embedder(): SelectorDeps['embedder'] {
    return this.d.embedder;
  }
  get llm(): SelectorDeps['llm'] {
    return this.d.llm;
  }
  get defaultJudgeModel(): string | null {
    return this.d.defaultJudgeModel;
  }
}
