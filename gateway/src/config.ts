/**
 * Configuration: parsed once from an optional JSON config file and the environment
 * (the environment wins), then frozen. Pure: the env and file text are passed in.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configPathFrom, parseConfigFile, sharedSettings, type ConfigFile } from '../../core/contract/config-file.js';
import { DEFAULT_BATCH_MS } from './traces/writer.js';

export interface AliasConfig {
  /** `provider/model` strings (or other aliases' targets); several = load balanced. */
  targets: string[];
  /** Tried in order once every target has failed. */
  fallbacks: string[];
  /** An OpenAI-compatible endpoint serving this alias (llama.cpp, vLLM, TGI...). */
  endpoint?: { baseUrl: string; model: string; apiKey?: string };
}

export interface GatewayConfig {
  host: string;
  port: number;
  managementPort: number;
  dataDir: string;
  /** Bearer tokens; empty = open (as the reference's default). */
  apiKeys: readonly string[];
  secretsFile: string;
  maxBodyBytes: number;
  shutdownGraceMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  upstream: {
    connections: number;
    connectTimeoutMs: number;
    /** Non-streaming completions send headers only when done: this must be generous. */
    headersTimeoutMs: number;
    /** Longest silence allowed between two body chunks (stalled streams). */
    bodyGapMs: number;
    maxRetries: number;
    baseDelayMs: number;
    maxDelayMs: number;
    maxRetryAfterMs: number;
  };
  /** Provider overrides/additions by id: base URL, key, or a whole custom OpenAI-compatible provider. */
  providers: Record<string, { baseUrl?: string; apiKey?: string; family?: 'openai' | 'anthropic' | 'gemini' }>;
  aliases: Record<string, AliasConfig>;
  /**
   * Hosts or CIDRs (OPENTRACY_ALLOWED_UPSTREAM_HOSTS, comma-separated) an alias endpoint may
   * name although they are link-local or cloud metadata addresses (refused by default).
   */
  allowedUpstreamHosts: readonly string[];
  routing: {
    weightsPath: string;
    costWeight: number;
    /**
     * Default `quality_cost_tradeoff` in [0, 1] (OPENTRACY_QUALITY_COST_TRADEOFF), mapped onto the
     * loaded package's cost scale; null = unset, `costWeight` is the default λ. When set it wins over
     * `costWeight` as the default.
     */
    qualityCostTradeoff: number | null;
    soft: boolean;
    /** Profile id -> `provider/model`; unmapped ids are resolved like any model name. */
    profileTargets: Record<string, string>;
    workers: number;
    maxQueue: number;
    cacheSize: number;
    cacheTtlMs: number;
    watchWeights: boolean;
    executionProvider: 'cpu' | 'cuda';
    /** Where routing runs: `auto` (inline for the static embedder, worker pool for MiniLM), `pool` or `inline`. */
    mode: RouterMode;
  };
  sessionTtlMs: number;
  tracesEnabled: boolean;
  /** How long the trace writer holds records to write them in one transaction (ms; 0 = per event turn). */
  traceBatchMs: number;
  /** `async`: traces are written after the response; `sync`: committed before its last byte. */
  traceDurability: TraceDurability;
  /** Overall deadline of one chat request, every attempt, backoff and fallback included (ms; 0 = none). Also the cap of the per-request header. */
  requestTimeoutMs: number;
  /** Return the C heap's free pages to the kernel this often (ms); 0 = never (see malloc-trim.ts). */
  mallocTrimMs: number;
  /** Environment for provider keys and base URLs, and OTEL_* (telemetry/otel-config.ts); only the relevant variables are kept. */
  env: Readonly<Record<string, string>>;
}

type FileConfig = Partial<Omit<GatewayConfig, 'upstream' | 'routing'>> & {
  upstream?: Partial<GatewayConfig['upstream']>;
  routing?: Partial<GatewayConfig['routing']>;
};

const num = (v: string | undefined, fallback: number): number => {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`invalid number in environment: ${v}`);
  return n;
};

