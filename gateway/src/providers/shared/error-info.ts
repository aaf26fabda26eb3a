/** The UpstreamErrorInfo every adapter's decodeError returns, from what it read of the error body. */
import type { UpstreamErrorInfo } from '../types.js';

const MAX_RAW = 500;

/** The body itself (trimmed, capped) for an error the provider's JSON did not explain. */
export function rawMessage(status: number, text: string): string {
  const t = text.trim();
  return t === '' ? `upstream returned status ${status}` : t.slice(0, MAX_RAW);
}

/** `message` empty: the raw body stands in. `retryAfter` in seconds, when the provider gave one. */
export function errorInfo(status: number, text: string, message: string, providerCode: string, retryAfter: number | undefined): UpstreamErrorInfo {
  return {
    status,
    message: message !== '' ? message : rawMessage(status, text),
    providerCode,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}
