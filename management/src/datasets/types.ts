/** Dataset and sample shapes (reference 7.4). */

export interface Dataset {
  dataset_id: string;
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  source: string;
  samples_count: number;
  created_at: string;
  updated_at: string;
  /** `active`, `pending_curation` (waiting for review) or `rejected`. */
  status: string;
  rationale: string;
}

export interface Sample {
  sample_id: string;
  id: string;
  dataset_id: string;
  tenant_id: string;
  input: string;
  expected_output: string;
  metadata: Record<string, unknown>;
  trace_id: string | null;
  created_at: string;
  status: string;
}

/** What a caller gives for a new sample, normalised. */
export interface SampleInput {
  input: string;
  expected_output: string;
  metadata: Record<string, unknown>;
  trace_id: string | null;
  status: string;
}
