#include "word-tokenizer.h"

#include <algorithm>

#include "word-scan.h"

namespace otn {

WordTokenizer::WordTokenizer(const char16_t* tokens, const int32_t* lengths, const int32_t* ids, size_t count) {
  vocab_.reserve(count);
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    vocab_.set(tokens + off, size_t(lengths[i]), ids[i]);
    off += size_t(lengths[i]);
  }
}

namespace {
constexpr size_t kBatch = 32;          // lookups whose slots are prefetched together
constexpr size_t kCopyRoom = 4096;     // units for copies of transient words between lookups
}  // namespace

// The words of scan_words are queued and looked up kBatch at a time, their slots prefetched
// when queued, so the cache misses of the table overlap; lookups stop at max_tokens matches.
void WordTokenizer::encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& sc,
                           std::vector<int32_t>& out) const {
  std::vector<BasicScratch::Pending>& pending = sc.pending;
  std::vector<char16_t>& copies = sc.batch;  // never reallocated while queued words point into it
  if (copies.size() < kCopyRoom) copies.resize(kCopyRoom);
  size_t copied = 0;
  out.clear();
  pending.clear();
  auto resolve = [&]() -> bool {
    for (const BasicScratch::Pending& p : pending) {
      if (out.size() >= max_tokens) break;
      const int32_t id = vocab_.get(p.word, p.length, p.hash);
      if (id >= 0) out.push_back(id);
    }
    pending.clear();
    copied = 0;
    return out.size() < max_tokens;
  };
  auto sink = [&](const char16_t* w, size_t len, uint64_t hash, bool stable) -> bool {
    if (!stable) {
      if (copied + len > copies.size()) {
        if (!resolve()) return false;
        if (len > copies.size()) copies.resize(len);
      }
      char16_t* dst = copies.data() + copied;
      std::copy(w, w + len, dst);
      w = dst;
      copied += len;
    }
    vocab_.prefetch(hash);
    BasicScratch::Pending& p = pending.emplace_back();  // field by field: no store-forwarding stall
    p.word = w;
    p.length = len;
    p.hash = hash;
    return pending.size() < kBatch || resolve();
  };
  auto chunk_done = [&]() -> bool { return resolve(); };  // stable words end with their chunk
  scan_words(text, n, sc, sink, chunk_done);
  if (!pending.empty()) resolve();
}

}  // namespace otn
