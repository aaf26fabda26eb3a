/**
 * A small JSON-schema validator for the `json_schema` metric: type (incl. "integer" and
 * type arrays), properties, required, enum, items, additionalProperties (boolean),
 * minItems/maxItems, minimum/maximum, minLength/maxLength. No refs, no remote schemas.
 * Pure; depth-limited.
 */
export type Schema = Record<string, unknown>;

const KNOWN = new Set(['type', 'properties', 'required', 'enum', 'items', 'additionalProperties', 'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'description', 'title', '$schema']);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the schema itself; returns an error message or null. */
export function checkSchema(s: unknown, path = '$', depth = 0): string | null {
  if (depth > 32) return `${path}: schema nested too deeply`;
  if (!isObj(s)) return `${path}: a schema must be an object`;
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) return `${path}: unsupported keyword "${k}"`;
  if (s.type !== undefined) {
    const ts = Array.isArray(s.type) ? s.type : [s.type];
    if (ts.length === 0 || !ts.every((t) => typeof t === 'string' && TYPES.has(t))) return `${path}: "type" must be one of ${[...TYPES].join(', ')}`;
  }
  if (s.required !== undefined && (!Array.isArray(s.required) || !s.required.every((r) => typeof r === 'string'))) return `${path}: "required" must be an array of strings`;
  if (s.enum !== undefined && !Array.isArray(s.enum)) return `${path}: "enum" must be an array`;
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') return `${path}: "additionalProperties" must be a boolean`;
  for (const k of ['minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength']) {
    if (s[k] !== undefined && (typeof s[k] !== 'number' || !Number.isFinite(s[k]))) return `${path}: "${k}" must be a number`;
  }
  if (s.properties !== undefined) {
    if (!isObj(s.properties)) return `${path}: "properties" must be an object`;
    for (const [k, v] of Object.entries(s.properties)) {
      const e = checkSchema(v, `${path}.${k}`, depth + 1);
      if (e) return e;
    }
  }
  if (s.items !== undefined) return checkSchema(s.items, `${path}[]`, depth + 1);
  return null;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function typeMatches(t: string, v: unknown): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === t;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every violation of `v` against `s` (empty = valid), at most 20. */
export function validate(s: Schema, v: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (s.type !== undefined) {
    const ts = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!ts.some((t) => typeMatches(t, v))) {
      out.push(`${path}: expected ${ts.join(' or ')}, got ${typeOf(v)}`);
      return out;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) out.push(`${path}: not one of the allowed values`);
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${path}: below minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${path}: above maximum ${s.maximum}`);
  }
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) out.push(`${path}: longer than ${s.maxLength}`);
  }
  if (isObj(v)) {
    const props = isObj(s.properties) ? s.properties : {};
    for (const r of Array.isArray(s.required) ? (s.required as string[]) : []) if (!(r in v)) out.push(`${path}: missing required property "${r}"`);
    for (const [k, sub] of Object.entries(props)) if (k in v) validate(sub as Schema, v[k], `${path}.${k}`, out);
    if (s.additionalProperties === false) for (const k of Object.keys(v)) if (!(k in props)) out.push(`${path}: unexpected property "${k}"`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
    if (isObj(s.items)) v.forEach((x, i) => validate(s.items as Schema, x, `${path}[${i}]`, out));
  }
  return out;
}

/** The JSON inside a model output: the whole text, else the first fenced ```json block. */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const tries = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence) tries.push(fence[1]!.trim());
  for (const t of tries) {
    try {
      return { ok: true, value: JSON.parse(t) as unknown };
    } catch {
      // next
    }
  }
  return { ok: false };
}
