/**
 * Management server configuration: read once from the shared config file (`--config <file>`
 * or OPENTRACY_CONFIG, read by the same code as the gateway's) and the environment (which
 * wins), then frozen.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFile, sharedSettings, type ConfigFile } from '../../core/contract/config-file.js';

export interface ManagementConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly apiKeys: readonly string[];
  readonly gatewayUrl: string;
  readonly secretsFile: string;
  /** Provider key variables of the environment (`*_API_KEY`...), for the /v1/secrets listing. */
  readonly providerEnv: Readonly<Record<string, string>>;
  /** OPENTRACY_DASHBOARD_PORT: a second listener serving the console (and the API it calls); null = none. */
  readonly dashboardPort: number | null;
  readonly labelerModel: string | null;
  readonly maxBodyBytes: number;
  /** Repository root (for the default embedder files). */
  readonly repoRoot: string;
  /** The router weights the gateway is configured with (OPENTRACY_WEIGHTS_PATH, the file's routing.weightsPath, else the shipped package). */
  readonly weightsPath: string;
  /** OPENTRACY_CURATION_MODEL: judge model for dataset curation (from-instruction, auto-collect); null = embedding similarity. */
  readonly curationModel: string | null;
  /** OPENTRACY_SCRIPT_METRICS=1: allow `python`/`javascript` script metrics (sandboxed subprocess). */
  readonly scriptMetrics: boolean;
  /** OPENTRACY_ALLOWED_UPSTREAM_HOSTS (or the file's allowedUpstreamHosts): hosts/CIDRs a deployment may name despite the metadata rule. */
  readonly allowedUpstreamHosts: readonly string[];
  /** The gateway's port (a deployment on loopback there would proxy into the gateway). */
  readonly gatewayPort: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

const routingWeights = (file: ConfigFile): string | undefined => {
  const r = file.routing as { weightsPath?: unknown } | undefined;
  return typeof r?.weightsPath === 'string' && r.weightsPath !== '' ? r.weightsPath : undefined;
};

/** Pure: environment and config-file object in, frozen config out. */
export function parseManagementConfig(env: Env, file: ConfigFile = {}, cwd = process.cwd()): ManagementConfig {
  const shared = sharedSettings(env, file, cwd);
  const gatewayUrl = (env.OPENTRACY_GATEWAY_URL ?? `http://127.0.0.1:${shared.port}`).replace(/\/+$/, '');
  const labeler = env.OPENTRACY_CLUSTER_LABELER_MODEL?.trim();
  const repoRoot = env.OPENTRACY_REPO_ROOT ?? fileURLToPath(new URL('../../../', import.meta.url));
  return Object.freeze({
    host: shared.host ?? '127.0.0.1',
    port: shared.managementPort,
    dashboardPort: env.OPENTRACY_DASHBOARD_PORT?.trim() ? intFrom(env.OPENTRACY_DASHBOARD_PORT, 3000, 'OPENTRACY_DASHBOARD_PORT') : null,
    dataDir: shared.dataDir,
    apiKeys: shared.apiKeys,
    gatewayUrl,
    secretsFile: shared.secretsFile,
    providerEnv: Object.freeze(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && /_API_KEY$|^AWS_BEARER_TOKEN_BEDROCK$/.test(e[0])))),
    labelerModel: labeler ? labeler : null,
    maxBodyBytes: intFrom(env.OPENTRACY_MANAGEMENT_MAX_BODY_BYTES, 64 * 1024 * 1024, 'OPENTRACY_MANAGEMENT_MAX_BODY_BYTES'),
    repoRoot,
    weightsPath: resolve(cwd, env.OPENTRACY_WEIGHTS_PATH?.trim() || routingWeights(file) || join(repoRoot, 'models', 'router-default')),
    curationModel: env.OPENTRACY_CURATION_MODEL?.trim() || null,
    scriptMetrics: env.OPENTRACY_SCRIPT_METRICS === '1',
    allowedUpstreamHosts: (env.OPENTRACY_ALLOWED_UPSTREAM_HOSTS ?? [(file as { allowedUpstreamHosts?: unknown }).allowedUpstreamHosts ?? []].flat().join(','))
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
    gatewayPort: shared.port,
  });
}

/** Reads the config file named by `--config <file>` in argv or OPENTRACY_CONFIG, then parses. */
export function loadConfig(env: Env = process.env, argv: readonly string[] = []): ManagementConfig {
  return parseManagementConfig(env, readConfigFile(argv, env).file);
}
