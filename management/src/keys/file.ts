/**
 * The virtual keys file `<dataDir>/virtual-keys.json` ({"keys": [...]}, mode 0600): written here,
 * atomically; the gateway re-reads it when its mtime changes. Only the sha256 of each secret is
 * stored. Layout, name and parsing: core/contract/virtual-keys.ts, shared with the gateway.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFileAtomic } from '../../../core/contract/private-files.js';
import { parseKeysFile, VIRTUAL_KEYS_FILE, type VirtualKey } from '../../../core/contract/virtual-keys.js';

export type StoredKey = VirtualKey;

export class KeysFile {
  private chain: Promise<unknown> = Promise.resolve();
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, VIRTUAL_KEYS_FILE);
  }

  async list(): Promise<StoredKey[]> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return parseKeysFile(raw);
  }

  /** Serialised read-modify-write within this process. */
  update<T>(f: (keys: StoredKey[]) => T): Promise<T> {
    const next = this.chain.then(async () => {
      const keys = await this.list();
      const out = f(keys);
      await writePrivateFileAtomic(this.path, JSON.stringify({ keys }, null, 2) + '\n');
      return out;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
