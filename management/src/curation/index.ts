/**
 * Dataset curation on the management server, as one unit for the service: the curation
 * routes, auto-collect (routes and scheduler) and what they share (a gateway LLM client).
 */
import type { EmbedderSource } from '../clustering/embedder-source.js';
import type { ManagementConfig } from '../config.js';
import { loadLearningConfig } from '../learning/learning-config.js';
import { LlmClient } from '../learning/llm-client.js';
import type { Route } from '../server/types.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { collectRoutes } from './collect-routes.js';
import { collectStore } from './collect-store.js';
import { Collector } from './collector.js';
import { curationRoutes, type CurationDeps } from './curation-routes.js';

export interface CurationOptions {
  readonly config: ManagementConfig;
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
  readonly embedder: EmbedderSource;
  readonly log?: (msg: string) => void;
  /** The auto-collect scheduler's clock (tests pass a fake one; default Date.now). */
  readonly now?: () => number;
  /** How often (real ms) the scheduler checks for due collectors (default 30 s). */
  readonly tickMs?: number;
}

export interface Curation {
  readonly routes: Route[];
  close(): Promise<void>;
}

export function startCuration(o: CurationOptions): Curation {
  const cfg = loadLearningConfig();
  const llm = new LlmClient({ gatewayUrl: o.config.gatewayUrl, bearer: o.config.apiKeys[0] ?? null, timeoutMs: cfg.llmTimeoutMs, retryBaseMs: cfg.retryBaseMs });
  const deps: CurationDeps = { store: o.store, traces: o.traces, embedder: o.embedder, llm, defaultJudgeModel: o.config.curationModel };
  const now = o.now ?? Date.now;
  const log = o.log ?? ((m: string) => void process.stderr.write(`[management] ${m}\n`));
  const store = collectStore(o.store);
  const collector = new Collector({ ...deps, store, now, log });
  collector.start(o.tickMs ?? 30_000);
  let closed = false;
  return {
    routes: [...curationRoutes(deps), ...collectRoutes({ store, collector, now })],
    // Idempotent: a service may be closed twice (a test's restart after an explicit close).
    close: async () => {
      if (closed) return;
      closed = true;
      await collector.stop();
      await llm.close();
    },
  };
}
