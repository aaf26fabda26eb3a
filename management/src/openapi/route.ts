/** GET /openapi.json: the management server's OpenAPI 3.1 document (open: it holds no secrets). */
import { packageVersion as documentVersion } from '../../../core/contract/cli-args.js';
import { text, type Route } from '../server/types.js';
import { managementDocument } from './document.js';

export const OPENAPI_PATH = '/openapi.json';

export function openApiRoutes(): Route[] {
  // Serialised once: the document is static.
  const body = JSON.stringify(managementDocument(documentVersion()));
  return [{ method: 'GET', pattern: OPENAPI_PATH, handler: () => text(body, 'application/json') }];
}
