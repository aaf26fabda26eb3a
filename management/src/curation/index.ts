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
import { curationRoutes, type CurationDeps } from './curation-routes.js';

export interface CurationOptions {
  readonly config: ManagementConfig;
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
  readonly embedder: EmbedderSource;
  readonly log?: (msg: string) => void;
}

export interface Curation {
  readonly routes: Route[];
  close(): Promise<void>;
}

export function startCuration(o: CurationOptions): Curation {
  const cfg = loadLearningConfig();
  const llm = new LlmClient({ gatewayUrl: o.config.gatewayUrl, bearer: o.config.apiKeys[0] ?? null, timeoutMs: cfg.llmTimeoutMs, retryBaseMs: cfg.retryBaseMs });
  const deps: CurationDeps = { store: o.store, traces: o.traces, embedder: o.embedder, llm, defaultJudgeModel: o.config.curationModel };
  return {
    routes: [...curationRoutes(deps)],
    close: async () => {
      await llm.close();
    },
  };
}
