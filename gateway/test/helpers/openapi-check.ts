/**
 * Keeping an OpenAPI 3.1 document honest, for both services' tests:
 *  - a JSON-schema subset validator (type incl. type arrays for null, properties, required,
 *    additionalProperties, items, enum, const, oneOf, anyOf, minimum/maximum, $ref into
 *    components.schemas),
 *  - a structural check of the document (3.1.0, info, paths, operations with responses,
 *    path parameters declared, refs resolvable, no 3.0 `nullable`),
 *  - a comparison of a server's route table with the document's paths,
 *  - a check of one real response against the operation's documented response,
 *  - `send` and `documentedCaller`: a real request, and its answer checked against the document.
 */
import assert from 'node:assert/strict';
import { documentedOperations, pathShape, type OpenApiDocument, type Operation, type Schema } from '../../../core/contract/openapi.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(t: string, v: unknown): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeOf(v) === t;
  }
}

function resolveRef(doc: OpenApiDocument, ref: string): Schema | undefined {
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return m ? doc.components.schemas[m[1]!] : undefined;
}

/** Errors of `value` against `schema` (empty when valid), each prefixed with its JSON path. */
export function validateSchema(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$', depth = 0): string[] {
  if (depth > 64) return [`${at}: schema recursion too deep`];
  if (schema.$ref !== undefined) {
    const target = resolveRef(doc, schema.$ref);
    if (!target) return [`${at}: unresolvable $ref ${schema.$ref}`];
    return validateSchema(doc, target, value, at, depth + 1);
  }
  const errs: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(t, value))) return [`${at}: expected ${types.join(' | ')}, got ${typeOf(value)}`];
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) errs.push(`${at}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errs.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${at}: ${value} > maximum ${schema.maximum}`);
  }
  if (isObj(value)) {
    for (const k of schema.required ?? []) if (!(k in value)) errs.push(`${at}: missing required property "${k}"`);
    for (const [k, v] of Object.entries(value)) {
      const p = schema.properties?.[k];
      if (p) errs.push(...validateSchema(doc, p, v, `${at}.${k}`, depth + 1));
      else if (schema.additionalProperties === false) errs.push(`${at}: unexpected property "${k}"`);
      else if (isObj(schema.additionalProperties)) errs.push(...validateSchema(doc, schema.additionalProperties, v, `${at}.${k}`, depth + 1));
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...validateSchema(doc, schema.items!, v, `${at}[${i}]`, depth + 1)));
  if (schema.anyOf && !schema.anyOf.some((s) => validateSchema(doc, s, value, at, depth + 1).length === 0)) errs.push(`${at}: matches none of anyOf`);
  if (schema.oneOf) {
    const n = schema.oneOf.filter((s) => validateSchema(doc, s, value, at, depth + 1).length === 0).length;
    if (n !== 1) errs.push(`${at}: matches ${n} of oneOf (exactly one wanted)`);
  }
  return errs;
}

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch']);
const SCHEMA_KEYS = new Set(['type', 'description', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'oneOf', 'anyOf', '$ref', 'minimum', 'maximum', 'default', 'format']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function checkSchemaShape(doc: OpenApiDocument, s: unknown, at: string, out: string[], depth = 0): void {
  if (depth > 64) return;
  if (!isObj(s)) {
    out.push(`${at}: a schema must be an object`);
    return;
  }
  for (const k of Object.keys(s)) if (!SCHEMA_KEYS.has(k)) out.push(`${at}: unexpected schema keyword "${k}"${k === 'nullable' ? ' (OpenAPI 3.0; 3.1 uses type arrays)' : ''}`);
  if (typeof s.$ref === 'string' && !resolveRef(doc, s.$ref)) out.push(`${at}: unresolvable $ref ${s.$ref}`);
  if (s.type !== undefined) {
    const ts = Array.isArray(s.type) ? s.type : [s.type];
    if (ts.length === 0 || !ts.every((t) => typeof t === 'string' && TYPES.has(t))) out.push(`${at}: bad type ${JSON.stringify(s.type)}`);
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required)) out.push(`${at}: required must be an array`);
    else for (const r of s.required) if (!isObj(s.properties) || !(String(r) in s.properties)) out.push(`${at}: required "${String(r)}" has no property schema`);
  }
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) checkSchemaShape(doc, v, `${at}.properties.${k}`, out, depth + 1);
  if (s.items !== undefined) checkSchemaShape(doc, s.items, `${at}.items`, out, depth + 1);
  if (isObj(s.additionalProperties)) checkSchemaShape(doc, s.additionalProperties, `${at}.additionalProperties`, out, depth + 1);
  for (const k of ['oneOf', 'anyOf'] as const) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach((x, i) => checkSchemaShape(doc, x, `${at}.${k}[${i}]`, out, depth + 1));
}

