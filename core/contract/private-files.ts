/**
 * Files under the data dir hold prompts, responses and keys: they are created 0600 and their
 * directories 0700, whatever the umask (modes are set at creation, and repaired on open for
 * LMDB files an older version created 0644). Shared by the gateway and the management server.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * lmdb-js hands `permissionsMode` to mdb_env_open for data.mdb and lock.mdb (default 0664,
 * absent from its typings). Typed as `object` so it spreads into lmdb's open options.
 */
export const LMDB_PRIVATE_OPTIONS: object = Object.freeze({ permissionsMode: PRIVATE_FILE_MODE });

/** mkdir -p with 0700 for every directory it creates (existing ones are left as they are). */
export function mkdirPrivate(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** After a read-write LMDB open: data.mdb and lock.mdb 0600, also when an older version made them. */
export function privateLmdbFiles(envDir: string): void {
  for (const name of ['data.mdb', 'lock.mdb']) {
    const file = join(envDir, name);
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
}

/** Replaces `path` atomically (temp file in the same folder, fsync, rename), the file 0600, a new folder 0700. */
export async function writePrivateFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await chmod(tmp, PRIVATE_FILE_MODE);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
