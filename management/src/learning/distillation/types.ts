/** Distillation jobs (reference 7.7) as stored. */

export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'deleted';
export type Phase = 'initializing' | 'data_generation' | 'curation' | 'export' | 'training' | 'evaluation' | 'completed';
export const PHASES: readonly Phase[] = ['initializing', 'data_generation', 'curation', 'export', 'training', 'evaluation', 'completed'];
export type PhaseStatus = 'pending' | 'running' | 'completed' | 'skipped';
export type BackendName = 'openai' | 'local' | 'none';

export interface PromptSpec {
  id: string;
  text: string;
  system?: string;
}

export interface DistillConfig {
  teacher_model: string;
  student_model: string;
  base_model: string;
  judge_model: string | null;
  n_samples: number;
  num_prompts: number;
  temperature: number;
  max_tokens: number;
  training_steps: number;
  min_score: number;
  eval_holdout: number;
  concurrency: number;
  training_backend: BackendName;
  /** OpenAI backend: override of the fine-tuning API base URL (else the server's setting). */
  finetune_base_url: string | null;
  /** The caller's key for finetune_base_url (stored 0600 with the job, never returned). */
  finetune_api_key: string | null;
  n_epochs: number | null;
  suffix: string | null;
  deploy_alias: string | null;
  dataset_id: string | null;
  prompts: PromptSpec[] | null;
  trace_filter: Record<string, string> | null;
  /** Reference options passed through to a local training command ({config} placeholder). */
  passthrough: Record<string, unknown>;
}

export interface Progress {
  data_generation: { status: PhaseStatus; progress: number; processed: number; total: number; total_candidates: number; failed: number };
  curation: { status: PhaseStatus; progress: number; total_prompts: number; prompts_processed: number; samples_curated: number; duplicates: number };
  export: { status: PhaseStatus; progress: number; train_examples: number; holdout_examples: number };
  training: { status: PhaseStatus; progress: number; backend: BackendName; remote_status: string | null; current_step: number; total_steps: number; training_loss: number | null };
  evaluation: { status: PhaseStatus; progress: number; evaluated: number; total: number };
}

export interface TrainingState {
  file_id?: string;
  ft_job_id?: string;
  remote_status?: string;
  fine_tuned_model?: string;
}

export interface Artifact {
  key: string;
  path: string;
  size: number;
}

export interface Job {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  status: JobStatus;
  phase: Phase;
  config: DistillConfig;
  progress: Progress;
  results: Record<string, unknown>;
  artifacts: Artifact[];
  training_state: TrainingState;
  student_model: string | null;
  deployment: Record<string, unknown> | null;
  error: string | null;
  cost_accrued: number;
  /** The estimate shown before the job was confirmed (prompts, calls, cost). */
  estimate?: Record<string, unknown>;
  resumed: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export const jobKey = (id: string): string => `d:${id}`;
export const ACTIVE: readonly JobStatus[] = ['pending', 'running'];

export function emptyProgress(backend: BackendName, steps: number): Progress {
  return {
    data_generation: { status: 'pending', progress: 0, processed: 0, total: 0, total_candidates: 0, failed: 0 },
    curation: { status: 'pending', progress: 0, total_prompts: 0, prompts_processed: 0, samples_curated: 0, duplicates: 0 },
    export: { status: 'pending', progress: 0, train_examples: 0, holdout_examples: 0 },
    training: { status: 'pending', progress: 0, backend, remote_status: null, current_step: 0, total_steps: steps, training_loss: null },
    evaluation: { status: 'pending', progress: 0, evaluated: 0, total: 0 },
  };
}

/** One teacher sample, row ['c', promptIndex, candidateIndex]. */
export interface Candidate {
  text: string;
  error: string | null;
  cost: number;
  score: number | null;
  score_error: string | null;
  duplicate_of: number | null;
  is_winner: boolean;
}
