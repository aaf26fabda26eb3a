/**
 * The virtual keys file `<dataDir>/virtual-keys.json` ({"keys": [...]}, mode 0600): written here,
 * atomically (temp file, fsync, rename); the gateway re-reads it when its mtime changes. Only the
 * sha256 of each secret is stored. The layout matches gateway/src/virtual-keys/record.ts.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredKey {
  id: string;
  hash: string;
  owner: string;
  name: string;
  models: string[] | null;
  budget_daily_usd: number | null;
  budget_monthly_usd: number | null;
  rpm: number | null;
  tpm: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

export class KeysFile {
  private chain: Promise<unknown> = Promise.resolve();
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, 'virtual-keys.json');
  }

  async list(): Promise<StoredKey[]> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    if (raw.trim() === '') return [];
    const v = JSON.parse(raw) as { keys?: unknown };
    return Array.isArray(v.keys) ? (v.keys as StoredKey[]) : [];
  }

  /** Serialised read-modify-write within this process. */
  update<T>(f: (keys: StoredKey[]) => T): Promise<T> {
    const next = this.chain.then(async () => {
      const keys = await this.list();
      const out = f(keys);
      await this.write(keys);
      return out;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(keys: StoredKey[]): Promise<void> {
    const dir = join(this.path, '..');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.virtual-keys.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify({ keys }, null, 2) + '\n', 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