/** Structural problems of an OpenAPI 3.1 document (empty when sound). */
export function checkDocument(doc: unknown): string[] {
  const out: string[] = [];
  if (!isObj(doc)) return ['the document is not an object'];
  const d = doc as unknown as OpenApiDocument;
  if (d.openapi !== '3.1.0') out.push(`openapi must be "3.1.0", got ${JSON.stringify(d.openapi)}`);
  if (!isObj(d.info) || typeof d.info.title !== 'string' || typeof d.info.version !== 'string' || d.info.version === '') out.push('info needs title and version strings');
  if (!isObj(d.paths) || Object.keys(d.paths).length === 0) return [...out, 'paths must be a non-empty object'];
  if (!isObj(d.components) || !isObj(d.components.schemas)) out.push('components.schemas missing');
  else for (const [name, s] of Object.entries(d.components.schemas)) checkSchemaShape(d, s, `components.schemas.${name}`, out);
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(d.paths)) {
    if (!path.startsWith('/')) out.push(`path ${path} must start with /`);
    const vars = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.has(method)) {
        out.push(`${where}: unknown method`);
        continue;
      }
      if (typeof op.operationId !== 'string' || ids.has(op.operationId)) out.push(`${where}: operationId missing or repeated`);
      ids.add(op.operationId);
      if (typeof op.summary !== 'string' || op.summary === '') out.push(`${where}: summary missing`);
      if (!isObj(op.responses) || Object.keys(op.responses).length === 0) out.push(`${where}: no responses`);
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) out.push(`${where}: response key ${status}`);
        if (typeof r.description !== 'string') out.push(`${where} ${status}: description missing`);
        for (const [ct, m] of Object.entries(r.content ?? {})) checkSchemaShape(d, m.schema, `${where} ${status} ${ct}`, out);
      }
      for (const [ct, m] of Object.entries(op.requestBody?.content ?? {})) checkSchemaShape(d, m.schema, `${where} request ${ct}`, out);
      const params = op.parameters ?? [];
      for (const p of params) {
        if (!['query', 'path', 'header', 'cookie'].includes(p.in)) out.push(`${where}: parameter ${p.name} in ${p.in}`);
        if (p.in === 'path' && (p.required !== true || !vars.includes(p.name))) out.push(`${where}: path parameter ${p.name} not in the path or not required`);
        checkSchemaShape(d, p.schema, `${where} parameter ${p.name}`, out);
      }
      for (const v of vars) if (!params.some((p) => p.in === 'path' && p.name === v)) out.push(`${where}: {${v}} is not declared as a path parameter`);
    }
  }
  return out;
}

/** Route table vs document, by method and path shape (parameter names ignored). */
export function compareRoutes(routes: ReadonlyArray<{ method: string; pattern: string }>, doc: OpenApiDocument): { undocumented: string[]; unserved: string[] } {
  const key = (m: string, p: string): string => `${m.toUpperCase()} ${pathShape(p)}`;
  const served = new Set(routes.map((r) => key(r.method, r.pattern)));
  const documented = new Set(documentedOperations(doc).map((o) => key(o.method, o.path)));
  return {
    undocumented: routes.filter((r) => !documented.has(key(r.method, r.pattern))).map((r) => `${r.method} ${r.pattern}`),
    unserved: documentedOperations(doc).filter((o) => !served.has(key(o.method, o.path))).map((o) => `${o.method} ${o.path}`),
  };
}

/**
 * Problems of one real response against the document: the operation `method path` (a
 * documented path template) must list `status`, with a media type for the content type,
 * and a JSON body must validate against its schema.
 */
export function responseProblems(doc: OpenApiDocument, method: string, path: string, status: number, contentType: string | null, body: unknown): string[] {
  const op = doc.paths[path]?.[method.toLowerCase() as 'get'];
  if (!op) return [`${method} ${path} is not documented`];
  const r = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  if (!r) return [`${method} ${path}: status ${status} is not documented (has ${Object.keys(op.responses).join(', ')})`];
  if (!r.content) return body === '' || body === null || body === undefined ? [] : [`${method} ${path} ${status}: a body came back but none is documented`];
  const ct = (contentType ?? '').split(';')[0]!.trim();
  const media = r.content[ct];
  if (!media) return [`${method} ${path} ${status}: content type ${ct} not documented (has ${Object.keys(r.content).join(', ')})`];
  if (ct !== 'application/json') return typeof body === 'string' ? [] : [`${method} ${path} ${status}: expected a text body`];
  return validateSchema(doc, media.schema, body).map((e) => `${method} ${path} ${status}: ${e}`);
}

