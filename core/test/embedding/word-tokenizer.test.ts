import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVocab } from '../../embedding/vocab.js';
import { WordTokenizer } from '../../embedding/word-tokenizer.js';

const vocab = parseVocab(['[PAD]', 'the', 'cafe', 'is', 'open', ',', '!', '$', '中', 'naive'].join('\n') + '\n');

describe('WordTokenizer', () => {
  const tok = new WordTokenizer(vocab);

  it('normalises like BERT and drops unknown words', () => {
    assert.deepEqual(tok.words('The CAFÉ is   OPEN, unknownword!'), ['the', 'cafe', 'is', 'open', ',', '!']);
    const enc = tok.encode('The CAFÉ is OPEN, unknownword!');
    assert.deepEqual(Array.from(enc.ids, Number), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(enc.attentionMask, Number), [1, 1, 1, 1, 1, 1]);
    assert.equal(enc.matched, 6);
  });

  it('splits ASCII symbols and CJK ideographs', () => {
    assert.deepEqual(tok.words('$5 中文 naïve'), ['$', '中', 'naive']);
  });

  it('no match gives one pad with mask 0', () => {
    for (const text of ['', '   ', 'zzz qqq', '\u0000\u0001']) {
      const enc = tok.encode(text);
      assert.equal(enc.length, 1);
      assert.equal(enc.matched, 0);
      assert.deepEqual(Array.from(enc.ids), [0n]);
      assert.deepEqual(Array.from(enc.attentionMask), [0n]);
    }
  });

  it('truncates at maxTokens', () => {
    const small = new WordTokenizer(vocab, 3);
    assert.deepEqual(Array.from(small.encode('the cafe is open').ids, Number), [1, 2, 3]);
    assert.throws(() => new WordTokenizer(vocab, 0), RangeError);
  });

  it('ids above 2^16 survive the int64 write', () => {
    const big = new Map<string, number>([['[PAD]', 0], ['far', 123456]]);
    assert.deepEqual(Array.from(new WordTokenizer(big).encode('far far').ids), [123456n, 123456n]);
  });
});
