/** Operations: clustering, datasets, secrets (handlers in clustering/, datasets/, secrets/). */
import {
  anyObject, arr, bool, errors, int, json, jsonBody, nullable, num, obj, oneOfEnum, pathParam, query, ref, str, textResponse, type PathItem, type Schema,
} from '../../../core/contract/openapi.js';
import { page, tenantHeader, window } from './params.js';

const STATUS = { type: 'string', enum: ['candidate', 'qualified', 'rejected'] } as const satisfies Schema;
const runParams = [pathParam('run_id'), pathParam('cluster_id', 'integer cluster id')];
const ok = obj({ success: { const: true } });

const SAMPLE_IN: Schema = obj(
  { input: { type: ['string', 'object', 'array'], description: 'text (structured input is kept as JSON text)' } },
  { expected_output: { type: ['string', 'object', 'array', 'null'], description: 'alias: output' }, metadata: anyObject(), trace_id: str(), status: str('default curated') },
  'a sample',
);

const pushResult = { pushed: bool('whether the gateway took the key (2 s, best effort)'), gateway_status: int(), gateway_error: str() };

export const CLUSTERING_PATHS: Record<string, PathItem> = {
  '/v1/clustering/run': {
    post: {
      operationId: 'runClustering',
      summary: 'Cluster the prompts of a window (parameters as query or JSON body; the query wins)',
      tags: ['clustering'],
      parameters: [
        ...window('days', 30),
        query('min_traces', { type: 'integer', minimum: 2, default: 50 }, 'fewer traces in the window is a 400'),
        query('max_traces', { type: 'integer', minimum: 2, maximum: 200_000, default: 20_000 }),
        query('k', { type: ['integer', 'string'], description: '`auto` (silhouette over candidates) or 2..500' }),
        query('strategy', { type: 'string', enum: ['auto', 'router-aligned'] }),
      ],
      requestBody: jsonBody(obj({}, { days: num(), start_date: str(), end_date: str(), min_traces: int(), max_traces: int(), k: { type: ['integer', 'string'] }, strategy: str() }), 'the same parameters as the query', false),
      responses: { '200': json('the run', anyObject('the stored run: version fields, datasets (clusters), merge suggestions, summary')), ...errors(400, 401) },
    },
  },
  '/v1/clustering/runs': {
    get: {
      operationId: 'listClusteringRuns',
      summary: 'Clustering runs, newest first',
      tags: ['clustering'],
      parameters: [query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 })],
      responses: { '200': json('runs', obj({ runs: arr(ref('ClusteringRun')), total: int() })), ...errors(400, 401) },
    },
  },
  '/v1/clustering/runs/{run_id}': {
    get: {
      operationId: 'getClusteringRun',
      summary: 'One run with its clusters',
      tags: ['clustering'],
      parameters: [pathParam('run_id')],
      responses: { '200': json('the run', obj({ run: ref('ClusteringRun'), datasets: arr(ref('Cluster')) })), ...errors(401, 404) },
    },
  },
  '/v1/clustering/datasets': {
    get: {
      operationId: 'listClusters',
      summary: 'Clusters of the latest run',
      tags: ['clustering'],
      parameters: [query('status', STATUS)],
      responses: { '200': json('clusters', obj({ datasets: arr(ref('Cluster')), total: int(), run_id: nullable(str()) })), ...errors(400, 401) },
    },
  },
  '/v1/clustering/datasets/{run_id}/{cluster_id}': {
    get: {
      operationId: 'getClusterTraces',
      summary: 'The traces of one cluster',
      tags: ['clustering'],
      parameters: [...runParams, ...page(1000, 100)],
      responses: { '200': json('a page', obj({ traces: arr(ref('Trace')), total: int(), run_id: str(), cluster_id: int(), has_more: bool() })), ...errors(400, 401, 404) },
    },
  },
  '/v1/clustering/datasets/{run_id}/{cluster_id}/export': {
    post: {
      operationId: 'exportCluster',
      summary: 'A cluster\'s traces as NDJSON chat examples (`{messages, metadata}` per line)',
      tags: ['clustering'],
      parameters: runParams,
      responses: { '200': textResponse('NDJSON', 'application/x-ndjson'), ...errors(401, 404) },
    },
  },
  '/v1/clustering/datasets/{run_id}/{cluster_id}/qualify': {
    post: {
      operationId: 'qualifyCluster',
      summary: 'Set a cluster\'s status by hand',
      tags: ['clustering'],
      parameters: [...runParams, query('status', STATUS, 'default qualified; also accepted as a JSON body field')],
      requestBody: jsonBody(obj({}, { status: STATUS }), undefined, false),
      responses: { '200': json('updated', obj({ dataset: ref('Cluster'), summary: anyObject() })), ...errors(400, 401, 404) },
    },
  },
};

