/**
 * OpenAPI 3.1 types and small builders shared by the gateway's and the management server's
 * documents (served at `GET /openapi.json`). Dependency-free, like the rest of contract/:
 * management imports it. Schemas are the JSON Schema 2020-12 subset OpenAPI 3.1 uses;
 * `nullable` is written as a type array (`["string", "null"]`), never the 3.0 keyword.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface Schema {
  type?: JsonType | JsonType[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  /** Absent means any extra property is allowed (records keep growing fields). */
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  format?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface MediaType {
  schema: Schema;
}

export interface Header {
  description: string;
  schema: Schema;
}

export interface Response {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
}

export interface RequestBody {
  required?: boolean;
  description?: string;
  content: Record<string, MediaType>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, Response>;
  /** `[]` for open routes (/health, /openapi.json). */
  security?: Array<Record<string, string[]>>;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';
export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string; license?: { name: string; identifier?: string } };
  servers?: Array<{ url: string; description?: string }>;
  tags?: Array<{ name: string; description?: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes?: Record<string, { type: 'http'; scheme: 'bearer'; description?: string } | { type: 'apiKey'; in: 'header'; name: string; description?: string }>;
  };
}

// ---- schema builders ----

const d = (description?: string): { description?: string } => (description === undefined ? {} : { description });

export const str = (description?: string): Schema => ({ type: 'string', ...d(description) });
export const int = (description?: string): Schema => ({ type: 'integer', ...d(description) });
export const num = (description?: string): Schema => ({ type: 'number', ...d(description) });
export const bool = (description?: string): Schema => ({ type: 'boolean', ...d(description) });
export const arr = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...d(description) });
export const anyObject = (description?: string): Schema => ({ type: 'object', ...d(description) });
/** An object used as a map: every value follows `values`. */
export const mapOf = (values: Schema, description?: string): Schema => ({ type: 'object', additionalProperties: values, ...d(description) });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const oneOfEnum = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: values, ...d(description) });
/** Any JSON value. */
export const anyValue = (description?: string): Schema => ({ ...d(description) });

/** The schema, or null. A `$ref` cannot take a type array, so it becomes `anyOf`. */
export function nullable(s: Schema): Schema {
  if (s.$ref !== undefined || s.type === undefined) return { anyOf: [s, { type: 'null' }] };
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return { ...s, type: types.includes('null') ? types : [...types, 'null'] };
}

/** An object whose `required` keys must be present; `optional` ones may be. Extra keys allowed. */
export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}, description?: string): Schema {
  const names = Object.keys(required);
  return { type: 'object', properties: { ...required, ...optional }, ...(names.length > 0 ? { required: names } : {}), ...d(description) };
}

// ---- parameters, bodies, responses ----

export const query = (name: string, schema: Schema, description?: string): Parameter => ({ name, in: 'query', schema, ...d(description) });
export const pathParam = (name: string, description?: string): Parameter => ({ name, in: 'path', required: true, schema: { type: 'string' }, ...d(description) });
export const header = (name: string, description: string): Parameter => ({ name, in: 'header', schema: { type: 'string' }, description });

export const jsonBody = (schema: Schema, description?: string, required = true): RequestBody => ({ required, content: { 'application/json': { schema } }, ...d(description) });

export const json = (description: string, schema: Schema, headers?: Record<string, Header>): Response => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers ? { headers } : {}),
});

export const textResponse = (description: string, contentType: string): Response => ({ description, content: { [contentType]: { schema: { type: 'string' } } } });

/** A 200 that is JSON, or an SSE stream (`stream` describes its events) when the request asked for one. */
export const jsonOrStream = (description: string, schema: Schema, stream: string, headers?: Record<string, Header>): Response => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema }, 'text/event-stream': { schema: str(stream) } },
});

/** The body of a trace ingestion: one trace object, `{traces:[...]}` or an array (JSON), or JSONL. */
export const traceIngestBody = (): RequestBody => ({
  required: true,
  content: {
    'application/json': { schema: { type: ['object', 'array'], description: 'a trace object, `{traces:[...]}` or an array of them' } },
    'application/x-ndjson': { schema: str('one trace object per line') },
  },
});

/** GET /openapi.json, as both servers describe it. */
export const openApiDocumentOperation = (): Operation => ({
  operationId: 'openapi',
  summary: 'This document (open even when auth is on: it holds no secrets)',
  tags: ['operations'],
  security: [],
  responses: { '200': json('OpenAPI 3.1 document', obj({ openapi: str(), info: anyObject(), paths: anyObject() })) },
});

/** The OpenAI-shaped error object every failure carries. */
export const ERROR_SCHEMA: Schema = obj({
  error: obj({
    message: str(),
    type: str('invalid_request_error, authentication_error, permission_error, rate_limit_error, api_error, timeout_error or server_error'),
    code: str('a stable code from core/contract/error-codes.ts'),
    param: nullable(str('the offending parameter, when one is to blame')),
  }),
});

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'invalid request (the message and `param` name the problem)',
  401: 'missing or invalid bearer token (when auth is on)',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed (with `Allow`)',
  408: 'request timeout',
  413: 'request body too large',
  429: 'rate limited (with `Retry-After`)',
  500: 'internal error',
  502: 'upstream failure',
  503: 'unavailable (disabled, overloaded or shutting down)',
  504: 'upstream timeout',
};

/** Error responses, all `{"error":{...}}`, referencing components.schemas.Error. */
export function errors(...statuses: number[]): Record<string, Response> {
  const out: Record<string, Response> = {};
  for (const s of statuses) out[String(s)] = json(STATUS_TEXT[s] ?? 'error', ref('Error'));
  return out;
}

// ---- route patterns ----

/**
 * A server route pattern as an OpenAPI path: `:name` becomes `{name}`; a trailing `*`
 * (the gateway's `/v1/models/*`, ids that hold `/`) becomes `{wildcardName}`.
 */
export function toOpenApiPath(pattern: string, wildcardName = 'id'): string {
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}').replace(/\/\*$/, `/{${wildcardName}}`);
}

/** A path with every parameter blanked, for comparing route tables with documents. */
export function pathShape(pathOrPattern: string): string {
  return pathOrPattern.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '{}').replace(/\/\*$/, '/{}');
}

/** Every (method, path) the document describes, methods upper case. */
export function documentedOperations(doc: OpenApiDocument): Array<{ method: string; path: string; operation: Operation }> {
  const out: Array<{ method: string; path: string; operation: Operation }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[HttpMethod, Operation]>) out.push({ method: method.toUpperCase(), path, operation });
  }
  return out;
}
