/**
 * Tables keyed by request input (model names, aliases, provider ids). A plain `{}` answers
 * `constructor`, `toString` or `__proto__` from Object.prototype (a 500 further on), and
 * assigning `__proto__` replaces its prototype: lookups go through `own`, and tables built
 * from input start from `dict()`, which has no prototype at all.
 */

/** The value stored under `key` itself, never an inherited one. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An empty table without a prototype (JSON.stringify and Object.entries treat it as a plain object). */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of several tables merged left to right. */
export function dictOf<T>(...tables: ReadonlyArray<Readonly<Record<string, T>>>): Record<string, T> {
  return Object.assign(dict<T>(), ...tables) as Record<string, T>;
}
