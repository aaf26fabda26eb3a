/** Wires stores, handlers and the HTTP server together; used by main.ts and by tests. */
import type { ManagementConfig } from './config.js';
import { GatewayClient } from './gateway-client.js';
import { analyticsRoutes } from './analytics/handlers.js';
import { routerEmbedder, type EmbedderSource } from './clustering/embedder-source.js';
import { consoleRoutes } from './console/static.js';
import { clusterDatasetTraceRoutes } from './clustering/dataset-traces.js';
import { clusteringRoutes } from './clustering/handlers.js';
import { startCuration } from './curation/index.js';
import { datasetRoutes } from './datasets/handlers.js';
import { DeploymentOutbound } from './deployments/outbound.js';
import { deploymentRoutes } from './deployments/routes.js';
import { learningStore } from './learning/learning-store.js';
import { healthRoutes } from './health.js';
import { learningRoutes } from './learning/routes.js';
import { OPENAPI_PATH, openApiRoutes } from './openapi/route.js';
import { routerProxyRoutes } from './router-proxy/proxy-routes.js';
import { SecretsFile } from './secrets/file.js';
import { pushAllSecrets, secretRoutes } from './secrets/handlers.js';
import { KeysFile } from './keys/file.js';
import { keyRoutes } from './keys/routes.js';
import { keySpendRoutes } from './keys/spend.js';
import { startServer, type RunningServer } from './server/app.js';
import type { Route } from './server/types.js';
import { ManagementEnv } from './store/management-env.js';
import { TracesEnv } from './store/traces-env.js';
import { traceRoutes } from './traces/handlers.js';

export interface ManagementService {
  readonly port: number;
  /** The console's own listener (OPENTRACY_DASHBOARD_PORT), null when not configured. */
  readonly dashboardPort: number | null;
  readonly traces: TracesEnv;
  readonly store: ManagementEnv;
  /** The route table served (method, pattern): the OpenAPI conformance test reads it. */
  readonly routes: ReadonlyArray<{ method: string; pattern: string }>;
  close(): Promise<void>;
}

export interface ServiceDeps {
  readonly log?: (msg: string) => void;
  /** The embedder for clustering (default: the router's default embedder). */
  readonly embedder?: EmbedderSource;
  /** Push stored provider keys to the gateway at start-up (default true). */
  readonly pushSecretsAtStart?: boolean;
  /** Clock of the auto-collect scheduler (tests: a fake one) and its check period in real ms. */
  readonly clock?: () => number;
  readonly autoCollectTickMs?: number;
}

export async function startManagement(config: ManagementConfig, deps: ServiceDeps = {}): Promise<ManagementService> {
  const traces = new TracesEnv(config.dataDir);
  const store = new ManagementEnv(config.dataDir);
  const gateway = new GatewayClient(config.gatewayUrl, config.apiKeys[0] ?? null);
  const secrets = new SecretsFile(config.secretsFile);
  const embedder = deps.embedder ?? routerEmbedder(config.repoRoot);
  const clustering = { traces, store, embedder, gateway, labelerModel: config.labelerModel };
  // Curation's literal /v1/datasets/<name> routes come before /v1/datasets/:id (first match wins).
  // Deployments call user-named endpoints: the gateway's alias-endpoint rules, our port and the gateway's refused.
  let ownPort = config.port;
  const gatewayUrlPort = Number(new URL(config.gatewayUrl).port || 80);
  const outbound = new DeploymentOutbound(config.allowedUpstreamHosts, () => [ownPort, config.gatewayPort, gatewayUrlPort]);
  const curation = startCuration({ config, store, traces, embedder, log: deps.log, now: deps.clock, tickMs: deps.autoCollectTickMs });
  const routes: Route[] = [
    ...healthRoutes(traces, Date.now()),
    ...traceRoutes(traces, gateway),
    ...analyticsRoutes(traces),
    ...clusteringRoutes(clustering),
    ...clusterDatasetTraceRoutes({ store, traces, gateway }),
    ...curation.routes,
    ...datasetRoutes({ store, traces }),
    ...secretRoutes(secrets, gateway, config.providerEnv),
    ...keySpendRoutes(traces),
    ...keyRoutes(new KeysFile(config.dataDir)),
    ...routerProxyRoutes(gateway),
    ...deploymentRoutes({ env: store, learning: learningStore(store), gateway, outbound }),
    ...openApiRoutes(),
    ...learningRoutes({ config, store, traces, embedder, log: deps.log }),
  ];
  // The web console (issue 18): after every API route, so it never shadows one.
  const ui = consoleRoutes();
  routes.push(...ui.routes);
  const listenOptions = {
    host: config.host,
    apiKeys: config.apiKeys,
    maxBodyBytes: config.maxBodyBytes,
    openPaths: ['/health', OPENAPI_PATH, ...ui.openPaths],
    log: deps.log,
  };
  let server: RunningServer;
  let dashboardPort: number | null = null;
  try {
    server = await startServer(routes, { ...listenOptions, port: config.port });
    // OPENTRACY_DASHBOARD_PORT: the same routes (console and the API it calls, same origin) on a second port.
    if (config.dashboardPort !== null) {
      const main = server;
      const dash = await startServer(routes, { ...listenOptions, port: config.dashboardPort }).catch(async (e) => {
        await main.close(0);
        throw e;
      });
      dashboardPort = dash.port;
      server = { port: main.port, close: async (g?: number) => void (await Promise.all([main.close(g), dash.close(g)])) };
    }
  } catch (err) {
    await curation.close();
    await outbound.close();
    await Promise.all([traces.close(), store.close(), embedder.close()]);
    throw err;
  }
  ownPort = server.port;
  if (deps.pushSecretsAtStart !== false) void pushAllSecrets(secrets, gateway);
  return {
    port: server.port,
    dashboardPort,
    traces,
    store,
    routes: routes.filter((r) => !ui.routes.includes(r)).map((r) => ({ method: r.method, pattern: r.pattern })),
    close: async () => {
      await server.close();
      await curation.close();
      await outbound.close();
      await Promise.all([traces.close(), store.close(), embedder.close()]);
    },
  };
}
