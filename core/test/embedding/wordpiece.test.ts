import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { basicTokenize } from '../../embedding/basic-tokenizer.js';
import { parseVocab } from '../../embedding/vocab.js';
import { WordPieceTokenizer } from '../../embedding/wordpiece.js';
import { fixturePath } from '../fixtures/embedding/paths.js';

interface Case {
  name: string;
  text?: string;
  repeat?: string;
  times?: number;
  pieces: string[];
  ids: number[];
}

const table = JSON.parse(readFileSync(fixturePath('tokenizer-cases.json'), 'utf8')) as { maxTokens: number; cases: Case[] };
const tok = WordPieceTokenizer.fromFile(fixturePath('test-vocab.txt'));

function textOf(c: Case): string {
  return c.text ?? (c.repeat ?? '').repeat(c.times ?? 0);
}

// Expected ids come from hf_reference.py, a transcription of HuggingFace's slow BertTokenizer.
describe('WordPiece tokenizer matches the HuggingFace reference', () => {
  for (const c of table.cases) {
    it(c.name, () => {
      const enc = tok.encode(textOf(c), table.maxTokens);
      assert.deepEqual(Array.from(enc.ids, Number), c.ids);
      assert.equal(enc.length, c.ids.length);
      assert.deepEqual(tok.tokenize(textOf(c), table.maxTokens - 2), c.pieces);
    });
  }
});

describe('WordPiece encoding shape', () => {
  it('frames with [CLS]/[SEP], mask all ones, types all zeros', () => {
    const enc = tok.encode('Hello, World!');
    assert.equal(enc.ids[0], BigInt(tok.clsId));
    assert.equal(enc.ids[enc.length - 1], BigInt(tok.sepId));
    assert.deepEqual(Array.from(enc.attentionMask), new Array<bigint>(enc.length).fill(1n));
    assert.deepEqual(Array.from(enc.tokenTypeIds), new Array<bigint>(enc.length).fill(0n));
  });

  it('empty text is [CLS] [SEP]', () => {
    const enc = tok.encode('');
    assert.deepEqual(Array.from(enc.ids, Number), [tok.clsId, tok.sepId]);
  });

  it('respects small maxTokens and rejects maxTokens < 2', () => {
    assert.equal(tok.encode('hello world hello', 3).length, 3);
    assert.deepEqual(Array.from(tok.encode('hello world', 2).ids, Number), [tok.clsId, tok.sepId]);
    assert.throws(() => tok.encode('x', 1), RangeError);
  });

  it('100 KB input stays fast (stops at the truncation point)', () => {
    const text = 'lorem ipsum dolor '.repeat(6000); // 18,000 words
    // Counted, not timed: the words split into pieces are those up to the truncation point.
    const spied = tok as unknown as { pieceWord: (w: string) => number };
    const pieceWord = spied.pieceWord;
    let words = 0;
    spied.pieceWord = function (this: unknown, w: string): number {
      words++;
      return pieceWord.call(this, w);
    };
    try {
      const enc = tok.encode(text, 128);
      assert.equal(enc.length, 128);
      assert.ok(words <= 126, `${words} words split for 126 pieces: encoding should not scan the whole text`);
    } finally {
      delete (spied as { pieceWord?: unknown }).pieceWord;
    }
  });

  it('needs [UNK], [CLS] and [SEP] in the vocabulary', () => {
    assert.throws(() => new WordPieceTokenizer(parseVocab('[CLS]\n[SEP]\nx\n')), /\[UNK\]/);
  });
});

describe('basic tokenizer', () => {
  it('splits ASCII symbols and Unicode punctuation, keeps digits', () => {
    assert.deepEqual(basicTokenize('a+b=c, x_y 3.14'), ['a', '+', 'b', '=', 'c', ',', 'x', '_', 'y', '3', '.', '14']);
  });
  it('lower-cases and strips accents', () => {
    assert.deepEqual(basicTokenize('ÉCOLE Mañana Zürich'), ['ecole', 'manana', 'zurich']);
  });
  it('isolates CJK ideographs, not kana or Hangul (which NFD decomposes into jamo)', () => {
    assert.deepEqual(basicTokenize('東京タワーは高い한국어'), ['東', '京', 'タワーは', '高', 'い한국어'.normalize('NFD')]);
  });
});
