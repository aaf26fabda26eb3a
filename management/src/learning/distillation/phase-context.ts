/** What every distillation phase gets: the job's store handle, I/O clients, log, abort signal. */
import type { LearningConfig } from '../learning-config.js';
import type { LearningStore } from '../learning-store.js';
import type { LlmClient } from '../llm-client.js';
import type { ScoreTools } from '../metrics/types.js';
import type { ManagementEnv } from '../../store/management-env.js';
import type { TracesEnv } from '../../store/traces-env.js';
import type { Job } from './types.js';

export interface PhaseContext {
  readonly id: string;
  readonly store: LearningStore;
  readonly env: ManagementEnv;
  readonly traces: TracesEnv;
  readonly llm: LlmClient;
  readonly tools: ScoreTools;
  readonly cfg: LearningConfig;
  /** `<dataDir>/distillation/<id>` */
  readonly dir: string;
  readonly signal: AbortSignal;
  job(): Job;
  update(change: Partial<Job> | ((cur: Job) => Partial<Job>)): Promise<Job>;
  log(msg: string): void;
  addCost(usd: number): void;
}
