/**
 * BERT WordPiece tokenizer, compatible with HuggingFace's `BertTokenizer` for
 * all-MiniLM-L6-v2 (`do_lower_case=True`).
 *
 * 1-5. Basic normalisation exactly as documented in `basic-tokenizer.ts`
 *      (clean, CJK split, whitespace split, lower-case + NFD + drop Mn,
 *      punctuation split with ASCII symbols counted as punctuation).
 * 6.   Each word: more than 100 code points -> `[UNK]`. A word in the
 *      vocabulary is one piece. Otherwise greedy longest match from the left,
 *      continuations looked up as `##piece`, cutting on code-point
 *      boundaries; if some position has no match the whole word is one `[UNK]`.
 * 7.   Truncate to maxTokens - 2 pieces (may cut inside a word), then
 *      `[CLS]` + pieces + `[SEP]`; attention mask all 1, token type ids all 0,
 *      no padding: the length is the real length.
 *
 * Output goes straight into int64 typed arrays for ONNX Runtime.
 *
 * Checked against a transcription of HuggingFace's slow tokenizer
 * (core/test/fixtures/embedding/hf_reference.py, 33 cases). Known gaps:
 * a literal "[SEP]" (or other special token) typed in the text is tokenized
 * as characters, where HuggingFace would match the special token; its NFC
 * step is omitted because NFD afterwards makes it a no-op. OpenTracy's Go
 * engine differs from both (it deletes TAB/LF/CR, keeps accents, has no
 * 100-character limit and emits [UNK] per character): we follow HuggingFace,
 * which is what the published centroids were computed with.
 */
import { splitWords } from './basic-tokenizer.js';
import { loadVocab } from './vocab.js';
import { writeInt64 } from './word-tokenizer.js';

export interface BertEncoding {
  /**
   * `[CLS]` pieces `[SEP]`, int64, exactly `length` long. The native tokenizer returns a view into a
   * shared buffer (its own region, never rewritten): read `byteOffset`/`byteLength`, never transfer
   * or detach `ids.buffer`.
   */
  ids: BigInt64Array;
  /** All ones, `length` long. Shared and read-only: do not modify. */
  attentionMask: BigInt64Array;
  /** All zeros, `length` long. Shared and read-only: do not modify. */
  tokenTypeIds: BigInt64Array;
  length: number;
}

export const DEFAULT_MAX_TOKENS = 128;
export const MAX_CHARS_PER_WORD = 100;

export class WordPieceTokenizer {
  readonly unkId: number;
  readonly clsId: number;
  readonly sepId: number;
  /** `##x` pieces keyed by `x`, so continuations need no string concatenation. */
  private readonly cont = new Map<string, number>();
  private readonly tokens: string[] = [];
  private scratch = new Int32Array(DEFAULT_MAX_TOKENS);
  private readonly wordScratch = new Int32Array(MAX_CHARS_PER_WORD);
  private readonly ones: BigInt64Array[] = [];
  private readonly zeros: BigInt64Array[] = [];

  constructor(private readonly vocab: ReadonlyMap<string, number>) {
    this.unkId = special(vocab, '[UNK]');
    this.clsId = special(vocab, '[CLS]');
    this.sepId = special(vocab, '[SEP]');
    for (const [tok, id] of vocab) {
      if (tok.startsWith('##') && tok.length > 2) this.cont.set(tok.slice(2), id);
      this.tokens[id] = tok;
    }
  }

  static fromFile(path: string): WordPieceTokenizer {
    return new WordPieceTokenizer(loadVocab(path));
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  /**
   * Token ids of `text` into an int32 buffer (valid until the next call):
   * `[CLS]`, at most maxTokens - 2 pieces, `[SEP]`. Returns the length.
   */
  encodeInto(text: string, maxTokens = DEFAULT_MAX_TOKENS): { buffer: Int32Array; length: number } {
    if (!Number.isInteger(maxTokens) || maxTokens < 2) throw new RangeError(`maxTokens must be >= 2, got ${maxTokens}`);
    if (this.scratch.length < maxTokens) this.scratch = new Int32Array(maxTokens);
    const out = this.scratch;
    const cap = maxTokens - 1; // index where [SEP] goes
    let n = 1;
    out[0] = this.clsId;
    splitWords(text, (word) => {
      const k = this.pieceWord(word);
      const pieces = this.wordScratch;
      for (let j = 0; j < k && n < cap; j++) out[n++] = pieces[j] as number;
      return n < cap;
    });
    out[n++] = this.sepId;
    return { buffer: out, length: n };
  }

  encode(text: string, maxTokens = DEFAULT_MAX_TOKENS): BertEncoding {
    const { buffer, length } = this.encodeInto(text, maxTokens);
    const ids = new BigInt64Array(length);
    writeInt64(ids, buffer, length);
    return { ids, attentionMask: filled(this.ones, length, 1n), tokenTypeIds: filled(this.zeros, length, 0n), length };
  }

  /** The pieces as strings, without `[CLS]`/`[SEP]` (tests and debugging). */
  tokenize(text: string, maxTokens = Number.MAX_SAFE_INTEGER): string[] {
    const out: string[] = [];
    const limit = Math.min(maxTokens, 1 << 20);
    splitWords(text, (word) => {
      const k = this.pieceWord(word);
      for (let j = 0; j < k && out.length < limit; j++) out.push(this.tokens[this.wordScratch[j] as number] as string);
      return out.length < limit;
    });
    return out;
  }

  /** WordPiece of one normalised word into wordScratch; returns the piece count. */
  private pieceWord(word: string): number {
    const pieces = this.wordScratch;
    const len = word.length;
    if (len > MAX_CHARS_PER_WORD && codePoints(word) > MAX_CHARS_PER_WORD) {
      pieces[0] = this.unkId;
      return 1;
    }
    const whole = this.vocab.get(word);
    if (whole !== undefined) {
      pieces[0] = whole;
      return 1;
    }
    let k = 0;
    let start = 0;
    while (start < len) {
      let end = len;
      let found = -1;
      while (end > start) {
        const sub = start === 0 && end === len ? word : word.slice(start, end);
        const id = start === 0 ? this.vocab.get(sub) : this.cont.get(sub);
        if (id !== undefined) {
          found = id;
          break;
        }
        end -= 1;
        const c = word.charCodeAt(end);
        if (end > start && c >= 0xdc00 && c <= 0xdfff) {
          const h = word.charCodeAt(end - 1);
          if (h >= 0xd800 && h <= 0xdbff) end -= 1; // do not split a surrogate pair
        }
      }
      if (found < 0) {
        pieces[0] = this.unkId;
        return 1;
      }
      pieces[k++] = found;
      start = end;
    }
    return k;
  }
}

/** Shared read-only masks by length: the cached array of `length` values `value`, made on first use. */
export function filled(cache: BigInt64Array[], length: number, value: bigint): BigInt64Array {
  let a = cache[length];
  if (!a) {
    a = new BigInt64Array(length);
    if (value !== 0n) a.fill(value);
    cache[length] = a;
  }
  return a;
}

function special(vocab: ReadonlyMap<string, number>, tok: string): number {
  const id = vocab.get(tok);
  if (id === undefined) throw new Error(`WordPiece vocabulary lacks ${tok}`);
  return id;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0) n++;
    else {
      const h = s.charCodeAt(i - 1);
      if (h < 0xd800 || h > 0xdbff) n++;
    }
  }
  return n;
}
