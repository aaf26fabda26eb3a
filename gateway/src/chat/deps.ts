/** What the chat pipeline needs from the rest of the gateway (wired in main.ts). */
import type { GenAiTelemetry } from '../telemetry/index.js';
import type { AliasConfig, GatewayConfig } from '../config.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { ProviderConfig } from '../providers/types.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { DispatcherSource } from '../upstream/pools.js';
import type { PoolState, ProfileInfo, ReloadResult } from '../worker/router-pool-types.js';

export interface RouteRequest {
  text: string;
  costWeight: number;
  allowedModels?: readonly string[];
}

/** The router as the chat pipeline sees it. */
export interface ChatRouter {
  ready(): boolean;
  profileIds(): readonly string[];
  /** Profile id -> `provider/model` (unmapped ids are resolved like any model name). */
  profileTargets(): Readonly<Record<string, string>>;
  route(req: RouteRequest): Promise<RoutingDecision>;
  /** λ for a `quality_cost_tradeoff` in [0, 1] on the loaded package's cost scale. */
  costWeightFor(tradeoff: number): number;
}

export interface TraceSink {
  write(record: TraceRecord): void;
}

/** The chat pipeline's sink: also a write that resolves on commit (sync durability) and failure accounting. */
export interface ChatTraceSink extends TraceSink {
  /** Resolves once the record's transaction committed (true) or failed (false); never rejects. */
  writeCommitted(record: TraceRecord): Promise<boolean>;
  /** Counts and logs a trace that could not be built. */
  fail(requestId: string, err: unknown): void;
}

export interface MetricsSink {
  record(trace: TraceRecord): void;
}

export interface ChatDeps {
  config: GatewayConfig;
  providers(): ReadonlyMap<string, ProviderConfig>;
  aliases(): Readonly<Record<string, AliasConfig>>;
  pools: DispatcherSource;
  traces: ChatTraceSink | null;
  metrics: MetricsSink;
  /** OpenTelemetry spans (telemetry/); absent or null when no OTLP endpoint is set. */
  telemetry?: GenAiTelemetry | null;
  sessions: SessionStore;
  /** Virtual keys' admission (models, rate limits, budgets); gateway/src/virtual-keys. */
  virtualKeys?: import('../virtual-keys/store.js').VirtualKeys;
  router: ChatRouter | null;
  /** Round-robin counter source for multi-target aliases. */
  nextTurn(): number;
}

/** Router state as /health and /v1/models report it (the registry actually in use). */
export type RouterState = PoolState;
export type { ProfileInfo };

/** Everything the router-facing routes need (implemented over the worker pool). */
export interface RouterControl extends ChatRouter {
  routeInput(req: { prompt?: string; embedding?: number[]; costWeight: number; allowedModels?: readonly string[] }): Promise<import('../../../core/routing/types.js').RoutingDecision>;
  reload(path?: string): Promise<ReloadResult>;
  state(): RouterState;
  profiles(): ProfileInfo[];
  cacheStats(): Record<string, unknown>;
  clearCache(): void;
  stats(): Record<string, unknown>;
  resetStats(): void;
}
