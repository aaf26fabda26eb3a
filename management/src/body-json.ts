/** JSON request bodies: parse or a clear 400. */
import { MAX_JSON_DEPTH, jsonDepthExceeds } from '../../core/contract/json-depth.js';
import { ApiError } from './errors.js';

export function parseJsonBody(body: Buffer | null, required = true): unknown {
  if (body === null || body.length === 0) {
    if (required) throw new ApiError('caller_invalid_json', 'request body must be JSON');
    return undefined;
  }
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text)) throw new ApiError('caller_invalid_json', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
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
