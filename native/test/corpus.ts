/** Shared inputs of the native differential tests: real prompts, edge cases, seeded randomness. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicTokenize } from '../../core/embedding/basic-tokenizer.js';
import { bundledSplitPath, readDatasetTextSync, type BundledDataset } from '../../core/routing/train/dataset-files.js';

/** The repository root: the first ancestor of this file that holds package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the tests');
    dir = up;
  }
  return dir;
}

const DATASETS: readonly BundledDataset[] = ['routing-routerbench', 'routing-routerdc'];

/**
 * Every prompt of the dev splits the repository carries (datasets/routing-*), or of
 * the `dev.jsonl` files under `OPENTRACY_SHARED_DATA` when that is set (benchmarks on another machine).
 */
export function realPrompts(): string[] {
  const out: string[] = [];
  const shared = process.env['OPENTRACY_SHARED_DATA'];
  for (const name of DATASETS) {
    const path = shared ? join(shared, name, 'dev.jsonl') : bundledSplitPath(repoRoot(), name, 'dev');
    if (!existsSync(path)) continue;
    for (const line of readDatasetTextSync(path).split('\n')) {
      if (line.trim() === '') continue;
      const rec = JSON.parse(line) as { prompt?: unknown };
      if (typeof rec.prompt === 'string') out.push(rec.prompt);
    }
  }
  return out;
}

/** Hand-picked inputs around every rule of the basic tokenizer. */
export const EDGE_CASES: readonly string[] = [
  '',
  ' ',
  '\t\n\r ',
  'Hello, World!',
  'Ça été ÉTÉ; naïve café — Ångström, Dvořák, Øresund, Straße, ﬁnance',
  'ΟΔΥΣΣΕΥΣ ΑΣ. ΑΣ.Β Σ σ ς ΌΣΟΣ aʰΣ aΣʰ İstanbul İ̇',
  '中文字符测试，日本語のテキスト、한국어 텍스트 𠀀𠀁 豈更車 丽丸乁',
  'emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇫🇷 keycap 1️⃣',
  'controls:\u0000\u0001\u0007\u000b\u000c\u007f\u0085\u200b\u200d\ufeff\ufffd|end',
  'spaces\u00a0nbsp\u1680ogham\u2003em\u2028ls\u2029ps\u202f\u205f\u3000ideo',
  'a\u000Bb c\u000Cd e\u0085f',
  'lone \ud800 high \udc00 low \ud800\ud800\udc00 mixed',
  'combining: e\u0301 e\u0316\u0301 e\u0301\u0316 a\u0345\u0301 \u1e0b\u0323 \u0958 Å Å',
  'hangul 각 갃 힣 ᄀ각',
  'math $x^2 + y_1 = z$ \\frac{a}{b} `code` ~tilde~ |pipe| <tag>',
  'punctuation ¡¿«»‹›「」『』【】〔〕‘’“” § ¶ † ‡ • … ‰ ′ ″',
  'digits ١٢٣ ४५६ ⅠⅡⅢ ½ ² ³',
  'x'.repeat(101) + ' ' + 'y'.repeat(100) + ' ' + '😀'.repeat(60) + ' ' + 'é'.repeat(150),
  'Ǆǅǆ ǈ Ǳ ᾈ ᾼ ῼ ﬀ ŉ ẞ ΐ',
  // 16-code-unit scanner blocks: punctuation and capitals at block edges, long tokens.
  'abcdefghijklmno.Pqrstuvwxyzabcde,fghijklmnopqrstuv!W xyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  'aaaaaaaaaaaaaaaA bbbbbbbbbbbbbbbb.C ' + 'Z'.repeat(47) + ' ' + '.'.repeat(33) + ' x'.repeat(40) + ' ' + 'ab,'.repeat(30) + 'é',
  'ASCII run then é: abcdefghijklmnopqrstuvwxyzé and CONTROL abcdefghijklmnopq\u0001rs and 中abcdefghijklmnopqrstu中',
];

/** Mulberry32: small, fast, seeded. */
export { seededRng as rng } from '../../core/routing/train/rng.js';

/** Blocks the random strings draw from: ASCII, Latin, Greek, marks, CJK, spaces, controls, astral. */
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x00, 0x1f], [0x80, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff],
  [0x590, 0x6ff], [0x900, 0x97f], [0x1e00, 0x1fff], [0x2000, 0x206f], [0x3000, 0x30ff], [0x4e00, 0x4e80], [0xac00, 0xac40],
  [0xd800, 0xdfff], [0xf900, 0xfb4f], [0xfe00, 0xffff], [0x1d400, 0x1d4ff], [0x1f300, 0x1f6ff], [0x2f800, 0x2f8ff], [0xe0000, 0xe007f],
];

/** A random string of up to maxLen code points (lone surrogates included). */
export function randomText(next: () => number, maxLen: number): string {
  const n = Math.floor(next() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) {
    const [lo, hi] = RANGES[Math.floor(next() * RANGES.length)] as readonly [number, number];
    const cp = lo + Math.floor(next() * (hi - lo + 1));
    s += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  }
  return s;
}

/** A prompt of about `words` words made of real prompt text. */
export function promptOfWords(prompts: readonly string[], words: number): string {
  const all = prompts.join(' ').split(/\s+/).filter((w) => w !== '');
  return all.slice(0, words).join(' ');
}

/**
 * A WordPiece vocabulary built from texts (the real MiniLM vocab is not on the machine):
 * specials, the frequent words, their 1-4 code point prefixes, "##" suffixes of 1-3
 * code points, and every single code point seen, alone and as "##c". Greedy matching then
 * exercises whole words, multi-piece words and (for unseen characters) [UNK].
 */
export function wordPieceVocab(texts: readonly string[], maxWords = 4000): Map<string, number> {
  const freq = new Map<string, number>();
  for (const t of texts) for (const w of basicTokenize(t)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const seen = new Set(tokens);
  const add = (t: string): void => {
    if (!seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    }
  };
  const byFreq = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [w] of byFreq.slice(0, maxWords)) add(w);
  for (const [w] of byFreq.slice(0, maxWords * 2)) {
    const cps = [...w];
    for (let k = 1; k <= Math.min(4, cps.length); k++) add(cps.slice(0, k).join(''));
    for (let k = 1; k <= Math.min(3, cps.length - 1); k++) add('##' + cps.slice(cps.length - k).join(''));
  }
  for (const [w] of byFreq) for (const c of w) {
    add(c);
    add('##' + c);
  }
  return new Map(tokens.map((t, i) => [t, i]));
}

/** Specials plus every code point of the normalised texts, alone and as "##c". */
export function perCharVocab(texts: readonly string[]): Map<string, number> {
  const chars = new Set<string>();
  for (const t of texts) for (const w of basicTokenize(t)) for (const c of w) chars.add(c);
  const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
  for (const c of [...chars].sort()) tokens.push(c, '##' + c);
  return new Map(tokens.map((t, i) => [t, i]));
}
