/**
 * The gateway's own store of Responses (`previous_response_id`, `GET /v1/responses/{id}`):
 * an LMDB environment at `<dataDir>/responses` (files 0600, directory 0700; it holds prompts),
 * opened on first use, bounded to `maxEntries` responses (the oldest go first: ids sort by
 * time). Reads are synchronous memory-mapped gets; writes are lmdb-js's asynchronous batched
 * commits, and a response stays readable from memory until its commit lands.
 */
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { LMDB_PRIVATE_OPTIONS, mkdirPrivate, privateLmdbFiles } from '../../../../core/contract/private-files.js';
import type { ChatMessage } from '../../providers/types.js';

export const RESPONSES_ENV_DIR = 'responses';
export const DEFAULT_MAX_RESPONSES = 10_000;

export interface StoredResponse {
  /** The response object as GET /v1/responses/{id} returns it. */
  response: Record<string, unknown>;
  /** The conversation up to and including this response's output (no instructions). */
  history: ChatMessage[];
}

export class ResponseStore {
  private root: RootDatabase | null = null;
  private db: Database<StoredResponse, string> | null = null;
  private count = 0;
  private readonly pending = new Map<string, StoredResponse>();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(private readonly dataDir: string, private readonly maxEntries = DEFAULT_MAX_RESPONSES, private readonly log: (m: string) => void = () => undefined) {}

  private opened(): Database<StoredResponse, string> {
    if (this.db) return this.db;
    const path = join(this.dataDir, RESPONSES_ENV_DIR);
    mkdirPrivate(path);
    this.root = open({ path, maxDbs: 2, mapSize: 8 * 1024 ** 3, ...LMDB_PRIVATE_OPTIONS });
    privateLmdbFiles(path);
    this.db = this.root.openDB<StoredResponse, string>({ name: 'responses', encoding: 'msgpack', compression: { threshold: 4096 } });
    this.count = this.db.getKeysCount();
    return this.db;
  }

  get(id: string): StoredResponse | undefined {
    return this.pending.get(id) ?? this.opened().get(id);
  }

  put(id: string, entry: StoredResponse): void {
    const db = this.opened();
    this.pending.set(id, entry);
    this.count++;
    const evict = this.count > this.maxEntries ? [...db.getKeys({ limit: this.count - this.maxEntries })] : [];
    const w = db.put(id, entry).then(
      () => undefined,
      (err: unknown) => this.log(`response ${id} not stored: ${String(err)}`),
    ).finally(() => {
      this.pending.delete(id);
      this.writes.delete(w);
    });
    this.writes.add(w);
    for (const k of evict) {
      this.count--;
      void db.remove(k);
    }
  }

  /** True when the id was stored. */
  async remove(id: string): Promise<boolean> {
    const db = this.opened();
    if (this.get(id) === undefined) return false;
    const w = this.writes;
    await Promise.all([...w]); // a pending put of this id lands first
    this.pending.delete(id);
    const removed = await db.remove(id);
    if (removed) this.count--;
    return removed;
  }

  size(): number {
    if (!this.db) return 0;
    return this.count;
  }

  async close(): Promise<void> {
    await Promise.all([...this.writes]);
    if (this.root) await this.root.close();
    this.root = null;
    this.db = null;
  }
}