/** A concrete URL for a documented path: each `{param}` filled with `value`. */
export const fillPath = (path: string, value = 'x'): string => path.replace(/\{[^}]+\}/g, value);

/**
 * Problems of a request the server accepted against the documented request body: a JSON
 * object or array body must validate against the operation's `application/json` schema.
 */
export function requestProblems(doc: OpenApiDocument, method: string, path: string, body: unknown): string[] {
  const op = doc.paths[path]?.[method.toLowerCase() as 'get'];
  if (!op) return [`${method} ${path} is not documented`];
  if (body === undefined || typeof body === 'string') return [];
  const media = op.requestBody?.content['application/json'];
  if (!media) return [`${method} ${path}: a JSON body was accepted but none is documented`];
  return validateSchema(doc, media.schema, body).map((e) => `${method} ${path} request: ${e}`);
}

/**
 * Fields of a 2xx JSON answer that its documented schema does not name: the top level, and the
 * records of named component schemas one level down (`traces[]`, `dataset`, ...). The schemas
 * allow extra fields, so a field added to a handler would otherwise go unnoticed.
 */
export function undocumentedFields(doc: OpenApiDocument, method: string, path: string, status: number, body: unknown): string[] {
  const media = doc.paths[path]?.[method.toLowerCase() as 'get']?.responses[String(status)]?.content?.['application/json'];
  if (!media) return [];
  const where = `${method} ${path} ${status}`;
  const deref = (s: Schema | undefined): Schema | undefined => {
    for (let i = 0; i < 8 && s?.$ref !== undefined; i++) s = resolveRef(doc, s.$ref);
    return s;
  };
  // `additionalProperties: true` marks a shape open by design (provider fields passed through).
  const extra = (schema: Schema | undefined, value: unknown, at: string): string[] => {
    const s = deref(schema);
    if (!s?.properties || s.additionalProperties === true || !isObj(value)) return [];
    return Object.keys(value).filter((k) => !(k in s.properties!)).map((k) => `${where}: field "${at}${k}" is not documented`);
  };
  const top = deref(media.schema);
  const out = extra(top, body, '');
  if (isObj(body) && top?.properties) {
    for (const [k, v] of Object.entries(body)) {
      const p = top.properties[k];
      if (p?.$ref !== undefined) out.push(...extra(p, v, `${k}.`));
      else if (p?.items?.$ref !== undefined && Array.isArray(v)) v.forEach((x) => out.push(...extra(p.items, x, `${k}[].`)));
    }
  } else if (Array.isArray(body) && top?.items?.$ref !== undefined) body.forEach((x) => out.push(...extra(top.items, x, '[].')));
  return [...new Set(out)];
}

export interface Answer {
  status: number;
  contentType: string | null;
  body: unknown;
}

/** One request to `base + url` (a non-string body as JSON); a JSON answer comes back parsed. */
export async function send(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(base + url, init);
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  return { status: res.status, contentType, body: contentType?.split(';')[0]!.trim() === 'application/json' ? (JSON.parse(text) as unknown) : text };
}

/**
 * `documented(method, path, url, body?, status?)`: calls `url` and asserts the answer is what
 * operation `method path` documents (status when given, response schema, an accepted request's
 * body, no undocumented fields); returns the answer. `doc` and `base` are read at each call.
 */
export function documentedCaller(doc: () => OpenApiDocument, base: () => string): (method: string, path: string, url: string, body?: unknown, status?: number) => Promise<Answer> {
  return async (method, path, url, body, status) => {
    const d = doc();
    const a = await send(base(), method, url, body);
    if (status !== undefined) assert.equal(a.status, status, `${method} ${url}: ${JSON.stringify(a.body).slice(0, 400)}`);
    assert.deepEqual(responseProblems(d, method, path, a.status, a.contentType, a.body), [], `${method} ${url}`);
    if (a.status < 300) assert.deepEqual(requestProblems(d, method, path, body), [], `${method} ${url}: an accepted request fits the documented body`);
    assert.deepEqual(undocumentedFields(d, method, path, a.status, a.body), [], `${method} ${url}`);
    return a;
  };
}
