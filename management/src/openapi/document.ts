/**
 * The management server's OpenAPI 3.1 document, served at `GET /openapi.json` (open, like
 * /health: it holds no secrets). Typed data, one module per area; management/test/openapi.test.ts
 * keeps it honest against the route table and real responses.
 */
import type { OpenApiDocument } from '../../../core/contract/openapi.js';
import { CURATION_PATHS } from './curation.js';
import { CLUSTERING_PATHS, DATASET_PATHS, SECRET_PATHS } from './datasets.js';
import { DEPLOYMENT_PATHS } from './deployments.js';
import { KEY_PATHS } from './keys.js';
import { DISTILLATION_PATHS } from './distillation.js';
import { EVALUATION_EXTRA_PATHS } from './evaluations-extra.js';
import { ROUTER_PROXY_PATHS } from './router-proxy.js';
import { SCRIPT_METRIC_PATHS } from './script-metrics.js';
import { EVALUATION_PATHS, METRIC_PATHS, ROUTER_PATHS } from './learning.js';
import { MANAGEMENT_SCHEMAS } from './schemas.js';
import { TRACE_PATHS } from './traces.js';

export function managementDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenTracy management server',
      version,
      description:
        'Traces, analytics, clustering, datasets, provider secrets and the learning loop (metrics, evaluations, distillation, router ' +
        'training) beside the gateway. Every error is `{"error":{"message","type","code","param"}}`; unknown paths answer 404, wrong ' +
        'methods 405 with `Allow`. With OPENTRACY_API_KEYS set every route but /health and /openapi.json needs `Authorization: Bearer <token>`. ' +
        'Tenancy: the `x-tenant-id` header (default `default`).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:8000', description: 'default OPENTRACY_MANAGEMENT_PORT' }],
    tags: [
      { name: 'traces' },
      { name: 'analytics' },
      { name: 'clustering' },
      { name: 'datasets' },
      { name: 'secrets', description: 'provider keys, pushed to the gateway' },
      { name: 'metrics', description: 'evaluation metrics (not the gateway\'s request metrics)' },
      { name: 'evaluations' },
      { name: 'distillation' },
      { name: 'router', description: 'router training and deployment' },
      { name: 'keys', description: 'Virtual keys: allowed models, budgets, rate limits, expiry; spend per key' },
      { name: 'deployments', description: 'OpenAI-compatible endpoints (llama.cpp, vLLM, Ollama) and their proxy' },
      { name: 'operations' },
    ],
    security: [{ bearerAuth: [] }, {}],
    paths: { ...TRACE_PATHS, ...CLUSTERING_PATHS, ...DATASET_PATHS, ...CURATION_PATHS, ...SECRET_PATHS, ...SCRIPT_METRIC_PATHS, ...METRIC_PATHS, ...EVALUATION_EXTRA_PATHS, ...EVALUATION_PATHS, ...DISTILLATION_PATHS, ...ROUTER_PATHS, ...ROUTER_PROXY_PATHS, ...DEPLOYMENT_PATHS, ...KEY_PATHS },
    components: {
      schemas: MANAGEMENT_SCHEMAS,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'one of OPENTRACY_API_KEYS (only when set)' } },
    },
  };
}