export const DATASET_PATHS: Record<string, PathItem> = {
  '/v1/datasets': {
    get: {
      operationId: 'listDatasets',
      summary: 'The tenant\'s datasets, then the clusters of the latest run as read-only datasets',
      tags: ['datasets'],
      parameters: [tenantHeader],
      responses: { '200': json('datasets', obj({ datasets: arr({ anyOf: [ref('Dataset'), ref('ClusterDatasetEntry')] }), total: int() })), ...errors(400, 401) },
    },
    post: {
      operationId: 'createDataset',
      summary: 'Create an empty dataset',
      tags: ['datasets'],
      parameters: [tenantHeader],
      requestBody: jsonBody(obj({ name: str() }, { description: str(), source: str('default manual') })),
      responses: { '201': json('created', ref('Dataset')), ...errors(400, 401, 413) },
    },
  },
  '/v1/datasets/from-traces': {
    post: {
      operationId: 'datasetFromTraces',
      summary: 'A dataset from traces: given ids, or a trace search',
      tags: ['datasets'],
      parameters: [tenantHeader],
      requestBody: jsonBody(
        obj({ name: str() }, { description: str(), trace_ids: arr(str()), model_id: str(), filter: anyObject('any GET /v1/traces query parameters'), limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 50 } }),
      ),
      responses: { '201': json('created', obj({ dataset: ref('Dataset') })), ...errors(400, 401, 413) },
    },
  },
  '/v1/datasets/{id}': {
    get: {
      operationId: 'getDataset',
      summary: 'A dataset and a page of its samples (`cluster:<run>:<cid>` ids are views of a run)',
      tags: ['datasets'],
      parameters: [
        pathParam('id'),
        tenantHeader,
        query('include_samples', bool(), 'default true'),
        query('samples_limit', { type: 'integer', minimum: 0, maximum: 10_000, default: 1000 }),
        query('samples_offset', { type: 'integer', minimum: 0, default: 0 }),
      ],
      responses: { '200': json('the dataset', obj({ dataset: { anyOf: [ref('Dataset'), ref('ClusterDatasetEntry')] }, samples: arr(ref('Sample')), samples_total: int() })), ...errors(400, 401, 404) },
    },
    delete: {
      operationId: 'deleteDataset',
      summary: 'Delete a dataset and its samples',
      tags: ['datasets'],
      parameters: [pathParam('id'), tenantHeader],
      responses: { '200': json('deleted', ok), ...errors(401, 404) },
    },
  },
  '/v1/datasets/{id}/samples': {
    post: {
      operationId: 'addSamples',
      summary: 'Add samples: `{samples: [...]}`, `{samples: {...}}` or one sample object as the body',
      tags: ['datasets'],
      parameters: [pathParam('id'), tenantHeader],
      requestBody: jsonBody({ anyOf: [obj({ samples: { type: ['array', 'object'], items: SAMPLE_IN } }), SAMPLE_IN] }),
      responses: { '200': json('added', obj({ message: str(), count: int(), sample_ids: arr(str()) })), ...errors(400, 401, 404, 413) },
    },
  },
  '/v1/datasets/{id}/samples/{sample_id}': {
    delete: {
      operationId: 'deleteSample',
      summary: 'Delete one sample',
      tags: ['datasets'],
      parameters: [pathParam('id'), pathParam('sample_id'), tenantHeader],
      responses: { '200': json('deleted', ok), ...errors(401, 404) },
    },
  },
  '/v1/datasets/{id}/import': {
    post: {
      operationId: 'importSamples',
      summary: 'Import samples from JSONL (raw body, or `{data: "<JSONL>"}`)',
      tags: ['datasets'],
      parameters: [pathParam('id'), tenantHeader],
      requestBody: { required: true, content: { 'application/x-ndjson': { schema: str('one sample object per line') }, 'application/json': { schema: obj({ data: str() }) } } },
      responses: { '200': json('imported', obj({ imported: int(), skipped: int(), errors: arr(obj({ line: int(), error: str() })) })), ...errors(400, 401, 404, 413) },
    },
  },
  '/v1/datasets/{id}/export': {
    get: {
      operationId: 'exportSamples',
      summary: 'All samples as JSONL (attachment)',
      tags: ['datasets'],
      parameters: [pathParam('id'), tenantHeader],
      responses: { '200': textResponse('JSONL', 'application/x-ndjson'), ...errors(401, 404) },
    },
  },
};

export const SECRET_PATHS: Record<string, PathItem> = {
  '/v1/secrets': {
    get: {
      operationId: 'listSecrets',
      summary: 'Every provider key with its source (secrets file, environment, runtime), masked: never a key value',
      tags: ['secrets'],
      responses: {
        '200': json(
          'keys',
          obj({
            configured_providers: arr(str()),
            keys: arr(obj({ provider: str(), source: oneOfEnum(['secrets_file', 'env', 'runtime']), masked_key: nullable(str()), in_use: bool('the key the gateway uses for this provider') }, { env_var: str() })),
            total: int(),
            gateway_reachable: bool('false: environment keys are listed without the gateway\'s word on which it uses'),
          }),
        ),
        ...errors(401),
      },
    },
  },
  '/v1/secrets/{provider}': {
    post: {
      operationId: 'setSecret',
      summary: 'Store a provider key (0600 file) and push it to the gateway',
      tags: ['secrets'],
      parameters: [pathParam('provider', 'lower-case id: a-z 0-9 _ . -')],
      requestBody: jsonBody(obj({ api_key: str() })),
      responses: { '200': json('stored', obj({ message: str(), provider: str(), pushed: bool() }, pushResult)), ...errors(400, 401, 413) },
    },
    delete: {
      operationId: 'deleteSecret',
      summary: 'Remove a stored key (and from the gateway)',
      tags: ['secrets'],
      parameters: [pathParam('provider')],
      responses: { '200': json('removed', obj({ message: str(), provider: str(), pushed: bool() }, pushResult)), ...errors(400, 401, 404) },
    },
  },
};
