/** Calls from the management server to the gateway (ingest, runtime keys, LLM labelling). */
import { request } from 'undici';
import { ApiError } from './errors.js';

export interface GatewayResponse {
  readonly status: number;
  readonly body: unknown;
  /** Response headers (lower-case names). */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly bearer: string | null,
  ) {}

  /** One call with the internal header (the gateway does not trace it); throws ApiError when unreachable. */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, timeoutMs: number, extraHeaders?: Readonly<Record<string, string>>): Promise<GatewayResponse> {
    const headers: Record<string, string> = { ...extraHeaders, 'x-opentracy-internal': 'true', accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    try {
      const res = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const raw = await res.body.text();
      let parsed: unknown = raw;
      try {
        parsed = raw === '' ? null : JSON.parse(raw);
      } catch {
        // keep the text
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new ApiError('provider_connection', `gateway at ${this.baseUrl} unreachable: ${msg}`);
    }
  }
}