/** OPENTRACY_QUALITY_COST_TRADEOFF / routing.qualityCostTradeoff: a number in [0, 1], or unset. */
function tradeoffSetting(v: string | undefined, file: unknown): number | null {
  const raw: unknown = v !== undefined && v.trim() !== '' ? Number(v) : file ?? null;
  if (raw === null) return null;
  if (typeof raw !== 'number' || !(raw >= 0 && raw <= 1)) throw new Error(`invalid quality-cost tradeoff: ${v ?? String(file)} (expected a number in [0, 1])`);
  return raw;
}

const bool = (v: string | undefined, fallback: boolean): boolean =>
  v === undefined || v === '' ? fallback : /^(1|true|yes|on)$/i.test(v);

export type RouterMode = 'auto' | 'pool' | 'inline';
export type TraceDurability = 'async' | 'sync';

function traceDurability(v: string): TraceDurability {
  if (v === 'async' || v === 'sync') return v;
  throw new Error(`invalid trace durability: ${v} (expected async or sync)`);
}

function routerMode(v: string): RouterMode {
  if (v === 'auto' || v === 'pool' || v === 'inline') return v;
  throw new Error(`invalid router mode: ${v} (expected auto, pool or inline)`);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function normaliseAliases(raw: unknown): Record<string, AliasConfig> {
  // No prototype: alias names are looked up with request input (`constructor`, `__proto__`).
  const out = Object.create(null) as Record<string, AliasConfig>;
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') out[name] = { targets: [v], fallbacks: [] };
    else if (Array.isArray(v)) out[name] = { targets: v.map(String), fallbacks: [] };
    else if (v && typeof v === 'object') {
      const a = v as Partial<AliasConfig> & { target?: string };
      out[name] = {
        targets: a.targets ? a.targets.map(String) : a.target ? [a.target] : [],
        fallbacks: (a.fallbacks ?? []).map(String),
        ...(a.endpoint ? { endpoint: a.endpoint } : {}),
      };
    }
  }
  return out;
}

