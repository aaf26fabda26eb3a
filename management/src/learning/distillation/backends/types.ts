/** A training backend: turns the exported JSONL into a student (a served model id and/or artifact files). */
import type { DistillConfig, TrainingState } from '../types.js';

export interface TrainContext {
  readonly jobId: string;
  readonly dataPath: string;
  /** Directory for the backend's output files (`<job dir>/out`). */
  readonly outDir: string;
  /** The job's config as a JSON file (the {config} placeholder). */
  readonly configPath: string;
  readonly config: DistillConfig;
  /** What a previous run of this job stored (remote ids), for resuming. */
  readonly state: TrainingState;
  saveState(patch: TrainingState): Promise<void>;
  log(msg: string): void;
  metric(step: number, row: Record<string, unknown>): void;
  progress(p: { progress?: number; remote_status?: string; current_step?: number; training_loss?: number }): void;
  /** Aborted on cancel or shutdown; `cancelled()` tells which. */
  readonly signal: AbortSignal;
  cancelled(): boolean;
}

export interface TrainOutcome {
  /** A model id the gateway can call (e.g. `openai/ft:gpt-4o-mini:...`), or null. */
  studentModel: string | null;
  artifacts: Array<{ key: string; path: string }>;
}

export interface TrainingBackend {
  readonly name: string;
  train(ctx: TrainContext): Promise<TrainOutcome>;
}
