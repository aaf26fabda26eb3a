/** Operations: metrics, evaluations, router training (handlers in learning/metrics, evaluations, router). */
import {
  anyObject, anyValue, arr, bool, errors, int, json, jsonBody, mapOf, nullable, num, obj, oneOfEnum, pathParam, query, ref, str, type PathItem, type Schema,
} from '../../../core/contract/openapi.js';
import { page, tenantHeader, tenantQuery } from './params.js';
import { EVAL_STATUS, iso } from './schemas.js';

const METRIC_TYPES = ['regex', 'json_schema', 'judge_prompt', 'exact_match', 'contains', 'semantic_sim', 'similarity', 'llm_judge', 'latency', 'cost'] as const;

const METRIC_IN: Schema = obj(
  { name: str() },
  {
    metric_id: str('default: the name, lower-cased, non [a-z0-9_.-] runs as `_`'),
    type: { type: 'string', enum: METRIC_TYPES, description: '`python` (or any code) is a 400: the server never runs user code' },
    description: str(),
    config: anyObject('regex: {pattern, flags (imsu), must_match=true}; json_schema: {schema}; judge_prompt: {prompt with {output} [{input} {expected}], scale={min:1,max:10}, threshold=0.7, judge_model}; llm_judge: {criteria, rubric, scale, threshold, judge_model}; semantic_sim: {threshold}; latency/cost: {max_acceptable}; exact_match: {ignore_case, ignore_whitespace}; contains: {ignore_case, all_must_match, values}'),
  },
);

const EVAL_CREATE: Schema = obj(
  { name: str(), models: arr(str(), '1-32 models, each called through the gateway') },
  {
    dataset_id: str('a dataset id or `cluster:<run>:<cid>` (required without `samples`)'),
    samples: arr({ type: ['object', 'string'], properties: { input: str(), expected_output: str('alias: expected, output'), metadata: anyObject(), id: str() } }, 'inline samples (1..100000) instead of a dataset'),
    metrics: arr(str(), 'metric ids, at most 32 (default exact_match, contains)'),
    description: str(),
    tenant_id: str('default: x-tenant-id / tenant_id query'),
    config: obj({}, {
      concurrency: { type: 'integer', minimum: 1, maximum: 256, description: 'default OPENTRACY_EVAL_CONCURRENCY' },
      max_samples: { type: 'integer', minimum: 1, maximum: 100_000, description: 'default: every inline sample, or 1000 from a dataset' },
      max_tokens: { type: 'integer', minimum: 1, maximum: 32_768, default: 150 },
      temperature: { type: 'number', minimum: 0, maximum: 2, default: 0 },
      group_by: str('sample metadata key to break summaries down by'),
      judge_model: str('for llm_judge / judge_prompt metrics'),
    }),
  },
);

const tenant = [tenantHeader, tenantQuery];
const evalId = pathParam('id', 'evaluation id');
const success = (extra: Record<string, Schema> = {}) => obj({ success: bool() }, extra);

export const METRIC_PATHS: Record<string, PathItem> = {
  '/v1/metrics': {
    get: {
      operationId: 'listMetrics',
      summary: 'The six built-in metrics and the custom ones',
      tags: ['metrics'],
      responses: { '200': json('metrics', obj({ metrics: arr(ref('Metric')), total: int(), count: int('same as total (kept for older clients)') })), ...errors(401) },
    },
    post: {
      operationId: 'createMetric',
      summary: 'Define a custom metric (regex, json_schema, judge_prompt, or a configured built-in kind)',
      tags: ['metrics'],
      requestBody: jsonBody(METRIC_IN),
      responses: { '201': json('created', ref('Metric')), ...errors(400, 401, 413) },
    },
  },
  '/v1/metrics/{id}': {
    get: {
      operationId: 'getMetric',
      summary: 'One metric',
      tags: ['metrics'],
      parameters: [pathParam('id', 'metric_id')],
      responses: { '200': json('the metric', ref('Metric')), ...errors(401, 404) },
    },
    put: {
      operationId: 'updateMetric',
      summary: 'Change a custom metric (name, description, type, config); built-ins are a 400',
      tags: ['metrics'],
      parameters: [pathParam('id', 'metric_id')],
      requestBody: jsonBody(obj({}, { name: str(), description: str(), type: str(), config: anyObject() })),
      responses: { '200': json('updated', ref('Metric')), ...errors(400, 401, 404, 413) },
    },
    delete: {
      operationId: 'deleteMetric',
      summary: 'Delete a custom metric; built-ins are a 400',
      tags: ['metrics'],
      parameters: [pathParam('id', 'metric_id')],
      responses: { '200': json('deleted', obj({ success: { const: true }, deleted: str() })), ...errors(400, 401, 404) },
    },
  },
};

