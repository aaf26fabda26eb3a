/**
 * The gateway's OpenAPI 3.1 document, served at `GET /openapi.json` (open, like /health: it
 * holds no secrets). Typed data; gateway/test/e2e/openapi.test.ts keeps it honest against
 * the route table and real responses.
 */
import type { OpenApiDocument } from '../../../core/contract/openapi.js';
import { CLUSTER_DATASET_PATHS } from './cluster-datasets.js';
import { EXPORT_PATHS } from './exports.js';
import { INGRESS_PATHS, INGRESS_SCHEMAS } from './ingress.js';
import { CHAT_PATHS, MODEL_PATHS, OPERATION_PATHS } from './operations.js';
import { GATEWAY_SCHEMAS } from './schemas.js';

export function gatewayDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenTracy gateway',
      version,
      description:
        'OpenAI-compatible LLM gateway with learned routing. Every error is `{"error":{"message","type","code","param"}}`; ' +
        'unknown paths answer 404, wrong methods 405 with `Allow`. With OPENTRACY_API_KEYS set every route but /health and ' +
        '/openapi.json needs `Authorization: Bearer <token>`; without it the gateway is open.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:8080', description: 'default OPENTRACY_PORT' }],
    tags: [
      { name: 'chat', description: 'chat completions' },
      { name: 'routing', description: 'the learned router' },
      { name: 'models', description: 'models and aliases' },
      { name: 'keys', description: 'provider keys at runtime' },
      { name: 'metrics', description: 'in-memory metrics' },
      { name: 'traces', description: 'trace ingest' },
      { name: 'operations', description: 'health and this document' },
    ],
    security: [{ bearerAuth: [] }, {}],
    paths: { ...CHAT_PATHS, ...INGRESS_PATHS, ...MODEL_PATHS, ...OPERATION_PATHS, ...CLUSTER_DATASET_PATHS, ...EXPORT_PATHS },
    components: {
      schemas: { ...GATEWAY_SCHEMAS, ...INGRESS_SCHEMAS },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'one of OPENTRACY_API_KEYS (only when set)' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: '/v1/messages only: one of OPENTRACY_API_KEYS as Anthropic clients send it' },
      },
    },
  };
}
