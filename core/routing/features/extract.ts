/**
 * Prompt features for the learned (mlp) router, pure and deterministic (the TypeScript reference).
 *
 * One dense vector of `featureDim(cfg)` floats, in three blocks:
 *
 *   [0, dim)                  the prompt's static embedding, as the embedder gives it (unit norm or zero)
 *   [dim, dim + STATS)        text statistics (lengths, character classes, code/markup/math markers),
 *                             each squashed into about [0, 1] by a fixed transform (no fitted scaling)
 *   [dim + STATS, + buckets)  hashed character n-grams of the lower-cased text (n in cfg.ngrams),
 *                             counted, log1p, then L2-normalised over the block; the prompt's tail
 *                             (the last `tailChars` UTF-16 units, where a few-shot prompt keeps its
 *                             actual question) is counted a second time, so it weighs double
 *
 * Characters are UTF-16 code units (CJK ideographs are single units, so they are seen one by one).
 * The hash is FNV-1a over the units of the n-gram, salted by n; bucket = hash mod buckets.
 */

export interface FeatureConfig {
  /** Width of the embedding block (the embedder's dim). */
  dim: number;
  /** Hash buckets for the character n-grams. */
  buckets: number;
  /** n-gram lengths, e.g. [1, 2, 3]. */
  ngrams: readonly number[];
  /** Tail window counted twice (0 = off). */
  tailChars: number;
}

export const DEFAULT_FEATURES: Omit<FeatureConfig, 'dim'> = { buckets: 2048, ngrams: [1, 2, 3], tailChars: 400 };

/** Names of the statistics block, in order (documentation and the manifest). */
export const STAT_NAMES = [
  'log_chars', 'log_words', 'log_lines', 'mean_word_len', 'max_word_len',
  'frac_digit', 'frac_upper', 'frac_alpha', 'frac_cjk', 'frac_space', 'frac_punct', 'frac_code_sym', 'frac_other',
  'log_numbers', 'log_questions', 'log_options', 'log_blank_lines',
  'has_code_kw', 'has_fence', 'has_markup', 'has_math', 'has_answer_cue', 'has_fill_blank', 'log_shots',
] as const;
export const STATS = STAT_NAMES.length;

export function featureDim(cfg: FeatureConfig): number {
  return cfg.dim + STATS + cfg.buckets;
}

const squash = (x: number, scale: number): number => Math.log1p(x) / scale;

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x3040 && c <= 0x30ff);
}

const CODE_SYM = new Set('{}[]()<>=;:_\\|&^%$#@~`'.split('').map((c) => c.charCodeAt(0)));
const PUNCT = new Set('.,!?\'"-/*+'.split('').map((c) => c.charCodeAt(0)));
const CODE_KW = /\b(def|return|function|const|let|var|class|import|printf|#include|=>|elif|lambda|public|static|void)\b/;
const MARKUP = /<\/?[a-z][^>]*>|^#{1,6} |\*\*|^\s*[-*] /m;
const MATH = /\$[^$]+\$|\\frac|\\sqrt|\\cdot|\^\{|\\\(|\\\[/;
const ANSWER_CUE = /answer:|答案|选项|the answer is/i;
const FILL_BLANK = /_{2,}|\b_\b|（\s*）|\(\s*\)/;
const OPTION = /(^|\n)\s*\(?[A-D][).:：、]/g;
const NUMBER = /\d+(?:\.\d+)?/g;

function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null) n++;
  return n;
}

/** The statistics block, written into out[at..at+STATS). */
export function textStats(text: string, out: Float32Array, at: number): void {
  const len = text.length;
  let digit = 0, upper = 0, alpha = 0, cjk = 0, space = 0, punct = 0, code = 0, other = 0, lines = 1, question = 0, blank = 0;
  let prevNl = false;
  let words = 0, wordChars = 0, maxWord = 0, run = 0; // runs of [A-Za-z] (as /[A-Za-z]+/g)
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) run++;
    else if (run > 0) {
      words++;
      wordChars += run;
      if (run > maxWord) maxWord = run;
      run = 0;
    }
    if (c >= 48 && c <= 57) digit++;
    else if (c >= 65 && c <= 90) { upper++; alpha++; }
    else if (c >= 97 && c <= 122) alpha++;
    else if (c === 10) { lines++; if (prevNl) blank++; space++; }
    else if (c === 32 || c === 9 || c === 13) space++;
    else if (isCjk(c)) cjk++;
    else if (CODE_SYM.has(c)) code++;
    else if (PUNCT.has(c)) { punct++; if (c === 63) question++; }
    else if (c === 0xff1f) question++;
    else other++;
    if (c === 10) prevNl = true;
    else if (c !== 32 && c !== 13 && c !== 9) prevNl = false;
  }
  if (run > 0) {
    words++;
    wordChars += run;
    if (run > maxWord) maxWord = run;
  }
  const n = Math.max(len, 1);
  const shots = countMatches(/answer:\s*\S/gi, text);
  const v = [
    squash(len, 9), squash(words, 8), squash(lines, 6), words ? wordChars / words / 10 : 0, Math.min(maxWord, 40) / 40,
    digit / n, upper / n, alpha / n, cjk / n, space / n, punct / n, code / n, other / n,
    squash(countMatches(NUMBER, text), 6), squash(question, 4), squash(countMatches(OPTION, text), 4), squash(blank, 4),
    CODE_KW.test(text) ? 1 : 0, text.includes('```') ? 1 : 0, MARKUP.test(text) ? 1 : 0, MATH.test(text) ? 1 : 0,
    ANSWER_CUE.test(text) ? 1 : 0, FILL_BLANK.test(text) ? 1 : 0, squash(shots, 3),
  ];
  for (let i = 0; i < STATS; i++) out[at + i] = v[i]!;
}

