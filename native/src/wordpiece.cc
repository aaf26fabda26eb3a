#include "wordpiece.h"

#include <algorithm>

#include "word-scan.h"

namespace otn {
namespace {

bool is_high(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool is_low(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

// codePoints() of the reference: a low surrogate after a high one is not counted.
size_t code_points(const char16_t* s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; ++i)
    if (!is_low(s[i]) || i == 0 || !is_high(s[i - 1])) ++k;
  return k;
}

}  // namespace

WordPiece::WordPiece(const char16_t* tokens, const int32_t* lengths, const int32_t* ids, size_t count) {
  vocab_.reserve(count);
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    const char16_t* t = tokens + off;
    const size_t len = size_t(lengths[i]);
    vocab_.set(t, len, ids[i]);
    if (len > 2 && t[0] == u'#' && t[1] == u'#') cont_.set(t + 2, len - 2, ids[i]);
    off += len;
  }
  unk_ = vocab_.get(u"[UNK]", 5);
  cls_ = vocab_.get(u"[CLS]", 5);
  sep_ = vocab_.get(u"[SEP]", 5);
}

size_t WordPiece::piece_word(const char16_t* w, size_t len, uint64_t hash, std::vector<int32_t>& out) const {
  if (len > kMaxCharsPerWord && code_points(w, len) > kMaxCharsPerWord) {
    out.push_back(unk_);
    return 1;
  }
  const int32_t whole = vocab_.get(w, len, hash);
  if (whole >= 0) {
    out.push_back(whole);
    return 1;
  }
  const size_t first = out.size();
  size_t start = 0;
  while (start < len) {
    const VocabMap& map = start == 0 ? vocab_ : cont_;
    // No key is longer than max_len(): only ends up to start + max_len() can match.
    const size_t limit = std::min(len, start + map.max_len());
    size_t end = len;
    int32_t found = -1;
    while (end > start) {
      if (end <= limit) {
        found = map.get(w + start, end - start);
        if (found >= 0) break;
      }
      end -= 1;
      if (end > start && is_low(w[end]) && is_high(w[end - 1])) end -= 1;  // keep pairs whole
    }
    if (found < 0) {
      out.resize(first);
      out.push_back(unk_);
      return 1;
    }
    out.push_back(found);
    start = end;
  }
  return out.size() - first;
}

void WordPiece::encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& scratch,
                       std::vector<int32_t>& out) const {
  out.clear();
  out.push_back(cls_);
  const size_t cap = max_tokens - 1;  // where [SEP] goes
  if (out.size() < cap) {
    auto sink = [&](const char16_t* w, size_t len, uint64_t hash, bool) -> bool {
      piece_word(w, len, hash, out);
      if (out.size() > cap) out.resize(cap);  // truncation may cut inside a word
      return out.size() < cap;
    };
    auto chunk_done = []() { return true; };
    scan_words(text, n, scratch, sink, chunk_done);
  }
  out.push_back(sep_);
}

void WordPiece::pieces(const char16_t* text, size_t n, size_t limit, BasicScratch& scratch,
                       std::vector<int32_t>& out) const {
  out.clear();
  if (limit == 0) return;
  auto sink = [&](const char16_t* w, size_t len, uint64_t hash, bool) -> bool {
    piece_word(w, len, hash, out);
    if (out.size() > limit) out.resize(limit);
    return out.size() < limit;
  };
  auto chunk_done = []() { return true; };
  scan_words(text, n, scratch, sink, chunk_done);
}

}  // namespace otn
