/**
 * The kernels core computes with: the TypeScript references, until the native addon's
 * loader (native/index.ts) registers its bit-identical C++ versions on import. Core never
 * imports the addon, so the dependency runs one way (native -> core); a process that wants
 * the fast path imports `native/index.js` once at start (the services, the router worker,
 * the scripts do).
 */
import { assignCluster as assignClusterRef } from './routing/assign.js';
import { WordTokenizer as WordTokenizerRef } from './embedding/word-tokenizer.js';
import { WordPieceTokenizer as WordPieceRef } from './embedding/wordpiece.js';

export interface Kernels {
  readonly WordTokenizer: typeof WordTokenizerRef;
  readonly WordPieceTokenizer: typeof WordPieceRef;
  readonly assignCluster: typeof assignClusterRef;
}

export const REFERENCE_KERNELS: Kernels = Object.freeze({
  WordTokenizer: WordTokenizerRef,
  WordPieceTokenizer: WordPieceRef,
  assignCluster: assignClusterRef,
});

let current: Kernels = REFERENCE_KERNELS;

/** The kernels in use (replaced whole, never mutated). */
export function kernels(): Kernels {
  return current;
}

/** Installs another implementation of every kernel (the native addon, or the references again). */
export function useKernels(k: Kernels): void {
  current = Object.freeze({ ...k });
}