/** Builds the frozen config. `fileText` is the config file's JSON, if any. */
export function parseConfig(env: Record<string, string | undefined>, fileText?: string, cwd = process.cwd()): GatewayConfig {
  const file: FileConfig = fileText ? (parseConfigFile(fileText) as FileConfig) : {};
  // dataDir, host, ports, apiKeys and secretsFile: merged as the management server does.
  const shared = sharedSettings(env, file as ConfigFile, cwd);
  const up = file.upstream ?? {};
  const rt = file.routing ?? {};
  const dataDir = shared.dataDir;
  const relevantEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && /(_API_KEY|_BASE_URL|_API_VERSION|_ENDPOINT)$|^AWS_(REGION|DEFAULT_REGION|BEARER_TOKEN_BEDROCK|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$|^OTEL_[A-Z_]+$/.test(k)) relevantEnv[k] = v;
  }
  const cfg: GatewayConfig = {
    host: shared.host ?? '0.0.0.0',
    port: shared.port,
    managementPort: shared.managementPort,
    dataDir,
    apiKeys: [...shared.apiKeys],
    secretsFile: shared.secretsFile,
    maxBodyBytes: num(env.OPENTRACY_MAX_BODY_BYTES, file.maxBodyBytes ?? 20 * 1024 * 1024),
    shutdownGraceMs: num(env.OPENTRACY_SHUTDOWN_GRACE_MS, file.shutdownGraceMs ?? 10_000),
    logLevel: (env.OPENTRACY_LOG_LEVEL ?? file.logLevel ?? 'info') as GatewayConfig['logLevel'],
    upstream: {
      connections: num(env.OPENTRACY_UPSTREAM_CONNECTIONS, up.connections ?? 256),
      connectTimeoutMs: num(env.OPENTRACY_CONNECT_TIMEOUT_MS, up.connectTimeoutMs ?? 10_000),
      headersTimeoutMs: num(env.OPENTRACY_HEADERS_TIMEOUT_MS, up.headersTimeoutMs ?? 300_000),
      bodyGapMs: num(env.OPENTRACY_BODY_GAP_MS, up.bodyGapMs ?? 120_000),
      maxRetries: num(env.OPENTRACY_MAX_RETRIES, up.maxRetries ?? 2),
      baseDelayMs: num(env.OPENTRACY_RETRY_BASE_MS, up.baseDelayMs ?? 200),
      maxDelayMs: num(env.OPENTRACY_RETRY_MAX_MS, up.maxDelayMs ?? 8_000),
      maxRetryAfterMs: num(env.OPENTRACY_MAX_RETRY_AFTER_MS, up.maxRetryAfterMs ?? 10_000),
    },
    providers: file.providers ?? {},
    aliases: normaliseAliases(file.aliases),
    allowedUpstreamHosts: (env.OPENTRACY_ALLOWED_UPSTREAM_HOSTS ?? [file.allowedUpstreamHosts ?? []].flat().join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    routing: {
      weightsPath: resolve(cwd, env.OPENTRACY_WEIGHTS_PATH ?? rt.weightsPath ?? defaultWeightsPath()),
      costWeight: num(env.OPENTRACY_COST_WEIGHT, rt.costWeight ?? 0),
      qualityCostTradeoff: tradeoffSetting(env.OPENTRACY_QUALITY_COST_TRADEOFF, rt.qualityCostTradeoff),
      soft: bool(env.OPENTRACY_SOFT_ASSIGNMENT, rt.soft ?? false),
      profileTargets: rt.profileTargets ?? {},
      workers: num(env.OPENTRACY_ROUTER_WORKERS, rt.workers ?? 1),
      maxQueue: num(env.OPENTRACY_ROUTER_MAX_QUEUE, rt.maxQueue ?? 512),
      cacheSize: num(env.OPENTRACY_ROUTE_CACHE_SIZE, rt.cacheSize ?? 10_000),
      cacheTtlMs: num(env.OPENTRACY_ROUTE_CACHE_TTL_MS, rt.cacheTtlMs ?? 300_000),
      watchWeights: bool(env.OPENTRACY_WATCH_WEIGHTS, rt.watchWeights ?? true),
      executionProvider: (env.OPENTRACY_EXECUTION_PROVIDER ?? rt.executionProvider ?? 'cpu') as 'cpu' | 'cuda',
      mode: routerMode(env.OPENTRACY_ROUTER_MODE ?? rt.mode ?? 'auto'),
    },
    sessionTtlMs: num(env.OPENTRACY_SESSION_TTL_MS, file.sessionTtlMs ?? 30 * 60_000),
    tracesEnabled: bool(env.OPENTRACY_TRACES, file.tracesEnabled ?? true),
    traceBatchMs: num(env.OPENTRACY_TRACE_BATCH_MS, file.traceBatchMs ?? DEFAULT_BATCH_MS),
    traceDurability: traceDurability(env.OPENTRACY_TRACE_DURABILITY || file.traceDurability || 'async'),
    requestTimeoutMs: Math.max(0, num(env.OPENTRACY_REQUEST_TIMEOUT_MS, file.requestTimeoutMs ?? 600_000)),
    mallocTrimMs: num(env.OPENTRACY_MALLOC_TRIM_MS, file.mallocTrimMs ?? 0),
    env: relevantEnv,
  };
  return deepFreeze(cfg);
}

/** The weights package shipped in models/ (relative to the compiled file or the source). */
export function defaultWeightsPath(): string {
  return resolve(repoRoot(), 'models', 'router-default');
}

/** Repository root, from this module's location (works from src/ and dist/). */
export function repoRoot(): string {
  const here = new URL('.', import.meta.url).pathname;
  const distIdx = here.lastIndexOf('/dist/');
  return distIdx >= 0 ? here.slice(0, distIdx) : resolve(here, '..', '..');
}

/** Reads `--config <file>` / OPENTRACY_CONFIG (the reader shared with management), then parses. I/O edge for main.ts. */
export function loadConfig(argv: readonly string[], env: Record<string, string | undefined>): GatewayConfig {
  const path = configPathFrom(argv, env);
  const text = path ? readFileSync(path, 'utf8') : undefined;
  const portFlag = argv.indexOf('--port');
  const hostFlag = argv.indexOf('--host');
  const weightsFlag = argv.indexOf('--weights');
  const merged = { ...env };
  if (portFlag >= 0) merged.OPENTRACY_PORT = argv[portFlag + 1];
  if (hostFlag >= 0) merged.OPENTRACY_HOST = argv[hostFlag + 1];
  if (weightsFlag >= 0) merged.OPENTRACY_WEIGHTS_PATH = argv[weightsFlag + 1];
  return parseConfig(merged, text);
}
