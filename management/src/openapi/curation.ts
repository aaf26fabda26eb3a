/** Operations: dataset curation and auto-collect (handlers in management/src/curation/). */
import { anyObject, arr, bool, errors, int, json, jsonBody, nullable, num, obj, oneOfEnum, pathParam, ref, str, type PathItem, type Schema } from '../../../gateway/src/contract/openapi.js';
import { tenantHeader } from './params.js';

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
