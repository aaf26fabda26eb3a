/**
 * Runs distillation jobs phase by phase: prompts -> teacher generation -> curation ->
 * export -> training (pluggable backend) -> student evaluation -> completed. Each phase
 * stores its output as it goes and skips what is already stored, so a job interrupted by
 * a restart resumes where it stopped. One AbortController per job: cancel stops the HTTP
 * calls or the training process in flight and leaves a clean `cancelled` job (phase kept,
 * error "Cancelled by user"); shutdown aborts but leaves the job `running` for resume.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackgroundRuns, Stop } from '../background-runs.js';
import { jsonlLines } from '../../../../core/contract/jsonl.js';
import type { LearningConfig } from '../learning-config.js';
import type { LearningStore } from '../learning-store.js';
import type { LlmClient } from '../llm-client.js';
import type { ScoreTools } from '../metrics/types.js';
import type { ManagementEnv } from '../../store/management-env.js';
import type { TracesEnv } from '../../store/traces-env.js';
import { localBackend } from './backends/local.js';
import { openAiBackend } from './backends/openai.js';
import type { TrainingBackend } from './backends/types.js';
import { finetuneTarget } from './finetune-target.js';
import { collectPrompts } from './collect.js';
import { curate } from './curate.js';
import { exportData, type Example } from './export.js';
import { generate } from './generate.js';
import { allJobs, appendLog, getJob, patchJob, putMetricRow } from './job-store.js';
import type { PhaseContext } from './phase-context.js';
import { evaluateStudent } from './student-eval.js';
import { ACTIVE, PHASES, type Job, type Phase } from './types.js';

export interface DistillDeps {
  store: LearningStore;
  env: ManagementEnv;
  traces: TracesEnv;
  llm: LlmClient;
  tools: ScoreTools;
  cfg: LearningConfig;
  dataDir: string;
  log(msg: string): void;
  /** Registers an alias in the gateway (for deploy_alias). */
  register(alias: string, body: Record<string, unknown>): Promise<{ ok: boolean; body: unknown }>;
}

const after = (p: Phase, q: Phase): boolean => PHASES.indexOf(p) > PHASES.indexOf(q);

function readJsonl(text: string): Example[] {
  return [...jsonlLines(text)].map((l) => {
    if (!l.ok) throw new SyntaxError(`line ${l.line}: not valid JSON`);
    const m = (l.value as { messages: Array<{ role: string; content: string }> }).messages;
    const sys = m.find((x) => x.role === 'system');
    return { prompt: { id: '', text: m.find((x) => x.role === 'user')?.content ?? '', ...(sys ? { system: sys.content } : {}) }, response: m.find((x) => x.role === 'assistant')?.content ?? '' };
  });
}

export class DistillationRunner {
  private readonly runs = new BackgroundRuns();
  constructor(private readonly d: DistillDeps) {}

  backend(j: Job): TrainingBackend | null {
    if (j.config.training_backend === 'none') return null;
    if (j.config.training_backend === 'local') return localBackend(this.d.cfg.localTrainCommand);
    // The server's key only for the host it was configured with (see finetune-target.ts).
    return openAiBackend({ ...finetuneTarget(this.d.cfg, j.config), pollMs: this.d.cfg.finetunePollMs });
  }

  dirOf(id: string): string {
    return join(this.d.dataDir, 'distillation', id);
  }

  start(id: string): void {
    const log = (m: string): void => appendLog(this.d.store, id, m);
    this.runs.start(id, (signal) => this.run(id, signal, log), async (msg) => {
      log(`failed: ${msg}`);
      this.d.log(`distillation ${id} failed: ${msg}`);
      await patchJob(this.d.store, id, { status: 'failed', error: msg, completed_at: new Date().toISOString() }).catch(() => undefined);
    });
  }

  async cancel(id: string): Promise<Job | undefined> {
    await this.runs.cancel(id);
    const j = await patchJob(this.d.store, id, (cur) => (ACTIVE.includes(cur.status) ? { status: 'cancelled', error: 'Cancelled by user', completed_at: new Date().toISOString() } : {}));
    if (j?.status === 'cancelled') appendLog(this.d.store, id, `cancelled in phase ${j.phase}`);
    return j;
  }

  stopAll(): Promise<void> {
    return this.runs.stopAll();
  }

  async resumeAll(): Promise<void> {
    for (const j of allJobs(this.d.store)) {
      if (!ACTIVE.includes(j.status)) continue;
      appendLog(this.d.store, j.id, `server restarted: resuming in phase ${j.phase}`);
      await patchJob(this.d.store, j.id, (cur) => ({ resumed: cur.resumed + 1 }));
      this.start(j.id);
    }
  }

