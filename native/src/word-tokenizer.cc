#include "word-tokenizer.h"

namespace otn {

WordTokenizer::WordTokenizer(const char16_t* tokens, const int32_t* lengths, const int32_t* ids, size_t count) {
  vocab_.reserve(count);
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    vocab_.set(tokens + off, size_t(lengths[i]), ids[i]);
    off += size_t(lengths[i]);
  }
}

void WordTokenizer::encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& scratch,
                           std::vector<int32_t>& out) const {
  out.clear();
  auto sink = [&](const char16_t* w, size_t len) -> bool {
    const int32_t id = vocab_.get(w, len);
    if (id >= 0) out.push_back(id);
    return out.size() < max_tokens;
  };
  split_words(text, n, scratch, sink);
}

}  // namespace otn
