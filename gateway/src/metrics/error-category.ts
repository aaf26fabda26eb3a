import type { ErrorCode } from '../../../core/contract/error-codes.js';

/**
 * The reference's error categories (section 1.8). DEPLOYMENT_ERROR is part of the published
 * vocabulary but nothing maps to it: configuration refusals are INVALID_REQUEST, as the
 * caller can fix them by asking for another model.
 */
export type ErrorCategory =
  | 'AUTH_ERROR'
  | 'RATE_LIMIT'
  | 'SERVER_ERROR'
  | 'MODEL_ERROR'
  | 'INVALID_REQUEST'
  | 'DEPLOYMENT_ERROR'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'UNKNOWN';

/** Codes not listed here (added later) fall back to their HTTP status, which is always set. */
const BY_CODE = {
  caller_invalid_json: 'INVALID_REQUEST',
  caller_invalid_request: 'INVALID_REQUEST',
  caller_unsupported_content: 'INVALID_REQUEST',
  caller_body_too_large: 'INVALID_REQUEST',
  caller_unauthorized: 'AUTH_ERROR',
  caller_not_found: 'INVALID_REQUEST',
  caller_model_not_found: 'MODEL_ERROR',
  caller_method_not_allowed: 'INVALID_REQUEST',
  policy_provider_not_configured: 'INVALID_REQUEST',
  policy_routing_unavailable: 'INVALID_REQUEST',
  policy_overloaded: 'SERVER_ERROR',
  policy_disabled: 'SERVER_ERROR',
  provider_bad_request: 'INVALID_REQUEST',
  provider_auth: 'AUTH_ERROR',
  provider_permission: 'AUTH_ERROR',
  provider_not_found: 'MODEL_ERROR',
  provider_rate_limited: 'RATE_LIMIT',
  provider_server_error: 'SERVER_ERROR',
  provider_unavailable: 'SERVER_ERROR',
  provider_timeout: 'TIMEOUT',
  provider_connection: 'NETWORK_ERROR',
  provider_bad_response: 'SERVER_ERROR',
  gateway_internal: 'SERVER_ERROR',
  gateway_shutting_down: 'SERVER_ERROR',
} as const satisfies Partial<Record<ErrorCode, ErrorCategory>>;

/**
 * The category of an outcome. `code` is one of our error codes (it wins when known); otherwise
 * the HTTP status decides: 0 (no response) NETWORK_ERROR, 401/403 AUTH_ERROR, 404 MODEL_ERROR,
 * 408/504 TIMEOUT, 429 RATE_LIMIT, other 4xx INVALID_REQUEST, 5xx SERVER_ERROR.
 * A success (status 1..399 and no code) has no category: ''.
 */
export function errorCategory(status: number, code?: string | null): ErrorCategory | '' {
  if (code && Object.hasOwn(BY_CODE, code)) return BY_CODE[code as keyof typeof BY_CODE];
  if (status === 0) return 'NETWORK_ERROR';
  if (status > 0 && status < 400) return code ? 'UNKNOWN' : '';
  if (status === 401 || status === 403) return 'AUTH_ERROR';
  if (status === 404) return 'MODEL_ERROR';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status === 429) return 'RATE_LIMIT';
  if (status >= 400 && status < 500) return 'INVALID_REQUEST';
  if (status >= 500 && status < 600) return 'SERVER_ERROR';
  return 'UNKNOWN';
}
