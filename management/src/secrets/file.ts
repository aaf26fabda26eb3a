/**
 * The provider secrets file: a flat JSON object {"<provider>": "<key>"} (the gateway reads the
 * same file). Written atomically (temp file in the same folder, fsync, rename) with mode 0600.
 */
import { readFile } from 'node:fs/promises';
import { writePrivateFileAtomic } from '../../../core/contract/private-files.js';

export type Secrets = Record<string, string>;

export async function readSecrets(path: string): Promise<Secrets> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Secrets;
    throw err;
  }
  if (raw.trim() === '') return Object.create(null) as Secrets;
  const v = JSON.parse(raw) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`secrets file ${path} is not a JSON object`);
  // Null prototype: provider names such as `constructor` are plain keys.
  const out: Secrets = Object.create(null) as Secrets;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) if (typeof val === 'string') out[k] = val;
  return out;
}

export function writeSecrets(path: string, secrets: Secrets): Promise<void> {
  return writePrivateFileAtomic(path, JSON.stringify(secrets, null, 2) + '\n');
}

/** Serialises read-modify-write updates of the file within this process. */
export class SecretsFile {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly path: string) {}

  list(): Promise<Secrets> {
    return readSecrets(this.path);
  }

  update<T>(f: (s: Secrets) => T): Promise<T> {
    const next = this.chain.then(async () => {
      const s = await readSecrets(this.path);
      const out = f(s);
      await writeSecrets(this.path, s);
      return out;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
