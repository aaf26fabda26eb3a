/** Evaluation records (reference 7.6) as stored; rows live beside them in `evaluation_rows`. */
import type { MetricDef, Score } from '../metrics/types.js';

export type EvalStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface EvalProgress {
  total_samples: number;
  completed_samples: number;
  failed_samples: number;
  total_calls: number;
  completed_calls: number;
}

export interface EvalConfig {
  concurrency: number;
  max_samples: number;
  max_tokens: number;
  temperature: number;
  /** Sample metadata key to break summaries down by (e.g. "topic"), or null. */
  group_by: string | null;
  judge_model: string | null;
}

export interface ModelSummary {
  samples: number;
  errors: number;
  total_latency: number;
  avg_latency: number;
  total_cost: number;
  avg_cost: number;
  avg_scores: Record<string, number | null>;
  pass_rates: Record<string, number | null>;
}

export interface EvalSummary {
  models: Record<string, ModelSummary>;
  metrics: Record<string, { avg_by_model: Record<string, number | null> }>;
  /** group value -> model -> metric -> mean score (only with config.group_by). */
  groups: Record<string, Record<string, Record<string, number | null>>>;
}

export interface Winner {
  model: string | null;
  overall_score: number | null;
  scores_by_model: Record<string, number | null>;
}

export interface Evaluation {
  id: string;
  evaluation_id: string;
  tenant_id: string;
  name: string;
  description: string;
  dataset_id: string;
  models: string[];
  metrics: string[];
  /** The metric definitions as they were at creation (a resumed run scores the same way). */
  metric_defs: MetricDef[];
  config: EvalConfig;
  status: EvalStatus;
  progress: EvalProgress;
  error: string | null;
  summary: EvalSummary | null;
  winner: Winner | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  /** Times the run was resumed after a restart. */
  resumed: number;
}

/** Snapshot of one sample, row [evalId, index, '']. */
export interface EvalSample {
  sample_id: string;
  input: string;
  expected: string;
  metadata: Record<string, unknown>;
}

/** One model's output on one sample, row [evalId, index, model]. */
export interface EvalOutput {
  output: string;
  /** seconds */
  latency: number;
  cost: number;
  error: string | null;
  served_by: string | null;
  scores: Record<string, Score>;
}

export const evalKey = (id: string): string => `e:${id}`;
export const TERMINAL: readonly EvalStatus[] = ['completed', 'failed', 'cancelled'];