export const EVALUATION_PATHS: Record<string, PathItem> = {
  '/v1/evaluations': {
    post: {
      operationId: 'createEvaluation',
      summary: 'Run models over a dataset or inline samples and score them (runs in the background; resumes after a restart)',
      tags: ['evaluations'],
      parameters: tenant,
      requestBody: jsonBody(EVAL_CREATE),
      responses: {
        '202': json('queued', obj({ evaluation_id: str(), id: str(), name: str(), status: { const: 'queued' }, models: arr(str()), metrics: arr(str()), dataset_id: str(), created_at: iso() })),
        ...errors(400, 401, 404, 413),
      },
    },
    get: {
      operationId: 'listEvaluations',
      summary: 'The tenant\'s evaluations, newest first',
      tags: ['evaluations'],
      parameters: [...tenant, query('status', { type: 'string', enum: EVAL_STATUS })],
      responses: { '200': json('evaluations', obj({ evaluations: arr(ref('Evaluation')), total: int() })), ...errors(400, 401) },
    },
  },
  '/v1/evaluations/{id}': {
    get: {
      operationId: 'getEvaluation',
      summary: 'One evaluation with its summary and winner',
      tags: ['evaluations'],
      parameters: [evalId, ...tenant],
      responses: { '200': json('the evaluation', ref('Evaluation')), ...errors(401, 404) },
    },
    delete: {
      operationId: 'deleteEvaluation',
      summary: 'Cancel if running, then delete with its results',
      tags: ['evaluations'],
      parameters: [evalId, ...tenant],
      responses: { '200': json('deleted', obj({ success: { const: true } })), ...errors(401, 404) },
    },
  },
  '/v1/evaluations/{id}/status': {
    get: {
      operationId: 'getEvaluationStatus',
      summary: 'Status and progress (percent of model calls done)',
      tags: ['evaluations'],
      parameters: [evalId, ...tenant],
      responses: {
        '200': json('status', obj({ evaluation_id: str(), status: { type: 'string', enum: EVAL_STATUS }, name: str(), progress: obj({ total_samples: int(), completed_samples: int(), total_calls: int(), completed_calls: int(), percent: num() }), error: nullable(str()), updated_at: iso() })),
        ...errors(401, 404),
      },
    },
  },
  '/v1/evaluations/{id}/results': {
    get: {
      operationId: 'getEvaluationResults',
      summary: 'Per-sample outputs and scores, a page at a time (404 until the first result)',
      tags: ['evaluations'],
      parameters: [evalId, ...tenant, ...page(1000, 100)],
      responses: {
        '200': json(
          'a page of results',
          obj({
            results: obj({
              evaluation_id: str(),
              status: str(),
              samples: arr(obj({ sample_id: str(), input: str(), expected: str(), metadata: anyObject(), outputs: mapOf(obj({ output: str(), latency: num('seconds'), cost: num() }, { error: str(), served_by: nullable(str()) })), scores: mapOf(mapOf(anyValue())) })),
              summary: nullable(anyObject()),
              winner: nullable(anyObject()),
            }),
            samples_total: int(),
            limit: int(),
            offset: int(),
            has_more: bool(),
          }),
        ),
        ...errors(400, 401, 404),
      },
    },
  },
  '/v1/evaluations/{id}/cancel': {
    post: {
      operationId: 'cancelEvaluation',
      summary: 'Cancel a queued or running evaluation (`success: false` when already finished)',
      tags: ['evaluations'],
      parameters: [evalId, ...tenant],
      responses: { '200': json('cancelled or already finished', success({ status: str(), message: str() })), ...errors(401, 404) },
    },
  },
};

