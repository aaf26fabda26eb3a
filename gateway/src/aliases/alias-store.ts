/**
 * Aliases registered at runtime, persisted in `<dataDir>/aliases.json` and merged over the
 * config file's aliases (a registered alias wins). The merged table is one frozen object,
 * replaced whole on every change, so the chat pipeline reads a consistent view without
 * locks. Writes go to a temp file, are fsynced and renamed (atomic on POSIX); they are
 * serialised, and the in-memory table changes only after the file is written.
 *
 * File: {"version":1,"aliases":{"<name>":{"targets","fallbacks","endpoint"?:{"base_url","model","api_key"?},"registered_at"}}}
 * (0600: it may hold endpoint keys).
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AliasConfig } from '../config.js';
import { dict, dictOf, own } from '../dict.js';

export interface RegisteredAlias extends AliasConfig {
  registered_at: string;
}

interface FileEndpoint {
  base_url: string;
  model: string;
  api_key?: string;
}

interface FileAlias {
  targets: string[];
  fallbacks: string[];
  endpoint?: FileEndpoint;
  registered_at: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** Pure: file text -> registered aliases (bad entries skipped, reported). */
export function parseAliasFile(text: string): { aliases: Record<string, RegisteredAlias>; skipped: string[] } {
  const v: unknown = JSON.parse(text);
  const raw = isObj(v) && isObj(v.aliases) ? v.aliases : {};
  const aliases = dict<RegisteredAlias>();
  const skipped: string[] = [];
  for (const [name, a] of Object.entries(raw)) {
    if (!isObj(a)) {
      skipped.push(name);
      continue;
    }
    const ep = isObj(a.endpoint) && typeof a.endpoint.base_url === 'string' && typeof a.endpoint.model === 'string' ? a.endpoint : null;
    const targets = strs(a.targets);
    if (!ep && targets.length === 0) {
      skipped.push(name);
      continue;
    }
    aliases[name] = {
      targets,
      fallbacks: strs(a.fallbacks),
      registered_at: typeof a.registered_at === 'string' ? a.registered_at : '',
      ...(ep ? { endpoint: { baseUrl: ep.base_url as string, model: ep.model as string, ...(typeof ep.api_key === 'string' ? { apiKey: ep.api_key } : {}) } } : {}),
    };
  }
  return { aliases, skipped };
}

/** Pure: registered aliases -> file text. */
export function aliasFileText(aliases: Readonly<Record<string, RegisteredAlias>>): string {
  const out = dict<FileAlias>();
  for (const [name, a] of Object.entries(aliases)) {
    out[name] = {
      targets: a.targets,
      fallbacks: a.fallbacks,
      ...(a.endpoint ? { endpoint: { base_url: a.endpoint.baseUrl, model: a.endpoint.model, ...(a.endpoint.apiKey ? { api_key: a.endpoint.apiKey } : {}) } } : {}),
      registered_at: a.registered_at,
    };
  }
  return `${JSON.stringify({ version: 1, aliases: out }, null, 2)}\n`;
}

function freeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) freeze(v);
  }
  return o;
}

let tmpSeq = 0;

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${tmpSeq++}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export class AliasStore {
  private registered: Readonly<Record<string, RegisteredAlias>>;
  private merged: Readonly<Record<string, AliasConfig>>;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly configured: Readonly<Record<string, AliasConfig>>,
    registered: Record<string, RegisteredAlias>,
  ) {
    this.registered = freeze(registered);
    this.merged = this.merge();
  }

  /**
   * Loads the file if present; a corrupt file is reported and left untouched (the gateway still starts).
   * `refuse` names entries today's validation would reject (skipped, reported).
   */
  static async open(
    path: string,
    configured: Readonly<Record<string, AliasConfig>>,
    warn: (msg: string) => void = () => undefined,
    refuse: (name: string, alias: AliasConfig) => string | null = () => null,
  ): Promise<AliasStore> {
    let registered = dict<RegisteredAlias>();
    try {
      const parsed = parseAliasFile(await readFile(path, 'utf8'));
      registered = parsed.aliases;
      for (const [name, a] of Object.entries(registered)) {
        const why = refuse(name, a);
        if (why) {
          delete registered[name];
          parsed.skipped.push(`${JSON.stringify(name)} (${why})`);
        }
      }
      if (parsed.skipped.length > 0) warn(`aliases file ${path}: skipped invalid entries ${parsed.skipped.join(', ')}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`aliases file ${path} unreadable, starting without registered aliases: ${String(err)}`);
    }
    return new AliasStore(path, configured, registered);
  }

  private merge(): Readonly<Record<string, AliasConfig>> {
    return freeze(dictOf<AliasConfig>(this.configured, this.registered));
  }

  /** Config aliases merged with registered ones (registered win). Frozen; replaced whole on change. */
  all(): Readonly<Record<string, AliasConfig>> {
    return this.merged;
  }

  registeredAliases(): Readonly<Record<string, RegisteredAlias>> {
    return this.registered;
  }

  isConfigured(name: string): boolean {
    return own(this.configured, name) !== undefined;
  }

  /** Serialised read-modify-write: `change` sees the latest table; null = no change. */
  private update<R>(change: (cur: Readonly<Record<string, RegisteredAlias>>) => { next: Record<string, RegisteredAlias>; result: R } | null, none: R): Promise<R> {
    const run = this.queue.then(async () => {
      const c = change(this.registered);
      if (!c) return none;
      await writeAtomic(this.path, aliasFileText(c.next));
      this.registered = freeze(c.next);
      this.merged = this.merge();
      return c.result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Adds or replaces an alias; resolves once it is on disk and in use. */
  set(name: string, alias: AliasConfig, now = new Date()): Promise<RegisteredAlias> {
    const entry: RegisteredAlias = { ...alias, registered_at: now.toISOString() };
    return this.update((cur) => {
      const next = dictOf(cur);
      next[name] = entry;
      return { next, result: entry };
    }, entry);
  }

  /** Removes a registered alias; false when there was none. */
  remove(name: string): Promise<boolean> {
    return this.update((cur) => {
      if (!own(cur, name)) return null;
      const next = dictOf(cur);
      delete next[name];
      return { next, result: true };
    }, false);
  }
}
