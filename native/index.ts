/**
 * The native fast path: tokenizers and vector kernels in C++ (binding.gyp, native/src),
 * with the same functions and classes as the TypeScript references and bit-identical
 * results. When the addon is missing, fails to load, or OPENTRACY_NATIVE=0, every export
 * is the TypeScript implementation itself; `nativeStatus()` says which and why.
 *
 *   import { WordTokenizer, assignCluster, nativeStatus } from '../../native/index.js';
 */
export { nativeStatus, type NativeStatus } from './binding.js';
export { argmax, argmin, dotRows, softmax, squaredDistances, topK } from './kernels.js';
export { assignCluster, assignFromDistances, assignLearnedMap, type Assignment } from './assign.js';
export { WordPieceTokenizer, WordTokenizer, type BertEncoding, type WordEncoding } from './tokenizers.js';
export { releaseCleanFileMappings, releaseMappedFile, trimMalloc } from './memory.js';

// Core computes with whatever is registered: from here on, these (the addon's, or the references when it is absent).
import { useKernels } from '../core/kernels.js';
import { assignCluster } from './assign.js';
import { WordPieceTokenizer, WordTokenizer } from './tokenizers.js';

useKernels({ WordTokenizer, WordPieceTokenizer, assignCluster });
