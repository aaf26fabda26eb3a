// Word-level tokenizer of the static embedder, a port of
// gateway/src/embedding/word-tokenizer.ts: basic tokenisation, each whole word looked up,
// unknown words dropped, at most max_tokens ids.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "basic-tokenizer.h"
#include "vocab.h"

namespace otn {

class WordTokenizer {
 public:
  WordTokenizer(const char16_t* tokens, const int32_t* lengths, const int32_t* ids, size_t count);
  size_t size() const { return vocab_.size(); }
  // Matched ids into `out` (resized; possibly empty: the caller adds the pad).
  void encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& scratch, std::vector<int32_t>& out) const;

 private:
  VocabMap vocab_;
};

}  // namespace otn