const TRAIN_IN: Schema = obj({}, {
  evaluation_ids: arr(str(), 'completed evaluations to learn from (or evaluation_id for one)'),
  evaluation_id: str(),
  dataset_id: str('instead: samples whose metadata.scores label each model'),
  clustering_run_id: str('take centroids from this run (alias: run_id); else k-means'),
  metric: str('the quality metric to learn (default: the first quality metric of the evaluations)'),
  k: { type: 'integer', minimum: 1, maximum: 4096, description: 'clusters for k-means' },
  prior_weight: { type: 'number', minimum: 0, maximum: 1000, default: 2 },
  holdout: { type: 'number', minimum: 0, maximum: 0.9, default: 0.2, description: 'share of prompts held out to check the new router against the one in use' },
  seed: { type: 'integer', minimum: 0, default: 42 },
  tolerance: { type: 'number', minimum: 0, maximum: 1, default: 0.02, description: 'how much worse on the holdout the new router may be and still deploy' },
  reload: { type: 'boolean', default: true, description: 'ask the gateway to load the package' },
  force: { type: 'boolean', default: false, description: 'deploy even when the check fails' },
  strategy: oneOfEnum(['cluster', 'mlp'], 'cluster (k-means + psi, default) or mlp (the CLI trainer: P(correct) heads over text features, settings by k-fold CV on the training split)'),
  traces: { anyOf: [bool(), obj({}, { feedback_key: str('metadata key holding the feedback (default feedback): a number in [0, 1] or good/bad, up/down...'), limit: int('newest traces with feedback used (default 100000)') })], description: 'instead of evaluations: learn from traces with feedback (each labels the `provider/model` that answered)' },
});

export const ROUTER_PATHS: Record<string, PathItem> = {
  '/v1/router/train': {
    post: {
      operationId: 'trainRouter',
      summary: 'Train router weights from evaluation results or a labelled dataset, check them on a holdout, write and deploy the package',
      tags: ['router'],
      parameters: tenant,
      requestBody: jsonBody(TRAIN_IN, undefined, false),
      responses: {
        '200': json('trained', obj({
          package: ref('RouterPackage'),
          deployed: bool(),
          reload: anyValue('the gateway\'s answer to /v1/weights/reload'),
          timings_ms: mapOf(num()),
          warnings: arr(str()),
          comparison: nullable(obj({ n_compared: int(), new_quality: num(), current_quality: num(), passed: bool(), note: str(), current_weights_path: str(), current_strategy: str() }, {}, 'the new router against the one the gateway served, on the held-back prompts (null when not comparable: warnings say why)')),
          refused: nullable(str('why the package was not deployed: worse than the current router or the best single model on the held-back prompts')),
        })),
        ...errors(400, 401, 404, 413),
      },
    },
  },
  '/v1/router/rollback': {
    post: {
      operationId: 'rollbackRouter',
      summary: 'Reload the previously deployed package on the gateway',
      tags: ['router'],
      responses: { '200': json('rolled back', obj({ message: str(), active: ref('RouterPackage'), rolled_back_from: nullable(str()), reload: anyValue() })), ...errors(400, 401, 502) },
    },
  },
  '/v1/router/packages': {
    get: {
      operationId: 'listRouterPackages',
      summary: 'Trained packages, the active one and the deploy history',
      tags: ['router'],
      responses: { '200': json('packages', obj({ packages: arr(ref('RouterPackage')), active: nullable(str('the package the gateway serves (its id, or the weights directory name)')), active_weights_path: nullable(str()), active_source: oneOfEnum(['gateway', 'recorded', 'configured'], 'gateway: read from its /health; recorded: the last deploy, when the gateway cannot say; configured: else the weights path the gateway is configured with'), history: arr(str()), total: int() })), ...errors(401) },
    },
  },
  '/v1/router/active': {
    get: {
      operationId: 'getActiveRouter',
      summary: 'The weights the gateway serves: per-cluster expected error by model, validation prompts per cluster, the best model per cluster at cost weight 0',
      tags: ['router'],
      responses: {
        '200': json('the active weights', obj({
          weights_path: str(),
          strategy: str('cluster, knn or mlp'),
          embedder: str(),
          num_clusters: int(),
          models: arr(obj({ model_id: str(), cost_per_1k_tokens: num(), overall_error: num('validation-weighted mean of the per-cluster error') })),
          clusters: arr(obj({ cluster_id: int(), samples: num('validation prompts in the cluster'), expected_error: mapOf(num(), 'model id -> expected error (psi)'), best_model: str() })),
        })),
        ...errors(401, 500),
      },
    },
  },
  '/v1/router/packages/{id}': {
    get: {
      operationId: 'getRouterPackage',
      summary: 'One package',
      tags: ['router'],
      parameters: [pathParam('id')],
      responses: { '200': json('the package', ref('RouterPackage')), ...errors(401, 404) },
    },
  },
};
