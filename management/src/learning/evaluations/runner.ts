/**
 * Runs evaluations: every (sample, model) pair through the gateway with bounded
 * concurrency, each output scored and stored as it completes, so a restart resumes with
 * the pairs still missing. One AbortController per running evaluation: cancel aborts the
 * HTTP calls in flight and nothing new starts; shutdown aborts too but leaves the record
 * `running` for the next start-up to resume. Status and progress are patched (merged),
 * never written whole.
 */
import { mapLimit } from '../concurrency.js';
import type { LearningStore } from '../learning-store.js';
import type { LlmClient } from '../llm-client.js';
import { scoreOne } from '../metrics/score.js';
import type { Score, ScoreTools } from '../metrics/types.js';
import { BackgroundRuns, Stop } from '../background-runs.js';
import type { SourceSample } from '../sample-source.js';
import { getEvaluation, hasSnapshot, patchEvaluation, putOutput, putSamples, readRows } from './eval-store.js';
import { summarize } from './summary.js';
import { TERMINAL, type EvalOutput, type EvalProgress, type Evaluation } from './types.js';

export interface RunnerDeps {
  store: LearningStore;
  llm: LlmClient;
  tools: ScoreTools;
  defaultJudge: string;
  /** Loads the samples of a dataset id (throws when it is gone). */
  loadSamples(e: Evaluation): SourceSample[];
  log(msg: string): void;
}

export class EvaluationRunner {
  private readonly runs = new BackgroundRuns();
  constructor(private readonly d: RunnerDeps) {}

  isRunning(id: string): boolean {
    return this.runs.has(id);
  }

  start(id: string): void {
    this.runs.start(id, (signal) => this.run(id, signal), async (msg) => {
      this.d.log(`evaluation ${id} failed: ${msg}`);
      await patchEvaluation(this.d.store, id, { status: 'failed', error: msg, completed_at: new Date().toISOString() }).catch(() => undefined);
    });
  }

  /** Stops a queued or running evaluation; resolves once its in-flight work has ended. */
  async cancel(id: string): Promise<Evaluation | undefined> {
    await this.runs.cancel(id);
    return patchEvaluation(this.d.store, id, (cur) => (TERMINAL.includes(cur.status) ? {} : { status: 'cancelled', error: 'Cancelled by user', completed_at: new Date().toISOString() }));
  }

  /** Aborts everything (server closing); records stay resumable. */
  stopAll(): Promise<void> {
    return this.runs.stopAll();
  }

  private async run(id: string, signal: AbortSignal): Promise<void> {
    const s = this.d.store;
    let e = getEvaluation(s, id);
    if (!e || TERMINAL.includes(e.status)) return;
    e = (await patchEvaluation(s, id, (cur) => ({ status: 'running', started_at: cur.started_at ?? new Date().toISOString() })))!;
    if (!hasSnapshot(s, id)) {
      const samples = this.d.loadSamples(e).slice(0, e.config.max_samples);
      if (samples.length === 0) throw new Error(`dataset ${e.dataset_id} has no samples`);
      await putSamples(s, id, samples.map((x) => ({ sample_id: x.sample_id, input: x.input, expected: x.expected, metadata: x.metadata })));
    }
    const { samples, rows } = readRows(s, id);
    const models = e.models;
    const doneBy = new Map<number, { n: number; failed: boolean }>();
    for (const r of rows) {
      const c = doneBy.get(r.index) ?? { n: 0, failed: false };
      c.n++;
      c.failed ||= r.out.error !== null;
      doneBy.set(r.index, c);
    }
    const have = new Set(rows.map((r) => `${r.index}\u0000${r.model}`));
    const units: Array<{ index: number; model: string }> = [];
    for (const index of samples.keys()) for (const model of models) if (!have.has(`${index}\u0000${model}`)) units.push({ index, model });
    const progress = (): EvalProgress => {
      let completed = 0;
      let failed = 0;
      for (const c of doneBy.values()) {
        if (c.n >= models.length) completed++;
        if (c.n >= models.length && c.failed) failed++;
      }
      return { total_samples: samples.size, completed_samples: completed, failed_samples: failed, total_calls: samples.size * models.length, completed_calls: [...doneBy.values()].reduce((a, c) => a + c.n, 0) };
    };
    let lastFlush = 0;
    let flushing: Promise<unknown> = Promise.resolve();
    const flush = (force = false): Promise<unknown> => {
      const now = Date.now();
      if (!force && now - lastFlush < 250) return flushing;
      lastFlush = now;
      flushing = flushing.then(() => patchEvaluation(s, id, { progress: progress() }));
      return flushing;
    };
    await flush(true);
    const metrics = e.metric_defs;
    const cfg = e.config;
    await mapLimit(
      units,
      cfg.concurrency,
      async (u) => {
        const sample = samples.get(u.index)!;
        const r = await this.d.llm.chat({ model: u.model, messages: [{ role: 'user', content: sample.input }], max_tokens: cfg.max_tokens, temperature: cfg.temperature }, signal);
        let out: EvalOutput;
        if (r.ok) {
          const scores: Record<string, Score> = {};
          for (const m of metrics) {
            scores[m.metric_id] = await scoreOne(m, { input: sample.input, expected: sample.expected, output: r.text, latencyMs: r.latencyMs, costUsd: r.costUsd }, this.d.tools, cfg.judge_model ?? this.d.defaultJudge, signal);
          }
          out = { output: r.text, latency: r.latencyMs / 1000, cost: r.costUsd, error: null, served_by: r.servedBy, scores };
        } else {
          out = { output: '', latency: 0, cost: 0, error: `${r.status}: ${r.error}`, served_by: null, scores: {} };
        }
        if (signal.aborted) return;
        await putOutput(s, id, u.index, u.model, out);
        const c = doneBy.get(u.index) ?? { n: 0, failed: false };
        c.n++;
        c.failed ||= out.error !== null;
        doneBy.set(u.index, c);
        void flush();
      },
      signal,
    ).catch((err: unknown) => {
      if (!signal.aborted) throw err;
    });
    await flushing;
    if (signal.aborted) {
      const why = signal.reason instanceof Stop ? signal.reason : new Stop('shutdown');
      await flush(true);
      throw why;
    }
    const all = readRows(s, id);
    const { summary, winner } = summarize(models, metrics.map((m) => m.metric_id), all.samples, all.rows, cfg.group_by);
    await patchEvaluation(s, id, { status: 'completed', progress: progress(), summary, winner, completed_at: new Date().toISOString() });
  }
}
