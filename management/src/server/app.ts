/**
 * The uWS application: one catch-all route that snapshots the request, checks auth, matches the
 * route table (404/405), reads the body (capped, abort-safe), runs the handler and writes the
 * reply corked. Keeps a count of requests in flight for graceful shutdown.
 */
import uWS from 'uWebSockets.js';
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { listenExclusive, listenFailure } from '../../../core/contract/listen.js';
import { ApiError, errorBody, toApiError } from '../errors.js';
import { makeAuthChecker } from './auth.js';
import { readBody } from './body.js';
import { writeReply } from './respond.js';
import { Router } from './router.js';
import type { Reply, RequestSnapshot, Route } from './types.js';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly apiKeys: readonly string[];
  readonly maxBodyBytes: number;
  /** Paths that skip auth. */
  readonly openPaths: readonly string[];
  readonly log?: (msg: string) => void;
}

export interface RunningServer {
  readonly port: number;
  /** Stop accepting, wait for requests in flight (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

const KEPT_HEADERS = ['authorization', 'content-type', 'x-tenant-id', 'origin', 'content-length', 'x-opentracy-quality-cost-tradeoff'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The trufflesuite build falls back to a slow pure-JS server when its binary fails to load. */
export function uwsIsNative(): boolean {
  return typeof (uWS as unknown as { getParts?: unknown }).getParts === 'function';
}

function errorReply(err: ApiError): Reply {
  return { kind: 'json', status: err.status, body: errorBody(err.code, err.message, err.param) };
}

export function startServer(routes: readonly Route[], opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[management] ${m}\n`));
  if (!uwsIsNative()) log('WARNING: uWebSockets.js native binary did not load; running on its slow pure-JS fallback');
  const router = new Router(routes);
  const isAuthorized = makeAuthChecker(opts.apiKeys);
  const openPaths = new Set(opts.openPaths);
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;

  const handle = (res: HttpResponse, req: HttpRequest): void => {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const query = new URLSearchParams(req.getQuery() ?? '');
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = req.getHeader(h);
      if (v !== '') headers[h] = v;
    }
    const aborter = new AbortController();
    res.onAborted(() => aborter.abort());
    inFlight++;
    void serve(res, method, path, query, headers, aborter.signal).finally(() => {
      inFlight--;
      if (inFlight === 0 && drained) drained();
    });
  };

  const serve = async (
    res: HttpResponse,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<void> => {
    const send = (reply: Reply): Promise<void> | void => {
      if (!signal.aborted) return writeReply(res, reply, method === 'HEAD', signal);
    };
    try {
      if (closing) throw new ApiError('gateway_shutting_down', 'server is shutting down');
      if (method === 'OPTIONS') return send({ kind: 'json', status: 204, body: null });
      if (isAuthorized && !openPaths.has(path) && !isAuthorized(headers['authorization'])) {
        throw new ApiError('caller_unauthorized', 'missing or invalid bearer token');
      }
      const m = router.match(method, path);
      if (m.kind === 'not_found') throw new ApiError('caller_not_found', `no route for ${method} ${path}`);
      if (m.kind === 'method_not_allowed') {
        const err = new ApiError('caller_method_not_allowed', `method ${method} not allowed on ${path}`);
        return send({ ...errorReply(err), headers: { Allow: m.allowed.join(', ') } });
      }
      let body: Buffer | null = null;
      if (BODY_METHODS.has(method)) {
        const r = await readBody(res, opts.maxBodyBytes, signal);
        if (!r.ok) {
          if (r.reason === 'aborted') return;
          throw new ApiError('caller_body_too_large', `request body exceeds ${opts.maxBodyBytes} bytes`);
        }
        body = r.body;
      }
      const snapshot: RequestSnapshot = { method, path, query, headers, params: m.params, body, signal };
      await send(await m.handler(snapshot));
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.code === 'gateway_internal') log(`${method} ${path} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      send(errorReply(apiErr));
    }
  };

  const app: TemplatedApp = uWS.App();
  app.any('/*', handle);

  return new Promise((resolve, reject) => {
    // Exclusive: uWS otherwise sets SO_REUSEPORT and a second instance silently shares the port.
    listenExclusive(app, opts.host, opts.port, (socket: us_listen_socket | false) => {
      if (!socket) {
        reject(listenFailure(opts.host, opts.port));
        return;
      }
      const port = uWS.us_socket_local_port(socket);
      resolve({
        port,
        close: async (graceMs = 10_000) => {
          closing = true;
          uWS.us_listen_socket_close(socket);
          if (inFlight > 0) {
            await new Promise<void>((done) => {
              const t = setTimeout(done, graceMs);
              drained = () => {
                clearTimeout(t);
                done();
              };
            });
          }
        },
      });
    });
  });
}