/**
 * Hashed character n-gram counts of `s` (already lower-cased) added into counts[0..buckets); each
 * bucket's first touch is appended to `touched` (its length returned), so callers visit only those.
 */
export function addNgrams(s: string, ngrams: readonly number[], buckets: number, counts: Float64Array, touched?: Int32Array, nt = 0): number {
  const len = s.length;
  const mask = (buckets & (buckets - 1)) === 0 ? buckets - 1 : -1; // power of two: & is the same as %
  for (const n of ngrams) {
    const salt = Math.imul(0x811c9dc5 ^ n, 0x01000193) >>> 0;
    for (let i = 0; i + n <= len; i++) {
      let h = salt;
      for (let j = 0; j < n; j++) h = Math.imul(h ^ s.charCodeAt(i + j), 0x01000193);
      const b = mask >= 0 ? h & mask : (h >>> 0) % buckets;
      if (touched && counts[b] === 0) touched[nt++] = b;
      counts[b]! += 1;
    }
  }
  return nt;
}

/** Per-width scratch (counts all zero between calls, and the touched-bucket list): no allocation per prompt. */
const scratch = new Map<number, { counts: Float64Array; touched: Int32Array }>();

/** The whole feature vector of a prompt and its embedding. */
export function extractFeatures(text: string, embedding: ArrayLike<number>, cfg: FeatureConfig, out = new Float32Array(featureDim(cfg))): Float32Array {
  if (embedding.length !== cfg.dim) throw new RangeError(`embedding has ${embedding.length} dims, the features expect ${cfg.dim}`);
  for (let i = 0; i < cfg.dim; i++) out[i] = embedding[i]!;
  textStats(text, out, cfg.dim);
  const lower = text.toLowerCase();
  let sc = scratch.get(cfg.buckets);
  if (!sc) scratch.set(cfg.buckets, (sc = { counts: new Float64Array(cfg.buckets), touched: new Int32Array(cfg.buckets) }));
  const { counts, touched } = sc;
  let nt = addNgrams(lower, cfg.ngrams, cfg.buckets, counts, touched, 0);
  if (cfg.tailChars > 0) nt = addNgrams(lower.length > cfg.tailChars ? lower.slice(lower.length - cfg.tailChars) : lower, cfg.ngrams, cfg.buckets, counts, touched, nt);
  // log1p of the touched buckets, then the sum of squares in ascending bucket order (a dense scan:
  // the same float result whatever order the buckets were touched in)
  for (let q = 0; q < nt; q++) counts[touched[q]!] = Math.log1p(counts[touched[q]!]!);
  let ss = 0;
  for (let b = 0; b < cfg.buckets; b++) {
    const v = counts[b]!;
    if (v !== 0) ss += v * v;
  }
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  const base = cfg.dim + STATS;
  out.fill(0, base, base + cfg.buckets);
  for (let q = 0; q < nt; q++) {
    const b = touched[q]!;
    out[base + b] = counts[b]! * inv;
    counts[b] = 0;
  }
  return out;
}
