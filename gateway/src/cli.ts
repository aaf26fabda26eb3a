/**
 * The gateway's command line: its flags and the environment variables it reads, for
 * `--help` (core/contract/cli-args.ts parses). Light on purpose: main.ts checks the
 * command line before it loads ONNX Runtime, LMDB and uWS.
 */
import type { CliSpec } from '../../core/contract/cli-args.js';
import { CATALOG } from '../../core/providers/catalog.js';

export const GATEWAY_FLAGS: CliSpec['flags'] = {
  config: { value: '<file>', help: 'JSON config file, or the reference engine\'s YAML (server, weights, embeddings, routing, logging, clickhouse) (also OPENTRACY_CONFIG); the environment wins over it' },
  port: { value: '<port>', help: 'listen port (OPENTRACY_PORT, default 8080)' },
  host: { value: '<addr>', help: 'listen address (OPENTRACY_HOST, default 0.0.0.0)' },
  weights: { value: '<dir>', help: 'router weights package (OPENTRACY_WEIGHTS_PATH, default models/router-default)' },
  gateway: { help: 'proxy only: no router is loaded, `auto` routing is unavailable' },
  'no-embedder': { help: 'start without the embedder: prompt routing (`auto`) is off; /v1/route with an `embedding` still works' },
};

export const GATEWAY_ENV: ReadonlyArray<readonly [string, string]> = [
  ['OPENTRACY_CONFIG', 'JSON config file (same as --config)'],
  ['OPENTRACY_HOST', 'listen address (default 0.0.0.0)'],
  ['OPENTRACY_PORT', 'gateway port (default 8080)'],
  ['OPENTRACY_MANAGEMENT_PORT', 'management port, for links (default 8000)'],
  ['OPENTRACY_DATA_DIR', 'traces (LMDB), aliases (default ./data)'],
  ['OPENTRACY_API_KEYS', 'comma-separated bearer tokens; set: every route but /health needs one'],
  ['OPENTRACY_WEIGHTS_PATH', 'router weights package (same as --weights)'],
  ['OPENTRACY_SECRETS_FILE', 'provider keys file (default ~/.opentracy/secrets.json)'],
  ['OPENTRACY_COST_WEIGHT', 'default lambda for `auto` (default 0)'],
  ['OPENTRACY_QUALITY_COST_TRADEOFF', 'default quality_cost_tradeoff in [0,1] for `auto` (0 best quality, 1 cheapest; wins over OPENTRACY_COST_WEIGHT)'],
  ['OPENTRACY_SOFT_ASSIGNMENT', 'soft cluster assignment (default false)'],
  ['OPENTRACY_ROUTER_MODE', 'auto | pool | inline (default auto)'],
  ['OPENTRACY_ROUTER_WORKERS', 'router worker threads (default 1)'],
  ['OPENTRACY_ROUTER_MAX_QUEUE', 'routing requests queued before 503 (default 512)'],
  ['OPENTRACY_ROUTE_CACHE_SIZE', 'routing decisions cached (default 10000)'],
  ['OPENTRACY_ROUTE_CACHE_TTL_MS', 'routing cache lifetime (default 300000)'],
  ['OPENTRACY_WATCH_WEIGHTS', 'reload the weights package when it changes (default true)'],
  ['OPENTRACY_EXECUTION_PROVIDER', 'cpu | cuda (default cpu)'],
  ['OPENTRACY_UPSTREAM_CONNECTIONS', 'connections per upstream origin (default 256)'],
  ['OPENTRACY_MAX_RETRIES', 'upstream retries (default 2)'],
  ['OPENTRACY_RETRY_BASE_MS', 'first retry backoff (default 200)'],
  ['OPENTRACY_RETRY_MAX_MS', 'longest retry backoff (default 8000)'],
  ['OPENTRACY_MAX_RETRY_AFTER_MS', 'longest Retry-After honoured (default 10000)'],
  ['OPENTRACY_CONNECT_TIMEOUT_MS', 'upstream connect timeout (default 10000)'],
  ['OPENTRACY_HEADERS_TIMEOUT_MS', 'upstream response headers timeout (default 300000)'],
  ['OPENTRACY_BODY_GAP_MS', 'longest silence inside an upstream response (default 120000)'],
  ['OPENTRACY_MAX_BODY_BYTES', 'request body cap (default 20 MiB)'],
  ['OPENTRACY_SHUTDOWN_GRACE_MS', 'SIGTERM: time to finish in-flight requests (default 10000)'],
  ['OPENTRACY_SESSION_TTL_MS', 'session lifetime (default 1800000)'],
  ['OPENTRACY_TRACES', '0 turns tracing off (default 1)'],
  ['OPENTRACY_TRACE_BATCH_MS', 'trace write batching (default 10)'],
  ['OPENTRACY_TRACE_DURABILITY', 'async | sync: sync commits the trace before the response ends (default async)'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OpenTelemetry: export a GenAI span per request over OTLP/HTTP JSON to <url>/v1/traces (off when unset)'],
  ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OpenTelemetry: the full traces URL (instead of the above)'],
  ['OTEL_EXPORTER_OTLP_HEADERS', 'OpenTelemetry: k=v,k2=v2 headers sent only to the OTLP endpoint (also _TRACES_HEADERS)'],
  ['OTEL_SERVICE_NAME', 'OpenTelemetry: service.name (default opentracy-gateway); OTEL_RESOURCE_ATTRIBUTES k=v,... too'],
  ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'true puts prompts and completions on spans (default off)'],
  ['OPENTRACY_REQUEST_TIMEOUT_MS', 'overall deadline of one chat request, every attempt included, 0 = none (default 600000)'],
  ['OPENTRACY_ALLOWED_UPSTREAM_HOSTS', 'hosts or CIDRs alias endpoints may name beyond the public internet (comma-separated)'],
  ['OPENTRACY_MALLOC_TRIM_MS', 'malloc_trim period, 0 = off (default 0)'],
  ['OPENTRACY_NATIVE', '0 forces the TypeScript path instead of the native addon'],
  ['OPENTRACY_LOG_LEVEL', 'debug | info | warn | error (default info)'],
  ['NODE_OPTIONS', 'a --heap-growing-percent there replaces the gateway\'s 50'],
  ['AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN', 'Bedrock without a key: IAM credentials, SigV4-signed'],
  ...providerEnv(),
];

/** One line per catalog provider: its key and base-URL variables. */
function providerEnv(): Array<[string, string]> {
  return CATALOG.map((p) => {
    const names = [...p.keyEnv, p.baseUrlEnv, ...(p.endpointEnv ? [p.endpointEnv.name] : []), ...(p.regionEnv?.names ?? [])];
    return [names.join(', '), `provider ${p.id}: key${p.needsKey ? '' : ' (optional)'}, base URL${p.regionEnv ? ', region' : ''}`];
  });
}

export const GATEWAY_CLI: CliSpec = {
  name: 'opentracy-gateway',
  summary: 'OpenAI-compatible LLM gateway with learned routing (npm run start:gateway)',
  flags: GATEWAY_FLAGS,
  env: GATEWAY_ENV,
};
