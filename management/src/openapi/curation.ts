/** Operations: dataset curation and auto-collect (handlers in management/src/curation/). */
import { anyObject, arr, bool, errors, int, json, jsonBody, nullable, num, obj, oneOfEnum, pathParam, ref, str, type PathItem, type Schema } from '../../../core/contract/openapi.js';
import { page, tenantHeader } from './params.js';

const FIELD: Schema = nullable(obj({ path: str('dotted path into the record, e.g. response.choices.0.message.content'), transform: oneOfEnum(['identity', 'last_user_message', 'last_assistant_message', 'json']) }));
const MAPPING: Schema = obj({ input: FIELD, output: FIELD, metadata: arr(str('top-level keys copied into sample metadata')) });
const MAPPING_IN: Schema = obj({ input: { anyOf: [str(), FIELD] } }, { output: { anyOf: [str(), FIELD] }, metadata: { type: ['array', 'object'] } });
const PREVIEW: Schema = obj({ input: str(), expected_output: str(), metadata: anyObject() });
const DATA: Schema = { type: ['array', 'string'], description: 'an array of records, or a JSONL string' };
const SELECT_IN = {
  judge_model: str('judge through the gateway (default OPENTRACY_CURATION_MODEL; none: embedding similarity)'),
  method: oneOfEnum(['auto', 'llm_judge', 'embedding_similarity']),
  min_similarity: { type: 'number', minimum: -1, maximum: 1, default: 0.3 } as Schema,
  judge_threshold: { type: 'number', minimum: 0, maximum: 10, default: 7 } as Schema,
  concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 8 } as Schema,
};
export const SELECTION: Schema = obj({
  method: oneOfEnum(['llm_judge', 'embedding_similarity'], 'which method chose the traces'),
  model: nullable(str('the judge model, or the embedder')),
  threshold: num(),
  analyzed: int(),
  matched: int(),
  judge_failures: int(),
});
const id = pathParam('id', 'dataset id');
const reviewed = obj({ success: { const: true }, dataset: ref('Dataset') });
const sampleReviewed = obj({ success: { const: true }, sample: ref('Sample') });
const reason = jsonBody(obj({}, { reason: str('stored as the dataset rationale') }), 'optional', false);

