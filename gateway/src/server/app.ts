/**
 * The uWS application: a route table, CORS, auth, catch-all 404/405, in-flight tracking
 * for graceful shutdown. Handlers get a request snapshot and a Reply; POST bodies are
 * read here (abort-safe, capped) before the handler runs.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { GatewayError } from '../errors.js';
import type { Authenticator } from './auth.js';
import { readBody } from './body-reader.js';
import { Reply, type ErrorShape, type HeaderList } from './reply.js';
import { snapshotRequest, type RequestSnapshot } from './request.js';
import { loadUws, type HttpEngine } from './uws.js';
import { listenExclusive, listenFailure } from '../../../core/contract/listen.js';

export type Method = 'GET' | 'POST' | 'DELETE' | 'PUT';

export interface HandlerContext {
  req: RequestSnapshot;
  reply: Reply;
  /** Raw body for POST/PUT/DELETE routes that read one. */
  body: Buffer | null;
  /** Key id of the caller ('' when auth is off). */
  apiKeyId: string;
}

export interface Route {
  method: Method;
  /** uWS pattern, e.g. /v1/models/:id */
  pattern: string;
  handler: (ctx: HandlerContext) => void | Promise<void>;
  /** false for /health: open even when auth is on. */
  auth?: boolean;
  /** Read the request body first (default: true for POST/PUT). */
  readBody?: boolean;
  /** Errors on this route in another API's shape (default: OpenAI's). */
  errorShape?: ErrorShape;
  /** Request headers to snapshot besides SNAPSHOT_HEADERS (e.g. x-api-key). */
  extraHeaders?: readonly string[];
  /** The credential as an Authorization value (default: the Authorization header). */
  credential?: (headers: Readonly<Record<string, string>>) => string | undefined;
}

/** On every response: any origin, and the X-OpenTracy-* headers readable by browsers. */
export const CORS_HEADERS: HeaderList = [
  ['access-control-allow-origin', '*'],
  [
    'access-control-expose-headers',
    'X-OpenTracy-Selected-Model, X-OpenTracy-Cluster-ID, X-OpenTracy-Expected-Error, X-OpenTracy-Routing-Ms, X-OpenTracy-Session-Id, X-OpenTracy-Session-Done, X-OpenTracy-Provider, X-OpenTracy-Request-Id, Retry-After',
  ],
];

/** Only preflight answers need the allowed methods and headers (two header writes saved per response). */
export const PREFLIGHT_HEADERS: HeaderList = [
  ...CORS_HEADERS,
  ['access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS'],
  [
    'access-control-allow-headers',
    'Content-Type, Authorization, X-OpenTracy-Session-Id, X-OpenTracy-Internal, X-OpenTracy-Metadata, X-OpenTracy-Request-Timeout-Ms, X-Api-Key, Anthropic-Version, Anthropic-Beta',
  ],
  ['access-control-max-age', '600'],
];

