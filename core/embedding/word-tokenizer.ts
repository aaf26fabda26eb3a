import { splitWords } from './basic-tokenizer.js';
import { loadVocab } from './vocab.js';

/** Token ids and mask for a model with inputs `input_ids` and `attention_mask`. */
export interface WordEncoding {
  /**
   * Token ids, int64, exactly `length` long (at least 1). The native tokenizer returns a view into a
   * shared buffer (its own region, never rewritten): never transfer or detach `ids.buffer`.
   */
  ids: BigInt64Array;
  /** 1 for a real token, 0 for the pad that stands in when nothing matched. May be shared: do not modify. */
  attentionMask: BigInt64Array;
  length: number;
  /** How many real words matched (0 when only the pad is present). */
  matched: number;
}

export const DEFAULT_STATIC_MAX_TOKENS = 512;

/**
 * Word-level tokenizer of the static embedder: the BERT basic normalisation
 * of `basic-tokenizer.ts` (clean, CJK split, lower-case, accent strip,
 * punctuation split), then each whole word looked up in the vocabulary;
 * unknown words are dropped. When nothing matches, the output is one pad
 * (id 0, the static model's zero row) with mask 0.
 */
export class WordTokenizer {
  private readonly scratch: Int32Array;

  constructor(private readonly vocab: ReadonlyMap<string, number>, readonly maxTokens = DEFAULT_STATIC_MAX_TOKENS) {
    if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokens must be >= 1, got ${maxTokens}`);
    this.scratch = new Int32Array(maxTokens);
  }

  static fromFile(path: string, maxTokens?: number): WordTokenizer {
    return new WordTokenizer(loadVocab(path), maxTokens);
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  /** Ids of the words of `text` that are in the vocabulary, up to maxTokens. */
  encode(text: string): WordEncoding {
    const scratch = this.scratch;
    const cap = this.maxTokens;
    const vocab = this.vocab;
    let n = 0;
    splitWords(text, (word) => {
      const id = vocab.get(word);
      if (id !== undefined) scratch[n++] = id;
      return n < cap;
    });
    if (n === 0) {
      return { ids: new BigInt64Array(1), attentionMask: new BigInt64Array(1), length: 1, matched: 0 };
    }
    const ids = new BigInt64Array(n);
    writeInt64(ids, scratch, n);
    const attentionMask = new BigInt64Array(n).fill(1n);
    return { ids, attentionMask, length: n, matched: n };
  }

  /** The matched words themselves (for tests and debugging). */
  words(text: string): string[] {
    const out: string[] = [];
    splitWords(text, (word) => {
      if (this.vocab.has(word)) out.push(word);
      return out.length < this.maxTokens;
    });
    return out;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Copies non-negative int32 ids into an int64 array without a BigInt per element. */
export function writeInt64(dst: BigInt64Array, src: Int32Array, n: number): void {
  if (LITTLE_ENDIAN) {
    const lanes = new Int32Array(dst.buffer, dst.byteOffset, n * 2);
    for (let i = 0; i < n; i++) lanes[i * 2] = src[i] as number; // high lanes stay 0
  } else {
    for (let i = 0; i < n; i++) dst[i] = BigInt(src[i] as number);
  }
}
