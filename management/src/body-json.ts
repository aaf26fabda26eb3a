/** JSON request bodies: parse or a clear 400. */
import { ApiError } from './errors.js';

export function parseJsonBody(body: Buffer | null, required = true): unknown {
  if (body === null || body.length === 0) {
    if (required) throw new ApiError('caller_invalid_json', 'request body must be JSON');
    return undefined;
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new ApiError('caller_invalid_json', `request body is not valid JSON: ${err instanceof Error ? err.message : ''}`);
  }
}

/** The body as a JSON object (or {} when empty and optional). */
export function parseJsonObject(body: Buffer | null, required = true): Record<string, unknown> {
  const v = parseJsonBody(body, required);
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError('caller_invalid_request', 'request body must be a JSON object');
  return v as Record<string, unknown>;
}
