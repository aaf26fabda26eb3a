/**
 * The one config file both services read (`--config <file>` or OPENTRACY_CONFIG), and
 * the settings they share, merged the same way in both: the environment wins over the
 * file, the file over the defaults. Dependency-free (node:fs and node:path only) so the
 * management server can import it.
 *
 * Shared keys: dataDir, host, port (gateway), managementPort, apiKeys, secretsFile.
 * The gateway's own keys (upstream, routing, providers, aliases...) stay in its config.ts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { looksLikeYaml, referenceYamlToConfig } from './reference-yaml.js';

type Env = Readonly<Record<string, string | undefined>>;

export type ConfigFile = Readonly<Record<string, unknown>>;

export interface SharedSettings {
  readonly dataDir: string;
  /** Undefined when neither env nor file sets it: each service keeps its own default. */
  readonly host: string | undefined;
  readonly port: number;
  readonly managementPort: number;
  readonly apiKeys: readonly string[];
  /** One secrets file for both services: `<dataDir>/secrets.json` unless set. */
  readonly secretsFile: string;
}

/** `--config <file>` / `--config=<file>` on the command line, else OPENTRACY_CONFIG (pure). */
export function configPathFrom(argv: readonly string[], env: Env): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') {
      const v = argv[i + 1];
      if (v === undefined || v === '' || v.startsWith('--')) throw new Error('--config needs a file path');
      return v;
    }
    if (a.startsWith('--config=')) {
      const v = a.slice('--config='.length);
      if (v === '') throw new Error('--config needs a file path');
      return v;
    }
  }
  const p = env.OPENTRACY_CONFIG?.trim();
  return p ? p : undefined;
}

/**
 * Parses the file's text: our JSON object, or (text not starting with `{`) the reference
 * engine's YAML (reference-yaml.ts), with a clear error naming the file or the bad key (pure).
 */
export function parseConfigFile(text: string, path = 'config file'): ConfigFile {
  if (looksLikeYaml(text)) return referenceYamlToConfig(text, path);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path} must hold a JSON object`);
  return v as ConfigFile;
}

/** Reads the config file named by argv/env; `{}` when none is named. The I/O edge. */
export function readConfigFile(argv: readonly string[], env: Env): { path: string | undefined; file: ConfigFile } {
  const path = configPathFrom(argv, env);
  if (!path) return { path: undefined, file: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return { path, file: parseConfigFile(text, path) };
}

function fileString(file: ConfigFile, key: string): string | undefined {
  const v = file[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`config file: ${key} must be a string`);
  return v;
}

function port(envValue: string | undefined, fileValue: unknown, name: string, fallback: number): number {
  const raw = envValue !== undefined && envValue.trim() !== '' ? envValue.trim() : fileValue;
  if (raw === undefined || raw === null) return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
  return n;
}

/** Comma-separated list from the environment, else the file's array (pure). */
function keys(envValue: string | undefined, fileValue: unknown): string[] {
  let list: string[];
  if (envValue !== undefined) list = envValue.split(',');
  else if (fileValue === undefined || fileValue === null) list = [];
  else if (Array.isArray(fileValue) && fileValue.every((k) => typeof k === 'string')) list = fileValue as string[];
  else if (typeof fileValue === 'string') list = fileValue.split(',');
  else throw new Error('config file: apiKeys must be an array of strings');
  return list.map((k) => k.trim()).filter((k) => k.length > 0);
}

/** The shared settings: environment over file over defaults (pure). */
export function sharedSettings(env: Env, file: ConfigFile, cwd = process.cwd()): SharedSettings {
  const dataDir = resolve(cwd, env.OPENTRACY_DATA_DIR?.trim() || fileString(file, 'dataDir') || './data');
  const secrets = env.OPENTRACY_SECRETS_FILE?.trim() || fileString(file, 'secretsFile');
  const host = env.OPENTRACY_HOST?.trim() || fileString(file, 'host');
  return Object.freeze({
    dataDir,
    host: host ? host : undefined,
    port: port(env.OPENTRACY_PORT, file.port, 'OPENTRACY_PORT', 8080),
    managementPort: port(env.OPENTRACY_MANAGEMENT_PORT, file.managementPort, 'OPENTRACY_MANAGEMENT_PORT', 8000),
    apiKeys: Object.freeze(keys(env.OPENTRACY_API_KEYS, file.apiKeys)),
    secretsFile: secrets ? resolve(cwd, secrets) : join(dataDir, 'secrets.json'),
  });
}
