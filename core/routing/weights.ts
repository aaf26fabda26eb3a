/**
 * Loads a weights package from disk (reference 5.1-5.3) and validates it fully.
 *
 * Layout: manifest.json (optional; may carry `embedder: {kind, model, vocab}` relative to the package,
 * and `strategy`), the cluster file (clusters/mmlu_full.npz, clusters/default.npz, clusters.npz, then
 * the first *.npz in clusters/ by name), profiles/*.json in file-name order (_registry.json skipped,
 * invalid ones skipped with a warning), and clusters/knn.npz for the knn strategy.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseNpz, type NpyArray } from './npz.js';
import type { RouterWeights } from './types.js';
import { validatePackage, WeightsError, type RawPackage } from './weights-validate.js';

export { WeightsError, overallAccuracy } from './weights-validate.js';

const CLUSTER_CANDIDATES = ['clusters/mmlu_full.npz', 'clusters/default.npz', 'clusters.npz'];
const KNN_FILE = 'clusters/knn.npz';

async function exists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function listDir(p: string): Promise<string[]> {
  try {
    return (await readdir(p)).sort();
  } catch {
    return [];
  }
}

async function findClusterFile(dir: string): Promise<string> {
  for (const c of CLUSTER_CANDIDATES) if (await exists(join(dir, c))) return c;
  const other = (await listDir(join(dir, 'clusters'))).find((f) => f.endsWith('.npz') && `clusters/${f}` !== KNN_FILE);
  if (other) return `clusters/${other}`;
  throw new WeightsError(`no cluster file in ${dir} (tried ${CLUSTER_CANDIDATES.join(', ')}, clusters/*.npz)`);
}

async function readNpz(dir: string, rel: string): Promise<Map<string, NpyArray>> {
  try {
    return parseNpz(await readFile(join(dir, rel)));
  } catch (err) {
    throw new WeightsError(`${rel}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readManifest(dir: string): Promise<Record<string, unknown>> {
  const p = join(dir, 'manifest.json');
  if (!(await exists(p))) return {};
  let json: unknown;
  try {
    json = JSON.parse(await readFile(p, 'utf8'));
  } catch (err) {
    throw new WeightsError(`manifest.json: bad JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new WeightsError('manifest.json: not a JSON object');
  return json as Record<string, unknown>;
}

/** Reads the package files without interpreting them. */
export async function readPackage(dirIn: string): Promise<RawPackage> {
  const dir = resolve(dirIn);
  let st;
  try {
    st = await stat(dir);
  } catch {
    throw new WeightsError(`weights path ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new WeightsError(`weights path ${dir} is not a directory`);
  const manifest = await readManifest(dir);
  const clusterFile = await findClusterFile(dir);
  const clusters = await readNpz(dir, clusterFile);
  const files = (await listDir(join(dir, 'profiles'))).filter((f) => f.endsWith('.json') && f !== '_registry.json');
  const profiles = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(dir, 'profiles', file), 'utf8');
      try {
        return { file, json: JSON.parse(text) as unknown };
      } catch (err) {
        return { file, json: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const knn = manifest['strategy'] === 'knn' && (await exists(join(dir, KNN_FILE))) ? await readNpz(dir, KNN_FILE) : null;
  return { dir, manifest, clusterFile, clusters, profiles, knn };
}

export interface LoadOptions {
  /** Receives one line per skipped profile or other non-fatal problem (default: console.warn). */
  warn?: (message: string) => void;
}

/** Loads and validates a weights package; throws WeightsError with the reason when it is unusable. */
export async function loadWeights(dir: string, opts: LoadOptions = {}): Promise<RouterWeights> {
  const { weights, warnings } = validatePackage(await readPackage(dir));
  const warn = opts.warn ?? ((m: string) => console.warn(`[weights] ${m}`));
  for (const w of warnings) warn(w);
  return weights;
}
