/** Operations: traces for clustering datasets (handlers/cluster-datasets.ts). */
import { arr, errors, int, json, jsonBody, obj, pathParam, str, traceIngestBody, type PathItem } from '../../../core/contract/openapi.js';

const params = [pathParam('runId', 'clustering run id (1-128 of A-Z a-z 0-9 _ . : -)'), pathParam('clusterId', 'integer cluster id')];

export const CLUSTER_DATASET_PATHS: Record<string, PathItem> = {
  '/v1/datasets/{runId}/{clusterId}/traces': {
    post: {
      operationId: 'ingestClusterTraces',
      summary: 'Ingest traces (formats of POST /v1/traces) for a clustering dataset: cluster_id and metadata.clustering_run_id set, source default manual',
      tags: ['traces'],
      requestBody: traceIngestBody(),
      parameters: params,
      responses: { '200': json('ingested', obj({ message: str(), ingested: int(), run_id: str(), cluster_id: int(), ids: arr(str()), skipped: int() })), ...errors(400, 401, 413, 503) },
    },
  },
  '/v1/datasets/{runId}/{clusterId}/assign': {
    post: {
      operationId: 'assignClusterTraces',
      summary: 'Check and echo existing trace ids for a clustering dataset (management records the mapping)',
      tags: ['traces'],
      parameters: params,
      requestBody: jsonBody(obj({ request_ids: arr(str()) })),
      responses: { '200': json('assigned', obj({ message: str(), assigned: int(), run_id: str(), cluster_id: int(), request_ids: arr(str()) })), ...errors(400, 401, 413) },
    },
  },
};
