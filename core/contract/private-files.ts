/**
 * Files under the data dir hold prompts, responses and keys: they are created 0600 and their
 * directories 0700, whatever the umask (modes are set at creation, and repaired on open for
 * LMDB files an older version created 0644). Shared by the gateway and the management server.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
