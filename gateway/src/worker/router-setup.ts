/**
 * Creates the router over the weights package (embedding, nearest centroid or mlp, scoring) and
 * fixes, once, how each load picks its executor (route-executor.ts: inline, pool, or auto). Null in gateway mode (`--gateway`). A missing
 * or broken package does not stop the gateway: explicit models keep working and
 * `auto` answers a clear error, as /health says.
 */
import { availableParallelism } from 'node:os';
import type { RouterControl } from '../chat/deps.js';
import type { GatewayConfig } from '../config.js';
import type { Logger } from '../log.js';
import { RouterPool, type RouterPoolOptions } from './router-pool.js';
import { executorChoice, workerConfig } from './route-executor.js';
import { nativeStatus } from '../../../native/index.js';

export interface RouterSetup {
  router: (RouterControl & { close(): Promise<void> }) | null;
  native: () => { active: boolean; reason: string };
}

export async function createRouter(config: GatewayConfig, opts: { disabled: boolean; noEmbedder?: boolean; log: Logger }): Promise<RouterSetup> {
  const native = (): { active: boolean; reason: string } => nativeStatus();
  if (opts.disabled) {
    opts.log('info', 'gateway mode (--gateway): routing disabled, explicit models only');
    return { router: null, native };
  }
  const r = config.routing;
  // Workers x ONNX threads must fit the cores; the main thread keeps one.
  const workers = r.workers > 0 ? r.workers : Math.max(1, availableParallelism() - 1);
  const poolOpts: RouterPoolOptions = {
    weightsPath: r.weightsPath,
    profileTargets: r.profileTargets,
    workers,
    maxQueue: r.maxQueue,
    soft: r.soft,
    cacheSize: r.cacheSize,
    cacheTtlMs: r.cacheTtlMs,
    intraOpNumThreads: 1,
    executionProvider: r.executionProvider,
    watch: r.watchWeights,
    noEmbedder: opts.noEmbedder ?? false,
    onReload: (e) =>
      e.ok
        ? opts.log('info', `router weights reloaded: generation ${e.result.new_generation}, ${e.result.num_clusters} clusters, ${e.result.num_models} models from ${e.result.weights_path}`)
        : opts.log('error', `router weights reload rejected, previous package kept: ${e.error.message}`),
  };
  const pool = await RouterPool.create({ ...poolOpts, choose: executorChoice(r.mode, workerConfig(poolOpts)) });
  const s = pool.state();
  if (s.router_initialized) opts.log('info', `router ready: ${s.num_models} models, ${s.num_clusters} clusters, strategy ${s.strategy}, routing ${s.executor === 'inline' ? 'on the main thread' : `in ${workers} worker(s)`}, weights ${s.weights_path}`);
  else opts.log('warn', `router not initialized (${s.error ?? 'unknown reason'}); explicit models still work`);
  const ns = nativeStatus();
  opts.log(ns.active ? 'info' : 'warn', `native fast path ${ns.active ? 'active' : 'inactive'}: ${ns.reason}`);
  return { router: pool, native };
}
