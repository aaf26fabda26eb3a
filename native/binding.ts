/**
 * Loads the C++ addon (build/Release/opentracy_native.node) once per environment, or
 * records why it is not used. `OPENTRACY_NATIVE=0` forces the TypeScript fallback.
 * Every environment (main thread, each worker) gets its own addon instance: the addon
 * keeps its tokenizers and scratch buffers in N-API instance data.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, threadId } from 'node:worker_threads';

/** The raw addon surface (see native/src/addon*.cc). */
export interface NativeBinding {
  info(): { simd: 'avx2' | 'scalar'; unicode: string; tokenizers: number };
  release(handle: number): void;
  dotRows(matrix: Float32Array, k: number, dim: number, x: Float32Array | Float64Array, out?: Float64Array): Float64Array;
  squaredDistances(matrix: Float32Array, k: number, dim: number, x: Float32Array | Float64Array, out?: Float64Array): Float64Array;
  argmin(v: Float64Array): number;
  argmax(v: Float64Array): number;
  softmax(logits: Float64Array, out?: Float64Array): Float64Array;
  topK(scores: Float64Array, k: number, largest: boolean): Int32Array;
  wordPieceCreate(tokens: string, lengths: Int32Array, ids: Int32Array): { handle: number; unkId: number; clsId: number; sepId: number; size: number };
  wordPieceEncode(handle: number, text: string, maxTokens: number): BigInt64Array;
  wordPieceEncodeInto(handle: number, text: string, maxTokens: number, out: Int32Array | BigInt64Array): number;
  wordPiecePieces(handle: number, text: string, limit: number): Int32Array;
  wordCreate(tokens: string, lengths: Int32Array, ids: Int32Array): { handle: number; size: number };
  wordEncode(handle: number, text: string, maxTokens: number): BigInt64Array;
  wordEncodeInto(handle: number, text: string, maxTokens: number, out: Int32Array | BigInt64Array): number;
  releaseMappedFile(absolutePath: string): number;
  trimMalloc(): boolean | undefined;
  releaseCleanFileMappings(): number;
}

export interface NativeStatus {
  active: boolean;
  /** Why the addon is or is not used (for /health and the log). */
  reason: string;
}

const ADDON = join('build', 'Release', 'opentracy_native.node');

/** The addon path: the package root is the first ancestor holding package.json. */
function addonPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, ADDON);
    dir = dirname(dir);
  }
  return null;
}

function isBinding(x: unknown): x is NativeBinding {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return ['info', 'dotRows', 'softmax', 'wordPieceCreate', 'wordEncode'].every((k) => typeof o[k] === 'function');
}

function load(): { binding: NativeBinding | null; status: NativeStatus } {
  if (process.env['OPENTRACY_NATIVE'] === '0') {
    return { binding: null, status: { active: false, reason: 'disabled by OPENTRACY_NATIVE=0; using the TypeScript implementation' } };
  }
  const path = addonPath();
  if (path === null || !existsSync(path)) {
    return { binding: null, status: { active: false, reason: `addon not built (${path ?? ADDON} missing: did node-gyp fail at install?); using the TypeScript implementation` } };
  }
  try {
    const mod: unknown = createRequire(import.meta.url)(path);
    if (!isBinding(mod)) throw new Error('unexpected exports');
    // A smoke test: a broken build must not be half-used.
    const d = mod.dotRows(new Float32Array([1, 2]), 1, 2, new Float32Array([3, 4]));
    if (d[0] !== 11) throw new Error('self-test failed');
    const info = mod.info();
    // The C++ Unicode tables come from the ICU of the Node that generated them; another
    // Unicode version would make tokenization differ from the TypeScript path on new characters.
    if (info.unicode !== process.versions.unicode) {
      throw new Error(`addon Unicode tables are ${info.unicode}, this Node has ${process.versions.unicode}: regenerate native/src/unicode-tables.h`);
    }
    return { binding: mod, status: { active: true, reason: `native addon loaded (${info.simd} kernels, Unicode ${info.unicode})` } };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { binding: null, status: { active: false, reason: `addon failed to load (${msg}); using the TypeScript implementation` } };
  }
}

const loaded = load();
if (!loaded.status.active) {
  console.warn(`[native]${isMainThread ? '' : ` (worker ${threadId})`} ${loaded.status.reason}`);
}

/** The addon of this environment, or null when the TypeScript fallback is in use. */
export const binding: NativeBinding | null = loaded.binding;

/** For /health: whether the native path is active, and why (not). */
export function nativeStatus(): NativeStatus {
  return { ...loaded.status };
}
