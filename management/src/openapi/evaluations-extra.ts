/** Operations: evaluation settings, export, rerun, log, cleanup (learning/evaluations/eval-extra-routes.ts). */
import { anyObject, arr, bool, errors, int, json, jsonBody, mapOf, nullable, num, obj, oneOfEnum, pathParam, query, ref, str, textResponse, type PathItem, type Schema } from '../../../core/contract/openapi.js';
import { tenantHeader, tenantQuery } from './params.js';

const tenant = [tenantHeader, tenantQuery];
const SETTINGS: Schema = obj({
  default_models: arr(str(), 'used when a new evaluation names no models'),
  default_metrics: arr(str(), 'used when it names no metrics (default exact_match, contains)'),
  default_judge_model: nullable(str()),
  concurrency: nullable(int()),
  max_samples: nullable(int()),
  max_tokens: nullable(int()),
  temperature: nullable(num()),
  retention_days: nullable(num('default age of POST /v1/evaluations/cleanup (null: 30)')),
  updated_at: nullable(str()),
});
const SETTINGS_IN: Schema = obj({}, {
  default_models: arr(str()),
  default_metrics: arr(str()),
  default_judge_model: nullable(str()),
  concurrency: nullable({ type: 'integer', minimum: 1, maximum: 256 }),
  max_samples: nullable({ type: 'integer', minimum: 1, maximum: 100_000 }),
  max_tokens: nullable({ type: 'integer', minimum: 1, maximum: 32_768 }),
  temperature: nullable({ type: 'number', minimum: 0, maximum: 2 }),
  retention_days: nullable({ type: 'number', minimum: 0, maximum: 36_500 }),
});
const OUTPUT: Schema = obj({ output: str(), latency: num('seconds'), cost: num(), error: nullable(str()), served_by: nullable(str()), scores: mapOf(anyObject('{score, passed, ...}')) });
const RESULT: Schema = obj({ sample_id: str(), input: str(), expected: str(), metadata: anyObject(), outputs: mapOf(OUTPUT) });
const LOGGED_OUT: Schema = { anyOf: [str(), obj({ output: str() }, { latency: num('seconds'), cost: num() })] };
const id = pathParam('id', 'evaluation id');

export const EVALUATION_EXTRA_PATHS: Record<string, PathItem> = {
  '/v1/evaluations/settings': {
    get: { operationId: 'getEvaluationSettings', summary: 'The tenant\'s evaluation defaults', tags: ['evaluations'], parameters: tenant, responses: { '200': json('settings', SETTINGS), ...errors(401) } },
    put: {
      operationId: 'putEvaluationSettings',
      summary: 'Change the defaults (keys given replace; unknown keys are a 400)',
      tags: ['evaluations'],
      parameters: tenant,
      requestBody: jsonBody(SETTINGS_IN),
      responses: { '200': json('settings', SETTINGS), ...errors(400, 401, 413) },
    },
  },
  '/v1/evaluations/{id}/export': {
    get: {
      operationId: 'exportEvaluation',
      summary: 'Every sample with its outputs and scores, as JSON or CSV (one row per sample and model; formula-looking cells are quoted)',
      tags: ['evaluations'],
      parameters: [id, ...tenant, query('format', oneOfEnum(['json', 'csv']), 'default json')],
      responses: {
        '200': {
          description: 'the export (Content-Disposition: attachment)',
          content: {
            'application/json': { schema: obj({ evaluation: ref('Evaluation'), results: arr(RESULT), total: int() }) },
            'text/csv': textResponse('csv', 'text/csv').content!['text/csv']!,
          },
        },
        ...errors(400, 401, 404),
      },
    },
  },
  '/v1/evaluations/{id}/rerun': {
    post: {
      operationId: 'rerunEvaluation',
      summary: 'A new evaluation with the same models, metrics and samples (inline samples are copied; a dataset is read again)',
      tags: ['evaluations'],
      parameters: [id, ...tenant],
      requestBody: jsonBody(obj({}, { name: str('default "<name> (rerun)"') }), 'optional', false),
      responses: {
        '202': json('queued', obj({ evaluation_id: str(), id: str(), name: str(), status: { const: 'queued' }, models: arr(str()), metrics: arr(str()), dataset_id: str(), created_at: str(), rerun_of: str() })),
        ...errors(400, 401, 404),
      },
    },
  },
  '/v1/evaluations/log': {
    post: {
      operationId: 'logEvaluation',
      summary: 'Store outputs produced elsewhere as a completed evaluation, scored with the metrics',
      tags: ['evaluations'],
      parameters: tenant,
      requestBody: jsonBody(
        obj(
          { name: str(), samples: arr(obj({ input: str() }, { expected_output: str(), expected: str(), metadata: anyObject(), output: LOGGED_OUT, outputs: mapOf(LOGGED_OUT, 'model -> output') })) },
          { description: str(), model: str('model name of `output` (default external)'), metrics: arr(str(), 'default: the settings\' default_metrics'), group_by: str(), tenant_id: str() },
        ),
      ),
      responses: { '201': json('the stored evaluation', ref('Evaluation')), ...errors(400, 401, 413) },
    },
  },
  '/v1/evaluations/cleanup': {
    post: {
      operationId: 'cleanupEvaluations',
      summary: 'Delete finished evaluations older than an age',
      tags: ['evaluations'],
      parameters: tenant,
      requestBody: jsonBody(obj({}, { older_than_days: { type: 'number', minimum: 0, maximum: 36_500, description: 'default: settings retention_days, else 30' }, statuses: arr(oneOfEnum(['completed', 'failed', 'cancelled'])), dry_run: bool() }), 'optional', false),
      responses: { '200': json('what was deleted', obj({ deleted: int(), matched: int(), evaluation_ids: arr(str()), older_than_days: num(), dry_run: bool() })), ...errors(400, 401) },
    },
  },
};
