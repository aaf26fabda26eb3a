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

// Words are looked up in batches: hash and prefetch a batch of slots, then resolve them
// in order, so the cache misses of a 40k-entry table overlap instead of queueing.
void WordTokenizer::encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& scratch,
                           std::vector<int32_t>& out) const {
  constexpr size_t kBatch = 16;
  struct Pending {
    const char16_t* word;  // into text, or (if null) at `offset` in scratch.batch
    size_t offset;
    size_t length;
    uint64_t hash;
  };
  Pending batch[kBatch];
  size_t pending = 0;
  std::vector<char16_t>& words = scratch.batch;
  words.clear();
  out.clear();
  auto resolve = [&]() -> bool {
    for (size_t i = 0; i < pending && out.size() < max_tokens; ++i) {
      const Pending& p = batch[i];
      const int32_t id = vocab_.get(p.word != nullptr ? p.word : words.data() + p.offset, p.length, p.hash);
      if (id >= 0) out.push_back(id);
    }
    pending = 0;
    words.clear();
    return out.size() < max_tokens;
  };
  auto sink = [&](const char16_t* w, size_t len) -> bool {
    const uint64_t h = VocabMap::hash(w, len);
    vocab_.prefetch(h);
    if (w >= text && w + len <= text + n) {  // a slice of the text: stable, no copy
      batch[pending++] = Pending{w, 0, len, h};
    } else {                                  // a scratch buffer the next word reuses
      batch[pending++] = Pending{nullptr, words.size(), len, h};
      words.insert(words.end(), w, w + len);
    }
    return pending < kBatch || resolve();
  };
  split_words(text, n, scratch, sink);
  if (pending > 0) resolve();
}

}  // namespace otn
