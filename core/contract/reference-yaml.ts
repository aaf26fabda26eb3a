/**
 * The reference engine's YAML config (`--config <yaml>`, reference §1.1) read into our config
 * file's shape. Pure and dependency-free: a small YAML subset (block mappings by indentation,
 * `- item` and `[a, b]` lists, plain/quoted scalars, numbers, booleans, null, `#` comments),
 * then a closed key table: a key the reference does not define is an error naming it.
 *
 * Mapped: server.host -> host, server.port -> port, weights.path -> routing.weightsPath,
 * routing.cost_weight -> routing.costWeight, routing.soft_assignment -> routing.soft,
 * logging.level -> logLevel. Accepted and not used (the reference's ClickHouse writer, its
 * embedder backends, log format and allowed_models have no counterpart here): embeddings.*,
 * clickhouse.*, logging.format, routing.allowed_models; they are listed in `referenceIgnored`.
 */

type Scalar = string | number | boolean | null;
type Value = Scalar | Value[] | { [k: string]: Value };

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  server: ['host', 'port'],
  weights: ['path'],
  embeddings: ['backend', 'model_path', 'vocab_path', 'runtime_path', 'http_url', 'http_key_env', 'http_model'],
  routing: ['cost_weight', 'soft_assignment', 'allowed_models'],
  logging: ['level', 'format'],
  clickhouse: ['enabled', 'host', 'port', 'database', 'username', 'password', 'batch_size', 'flush_interval', 'max_retries'],
};

function stripComment(line: string): string {
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function scalar(raw: string, where: string): Value {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new Error(`${where}: unterminated list`);
    const inner = s.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((x) => scalar(x, where));
  }
  if ((s.startsWith('"') && s.endsWith('"') && s.length >= 2) || (s.startsWith("'") && s.endsWith("'") && s.length >= 2)) return s.slice(1, -1);
  if (/^(true|yes|on)$/i.test(s)) return true;
  if (/^(false|no|off)$/i.test(s)) return false;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
}

interface Line {
  n: number;
  indent: number;
  text: string;
}

/** The YAML subset as a value; errors say the line. */
export function parseYamlSubset(text: string): Value {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/\t/.test(raw.match(/^\s*/)![0])) throw new Error(`line ${i + 1}: tabs are not allowed for indentation`);
    const t = stripComment(raw);
    if (t.trim() === '' || t.trim() === '---') return;
    lines.push({ n: i + 1, indent: t.length - t.trimStart().length, text: t.trim() });
  });
  let pos = 0;
  const block = (indent: number): Value => {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    if (first.text.startsWith('- ') || first.text === '-') {
      const out: Value[] = [];
      while (pos < lines.length && lines[pos]!.indent === first.indent && (lines[pos]!.text.startsWith('- ') || lines[pos]!.text === '-')) {
        const l = lines[pos++]!;
        out.push(scalar(l.text.slice(1), `line ${l.n}`));
      }
      return out;
    }
    const obj: Record<string, Value> = {};
    while (pos < lines.length && lines[pos]!.indent === first.indent) {
      const l = lines[pos++]!;
      const m = /^([A-Za-z0-9_.-]+)\s*:(?:\s+(.*)|\s*)$/.exec(l.text);
      if (!m) throw new Error(`line ${l.n}: expected "key: value", got "${l.text.slice(0, 60)}"`);
      const key = m[1]!;
      if (Object.prototype.hasOwnProperty.call(obj, key)) throw new Error(`line ${l.n}: key "${key}" appears twice`);
      const rest = m[2]?.trim() ?? '';
      if (rest !== '') obj[key] = scalar(rest, `line ${l.n}`);
      else if (pos < lines.length && lines[pos]!.indent > l.indent) obj[key] = block(lines[pos]!.indent);
      else obj[key] = null;
    }
    if (pos < lines.length && lines[pos]!.indent > first.indent) throw new Error(`line ${lines[pos]!.n}: unexpected indentation`);
    return obj;
  };
  const v = block(lines[0]?.indent ?? 0);
  if (pos < lines.length) throw new Error(`line ${lines[pos]!.n}: unexpected indentation`);
  return v;
}

const isObj = (v: unknown): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is this config text the reference's YAML rather than our JSON? (JSON starts with `{`.) */
export const looksLikeYaml = (text: string): boolean => !/^\s*\{/.test(text.replace(/^\uFEFF/, ''));

/** The reference's YAML config as our config-file object; an unknown key is an error naming it. */
export function referenceYamlToConfig(text: string, path = 'config file'): Record<string, unknown> {
  let v: Value;
  try {
    v = parseYamlSubset(text);
  } catch (err) {
    throw new Error(`${path} is neither JSON nor the reference's YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObj(v)) throw new Error(`${path}: the YAML must be a mapping of sections (${Object.keys(KNOWN).join(', ')})`);
  const ignored: string[] = [];
  for (const [section, body] of Object.entries(v)) {
    const known = KNOWN[section];
    if (!known) throw new Error(`${path}: unknown key "${section}" (the reference's sections: ${Object.keys(KNOWN).join(', ')})`);
    if (body === null) continue;
    if (!isObj(body)) throw new Error(`${path}: "${section}" must be a mapping`);
    for (const k of Object.keys(body)) if (!known.includes(k)) throw new Error(`${path}: unknown key "${section}.${k}" (known: ${known.map((x) => `${section}.${x}`).join(', ')})`);
  }
  const get = (s: string, k: string): Value | undefined => (isObj(v[s]) ? (v[s] as Record<string, Value>)[k] : undefined);
  const typed = <T>(s: string, k: string, ok: (x: Value) => boolean, what: string): T | undefined => {
    const x = get(s, k);
    if (x === undefined || x === null) return undefined;
    if (!ok(x)) throw new Error(`${path}: "${s}.${k}" must be ${what}`);
    return x as T;
  };
  const out: Record<string, unknown> = {};
  const host = typed<string>('server', 'host', (x) => typeof x === 'string', 'a host name');
  if (host !== undefined) out.host = host;
  const port = typed<number>('server', 'port', (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 65535, 'a port number');
  if (port !== undefined) out.port = port;
  const level = typed<string>('logging', 'level', (x) => typeof x === 'string' && ['debug', 'info', 'warn', 'error'].includes(x), 'debug, info, warn or error');
  if (level !== undefined) out.logLevel = level;
  const routing: Record<string, unknown> = {};
  const weights = typed<string>('weights', 'path', (x) => typeof x === 'string' && x !== '', 'a directory');
  if (weights !== undefined) routing.weightsPath = weights;
  const cw = typed<number>('routing', 'cost_weight', (x) => typeof x === 'number' && x >= 0, 'a number >= 0');
  if (cw !== undefined) routing.costWeight = cw;
  const soft = typed<boolean>('routing', 'soft_assignment', (x) => typeof x === 'boolean', 'true or false');
  if (soft !== undefined) routing.soft = soft;
  if (Object.keys(routing).length > 0) out.routing = routing;
  for (const s of ['embeddings', 'clickhouse']) if (isObj(v[s])) for (const k of Object.keys(v[s] as object)) ignored.push(`${s}.${k}`);
  if (get('logging', 'format') !== undefined) ignored.push('logging.format');
  if (get('routing', 'allowed_models') !== undefined) ignored.push('routing.allowed_models');
  if (ignored.length > 0) out.referenceIgnored = ignored;
  return out;
}
