/**
 * ONNX Runtime sessions for the embedders. CPU by default; CUDA is opt-in and
 * needs onnxruntime-node installed with `--onnxruntime-node-install=cuda12`
 * (the CPU provider stays listed after it, for nodes CUDA does not cover).
 *
 * onnxruntime-node's public `run` defers its (synchronous) native call to
 * `setImmediate`, which costs the router worker an event-loop turn per prompt
 * and lets queued prompts interleave. So sessions are opened on the package's
 * own native binding when it is there, and `runSync` calls it directly; the
 * public asynchronous API is the fallback when a future release moves it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from './types.js';

export interface SessionConfig {
  executionProvider?: ExecutionProvider;
  /** Intra-op threads; default 1 (the router runs one session per worker). */
  intraOpNumThreads?: number;
  /** 'public' forces onnxruntime-node's asynchronous API (no runSync); default: the native binding when present. */
  api?: 'native' | 'public';
}

export function sessionOptions(cfg: SessionConfig = {}): ort.InferenceSession.SessionOptions {
  const threads = cfg.intraOpNumThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 0) throw new RangeError(`intraOpNumThreads must be an integer >= 0, got ${threads}`);
  const ep = cfg.executionProvider ?? 'cpu';
  return {
    executionProviders: ep === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  };
}

export type Feeds = Record<string, ort.Tensor>;
export type Outputs = Record<string, ort.Tensor>;

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model on the calling thread; null when only the asynchronous API is available. */
  readonly runSync: ((feeds: Feeds) => Outputs) | null;
  run(feeds: Feeds): Promise<Outputs>;
  release(): Promise<void>;
}

/** The native session class onnxruntime-node's backend wraps (dist/binding.js), if it has the expected shape. */
interface NativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  loadModel(path: string, options: object): void;
  inputMetadata?: Array<{ name: string }>;
  outputMetadata?: Array<{ name: string }>;
  inputNames?: string[];
  outputNames?: string[];
  run(feeds: Feeds, fetches: Record<string, null>, options: object): Record<string, ort.Tensor | { type: ort.Tensor.Type; data: ort.Tensor.DataType; dims: readonly number[] }>;
  dispose(): void;
}
interface NativeBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

let nativeBindingCache: NativeBinding | null | undefined;
function nativeBinding(): NativeBinding | null {
  if (nativeBindingCache !== undefined) return nativeBindingCache;
  nativeBindingCache = null;
  try {
    const require = createRequire(import.meta.url);
    const m = require(join(dirname(require.resolve('onnxruntime-node')), 'binding.js')) as Partial<NativeBinding>;
    if (typeof m.binding?.InferenceSession === 'function' && typeof m.initOrt === 'function') nativeBindingCache = m as NativeBinding;
  } catch {
    // layout changed: use the public API
  }
  return nativeBindingCache;
}

function names(list: Array<{ name: string }> | undefined, direct: string[] | undefined): string[] {
  return direct ?? (list ?? []).map((m) => m.name);
}

function openNative(b: NativeBinding, model: string | Uint8Array, opts: ort.InferenceSession.SessionOptions): OnnxSession {
  b.initOrt();
  const s = new b.binding.InferenceSession();
  if (typeof model === 'string') s.loadModel(model, opts);
  else s.loadModel(model.buffer, model.byteOffset, model.byteLength, opts);
  const inputNames = names(s.inputMetadata, s.inputNames);
  const outputNames = names(s.outputMetadata, s.outputNames);
  const fetches = Object.fromEntries(outputNames.map((n) => [n, null])) as Record<string, null>;
  const runSync = (feeds: Feeds): Outputs => {
    const raw = s.run(feeds, fetches, {});
    const out: Outputs = {};
    for (const [k, v] of Object.entries(raw)) out[k] = v instanceof ort.Tensor ? v : new ort.Tensor(v.type, v.data as never, v.dims);
    return out;
  };
  return {
    inputNames,
    outputNames,
    runSync,
    run: async (feeds) => runSync(feeds),
    release: async () => s.dispose(),
  };
}

async function openPublic(model: string | Uint8Array, opts: ort.InferenceSession.SessionOptions): Promise<OnnxSession> {
  // Two calls only for TypeScript: `create` has one overload for a path and one for bytes.
  const s = typeof model === 'string' ? await ort.InferenceSession.create(model, opts) : await ort.InferenceSession.create(model, opts);
  return { inputNames: s.inputNames, outputNames: s.outputNames, runSync: null, run: (feeds) => s.run(feeds), release: () => s.release() };
}

/**
 * Opens a model from a file path or from encoded bytes. A path is handed to ONNX Runtime itself, so a
 * model's external-data file beside it is found and mapped rather than copied.
 */
export async function createSession(model: string | Uint8Array, cfg: SessionConfig = {}): Promise<OnnxSession> {
  const opts = sessionOptions(cfg);
  try {
    const b = cfg.api === 'public' ? null : nativeBinding();
    return b ? openNative(b, model, opts) : await openPublic(model, opts);
  } catch (err) {
    const where = typeof model === 'string' ? model : `<${model.byteLength} bytes>`;
    const hint = cfg.executionProvider === 'cuda'
      ? ' (the cuda provider needs onnxruntime-node installed with --onnxruntime-node-install=cuda12 and a CUDA 12 runtime)'
      : '';
    throw new Error(`cannot open ONNX model ${where}: ${(err as Error).message}${hint}`, { cause: err });
  }
}

export function requireNames(session: OnnxSession, inputs: readonly string[], outputs: readonly string[]): void {
  for (const name of inputs) {
    if (!session.inputNames.includes(name)) throw new Error(`ONNX model lacks input "${name}" (has ${session.inputNames.join(', ')})`);
  }
  for (const name of outputs) {
    if (!session.outputNames.includes(name)) throw new Error(`ONNX model lacks output "${name}" (has ${session.outputNames.join(', ')})`);
  }
}

export function int64Tensor(data: BigInt64Array, length: number): ort.Tensor {
  return new ort.Tensor('int64', data, [1, length]);
}

export function float32Data(t: ort.Tensor | undefined, name: string): Float32Array {
  if (!t || t.type !== 'float32' || !(t.data instanceof Float32Array)) throw new Error(`output "${name}" is not float32`);
  return t.data;
}