export interface ServerOptions {
  routes: Route[];
  auth: Authenticator;
  maxBodyBytes: number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export interface RunningServer {
  app: TemplatedApp;
  port: number;
  engine: HttpEngine;
  inFlight(): number;
  /** Stop accepting; wait for in-flight requests up to the deadline. */
  drain(deadlineMs: number): Promise<boolean>;
  /** Close the listen socket (idempotent). */
  stopListening(): void;
  /** Close every connection, keep-alive ones included (after drain). */
  closeConnections(): void;
}

function countParams(pattern: string): number {
  return (pattern.match(/\/:/g) ?? []).length;
}

export function startServer(host: string, port: number, opts: ServerOptions): Promise<RunningServer> {
  const { uws, engine } = loadUws((m) => opts.log('error', m));
  const app = uws.App();
  let inFlight = 0;
  let listenSocket: us_listen_socket | null = null;
  const idleWaiters: Array<() => void> = [];
  const release = (): void => {
    inFlight--;
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  };

  const methodsByPattern = new Map<string, Method[]>();
  for (const r of opts.routes) methodsByPattern.set(r.pattern, [...(methodsByPattern.get(r.pattern) ?? []), r.method]);

  for (const route of opts.routes) {
    const nParams = countParams(route.pattern);
    const paramNames = route.pattern.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
    const wantsBody = route.readBody ?? (route.method === 'POST' || route.method === 'PUT');
    const register = route.method === 'GET' ? app.get : route.method === 'POST' ? app.post : route.method === 'PUT' ? app.put : app.del;
    register.call(app, route.pattern, (res, rawReq) => {
      const reply = new Reply(res, CORS_HEADERS, route.errorShape);
      const req = snapshotRequest(rawReq, nParams, paramNames, route.extraHeaders);
      const keyId = route.auth === false ? '' : opts.auth.check(route.credential ? route.credential(req.headers) : req.headers.authorization);
      if (keyId === null || req.invalid) {
        if (wantsBody) res.onData(() => undefined);
        reply.error(keyId === null ? new GatewayError('caller_unauthorized', 'missing or invalid bearer token') : req.invalid);
        return;
      }
      inFlight++;
      let released = false;
      const done = (): void => {
        if (!released) {
          released = true;
          release();
        }
      };
      const run = (body: Buffer | null): void => {
        let out: void | Promise<void>;
        try {
          out = route.handler({ req, reply, body, apiKeyId: keyId });
        } catch (err) {
          reply.error(err);
          done();
          return;
        }
        if (out && typeof (out as Promise<void>).then === 'function') {
          (out as Promise<void>).then(done, (err: unknown) => {
            if (!reply.closed) reply.error(err);
            else if (!(err instanceof GatewayError)) opts.log('error', `handler failed after reply: ${String(err)}`);
            done();
          });
        } else done();
      };
      if (wantsBody) {
        readBody(reply, opts.maxBodyBytes, req.headers['content-length']).then(run, (err: unknown) => {
          if (!reply.closed) {
            // Past the cap: answer and close, so the client stops sending.
            const e = err instanceof GatewayError ? err : new GatewayError('caller_invalid_request', String(err));
            reply.res.cork(() => {
              reply.done = true;
              reply.writeHead(e.status, [['content-type', 'application/json'], ['connection', 'close']]);
              reply.res.end(JSON.stringify(reply.errorBodyOf(e)), true);
            });
          }
          done();
        });
      } else run(null);
    });
  }

  // Preflight for any path.
  app.options('/*', (res) => {
    new Reply(res, PREFLIGHT_HEADERS).empty(204);
  });
  // Known path, wrong method: 405 with Allow. Unknown path: 404. Both JSON.
  for (const [pattern, methods] of methodsByPattern) {
    const shape = opts.routes.find((r) => r.pattern === pattern)?.errorShape;
    app.any(pattern, (res, req) => {
      // `any` on a known path outranks the wildcard OPTIONS route: answer preflight here too.
      if (req.getMethod().toLowerCase() === 'options') {
        new Reply(res, PREFLIGHT_HEADERS).empty(204);
        return;
      }
      res.onData(() => undefined);
      new Reply(res, CORS_HEADERS, shape).error(
        new GatewayError('caller_method_not_allowed', `method not allowed; use ${methods.join(', ')}`),
        [['allow', [...methods, 'OPTIONS'].join(', ')]],
      );
    });
  }
  app.any('/*', (res, req) => {
    const url = req.getUrl();
    res.onData(() => undefined);
    new Reply(res, CORS_HEADERS).error(new GatewayError('caller_not_found', `no route for ${url}`));
  });

  return new Promise((resolve, reject) => {
    // Exclusive: uWS otherwise sets SO_REUSEPORT and a second instance silently shares the port.
    listenExclusive(app, host, port, (ls) => {
      if (!ls) {
        reject(listenFailure(host, port));
        return;
      }
      listenSocket = ls;
      const actualPort = uws.us_socket_local_port(ls);
      const server: RunningServer = {
        app,
        port: actualPort,
        engine,
        inFlight: () => inFlight,
        stopListening() {
          if (listenSocket) {
            uws.us_listen_socket_close(listenSocket);
            listenSocket = null;
          }
        },
        closeConnections() {
          // Present at runtime in this uWS build, missing from its typings.
          (app as unknown as { close?: () => void }).close?.();
        },
        drain(deadlineMs) {
          server.stopListening();
          if (inFlight === 0) return Promise.resolve(true);
          return new Promise((res) => {
            const timer = setTimeout(() => res(false), deadlineMs);
            idleWaiters.push(() => {
              clearTimeout(timer);
              res(true);
            });
          });
        },
      };
      resolve(server);
    });
  });
}
