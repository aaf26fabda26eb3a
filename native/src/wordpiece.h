// BERT WordPiece, a port of gateway/src/embedding/wordpiece.ts: basic tokenisation, then
// greedy longest-match-first pieces (continuations looked up without their "##"), whole
// word -> [UNK] past 100 code points or when some position has no match.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "basic-tokenizer.h"
#include "vocab.h"

namespace otn {

class WordPiece {
 public:
  static constexpr size_t kMaxCharsPerWord = 100;

  // `tokens`/`lengths`/`ids`: the vocabulary's entries in Map iteration order.
  WordPiece(const char16_t* tokens, const int32_t* lengths, const int32_t* ids, size_t count);
  // False when [UNK], [CLS] or [SEP] is missing (the caller reports it).
  bool valid() const { return unk_ >= 0 && cls_ >= 0 && sep_ >= 0; }
  int32_t unk_id() const { return unk_; }
  int32_t cls_id() const { return cls_; }
  int32_t sep_id() const { return sep_; }
  size_t size() const { return vocab_.size(); }

  // encodeInto: [CLS], at most max_tokens - 2 pieces, [SEP] into `out` (resized).
  void encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& scratch, std::vector<int32_t>& out) const;
  // tokenize: pieces only, at most `limit` of them.
  void pieces(const char16_t* text, size_t n, size_t limit, BasicScratch& scratch, std::vector<int32_t>& out) const;
  // Pieces of one normalised word (hash: VocabMap::hash of it) appended to `out`; returns how many.
  size_t piece_word(const char16_t* w, size_t len, uint64_t hash, std::vector<int32_t>& out) const;

 private:
  VocabMap vocab_;
  VocabMap cont_;  // "##x" keyed by "x"
  int32_t unk_ = -1, cls_ = -1, sep_ = -1;
};

}  // namespace otn
