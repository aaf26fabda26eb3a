/**
 * A final non-2xx upstream answer, turned into a GatewayError that keeps the upstream
 * status (a 429 stays a 429 with its Retry-After; the original folded all into 502).
 */
import type { ErrorCode } from '../../../core/contract/error-codes.js';
import { GatewayError } from '../errors.js';
import type { UpstreamErrorInfo } from '../providers/types.js';

export function codeForUpstreamStatus(status: number): ErrorCode {
  if (status === 401) return 'provider_auth';
  if (status === 403) return 'provider_permission';
  if (status === 404) return 'provider_not_found';
  if (status === 408 || status === 504) return 'provider_timeout';
  if (status === 429) return 'provider_rate_limited';
  if (status === 503) return 'provider_unavailable';
  if (status >= 500) return 'provider_server_error';
  return 'provider_bad_request';
}

export function upstreamError(providerId: string, info: UpstreamErrorInfo): GatewayError {
  const status = info.status >= 400 && info.status < 600 ? info.status : 502;
  return new GatewayError(codeForUpstreamStatus(status), `provider '${providerId}' returned ${info.status}: ${info.message}`, {
    status,
    ...(info.retryAfter !== undefined ? { retryAfter: info.retryAfter } : {}),
  });
}
