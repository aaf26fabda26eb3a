/** Shapes of a stored clustering run (reference 7.3). */
import type { ClusterLabel } from './labeler.js';

export type ClusterStatus = 'candidate' | 'qualified' | 'rejected';

export interface ClusterDataset {
  cluster_id: number;
  label: Omit<ClusterLabel, 'source'>;
  label_source: ClusterLabel['source'];
  keywords: string[];
  trace_count: number;
  status: ClusterStatus;
  failed_gates: string[];
  coherence_score: number;
  diversity_score: number;
  noise_rate: number;
  avg_success_rate: number;
  avg_latency_ms: number;
  avg_cost_usd: number;
  top_models: Array<{ model_id: string; count: number }>;
  top_providers: Array<{ provider: string; count: number }>;
  has_tool_usage: boolean;
  sample_prompts: string[];
}

export interface RunVersion {
  version: string;
  run_id: string;
  created_at: string;
  source_window_start: string;
  source_window_end: string;
  embedding_model: string;
  embedding_dim: number;
  clustering_config: Record<string, unknown>;
  labeler_model: string | null;
  trace_count: number;
  num_clusters: number;
  silhouette_score: number;
}

export interface StoredRun {
  version: RunVersion;
  datasets: ClusterDataset[];
  merge_suggestions: Array<{ cluster_a: number; cluster_b: number; similarity_score: number; llm_agrees: boolean | null; reason: string }>;
  summary: { total: number; qualified: number; candidate: number; rejected: number };
}
