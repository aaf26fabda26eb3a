/**
 * Network-level failures of an upstream call, and the error `dispatch` throws when
 * no upstream gave an HTTP answer. HTTP error answers are not errors here: dispatch
 * returns them (see DispatchFailure) so the caller keeps their exact meaning.
 */
import { GatewayError } from '../errors.js';
import type { ProviderAttempt } from '../../../core/contract/trace.js';

export type NetworkFailureKind = 'timeout' | 'connection';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** Short, stable description for ProviderAttempt.error, e.g. "UND_ERR_HEADERS_TIMEOUT". */
  reason: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
/** Codes that mean our request was malformed, not that the network failed: never retried. */
const CALLER_BUG_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_URL']);

/**
 * Classifies an error thrown by undici's `request`. Returns null for errors that are
 * bugs on our side (invalid header, bad URL): those are not retried.
 */
export function classifyNetworkError(err: unknown): NetworkFailure | null {
  const code = errorCode(err);
  if (code !== undefined && CALLER_BUG_CODES.has(code)) return null;
  if (code !== undefined && TIMEOUT_CODES.has(code)) return { kind: 'timeout', reason: code };
  const causeCode = err instanceof Error ? errorCode(err.cause) : undefined;
  const reason = code ?? causeCode ?? (err instanceof Error ? err.name : 'network error');
  return { kind: 'connection', reason };
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const c = (err as { code: unknown }).code;
  return typeof c === 'string' ? c : undefined;
}

/**
 * Thrown by `dispatch` when no candidate produced an HTTP answer (code
 * `provider_connection` or `provider_timeout`), or when the caller's signal aborted
 * (`aborted: true`, code `provider_connection`: the client is gone, send nothing).
 */
export class UpstreamDispatchError extends GatewayError {
  readonly attempts: ProviderAttempt[];
  readonly aborted: boolean;
  /** Time spent waiting on upstreams across all attempts, ms. */
  readonly upstreamMs: number;

  constructor(
    code: 'provider_connection' | 'provider_timeout',
    message: string,
    info: { attempts: ProviderAttempt[]; aborted?: boolean; upstreamMs: number; cause?: unknown },
  ) {
    super(code, message, { cause: info.cause });
    this.name = 'UpstreamDispatchError';
    this.attempts = info.attempts;
    this.aborted = info.aborted ?? false;
    this.upstreamMs = info.upstreamMs;
  }
}
