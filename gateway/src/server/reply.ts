/**
 * A response wrapper over uWS's HttpResponse: it registers onAborted first, finishes
 * once, corks every write (writes after an await must be corked), and turns errors into
 * the OpenAI error shape.
 */
import type { HttpResponse } from 'uWebSockets.js';
import { GatewayError, asGatewayError } from '../errors.js';
import { headerSafe } from './header-value.js';
import { loadUws } from './uws.js';

const FALLBACK = loadUws().engine === 'uws-js-fallback';

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK', 201: '201 Created', 202: '202 Accepted', 204: '204 No Content',
  400: '400 Bad Request', 401: '401 Unauthorized', 403: '403 Forbidden', 404: '404 Not Found',
  405: '405 Method Not Allowed', 408: '408 Request Timeout', 409: '409 Conflict', 413: '413 Payload Too Large',
  415: '415 Unsupported Media Type', 422: '422 Unprocessable Entity', 429: '429 Too Many Requests',
  500: '500 Internal Server Error', 501: '501 Not Implemented', 502: '502 Bad Gateway',
  503: '503 Service Unavailable', 504: '504 Gateway Timeout',
};

export function statusLine(status: number): string {
  return STATUS_TEXT[status] ?? `${status} Status`;
}

export type HeaderList = ReadonlyArray<readonly [string, string]>;
export type ErrorShape = (e: GatewayError) => unknown;

export class Reply {
  readonly res: HttpResponse;
  aborted = false;
  done = false;
  /** Set once the status line went out (streams): errors after that become SSE events. */
  started = false;
  status = 0;
  private readonly abortListeners: Array<() => void> = [];

  /** `errorShape`: the error body of a route that speaks another API (Anthropic's shape on /v1/messages). */
  constructor(res: HttpResponse, private readonly baseHeaders: HeaderList, private readonly errorShape?: ErrorShape) {
    this.res = res;
    res.onAborted(() => {
      this.aborted = true;
      this.done = true;
      for (const fn of this.abortListeners.splice(0)) fn();
    });
  }

  onAbort(fn: () => void): void {
    if (this.aborted) fn();
    else this.abortListeners.push(fn);
  }

  get closed(): boolean {
    return this.aborted || this.done;
  }

  /**
   * Status line + headers (base headers first). Caller must be inside cork. Names are
   * constants of the code; every value goes through `headerSafe` (values may carry request
   * input: model, alias, session id, provider), so none can add a header line.
   */
  writeHead(status: number, headers: HeaderList): void {
    this.status = status;
    this.started = true;
    const res = this.res;
    res.writeStatus(statusLine(status));
    for (const [k, v] of this.baseHeaders) res.writeHeader(k, v);
    for (const [k, v] of headers) res.writeHeader(k, headerSafe(v));
  }

  send(status: number, body: string | Buffer, headers: HeaderList = [], contentType = 'application/json'): void {
    if (this.closed) return;
    this.done = true;
    this.res.cork(() => {
      this.writeHead(status, contentType ? [['content-type', contentType], ...headers] : headers);
      this.res.end(body);
    });
  }

  json(status: number, value: unknown, headers: HeaderList = []): void {
    this.send(status, JSON.stringify(value), headers);
  }

  error(err: unknown, headers: HeaderList = []): void {
    const e = asGatewayError(err);
    const extra: Array<readonly [string, string]> = [...headers];
    if (e.retryAfter !== undefined) extra.push(['retry-after', String(Math.max(0, Math.ceil(e.retryAfter)))]);
    if (e.status === 401) extra.push(['www-authenticate', 'Bearer']);
    this.json(e.status, this.errorBodyOf(e), extra);
  }

  /** The body an error is sent with on this route (the OpenAI shape unless the route says otherwise). */
  errorBodyOf(e: GatewayError): unknown {
    return this.errorShape === undefined ? e.toBody() : this.errorShape(e);
  }

  empty(status: number, headers: HeaderList = []): void {
    if (this.closed) return;
    this.done = true;
    this.res.cork(() => {
      this.writeHead(status, headers);
      // uWS's JS fallback server lacks endWithoutBody.
      if (typeof this.res.endWithoutBody === 'function' && !FALLBACK) this.res.endWithoutBody();
      else this.res.end();
    });
  }
}

export { GatewayError };
