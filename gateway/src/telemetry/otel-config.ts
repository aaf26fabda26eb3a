/**
 * OpenTelemetry settings from the environment, as the OTel specification names them. Pure.
 *
 * On when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as given) or OTEL_EXPORTER_OTLP_ENDPOINT (with
 * `/v1/traces` appended) is set, unless OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
 * Headers: OTEL_EXPORTER_OTLP_TRACES_HEADERS, else OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`, values
 * percent-decoded). Resource: OTEL_RESOURCE_ATTRIBUTES (same form) with OTEL_SERVICE_NAME over its
 * service.name (default `opentracy-gateway`). Batching: OTEL_BSP_SCHEDULE_DELAY,
 * OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE; timeout OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT.
 * Only OTLP/HTTP with JSON encoding is spoken: another OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL is an error.
 */

export interface OtelConfig {
  /** Full URL the spans are POSTed to. */
  endpoint: string;
  /** Sent only to `endpoint`. */
  headers: Readonly<Record<string, string>>;
  resource: Readonly<Record<string, string>>;
  /** OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true: prompts and completions on spans. */
  captureContent: boolean;
  scheduleDelayMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  exportTimeoutMs: number;
}

export class OtelConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

const val = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** `k=v,k2=v2` (W3C baggage-like, as OTel uses for headers and resource attributes); bad members are errors. */
export function parseKeyValues(raw: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const member of raw.split(',')) {
    if (member.trim() === '') continue;
    const eq = member.indexOf('=');
    const key = eq > 0 ? member.slice(0, eq).trim() : '';
    if (key === '') throw new OtelConfigError(`${name}: "${member.trim()}" is not key=value`);
    let value: string;
    try {
      value = decodeURIComponent(member.slice(eq + 1).trim());
    } catch {
      throw new OtelConfigError(`${name}: the value of "${key}" is not valid percent-encoding`);
    }
    out[key] = value;
  }
  return out;
}

function positiveInt(env: Env, name: string, dflt: number): number {
  const v = val(env, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new OtelConfigError(`${name} must be a positive integer (got "${v}")`);
  return n;
}

function tracesEndpoint(env: Env): string | undefined {
  const signal = val(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = val(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const url = signal ?? (base === undefined ? undefined : base.replace(/\/+$/, '') + '/v1/traces');
  if (url === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OtelConfigError(`${signal !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'} is not a URL: "${url}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new OtelConfigError(`the OTLP endpoint must be http:// or https:// (got "${url}")`);
  return u.toString();
}

/** The settings, or null when tracing export is off. Throws OtelConfigError naming the bad variable. */
export function otelConfig(env: Env): OtelConfig | null {
  if (val(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return null;
  if (val(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none') return null;
  const endpoint = tracesEndpoint(env);
  if (endpoint === undefined) return null;
  const protocol = val(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? val(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined && protocol !== 'http/json') throw new OtelConfigError(`OTLP protocol "${protocol}" is not supported: the gateway exports OTLP/HTTP with JSON (set OTEL_EXPORTER_OTLP_PROTOCOL=http/json or leave it unset)`);
  const headerVar = val(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_HEADERS' : 'OTEL_EXPORTER_OTLP_HEADERS';
  const headers = parseKeyValues(val(env, headerVar), headerVar);
  for (const k of Object.keys(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw new OtelConfigError(`${headerVar}: "${k}" is not a header name`);
    if (/[\r\n\0]/.test(headers[k]!)) throw new OtelConfigError(`${headerVar}: the value of "${k}" holds a line break`);
  }
  const resource = parseKeyValues(val(env, 'OTEL_RESOURCE_ATTRIBUTES'), 'OTEL_RESOURCE_ATTRIBUTES');
  resource['service.name'] = val(env, 'OTEL_SERVICE_NAME') ?? resource['service.name'] ?? 'opentracy-gateway';
  const maxQueueSize = positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048);
  return {
    endpoint,
    headers,
    resource,
    captureContent: val(env, 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT')?.toLowerCase() === 'true',
    scheduleDelayMs: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000),
    maxQueueSize,
    maxExportBatchSize: Math.min(maxQueueSize, positiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512)),
    exportTimeoutMs: positiveInt(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', positiveInt(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000)),
  };
}
