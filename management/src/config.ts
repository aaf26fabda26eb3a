/** Management server configuration: read from the environment once, then frozen. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ManagementConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly apiKeys: readonly string[];
  readonly gatewayUrl: string;
  readonly secretsFile: string;
  readonly labelerModel: string | null;
  readonly maxBodyBytes: number;
  /** Repository root (for the default embedder files). */
  readonly repoRoot: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** Pure: environment in, frozen config out. */
export function loadConfig(env: Env = process.env): ManagementConfig {
  const dataDir = resolve(env.OPENTRACY_DATA_DIR ?? './data');
  const gatewayPort = intFrom(env.OPENTRACY_PORT, 8080, 'OPENTRACY_PORT');
  const gatewayUrl = (env.OPENTRACY_GATEWAY_URL ?? `http://127.0.0.1:${gatewayPort}`).replace(/\/+$/, '');
  const apiKeys = (env.OPENTRACY_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const labeler = env.OPENTRACY_CLUSTER_LABELER_MODEL?.trim();
  return Object.freeze({
    host: env.OPENTRACY_HOST?.trim() || '127.0.0.1',
    port: intFrom(env.OPENTRACY_MANAGEMENT_PORT, 8000, 'OPENTRACY_MANAGEMENT_PORT'),
    dataDir,
    apiKeys: Object.freeze(apiKeys),
    gatewayUrl,
    secretsFile: resolve(env.OPENTRACY_SECRETS_FILE ?? `${dataDir}/secrets.json`),
    labelerModel: labeler ? labeler : null,
    maxBodyBytes: intFrom(env.OPENTRACY_MANAGEMENT_MAX_BODY_BYTES, 64 * 1024 * 1024, 'OPENTRACY_MANAGEMENT_MAX_BODY_BYTES'),
    repoRoot: env.OPENTRACY_REPO_ROOT ?? fileURLToPath(new URL('../../../', import.meta.url)),
  });
}
