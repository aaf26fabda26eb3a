/**
 * ONNX Runtime sessions for the embedders. CPU by default; CUDA is opt-in and
 * needs onnxruntime-node installed with `--onnxruntime-node-install=cuda12`
 * (the CPU provider stays listed after it, for nodes CUDA does not cover).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from './types.js';

export interface SessionConfig {
  executionProvider?: ExecutionProvider;
  /** Intra-op threads; default 1 (the router runs one session per worker). */
  intraOpNumThreads?: number;
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

/** Opens a model from a file path or from encoded bytes. */
export async function createSession(model: string | Uint8Array, cfg: SessionConfig = {}): Promise<ort.InferenceSession> {
  const opts = sessionOptions(cfg);
  const bytes = typeof model === 'string' ? readFileSync(model) : model;
  try {
    return await ort.InferenceSession.create(bytes, opts);
  } catch (err) {
    const where = typeof model === 'string' ? model : `<${model.byteLength} bytes>`;
    const hint = cfg.executionProvider === 'cuda'
      ? ' (the cuda provider needs onnxruntime-node installed with --onnxruntime-node-install=cuda12 and a CUDA 12 runtime)'
      : '';
    throw new Error(`cannot open ONNX model ${where}: ${(err as Error).message}${hint}`, { cause: err });
  }
}

export function requireNames(session: ort.InferenceSession, inputs: readonly string[], outputs: readonly string[]): void {
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
