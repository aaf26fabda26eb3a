/**
 * BERT "basic" tokenisation (HuggingFace `BasicTokenizer` with
 * `do_lower_case=True`, `tokenize_chinese_chars=True`, `strip_accents=None`),
 * shared by the WordPiece tokenizer and the static embedder's word tokenizer.
 *
 * Exact normalisation, in HuggingFace's order (a native port must match it):
 *
 * 1. Clean: drop U+0000, U+FFFD and every character of Unicode general
 *    category C* (Cc, Cf, Cs, Co, Cn) except TAB, LF and CR; those three, and
 *    every Zs character, act as a space. Consequence: VT (U+000B), FF
 *    (U+000C) and NEL (U+0085) are deleted, not spaces ("a\u000Bb" is "ab").
 * 2. CJK: each code point in U+4E00-9FFF, 3400-4DBF, 20000-2A6DF, 2A700-2B73F,
 *    2B740-2B81F, 2B820-2CEAF, F900-FAFF, 2F800-2FA1F becomes its own token.
 * 3. Split on whitespace: ' ', TAB, LF, CR, the Zs characters (U+00A0, U+1680,
 *    U+2000-200A, U+202F, U+205F, U+3000) and U+2028/U+2029 (Python's
 *    `str.split()` splits on them).
 * 4. For each whitespace token: Unicode lower-case of the whole token
 *    (`String.prototype.toLowerCase`, locale-independent, final sigma by
 *    context, as Python's `str.lower`), then NFD, then delete every Mn
 *    (non-spacing mark) code point.
 * 5. Punctuation split: every code point in 33-47, 58-64, 91-96, 123-126
 *    (all ASCII symbols, so `$ + < = > ^ | ~` and the backtick too) or of
 *    category P* becomes its own token; empty tokens are dropped.
 *
 * Category tables are those of the runtime's ICU (Node 20: Unicode 15.1).
 * Tokens that are pure printable ASCII (33-126) take a char-code fast path that
 * gives the same result as the general path; everything else goes through the
 * general path above.
 */

/** Receives each normalised word in order; return false to stop early. */
export type WordSink = (word: string) => boolean;

/** ASCII punctuation by HuggingFace's definition (the four symbol ranges). */
const ASCII_PUNCT = new Uint8Array(128);
for (const [lo, hi] of [[33, 47], [58, 64], [91, 96], [123, 126]] as const) {
  for (let c = lo; c <= hi; c++) ASCII_PUNCT[c] = 1;
}
const ASCII_STR: string[] = [];
for (let c = 0; c < 128; c++) ASCII_STR.push(String.fromCharCode(c));

const C_RE = /^\p{C}$/u;
const MN_RE = /^\p{Mn}$/u;
const P_RE = /^\p{P}$/u;

/** Per-code-point class bits, computed once per BMP code point from the regexes above. */
const K_DONE = 1;
const K_CTRL = 2;
const K_MN = 4;
const K_PUNCT = 8;
const BMP_CLASS = new Uint8Array(0x10000);

function computeClass(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let k = K_DONE;
  if (cp === 0 || cp === 0xfffd || C_RE.test(ch)) k |= K_CTRL;
  if (MN_RE.test(ch)) k |= K_MN;
  if ((cp < 128 && ASCII_PUNCT[cp] === 1) || P_RE.test(ch)) k |= K_PUNCT;
  return k;
}

function classOf(cp: number): number {
  if (cp > 0xffff) return computeClass(cp);
  let k = BMP_CLASS[cp] as number;
  if (k === 0) {
    k = computeClass(cp);
    BMP_CLASS[cp] = k;
  }
  return k;
}

/** Code point at i (a lone surrogate stands for itself, class Cs). */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Step 1 inside one token: removes C* characters, U+0000 and U+FFFD. */
function dropControls(raw: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < raw.length;) {
    const cp = codePointAt(raw, i);
    const len = cp > 0xffff ? 2 : 1;
    if ((classOf(cp) & K_CTRL) !== 0) {
      out += raw.slice(runStart, i);
      runStart = i + len;
    }
    i += len;
  }
  return runStart === 0 ? raw : out + raw.slice(runStart);
}

