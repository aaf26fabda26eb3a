/**
 * The one place a value becomes ClickHouse SQL text. Every value the gateway or the management
 * server puts into a query goes through `sqlLiteral` (values) or `sqlIdentifier` (names); nothing
 * else concatenates input into SQL. ClickHouse 18.16 has no query parameters, so escaping is the
 * only way in, and it is written once, here, with its tests (core/test/contract/sql-literal.test.ts).
 *
 * Strings: single-quoted; `\` and `'` are backslash-escaped and every control character
 * (U+0000-U+001F, U+007F) is written as `\xHH`, which 18.16 and current releases read alike. Lone
 * UTF-16 surrogates cannot be encoded as UTF-8: they become U+FFFD (what Buffer.from would write
 * anyway), so the literal is always valid UTF-8. Numbers: finite only (NaN/Infinity throw: they
 * would be read as column names). Booleans: 1/0. Dates: 'YYYY-MM-DD hh:mm:ss' in UTC, for
 * DateTime columns whose server time zone is UTC (the schema declares DateTime('UTC')).
 */

export type SqlValue = string | number | bigint | boolean | Date | null | readonly SqlValue[];

export class SqlValueError extends Error {
  readonly code = 'invalid_sql_value';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f\\']/g;

function escapeChar(c: string): string {
  if (c === '\\') return '\\\\';
  if (c === "'") return "\\'";
  return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
}

/** A string as a quoted ClickHouse string literal. */
export function sqlString(s: string): string {
  const wellFormed = s.replace(LONE_SURROGATE, '\ufffd');
  return "'" + wellFormed.replace(NEEDS_ESCAPE, escapeChar) + "'";
}

/** A finite number as a literal (integers exact; others in shortest round-trip form). */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new SqlValueError(`not a finite number: ${String(n)}`);
  // Object.is(-0) prints "0"; exponent form (1e-7) is accepted by ClickHouse as a Float64 literal.
  return String(n);
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** A Date as a 'YYYY-MM-DD hh:mm:ss' UTC literal (seconds precision: 18.16 has no DateTime64). */
export function sqlDateTime(d: Date): string {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new SqlValueError('invalid Date');
  const y = d.getUTCFullYear();
  if (y < 1970 || y > 2105) throw new SqlValueError(`date out of DateTime range: ${d.toISOString()}`);
  return `'${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}'`;
}

/** Any supported value as a literal; arrays become `[a, b]`. Throws SqlValueError for anything else. */
export function sqlLiteral(v: SqlValue): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'string':
      return sqlString(v);
    case 'number':
      return sqlNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? '1' : '0';
    default:
      if (v instanceof Date) return sqlDateTime(v);
      if (Array.isArray(v)) return '[' + v.map((x: SqlValue) => sqlLiteral(x)).join(', ') + ']';
      throw new SqlValueError(`unsupported SQL value type: ${Object.prototype.toString.call(v)}`);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A database, table or column name, checked against a whitelist pattern (letters, digits and
 * underscore, not starting with a digit) and returned bare. Names come from configuration
 * (OPENTRACY_CH_DATABASE) or from code; anything else is refused, never quoted around.
 */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new SqlValueError(`not an allowed SQL identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

/**
 * A template tag: sql`SELECT * FROM t WHERE a = ${v}` with every interpolation through sqlLiteral.
 * Use `sqlRaw` for SQL fragments built by this module's functions.
 */
export interface SqlFragment {
  readonly sql: string;
}
export function sqlRaw(text: string): SqlFragment {
  return { sql: text };
}
export function sql(parts: TemplateStringsArray, ...values: Array<SqlValue | SqlFragment>): string {
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) ? (v as SqlFragment).sql : sqlLiteral(v as SqlValue)) + parts[i + 1]!;
  }
  return out;
}
