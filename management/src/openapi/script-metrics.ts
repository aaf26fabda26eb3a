/** Operations: script validation and metric suggestions (learning/metrics/script-routes.ts). */
import { anyObject, arr, bool, errors, int, json, jsonBody, nullable, obj, oneOfEnum, ref, str, type PathItem, type Schema } from '../../../core/contract/openapi.js';

const ISOLATION: Schema = obj({ network_namespace: bool(), mount_namespace: bool(), python: bool('python runs only with namespaces'), javascript: bool(), notes: str('what is and is not isolated on this host') });
const CASE: Schema = obj({}, { input: str(), output: str(), expected: str(), latency_ms: { type: 'number' }, cost_usd: { type: 'number' } });

export const SCRIPT_METRIC_PATHS: Record<string, PathItem> = {
  '/v1/metrics/validate-script': {
    post: {
      operationId: 'validateMetricScript',
      summary: 'Run a python/javascript metric on test cases in the sandbox (only with OPENTRACY_SCRIPT_METRICS=1; otherwise a 400 saying so)',
      tags: ['metrics'],
      requestBody: jsonBody(
        obj({}, {
          type: oneOfEnum(['python', 'javascript']),
          language: oneOfEnum(['python', 'javascript'], 'alias of type'),
          script: str('defines score(input, output, expected[, context]) returning a number 0..1, a boolean or {score, ...}'),
          python_script: str('the reference\'s field (type python)'),
          code: str('alias of script'),
          config: obj({}, { timeout_ms: { type: 'integer', minimum: 100, maximum: 30_000, default: 5000 }, memory_mb: { type: 'integer', minimum: 32, maximum: 2048, default: 256 }, threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5 } }),
          test_cases: arr(CASE, '1..100 cases (default one)'),
        }),
      ),
      responses: {
        '200': json('the validation (a script that fails, loops or is refused is valid:false with the reason)', obj({
          valid: bool(),
          type: oneOfEnum(['python', 'javascript']),
          error: nullable(str()),
          reason: nullable(oneOfEnum(['timeout', 'memory', 'crashed', 'load_error', 'unavailable', 'case_error'])),
          results: arr(obj({ score: nullable({ type: 'number' }), passed: bool() }, { error: str() })),
          duration_ms: int(),
          isolation: ISOLATION,
        })),
        ...errors(400, 401, 413),
      },
    },
  },
  '/v1/auto-eval/suggest-metrics': {
    post: {
      operationId: 'suggestMetrics',
      summary: 'An LLM (through the gateway) proposes metrics for a dataset; only declarative kinds are accepted, never code; auto_create stores the valid ones',
      tags: ['metrics'],
      requestBody: jsonBody(obj({ dataset_id: str() }, { auto_create: bool('default true'), model: str('default OPENTRACY_JUDGE_MODEL'), max_suggestions: { type: 'integer', minimum: 1, maximum: 20, default: 5 } })),
      responses: {
        '200': json('suggestions', obj({ suggestions: arr({ anyOf: [ref('Metric'), anyObject('an invalid suggestion with valid:false and error')] }), rationale: str(), created_metrics: arr(str()), model: str(), samples_seen: int() })),
        ...errors(400, 401, 404, 413, 502),
      },
    },
  },
};
