/** Request snapshot, reply and route types shared by the server glue and the handlers. */

/** Everything a handler may read, copied out of uWS's short-lived request object. */
export interface RequestSnapshot {
  readonly method: string; // upper case
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>; // lower-case names
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer | null;
  /** Set when the client went away; long handlers may check it. */
  readonly signal: AbortSignal;
}

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'text'; readonly status: number; readonly body: string; readonly contentType: string; readonly headers?: Record<string, string> }
  /** A file streamed from disk with backpressure (any size). */
  | { readonly kind: 'file'; readonly status: 200; readonly path: string; readonly size: number; readonly contentType: string; readonly headers?: Record<string, string> };

export type Handler = (req: RequestSnapshot) => Promise<Reply> | Reply;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path pattern with `:name` segments, e.g. `/v1/traces/:id`. */
  readonly pattern: string;
  readonly handler: Handler;
}

export const json = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });
export const text = (body: string, contentType: string, status = 200): Reply => ({ kind: 'text', status, body, contentType });
