/**
 * JavaScript heap held by the static embedder's word tokenizer over the default vocabulary:
 * the reference (a Map of the words) against the native one (the vocabulary lives in the addon).
 * The test (native/test/tokenizers.test.ts) checks that the native object holds no such Map;
 * this measures what that saves.
 *
 *   npx tsc -p tsconfig.json && node --expose-gc dist/bench/micro/tokenizer-heap.js
 */
import { join } from 'node:path';
import { WordTokenizer as WordRef } from '../../core/embedding/word-tokenizer.js';
import { nativeStatus, WordTokenizer } from '../../native/index.js';
import { repoRoot } from '../../native/test/corpus.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const path = join(repoRoot(), 'models', 'embedder-static', 'vocab.txt');
const heldBy = (make: () => unknown): number => {
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = make();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (!held) throw new Error('unreachable');
  return bytes;
};
const reference = heldBy(() => WordRef.fromFile(path));
const native = heldBy(() => WordTokenizer.fromFile(path));
console.log(`native addon: ${nativeStatus().active ? 'active' : 'inactive'}`);
console.log(`| tokenizer | JS heap held |\n|---|---:|\n| reference (Map) | ${(reference / 1048576).toFixed(2)} MiB |\n| native | ${(native / 1048576).toFixed(2)} MiB |`);