/** Zs (minus U+0020), U+2028, U+2029: the non-ASCII whitespace. */
export function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** HuggingFace's `_is_chinese_char` ranges. */
export function isCjk(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Fast path: `s[start, end)` holds only code units 33-126. */
function splitAscii(s: string, start: number, end: number, sink: WordSink): boolean {
  let wordStart = start;
  let upper = false;
  for (let j = start; j < end; j++) {
    const c = s.charCodeAt(j);
    if (ASCII_PUNCT[c] === 1) {
      if (j > wordStart) {
        const w = s.slice(wordStart, j);
        if (!sink(upper ? w.toLowerCase() : w)) return false;
      }
      if (!sink(ASCII_STR[c] as string)) return false;
      wordStart = j + 1;
      upper = false;
    } else if (c >= 65 && c <= 90) {
      upper = true;
    }
  }
  if (end > wordStart) {
    const w = s.slice(wordStart, end);
    return sink(upper ? w.toLowerCase() : w);
  }
  return true;
}

/** General path for one whitespace token (may hold controls, accents, Unicode). */
function splitGeneral(raw: string, sink: WordSink): boolean {
  const t = dropControls(raw).toLowerCase().normalize('NFD');
  let word = '';
  let runStart = 0;
  for (let i = 0; i < t.length;) {
    const c = t.charCodeAt(i);
    if (c < 128) {
      // ASCII whitespace and controls cannot come out of lower-casing or NFD.
      if (ASCII_PUNCT[c] === 1) {
        word += t.slice(runStart, i);
        if (word.length > 0 && !sink(word)) return false;
        word = '';
        if (!sink(ASCII_STR[c] as string)) return false;
        runStart = i + 1;
      }
      i++;
      continue;
    }
    const cp = codePointAt(t, i);
    const len = cp > 0xffff ? 2 : 1;
    const k = classOf(cp);
    if ((k & K_MN) !== 0) {
      word += t.slice(runStart, i);
      runStart = i + len;
    } else if ((k & K_PUNCT) !== 0) {
      word += t.slice(runStart, i);
      if (word.length > 0 && !sink(word)) return false;
      word = '';
      if (!sink(t.slice(i, i + len))) return false;
      runStart = i + len;
    }
    i += len;
  }
  word += t.slice(runStart);
  return word.length > 0 ? sink(word) : true;
}

/** CJK ideograph as a token: lower-case + NFD maps compatibility ideographs. */
function cjkToken(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return (cp >= 0xf900 && cp <= 0xfaff) || cp >= 0x2f800 ? ch.normalize('NFD') : ch;
}

/** Runs steps 1-5 over `text`, handing each word to `sink` until it returns false. */
export function splitWords(text: string, sink: WordSink): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128 ? isAsciiSpace(c) : isUnicodeSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let simple = true;
    let cjk = -1;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c > 32 && c < 127) {
        i++;
        continue;
      }
      if (c < 128) {
        if (isAsciiSpace(c)) break;
        simple = false; // a control character: the general path drops it
        i++;
        continue;
      }
      if (isUnicodeSpace(c)) break;
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) cp = text.codePointAt(i) as number;
      if (isCjk(cp)) {
        cjk = cp;
        break;
      }
      simple = false;
      i += cp > 0xffff ? 2 : 1;
    }
    if (i > start) {
      const ok = simple ? splitAscii(text, start, i, sink) : splitGeneral(text.slice(start, i), sink);
      if (!ok) return;
    }
    if (cjk >= 0) {
      if (!sink(cjkToken(cjk))) return;
      i += cjk > 0xffff ? 2 : 1;
    }
  }
}

/** Convenience for tests and tools: all words of `text`. */
export function basicTokenize(text: string): string[] {
  const out: string[] = [];
  splitWords(text, (w) => {
    out.push(w);
    return true;
  });
  return out;
}
