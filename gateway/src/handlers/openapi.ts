/** GET /openapi.json: the gateway's OpenAPI 3.1 document, open like /health (it holds no secrets). */
import { gatewayDocument } from '../openapi/document.js';
import { packageVersion as documentVersion } from '../../../core/contract/cli-args.js';
import type { Route } from '../server/app.js';

export function openApiRoutes(): Route[] {
  // Serialised once: the document is static.
  const body = JSON.stringify(gatewayDocument(documentVersion()));
  return [{ method: 'GET', pattern: '/openapi.json', auth: false, handler: ({ reply }) => reply.send(200, body) }];
}
