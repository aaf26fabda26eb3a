/**
 * The tokenizers of core/embedding with the C++ addon behind them. Each class
 * extends the TypeScript reference (same constructor, statics, fields and results) and
 * replaces the hot methods; without the addon these exports are the reference classes.
 *
 * The vocabulary goes to the addon once per tokenizer, in Map iteration order, so a
 * duplicated token keeps the id the Map kept. The native tokenizer belongs to this
 * environment (worker) and is released when the JavaScript object is collected.
 */
import { loadVocab } from '../core/embedding/vocab.js';
import { WordTokenizer as WordTokenizerRef, type WordEncoding } from '../core/embedding/word-tokenizer.js';
import { DEFAULT_MAX_TOKENS, filled, WordPieceTokenizer as WordPieceRef, type BertEncoding } from '../core/embedding/wordpiece.js';
import { binding, type NativeBinding } from './binding.js';

export type { BertEncoding } from '../core/embedding/wordpiece.js';
export type { WordEncoding } from '../core/embedding/word-tokenizer.js';

interface PackedVocab {
  tokens: string;
  lengths: Int32Array;
  ids: Int32Array;
}

/** The Map as one string plus lengths and ids; null if an id does not fit the addon. */
function pack(vocab: ReadonlyMap<string, number>): PackedVocab | null {
  const lengths = new Int32Array(vocab.size);
  const ids = new Int32Array(vocab.size);
  const parts: string[] = [];
  let i = 0;
  for (const [tok, id] of vocab) {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) return null;
    parts.push(tok);
    lengths[i] = tok.length;
    ids[i] = id;
    i++;
  }
  return { tokens: parts.join(''), lengths, ids };
}

const registry = new FinalizationRegistry<{ addon: NativeBinding; handle: number }>(({ addon, handle }) => addon.release(handle));

/**
 * int64 ids are cut from a shared slab, as Node cuts small Buffers from a pool: each encoding is a
 * view of its own region (never written again), not an ArrayBuffer of its own, which would cost an
 * allocation here and a backing store for the garbage collector to free (the router worker makes one
 * per prompt). A slab lives while any of its views does.
 */
class Int64Slab {
  static readonly SIZE = 4096;
  #slab = new BigInt64Array(0);
  #used = 0;

  /**
   * The ids of one encoding of at most `max`: `into` writes them at the slab's free end and returns
   * how many; when `max` is more than a slab holds, `own` returns an array of their own instead.
   */
  encode(max: number, into: (out: BigInt64Array) => number, own: () => BigInt64Array): BigInt64Array {
    if (max > Int64Slab.SIZE) return own();
    if (this.#slab.length - this.#used < max) {
      this.#slab = new BigInt64Array(Int64Slab.SIZE);
      this.#used = 0;
    }
    const n = into(this.#slab.subarray(this.#used));
    const view = this.#slab.subarray(this.#used, this.#used + n);
    this.#used += n;
    return view;
  }
}

function checkMax(maxTokens: number, min: number): void {
  if (!Number.isInteger(maxTokens) || maxTokens < min) throw new RangeError(`maxTokens must be >= ${min}, got ${maxTokens}`);
}

class NativeWordPieceTokenizer extends WordPieceRef {
  readonly #addon: NativeBinding | null;
  readonly #handle: number;
  readonly #tokens: string[] = [];
  #buffer = new Int32Array(DEFAULT_MAX_TOKENS);
  readonly #slab = new Int64Slab();
  readonly #ones: BigInt64Array[] = [];
  readonly #zeros: BigInt64Array[] = [];