export const CURATION_PATHS: Record<string, PathItem> = {
  '/v1/datasets/from-instruction': {
    post: {
      operationId: 'datasetFromInstruction',
      summary: 'A dataset of the traces that match an instruction (LLM judge, or embedding similarity when no judge model is configured)',
      tags: ['datasets'],
      parameters: [tenantHeader],
      requestBody: jsonBody(
        obj(
          { name: str(), instruction: str('what the dataset should hold') },
          {
            description: str('default: the instruction'),
            model_id: str('only traces of this model'),
            filter: anyObject('any GET /v1/traces query parameters'),
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 200, description: 'traces analyzed' },
            max_samples: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
            auto_approve: bool('default false: the dataset waits in /v1/datasets/pending'),
            ...SELECT_IN,
          },
        ),
      ),
      responses: {
        '201': json('created', obj({ dataset: ref('Dataset'), instruction: str(), samples_added: int(), traces_analyzed: int(), selection: SELECTION })),
        ...errors(400, 401, 413, 502),
      },
    },
  },
  '/v1/datasets/analyze-traces': {
    post: {
      operationId: 'analyzeTraces',
      summary: 'Detect the format of foreign records and propose the field mapping, with a preview',
      tags: ['datasets'],
      requestBody: jsonBody(obj({ data: DATA })),
      responses: {
        '200': json('the analysis', obj({ mapping: MAPPING, preview: arr(PREVIEW, 'up to 10'), source_format: oneOfEnum(['openai-messages', 'input-output', 'input-only', 'unknown']), total_records: int() })),
        ...errors(400, 401, 413),
      },
    },
  },
  '/v1/datasets/import-traces': {
    post: {
      operationId: 'importTracesAsDataset',
      summary: 'Store foreign records as a dataset (mapping given, or the analysed one)',
      tags: ['datasets'],
      parameters: [tenantHeader],
      requestBody: jsonBody(obj({ name: str(), data: DATA }, { mapping: MAPPING_IN, description: str() })),
      responses: {
        '201': json('stored', obj({ dataset_id: str(), id: str(), name: str(), source: { const: 'smart-import' }, samples_count: int(), skipped_count: int('records whose input came out empty') })),
        ...errors(400, 401, 413),
      },
    },
  },
  '/v1/datasets/pending': {
    get: {
      operationId: 'listPendingDatasets',
      summary: 'Datasets waiting for review (status pending_curation)',
      tags: ['datasets'],
      parameters: [tenantHeader],
      responses: { '200': json('datasets', obj({ datasets: arr(ref('Dataset')), total: int() })), ...errors(400, 401) },
    },
  },
  '/v1/datasets/{id}/approve': {
    post: { operationId: 'approveDataset', summary: 'Status active', tags: ['datasets'], parameters: [id, tenantHeader], requestBody: reason, responses: { '200': json('reviewed', reviewed), ...errors(400, 401, 404) } },
  },
  '/v1/datasets/{id}/reject': {
    post: { operationId: 'rejectDataset', summary: 'Status rejected', tags: ['datasets'], parameters: [id, tenantHeader], requestBody: reason, responses: { '200': json('reviewed', reviewed), ...errors(400, 401, 404) } },
  },
  '/v1/datasets/{id}/samples/{sid}/approve': {
    post: { operationId: 'approveSample', summary: 'Sample status curated', tags: ['datasets'], parameters: [id, pathParam('sid', 'sample id'), tenantHeader], responses: { '200': json('reviewed', sampleReviewed), ...errors(400, 401, 404) } },
  },
  '/v1/datasets/{id}/samples/{sid}/reject': {
    post: { operationId: 'rejectSample', summary: 'Sample status rejected', tags: ['datasets'], parameters: [id, pathParam('sid', 'sample id'), tenantHeader], responses: { '200': json('reviewed', sampleReviewed), ...errors(400, 401, 404) } },
  },
};

const CURATION_CONFIG: Schema = obj({}, {
  require_output: bool('default true'),
  min_input_chars: int('default 1'),
  max_input_chars: int('default 100000'),
  min_output_chars: int('default 0'),
  dedupe_inputs: bool('default true: one sample per distinct prompt in a run'),
  sample_status: oneOfEnum(['curated', 'pending']),
  judge_model: str('judge for the instruction (default OPENTRACY_CURATION_MODEL, else embedding similarity)'),
  method: oneOfEnum(['auto', 'llm_judge', 'embedding_similarity']),
  min_similarity: num(),
  judge_threshold: num(),
  scan_limit: int('most unseen traces considered per run (default 2000)'),
});
const COLLECT: Schema = obj(
  {
    dataset_id: str(),
    tenant_id: str(),
    configured: bool('false: no config stored yet (the defaults are shown)'),
    enabled: bool(),
    source_model: str('only traces of this model (empty: any)'),
    instruction: str('natural-language rule the traces must match (empty: all)'),
    filter: { type: 'object', additionalProperties: { type: 'string' }, description: 'GET /v1/traces parameters' },
    max_samples: int('the most samples this collector adds in all'),
    collection_interval_minutes: int(),
    curation_config: CURATION_CONFIG,
    last_run_at: nullable(str()),
    next_run_at: nullable(str()),
    total_collected: int(),
    runs_count: int(),
  },
  { created_at: str(), updated_at: str() },
);
const RUN: Schema = obj({
  run_id: str(),
  dataset_id: str(),
  tenant_id: str(),
  trigger: oneOfEnum(['schedule', 'manual']),
  status: oneOfEnum(['completed', 'failed']),
  started_at: str(),
  finished_at: str(),
  scanned: int('unseen traces that passed the filter'),
  curated: int('of those, passed curation_config'),
  matched: int('of those, matched the instruction'),
  samples_added: int(),
  selection: nullable(SELECTION),
  error: nullable(str()),
  note: nullable(str()),
});
const COLLECT_IN: Schema = obj({}, {
  enabled: bool('default true'),
  source_model: str(),
  instruction: str(),
  filter: anyObject('GET /v1/traces parameters'),
  max_samples: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 5000 },
  collection_interval_minutes: { type: 'integer', minimum: 1, maximum: 525_600, default: 60 },
  curation_config: CURATION_CONFIG,
});

