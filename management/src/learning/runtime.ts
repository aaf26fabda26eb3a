/**
 * The learning loop's long-lived parts, built once per management service: the store's
 * databases, the gateway client, the scoring tools, the evaluation and distillation
 * runners. On start-up it resumes work a restart interrupted; it stops its own work once
 * the service closes the management environment (watched, so the service only needs a
 * route-table spread to host it).
 */
import { resolve } from 'node:path';
import type { ManagementConfig } from '../config.js';
import { GatewayClient } from '../gateway-client.js';
import type { EmbedderSource } from '../clustering/embedder-source.js';
import { cosine } from '../clustering/vectors.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { loadSamples } from './sample-source.js';
import { allEvaluations, patchEvaluation } from './evaluations/eval-store.js';
import { EvaluationRunner } from './evaluations/runner.js';
import { loadLearningConfig, type LearningConfig } from './learning-config.js';
import { learningStore, storeOpen, type LearningStore } from './learning-store.js';
import { LlmClient } from './llm-client.js';
import { ScriptSandbox, toScore } from './metrics/sandbox.js';
import type { ScoreTools } from './metrics/types.js';
import { DistillationRunner } from './distillation/runner.js';

export interface LearningInput {
  readonly config: ManagementConfig;
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
  readonly embedder: EmbedderSource;
  readonly log?: (msg: string) => void;
}

export interface LearningRuntime {
  readonly input: LearningInput;
  readonly cfg: LearningConfig;
  readonly store: LearningStore;
  readonly llm: LlmClient;
  readonly gateway: GatewayClient;
  readonly tools: ScoreTools;
  /** The script-metric sandbox, only when OPENTRACY_SCRIPT_METRICS=1. */
  readonly sandbox: ScriptSandbox | null;
  readonly evaluations: EvaluationRunner;
  readonly distillation: DistillationRunner;
  readonly log: (msg: string) => void;
}

export function createRuntime(input: LearningInput): LearningRuntime {
  const log = (m: string): void => (input.log ?? ((x: string) => void process.stderr.write(`[management] ${x}\n`)))(`learning: ${m}`);
  const cfg = loadLearningConfig();
  const store = learningStore(input.store);
  const llm = new LlmClient({ gatewayUrl: input.config.gatewayUrl, bearer: input.config.apiKeys[0] ?? null, timeoutMs: cfg.llmTimeoutMs, retryBaseMs: cfg.retryBaseMs });
  const tools: ScoreTools = {
    judge: async (model, prompt, signal) => {
      const r = await llm.chat({ model, messages: [{ role: 'user', content: prompt }], max_tokens: 256, temperature: 0 }, signal);
      return r.ok ? { ok: true, text: r.text } : { ok: false, error: `${r.status} ${r.error}` };
    },
    similarity: async (a, b) => {
      const e = await input.embedder.get();
      return cosine(await e.embed(a), await e.embed(b));
    },
  };
  const sandbox = input.config.scriptMetrics ? newSandbox(input.config) : null;
  if (sandbox) {
    tools.script = async (m, x) => {
      const c = m.config;
      const r = await sandbox.run(m.type as 'python' | 'javascript', String(c.script), [{ input: x.input, output: x.output, expected: x.expected, latency_ms: x.latencyMs, cost_usd: x.costUsd }], { timeoutMs: Number(c.timeout_ms ?? 5000), memoryMb: Number(c.memory_mb ?? 256) });
      if (!r.ok) return { score: null, passed: false, error: r.error, sandbox: r.reason };
      return toScore(r.results[0] ?? { error: 'no result' }, Number(c.threshold ?? 0.5));
    };
  }
  const evaluations = new EvaluationRunner({
    store,
    llm,
    tools,
    defaultJudge: cfg.judgeModel,
    loadSamples: (e) => loadSamples(input.store, input.traces, e.tenant_id, e.dataset_id, e.config.max_samples),
    log,
  });
  const gateway = new GatewayClient(input.config.gatewayUrl, input.config.apiKeys[0] ?? null);
  const distillation = new DistillationRunner({
    store,
    env: input.store,
    traces: input.traces,
    llm,
    tools,
    cfg,
    dataDir: input.config.dataDir,
    log,
    register: async (_alias, body) => {
      const r = await gateway.call('POST', '/v1/models/register', body, 10_000);
      return { ok: r.status === 200 || r.status === 201, body: r.body };
    },
  });
  const rt: LearningRuntime = { input, cfg, store, llm, gateway, tools, sandbox, evaluations, distillation, log };
  setImmediate(() => void resume(rt));
  const watch = setInterval(() => {
    if (storeOpen(store)) return;
    clearInterval(watch);
    void Promise.all([evaluations.stopAll(), distillation.stopAll()]).finally(() => void llm.close());
  }, 100);
  watch.unref();
  return rt;
}

/** The sandbox hides the data dir, and the secrets file when it lives elsewhere. */
function newSandbox(c: ManagementConfig): ScriptSandbox {
  const data = resolve(c.dataDir);
  const secrets = resolve(c.secretsFile);
  return new ScriptSandbox({ hideDirs: [data], hideFiles: secrets.startsWith(`${data}/`) ? [] : [secrets] });
}

/** Work a restart interrupted: resumed from what was stored (or failed with the reason). */
async function resume(rt: LearningRuntime): Promise<void> {
  if (!storeOpen(rt.store)) return;
  for (const e of allEvaluations(rt.store)) {
    if (e.status !== 'queued' && e.status !== 'running') continue;
    rt.log(`resuming evaluation ${e.id} (${e.progress.completed_calls}/${e.progress.total_calls} calls done)`);
    await patchEvaluation(rt.store, e.id, (cur) => ({ resumed: cur.resumed + 1 }));
    rt.evaluations.start(e.id);
  }
  await rt.distillation.resumeAll();
}
