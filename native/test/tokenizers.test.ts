/**
 * Differential tests: the native tokenizers give exactly the ids and pieces of the
 * TypeScript references on real prompts, edge cases, every code point, and random text.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadVocab } from '../../core/embedding/vocab.js';
import { WordTokenizer as WordRef } from '../../core/embedding/word-tokenizer.js';
import { WordPieceTokenizer as WordPieceRef } from '../../core/embedding/wordpiece.js';
import { nativeStatus, WordPieceTokenizer, WordTokenizer } from '../index.js';
import { EDGE_CASES, perCharVocab, promptOfWords, randomText, realPrompts, repoRoot, rng, wordPieceVocab } from './corpus.js';

const prompts = realPrompts();
const corpus = [...prompts, ...EDGE_CASES, promptOfWords(prompts, 20_000).slice(0, 100_000)];

/** One string per code point (lone surrogates included), with sigma and letter context. */
function everyCodePointTexts(): string[] {
  const out: string[] = [];
  for (let base = 0; base <= 0x10ffff; base += 0x1000) {
    const parts: string[] = [];
    for (let cp = base; cp < base + 0x1000 && cp <= 0x10ffff; cp++) {
      const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      parts.push(`${c} a${c}b a${c}\u03a3 A\u03a3${c}`);
    }
    out.push(parts.join(' '));
  }
  return out;
}

/** Equal piece lists; on a difference, reports the first differing piece only. */
function samePieces(actual: readonly string[], expected: readonly string[], label: string): void {
  if (actual.length === expected.length && actual.every((p, i) => p === expected[i])) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  assert.fail(`${label}: piece ${i} is ${JSON.stringify(actual[i])}, expected ${JSON.stringify(expected[i])} (${actual.length} vs ${expected.length} pieces)`);
}

function sameWordPiece(ref: WordPieceRef, nat: WordPieceRef, texts: readonly string[], maxTokens: number): void {
  for (const t of texts) {
    const a = ref.encode(t, maxTokens);
    const b = nat.encode(t, maxTokens);
    assert.deepEqual(b.ids, a.ids, `ids differ for ${JSON.stringify(t.slice(0, 120))}`);
    assert.equal(b.length, a.length);
    assert.deepEqual(b.attentionMask, a.attentionMask);
    assert.deepEqual(b.tokenTypeIds, a.tokenTypeIds);
  }
}