CURATION_PATHS['/v1/datasets/{id}/auto-collect'] = {
  get: { operationId: 'getAutoCollect', summary: 'The collector of a dataset (defaults with configured:false when none)', tags: ['datasets'], parameters: [id, tenantHeader], responses: { '200': json('the config', COLLECT), ...errors(400, 401, 404) } },
  put: {
    operationId: 'putAutoCollect',
    summary: 'Configure the collector (keys given replace, others stay; unknown keys are a 400); the first scheduled run is one interval later',
    tags: ['datasets'],
    parameters: [id, tenantHeader],
    requestBody: jsonBody(COLLECT_IN),
    responses: { '200': json('the config', COLLECT), ...errors(400, 401, 404, 413) },
  },
  delete: { operationId: 'deleteAutoCollect', summary: 'Remove the collector, its history and its marks', tags: ['datasets'], parameters: [id, tenantHeader], responses: { '200': json('deleted', obj({ success: { const: true } })), ...errors(400, 401, 404) } },
};
CURATION_PATHS['/v1/datasets/{id}/auto-collect/history'] = {
  get: { operationId: 'autoCollectHistory', summary: 'Runs, newest first', tags: ['datasets'], parameters: [id, tenantHeader, ...page(1000, 50)], responses: { '200': json('runs', obj({ runs: arr(RUN), total: int(), limit: int(), offset: int() })), ...errors(400, 401, 404) } },
};
CURATION_PATHS['/v1/datasets/{id}/auto-collect/run'] = {
  post: { operationId: 'runAutoCollect', summary: 'Run the collector now (even when disabled)', tags: ['datasets'], parameters: [id, tenantHeader], responses: { '200': json('the run', obj({ run_id: str(), samples_added: int(), run: RUN })), ...errors(400, 401, 404) } },
};

const clusterParams = [pathParam('run_id'), pathParam('cluster_id', 'integer cluster id')];
CURATION_PATHS['/v1/clustering/datasets/{run_id}/{cluster_id}/traces'] = {
  post: {
    operationId: 'ingestClusterDatasetTraces',
    summary: 'Ingest traces into a cluster: written by the gateway (POST /v1/datasets/{runId}/{clusterId}/traces), mapped here by trace id',
    tags: ['clustering'],
    parameters: clusterParams,
    requestBody: { required: true, content: { 'application/json': { schema: { type: ['object', 'array'], description: 'a trace object, `{traces:[...]}` or an array' } }, 'application/x-ndjson': { schema: str('one trace per line') } } },
    responses: { '200': json('ingested', obj({ message: str(), ingested: int(), run_id: str(), cluster_id: int(), ids: arr(str()), trace_count: int() })), ...errors(400, 401, 404, 413, 502, 503) },
  },
};
CURATION_PATHS['/v1/clustering/datasets/{run_id}/{cluster_id}/assign'] = {
  post: {
    operationId: 'assignClusterDatasetTraces',
    summary: 'Map existing trace ids to a cluster (checked by the gateway\'s assign route; ids not in the traces store are listed in missing)',
    tags: ['clustering'],
    parameters: clusterParams,
    requestBody: jsonBody(obj({ request_ids: arr(str()) })),
    responses: { '200': json('assigned', obj({ message: str(), assigned: int(), run_id: str(), cluster_id: int(), missing: arr(str()), trace_count: int() })), ...errors(400, 401, 404, 413, 502) },
  },
};
