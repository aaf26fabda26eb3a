/**
 * Wires the gateway: key store, upstream pools, trace writer, metrics, sessions, the
 * router, and the route table. `startGateway` is used by main.ts and by tests.
 */
import { join } from 'node:path';
import { AliasStore } from './aliases/alias-store.js';
import { refuseStoredAlias } from './aliases/alias-validate.js';
import { endpointAwarePools, guardedLookup } from './aliases/endpoint-guard.js';
import { upstreamHostPolicy, type EndpointRules } from './aliases/endpoint-policy.js';
import type { ChatDeps, RouterControl } from './chat/deps.js';
import { handleChat } from './chat/pipeline.js';
import { repoRoot, type GatewayConfig } from './config.js';
import { aliasRoutes } from './handlers/aliases.js';
import { keyRoutes } from './handlers/config-keys.js';
import { healthRoutes } from './handlers/health.js';
import { metricsRoutes } from './handlers/metrics.js';
import { prometheusRoutes } from './handlers/prometheus.js';
import { modelRoutes } from './handlers/models.js';
import { openApiRoutes } from './handlers/openapi.js';
import { routerRoutes } from './handlers/router.js';
import { ingestRoutes } from './handlers/traces-ingest.js';
import { clusterDatasetRoutes } from './handlers/cluster-datasets.js';
import { anthropicRoutes } from './ingress/anthropic/dialect.js';
import { embeddingsRoutes } from './ingress/embeddings/handler.js';
import { LocalEmbedders } from './ingress/embeddings/local.js';
import { responsesRoutes } from './ingress/responses/dialect.js';
import { ResponseStore } from './ingress/responses/store.js';
import { KeyStore } from './keys/key-store.js';
import { createLogger, type Logger } from './log.js';
import { metricFromTrace } from './metrics/metric-record.js';
import { startMallocTrim } from './process/malloc-trim.js';
import { MetricsRecorder } from './metrics/recorder.js';
import { createAuthenticator } from './server/auth.js';
import { VirtualKeys } from './virtual-keys/store.js';
import { startServer, type Route, type RunningServer } from './server/app.js';
import { SessionStore } from './sessions/session-store.js';
import { TraceWriter } from './traces/writer.js';
import { createTelemetry, withTraceContextHeaders } from './telemetry/index.js';
import { UpstreamPools } from './upstream/pools.js';

export interface GatewayOptions {
  /** The router (null = gateway mode: explicit models only). */
  router?: RouterControl | null;
  /** Native addon status for /health. */
  native?: () => { active: boolean; reason: string };
  log?: Logger;
}

