/** Auto-collect shapes (reference 7.4: PUT {enabled, source_model, instruction, max_samples, collection_interval_minutes, curation_config}). */
import type { SelectionReport } from './select.js';

/** What a collector applies to each candidate trace before (and besides) the instruction. */
export interface CurationConfig {
  /** Skip traces with an empty output (default true). */
  require_output: boolean;
  min_input_chars: number;
  max_input_chars: number;
  min_output_chars: number;
  /** Skip a trace whose prompt equals one already copied in the same run (default true). */
  dedupe_inputs: boolean;
  /** Status of the new samples: `curated` (default) or `pending` (review one by one). */
  sample_status: 'curated' | 'pending';
  /** Instruction matching (when `instruction` is set): see select.ts. */
  judge_model: string;
  method: 'auto' | 'llm_judge' | 'embedding_similarity';
  min_similarity: number;
  judge_threshold: number;
  /** Most candidate traces considered per run (default 2000). */
  scan_limit: number;
}

export interface CollectConfig {
  dataset_id: string;
  tenant_id: string;
  enabled: boolean;
  /** Only traces of this model ('' = any). */
  source_model: string;
  /** Natural-language rule the traces must match ('' = every trace). */
  instruction: string;
  /** GET /v1/traces parameters narrowing the traces. */
  filter: Record<string, string>;
  /** The most samples this collector adds in all (across runs). */
  max_samples: number;
  collection_interval_minutes: number;
  curation_config: CurationConfig;
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
  next_run_at: string | null;
  total_collected: number;
  runs_count: number;
}

export interface CollectRun {
  run_id: string;
  dataset_id: string;
  tenant_id: string;
  trigger: 'schedule' | 'manual';
  status: 'completed' | 'failed';
  started_at: string;
  finished_at: string;
  /** Traces not yet considered that passed the filter. */
  scanned: number;
  /** Of those, the ones that passed curation_config. */
  curated: number;
  /** Of those, the ones that matched the instruction (all of them without one). */
  matched: number;
  samples_added: number;
  selection: SelectionReport | null;
  error: string | null;
  note: string | null;
}