  constructor(vocab: ReadonlyMap<string, number>) {
    super(vocab); // validates [UNK]/[CLS]/[SEP] and keeps the reference path available
    const packed = binding !== null ? pack(vocab) : null;
    this.#addon = packed !== null ? binding : null;
    this.#handle = packed !== null && binding !== null ? binding.wordPieceCreate(packed.tokens, packed.lengths, packed.ids).handle : -1;
    if (this.#addon !== null) {
      for (const [tok, id] of vocab) this.#tokens[id] = tok;
      registry.register(this, { addon: this.#addon, handle: this.#handle });
    }
  }

  static override fromFile(path: string): WordPieceRef {
    return new NativeWordPieceTokenizer(loadVocab(path));
  }

  override encodeInto(text: string, maxTokens = DEFAULT_MAX_TOKENS): { buffer: Int32Array; length: number } {
    if (this.#addon === null) return super.encodeInto(text, maxTokens);
    checkMax(maxTokens, 2);
    if (this.#buffer.length < maxTokens) this.#buffer = new Int32Array(maxTokens);
    const length = this.#addon.wordPieceEncodeInto(this.#handle, text, maxTokens, this.#buffer);
    return { buffer: this.#buffer, length };
  }

  override encode(text: string, maxTokens = DEFAULT_MAX_TOKENS): BertEncoding {
    if (this.#addon === null) return super.encode(text, maxTokens);
    checkMax(maxTokens, 2);
    const addon = this.#addon;
    const ids = this.#slab.encode(
      maxTokens,
      (out) => addon.wordPieceEncodeInto(this.#handle, text, maxTokens, out),
      () => addon.wordPieceEncode(this.#handle, text, maxTokens),
    );
    const length = ids.length;
    return { ids, attentionMask: filled(this.#ones, length, 1n), tokenTypeIds: filled(this.#zeros, length, 0n), length };
  }

  override tokenize(text: string, maxTokens = Number.MAX_SAFE_INTEGER): string[] {
    if (this.#addon === null) return super.tokenize(text, maxTokens);
    const limit = Math.min(maxTokens, 1 << 20);
    if (!(limit >= 1)) return [];
    const ids = this.#addon.wordPiecePieces(this.#handle, text, Math.ceil(limit));
    return Array.from(ids, (id) => this.#tokens[id] as string);
  }
}

const NO_VOCAB: ReadonlyMap<string, number> = new Map();

/** Token text by id, read from a packed vocabulary (for words()). */
class TokensById {
  readonly #text: string;
  readonly #start: Int32Array;
  readonly #length: Int32Array;
  readonly size: number;

  constructor(packed: PackedVocab) {
    let maxId = 0;
    for (const id of packed.ids) maxId = Math.max(maxId, id);
    this.#text = packed.tokens;
    this.#start = new Int32Array(maxId + 1);
    this.#length = new Int32Array(maxId + 1);
    this.size = packed.ids.length;
    let at = 0;
    for (let i = 0; i < packed.ids.length; i++) {
      const id = packed.ids[i]!;
      this.#start[id] = at;
      this.#length[id] = packed.lengths[i]!;
      at += packed.lengths[i]!;
    }
  }

  token(id: number): string {
    return this.#text.slice(this.#start[id], this.#start[id]! + this.#length[id]!);
  }
}

class NativeWordTokenizer extends WordTokenizerRef {
  readonly #addon: NativeBinding | null;
  readonly #handle: number;
  readonly #slab = new Int64Slab();
  readonly #ones: BigInt64Array[] = [];
  readonly #tokens: TokensById | null;

  constructor(vocab: ReadonlyMap<string, number>, maxTokens?: number) {
    const packed = binding !== null ? pack(vocab) : null;
    // With the addon the vocabulary lives there and this object keeps no Map of it: for the default
    // embedder's 40,000 words that Map and its strings were ~3.6 MB of the gateway's live heap.
    super(packed !== null ? NO_VOCAB : vocab, maxTokens);
    this.#addon = packed !== null ? binding : null;
    this.#handle = packed !== null && binding !== null ? binding.wordCreate(packed.tokens, packed.lengths, packed.ids).handle : -1;
    this.#tokens = packed !== null ? new TokensById(packed) : null;
    if (this.#addon !== null) registry.register(this, { addon: this.#addon, handle: this.#handle });
  }

  override get vocabSize(): number {
    return this.#tokens?.size ?? super.vocabSize;
  }

  override words(text: string): string[] {
    if (this.#tokens === null) return super.words(text);
    const enc = this.encode(text);
    return enc.matched === 0 ? [] : Array.from(enc.ids, (id) => this.#tokens!.token(Number(id)));
  }

  static override fromFile(path: string, maxTokens?: number): WordTokenizerRef {
    return new NativeWordTokenizer(loadVocab(path), maxTokens);
  }

  override encode(text: string): WordEncoding {
    if (this.#addon === null) return super.encode(text);
    const max = this.maxTokens;
    const addon = this.#addon;
    const ids = this.#slab.encode(
      max,
      (out) => addon.wordEncodeInto(this.#handle, text, max, out),
      () => addon.wordEncode(this.#handle, text, max),
    );
    const n = ids.length;
    if (n === 0) return { ids: new BigInt64Array(1), attentionMask: new BigInt64Array(1), length: 1, matched: 0 };
    return { ids, attentionMask: filled(this.#ones, n, 1n), length: n, matched: n };
  }
}

/** WordPiece tokenizer (MiniLM): native when the addon is loaded, else the reference. */
export const WordPieceTokenizer: typeof WordPieceRef = binding !== null ? NativeWordPieceTokenizer : WordPieceRef;
/** Word tokenizer (static embedder): native when the addon is loaded, else the reference. */
export const WordTokenizer: typeof WordTokenizerRef = binding !== null ? NativeWordTokenizer : WordTokenizerRef;