export interface RunningGateway {
  server: RunningServer;
  port: number;
  keys: KeyStore;
  traces: TraceWriter | null;
  metrics: MetricsRecorder;
  sessions: SessionStore;
  /** The route table served (method, pattern): the OpenAPI conformance test reads it. */
  routes: ReadonlyArray<{ method: string; pattern: string }>;
  /** Graceful stop: stop accepting, finish in-flight requests up to the grace period, flush traces. */
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger('gateway', config.logLevel);
  const keys = new KeyStore(config);
  const loaded = await keys.reloadSecrets().catch((err: unknown) => {
    log('warn', `could not read secrets file ${config.secretsFile}: ${String(err)}`);
    return 0;
  });
  if (loaded > 0) log('info', `loaded ${loaded} provider keys from ${config.secretsFile}`);
  const virtualKeys = new VirtualKeys(config.dataDir, undefined, (m) => log('warn', m));
  const traces = config.tracesEnabled ? TraceWriter.open(config.dataDir, { log: (m) => log('warn', m), batchMs: config.traceBatchMs }) : null;
  const metrics = new MetricsRecorder();
  const telemetry = createTelemetry(config.env, (m) => log('warn', m));
  const sessions = new SessionStore(config.sessionTtlMs);
  const up = config.upstream;
  const poolOptions = { connections: up.connections, connectTimeoutMs: up.connectTimeoutMs, headersTimeoutMs: up.headersTimeoutMs, bodyTimeoutMs: up.bodyGapMs };
  const pools = new UpstreamPools(poolOptions);
  const router = opts.router ?? null;
  // Alias endpoints are hosts named by requests: link-local/metadata addresses refused (also after DNS, per connection).
  const selfPorts = [config.port, config.managementPort];
  const endpointRules: EndpointRules = { policy: upstreamHostPolicy(config.allowedUpstreamHosts), selfPorts: () => selfPorts };
  const endpointPools = new UpstreamPools({ ...poolOptions, lookup: guardedLookup(endpointRules.policy) });
  const aliases = await AliasStore.open(join(config.dataDir, 'aliases.json'), config.aliases, (m) => log('warn', m), (name, a) => refuseStoredAlias(name, a, endpointRules));
  let turn = 0;
  const deps: ChatDeps = {
    config,
    providers: () => keys.providers(),
    aliases: () => aliases.all(),
    pools: endpointAwarePools(pools, endpointPools, () => aliases.all()),
    traces,
    metrics: { record: (t) => (metrics.record(metricFromTrace(t)), virtualKeys.record(t)) },
    virtualKeys,
    telemetry,
    sessions,
    router,
    nextTurn: () => turn++,
  };
  const responseStore = new ResponseStore(config.dataDir, undefined, (m) => log('warn', m));
  const localEmbedders = new LocalEmbedders(repoRoot());
  let server: RunningServer | null = null;
  const startedAt = Date.now();
  const prom = prometheusRoutes({ metrics, inFlight: () => server?.inFlight() ?? 0, traceWriter: () => traces?.stats() ?? null, routingCache: () => (router ? (router.cacheStats() as { hits?: number; misses?: number; size?: number }) : null), startedAt });
  const routes: Route[] = [
    { method: 'POST', pattern: '/v1/chat/completions', handler: (ctx) => handleChat(ctx, deps) },
    ...routerRoutes(router, config.routing, traces, log),
    ...aliasRoutes(aliases, () => keys.providers(), endpointRules),
    ...modelRoutes({ router, providers: () => keys.providers(), aliases: () => aliases.all(), created: Math.floor(startedAt / 1000) }),
    ...healthRoutes({
      engine: () => server?.engine ?? 'uws-native',
      router,
      traces,
      native: opts.native ?? (() => ({ active: false, reason: 'not loaded' })),
      inFlight: () => server?.inFlight() ?? 0,
      sessions: () => sessions.size(),
      startedAt,
    }),
    ...metricsRoutes(metrics, () => (traces ? traces.stats() : { enabled: false })),
    ...prom.routes,
    ...keyRoutes(keys),
    ...ingestRoutes(traces),
    ...clusterDatasetRoutes(traces),
    ...anthropicRoutes(deps),
    ...responsesRoutes(deps, responseStore),
    ...embeddingsRoutes(deps, localEmbedders),
    ...openApiRoutes(),
  ];
  server = await startServer(config.host, config.port, { routes: withTraceContextHeaders(routes, telemetry), auth: createAuthenticator(config.apiKeys, virtualKeys), maxBodyBytes: config.maxBodyBytes, log });
  selfPorts[0] = server.port;
  log('info', `gateway listening on ${config.host}:${server.port} (${server.engine}); traces ${traces ? 'in ' + config.dataDir : 'off'}; auth ${config.apiKeys.length ? 'on' : 'off'}`);
  const running = server;
  const stopMallocTrim = startMallocTrim(config.mallocTrimMs);
  let closing: Promise<void> | null = null;
  return {
    server: running,
    port: running.port,
    keys,
    traces,
    metrics,
    sessions,
    routes: routes.map((r) => ({ method: r.method, pattern: r.pattern })),
    close() {
      closing ??= (async () => {
        const drained = await running.drain(config.shutdownGraceMs);
        if (!drained) log('warn', `shutdown: ${running.inFlight()} requests still in flight after ${config.shutdownGraceMs} ms`);
        running.closeConnections();
        await Promise.all([pools.closeAll(!drained), endpointPools.closeAll(!drained)]);
        sessions.close();
        virtualKeys.close();
        await responseStore.close();
        await localEmbedders.close();
        prom.stop();
        stopMallocTrim();
        if (traces) {
          await traces.flush({ durable: true });
          await traces.close();
        }
        await telemetry?.shutdown();
      })();
      return closing;
    },
  };
}