  private async run(id: string, signal: AbortSignal, log: (m: string) => void): Promise<void> {
    const s = this.d.store;
    const first = getJob(s, id);
    if (!first || !ACTIVE.includes(first.status)) return;
    let current = (await patchJob(s, id, (cur) => ({ status: 'running', started_at: cur.started_at ?? new Date().toISOString() })))!;
    let cost = 0;
    const ctx: PhaseContext = {
      id,
      store: s,
      env: this.d.env,
      traces: this.d.traces,
      llm: this.d.llm,
      tools: this.d.tools,
      cfg: this.d.cfg,
      dir: this.dirOf(id),
      signal,
      job: () => current,
      update: async (change) => {
        if (signal.aborted) return current;
        current = (await patchJob(s, id, change)) ?? current;
        return current;
      },
      log,
      addCost: (usd) => {
        cost += usd;
      },
    };
    const phase = async (p: Phase, f: () => Promise<void>): Promise<void> => {
      if (after(current.phase, p)) return;
      if (current.phase !== p) {
        await ctx.update({ phase: p });
        log(`phase ${p}`);
      }
      await f();
      if (signal.aborted) throw signal.reason instanceof Stop ? signal.reason : new Stop('shutdown');
      await ctx.update((cur) => ({ cost_accrued: Math.round((cur.cost_accrued + cost) * 1e8) / 1e8 }));
      cost = 0;
    };
    if (current.resumed === 0 && current.phase === 'initializing') log(`job started: teacher ${current.config.teacher_model}, backend ${current.config.training_backend}`);
    await phase('initializing', async () => {
      await collectPrompts(ctx);
    });
    await phase('data_generation', () => generate(ctx));
    await phase('curation', () => curate(ctx));
    await phase('export', async () => {
      await exportData(ctx);
    });
    await phase('training', () => this.train(ctx));
    await phase('evaluation', () => this.evaluate(ctx));
    await ctx.update({ phase: 'completed', status: 'completed', completed_at: new Date().toISOString(), error: null });
    log('job completed');
    if (current.config.deploy_alias && current.student_model) await this.autoDeploy(ctx, current.config.deploy_alias, current.student_model);
  }

  private async train(ctx: PhaseContext): Promise<void> {
    const j = ctx.job();
    const backend = this.backend(j);
    if (!backend) {
      await ctx.update((cur) => ({ progress: { ...cur.progress, training: { ...cur.progress.training, status: 'skipped' } } }));
      ctx.log('training skipped (training_backend none): the curated JSONL is the result');
      return;
    }
    await ctx.update((cur) => ({ progress: { ...cur.progress, training: { ...cur.progress.training, status: 'running' } } }));
    const configPath = join(ctx.dir, 'config.json');
    await mkdir(ctx.dir, { recursive: true, mode: 0o700 });
    await writeFile(configPath, JSON.stringify({ job_id: j.id, ...j.config, finetune_api_key: undefined }, null, 2), { mode: 0o600 });
    const outcome = await backend.train({
      jobId: j.id,
      dataPath: join(ctx.dir, 'train.jsonl'),
      outDir: join(ctx.dir, 'out'),
      configPath,
      config: j.config,
      state: j.training_state,
      saveState: async (p) => {
        await ctx.update((cur) => ({ training_state: { ...cur.training_state, ...p } }));
      },
      log: ctx.log,
      metric: (step, row) => void putMetricRow(ctx.store, j.id, step, { step, ...row, timestamp: new Date().toISOString() }).catch(() => undefined),
      progress: (p) => void ctx.update((cur) => ({ progress: { ...cur.progress, training: { ...cur.progress.training, ...p } } })),
      signal: ctx.signal,
      cancelled: () => ctx.signal.reason instanceof Stop && ctx.signal.reason.why === 'cancel',
    });
    const files = await Promise.all(outcome.artifacts.map(async (a) => ({ ...a, size: (await stat(a.path)).size })));
    await ctx.update((cur) => ({
      student_model: outcome.studentModel,
      artifacts: [...cur.artifacts.filter((a) => !files.some((f) => f.key === a.key)), ...files],
      progress: { ...cur.progress, training: { ...cur.progress.training, status: 'completed', progress: 100 } },
    }));
    ctx.log(`training done${outcome.studentModel ? `: student ${outcome.studentModel}` : ''}`);
  }

  private async evaluate(ctx: PhaseContext): Promise<void> {
    const student = ctx.job().student_model;
    const holdout = readJsonl(await readFile(join(ctx.dir, 'holdout.jsonl'), 'utf8').catch(() => ''));
    if (!student || holdout.length === 0) {
      const why = !student ? 'no callable student model (serve the artifacts, then deploy with an endpoint)' : 'no held-out examples';
      await ctx.update((cur) => ({ results: { ...cur.results, evaluation: { skipped: why } }, progress: { ...cur.progress, evaluation: { ...cur.progress.evaluation, status: 'skipped' } } }));
      ctx.log(`student evaluation skipped: ${why}`);
      return;
    }
    ctx.log(`evaluating ${student} against the teacher on ${holdout.length} held-out prompts`);
    const r = await evaluateStudent(ctx, student, holdout);
    if (ctx.signal.aborted) return;
    await ctx.update((cur) => ({ results: { ...cur.results, ...r }, progress: { ...cur.progress, evaluation: { status: 'completed', progress: 100, evaluated: holdout.length, total: holdout.length } } }));
  }

  private async autoDeploy(ctx: PhaseContext, alias: string, student: string): Promise<void> {
    const r = await this.d.register(alias, { alias, target: student }).catch((err: unknown) => ({ ok: false, body: String(err) }));
    await patchJob(ctx.store, ctx.id, { deployment: { alias, target: student, ok: r.ok, response: r.body, deployed_at: new Date().toISOString() } });
    ctx.log(r.ok ? `deployed ${student} as alias ${alias}` : `deploy as ${alias} failed: ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}