describe('native tokenizers', () => {
  it('the addon is active (build it with node-gyp before these tests)', () => {
    assert.equal(nativeStatus().active, true, nativeStatus().reason);
  });

  it('corpus has the real prompts', () => {
    assert.ok(prompts.length > 1000, `only ${prompts.length} prompts found in datasets/`);
  });

  describe('word tokenizer (static embedder vocabulary)', () => {
    const vocab = loadVocab(join(repoRoot(), 'models', 'embedder-static', 'vocab.txt'));
    const ref = new WordRef(vocab);
    const nat = new WordTokenizer(vocab);
    const words = corpus.join(' ').split(/\s+/).filter((w) => w !== '').slice(0, 20_000);

    it('identical encodings on the corpus', () => {
      for (const t of corpus) assert.deepEqual(nat.encode(t), ref.encode(t), JSON.stringify(t.slice(0, 120)));
    });

    it('identical encodings with a small maxTokens (truncation)', () => {
      const r3 = new WordRef(vocab, 3);
      const n3 = new WordTokenizer(vocab, 3);
      for (const t of corpus.slice(0, 500)) assert.deepEqual(n3.encode(t), r3.encode(t));
    });

    // Long texts are read in part first (16 code units per token allowed): the part must never
    // change the result when its words do not fill maxTokens.
    it('identical when the first part of a long text does not fill maxTokens', () => {
      const n3 = new WordTokenizer(vocab, 3);
      const r3 = new WordRef(vocab, 3);
      const texts = ['zzqx '.repeat(100) + 'the cat sat', ' '.repeat(500) + 'the cat', 'a'.repeat(500) + ' the cat sat on', 'qqq\n'.repeat(40) + 'Hello, World! again', 'the ' + 'x'.repeat(200) + ' cat dog'];
      for (const t of texts) {
        assert.deepEqual(n3.encode(t), r3.encode(t), JSON.stringify(t.slice(0, 40)));
        assert.deepEqual(nat.encode(t), ref.encode(t));
      }
    });

    it('words() and vocabSize match the reference, truncated or not', () => {
      assert.equal(nat.vocabSize, ref.vocabSize);
      for (const t of [...corpus.slice(0, 500), ...EDGE_CASES]) assert.deepEqual(nat.words(t), ref.words(t), JSON.stringify(t.slice(0, 120)));
      const n3 = new WordTokenizer(vocab, 3);
      const r3 = new WordRef(vocab, 3);
      for (const t of corpus.slice(0, 100)) assert.deepEqual(n3.words(t), r3.words(t));
    });

    it('keeps no Map of the vocabulary on the JavaScript heap', () => {
      // Checked on the objects (the heap bytes each holds: bench/micro/tokenizer-heap.ts).
      const path = join(repoRoot(), 'models', 'embedder-static', 'vocab.txt');
      const mapSizes = (o: object): number[] => Object.values(o).filter((v): v is Map<unknown, unknown> => v instanceof Map).map((m) => m.size);
      const reference = WordRef.fromFile(path);
      const native = WordTokenizer.fromFile(path);
      assert.ok(reference.vocabSize > 1000);
      assert.deepEqual(mapSizes(reference), [reference.vocabSize], 'the reference holds its vocabulary in a Map');
      assert.equal(native.vocabSize, reference.vocabSize);
      assert.ok(mapSizes(native).every((n) => n === 0), `native tokenizer Maps: ${mapSizes(native).join(', ')}`);
    });

    it('fromFile gives a native tokenizer with the same results', () => {
      const f = WordTokenizer.fromFile(join(repoRoot(), 'models', 'embedder-static', 'vocab.txt'));
      assert.ok(!(f instanceof WordRef) || f.constructor !== WordRef, 'fromFile returned the reference class');
      for (const t of EDGE_CASES) assert.deepEqual(f.encode(t), ref.encode(t));
    });

    it('identical on 3,000 seeded random Unicode strings', () => {
      const next = rng(42);
      for (let i = 0; i < 3000; i++) {
        const t = randomText(next, 80);
        assert.deepEqual(nat.encode(t), ref.encode(t), JSON.stringify(t));
      }
    });

    // The native scanner works in chunks of 256 to 2,048 code units cut at ASCII whitespace and hands
    // whitespace tokens holding controls or non-ASCII to the general path: mix both, at every
    // length around the chunk size, with tokens longer than a chunk and mixed case.
    it('identical on long mostly-ASCII texts with accents, controls and CJK spread through them', () => {
      const next = rng(7);
      const pieces = ['the', 'Model', 'ROUTE', 'café', 'naïve', 'x\u0001y', '中文', 'a,b.c', '"quoted"', 'don’t', '\u00a0', '\t', 'e\u0301', 'Ünïcödé', '😀', 'cost-weight', '12.5%', 'CamelCaseWord'];
      const big = new WordTokenizer(vocab, 100_000);
      const bigRef = new WordRef(vocab, 100_000);
      for (let i = 0; i < 300; i++) {
        const target = 200 + Math.floor(next() * 4400);
        let t = '';
        while (t.length < target) {
          const r = next();
          t += r < 0.02 ? 'y'.repeat(r < 0.01 ? 1100 : 2100) : r < 0.75 ? (words[Math.floor(next() * words.length)] ?? 'the') : (pieces[Math.floor(next() * pieces.length)] as string);
          t += next() < 0.9 ? ' ' : next() < 0.5 ? '\n' : '';
        }
        assert.deepEqual(big.encode(t), bigRef.encode(t), `text ${i}`);
        assert.deepEqual(nat.encode(t), ref.encode(t), `text ${i}, max 512`);
      }
    });
  });

  describe('WordPiece (vocabulary built from the corpus)', () => {
    const vocab = wordPieceVocab(corpus);
    const ref = new WordPieceRef(vocab);
    const nat = new WordPieceTokenizer(vocab);

    it('identical ids on the corpus at 128, 512 and 2 tokens', () => {
      sameWordPiece(ref, nat, corpus, 128);
      sameWordPiece(ref, nat, corpus.slice(0, 800), 512);
      sameWordPiece(ref, nat, EDGE_CASES, 2);
      // texts longer than the part read first (16 units a token) whose part does not fill up
      const sparse = ['zzqx '.repeat(100) + 'the cat sat', ' '.repeat(800) + 'the cat', 'a'.repeat(900) + ' the cat sat on', 'the ' + '\n'.repeat(300) + 'cat'];
      sameWordPiece(ref, nat, sparse, 3);
      sameWordPiece(ref, nat, sparse, 5);
    });

    it('identical untruncated pieces (tokenize) on the corpus', () => {
      for (const t of corpus) assert.deepEqual(nat.tokenize(t), ref.tokenize(t));
      for (const t of EDGE_CASES) assert.deepEqual(nat.tokenize(t, 3), ref.tokenize(t, 3));
    });

    it('encodeInto writes the same ids into its buffer', () => {
      for (const t of corpus.slice(0, 300)) {
        const a = ref.encodeInto(t, 64);
        const b = nat.encodeInto(t, 64);
        assert.equal(b.length, a.length);
        assert.deepEqual(b.buffer.subarray(0, b.length), a.buffer.subarray(0, a.length));
      }
    });

    it('same errors for bad maxTokens and vocabularies without specials', () => {
      assert.throws(() => nat.encode('x', 1), RangeError);
      assert.throws(() => nat.encodeInto('x', 2.5), RangeError);
      assert.throws(() => new WordPieceTokenizer(new Map([['[CLS]', 0], ['[SEP]', 1]])), /lacks \[UNK\]/);
    });

    it('duplicated tokens keep the id the Map kept', () => {
      const v = new Map([['[UNK]', 0], ['[CLS]', 1], ['[SEP]', 2], ['ab', 3], ['##c', 4], ['a', 5], ['##b', 6]]);
      v.set('ab', 7);
      sameWordPiece(new WordPieceRef(v), new WordPieceTokenizer(v), ['ab abc abcc b a', 'ab'], 128);
    });

    it('every code point normalises the same (one piece per character)', () => {
      const texts = everyCodePointTexts();
      const perChar = perCharVocab(texts);
      const r = new WordPieceRef(perChar);
      const n = new WordPieceTokenizer(perChar);
      for (const t of texts) samePieces(n.tokenize(t), r.tokenize(t), `block starting U+${t.codePointAt(0)?.toString(16)}`);
    });

    it('identical on 3,000 seeded random Unicode strings', () => {
      const next = rng(7);
      const texts = Array.from({ length: 3000 }, () => randomText(next, 120));
      const perChar = wordPieceVocab([...texts.slice(0, 1500), ...prompts.slice(0, 200)], 2000);
      const r = new WordPieceRef(perChar);
      const n = new WordPieceTokenizer(perChar);
      for (const t of texts) {
        assert.deepEqual(n.tokenize(t), r.tokenize(t), JSON.stringify(t));
        assert.deepEqual(n.encode(t, 64).ids, r.encode(t, 64).ids);
      }
    });
  });
});
