// scan_words: the basic tokenisation of split_words (basic-tokenizer.h), same words in the
// same order, with a fast path for plain ASCII. Chunk by chunk (256 code units, growing to
// 2,048, cut at ASCII whitespace):
//   1. SIMD pass: the units, lower-cased, into scratch.lowered, plus bitmaps of word
//      boundaries (ASCII whitespace, ASCII punctuation) and of units only the general path
//      handles (controls, anything >= 128). A whitespace token holding such a unit becomes a
//      "general" range and its boundaries are cleared.
//   2. The boundaries in order: each word between two is hashed from the lower-cased copy
//      (VocabMap::hash, without a loop for words of up to 8 units), each punctuation unit is a
//      word of its own, and each general range goes whole through split_words.
// The old per-character loop mispredicted a branch at every word end; here the words come
// from the bitmaps. sink(w, len, hash, stable) returns false to stop; `stable` words stay
// valid until chunk_done() (which also returns false to stop), the others only during the call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "ascii-scan.h"
#include "basic-tokenizer.h"
#include "vocab.h"

namespace otn {
namespace word_scan {

// Chunks grow from kFirstChunk to kChunk units: truncated encodings (128 tokens) often need
// only the first few hundred units, long texts amortise the per-chunk work.
constexpr size_t kFirstChunk = 256;
constexpr size_t kChunk = 2048;

// VocabMap::hash of a word with 8 readable units past its end.
inline uint64_t word_hash(const char16_t* w, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (len <= 8) {
    static constexpr uint64_t kUnits[5] = {0, 0xFFFFull, 0xFFFFFFFFull, 0xFFFFFFFFFFFFull, ~0ull};
    uint64_t b0, b1;
    std::memcpy(&b0, w, 8);
    std::memcpy(&b1, w + 4, 8);
    b0 &= kUnits[len < 4 ? len : 4];
    b1 &= kUnits[len > 4 ? len - 4 : 0];
    const uint64_t one = VocabMap::mix(VocabMap::kSeed, b0);
    const uint64_t two = VocabMap::mix(one, b1);
    return VocabMap::finish(len > 4 ? two : one, len);
  }
#endif
  return VocabMap::hash(w, len);
}

// Where the chunk starting at a ends: at an ASCII whitespace unit `size` units on when there
// is one before it, else at the end of that token (never inside a token).
inline size_t chunk_end(const char16_t* text, size_t a, size_t n, size_t size) {
  size_t b = a + size;
  if (b >= n) return n;
  for (size_t q = b; q > a; --q)
    if (basic::ascii_space(text[q])) return q;
  while (b < n && !basic::ascii_space(text[b])) ++b;
  return b;
}

inline void set_bits(std::vector<uint64_t>& v, size_t block, uint32_t mask16) {
  v[block >> 2] |= uint64_t(mask16) << (16 * (block & 3));
}

// Pass 1 over text[0, len) (text has 16 readable units past len): lowered units, bitmaps and
// the general ranges.
inline void classify_chunk(const char16_t* text, size_t len, BasicScratch& sc) {
  const size_t blocks = (len + 15) / 16, words64 = (blocks + 3) / 4;
  if (sc.lowered.size() < blocks * 16 + 16) sc.lowered.resize(2 * (blocks * 16 + 16));
  sc.bound_bits.assign(words64, 0);
  sc.punct_bits.assign(words64, 0);
  sc.special_bits.assign(words64, 0);
  sc.general.clear();
  bool any_special = false;
  for (size_t k = 0; k < blocks; ++k) {
    const scan::WordMasks m = scan::classify_words16(text + 16 * k, sc.lowered.data() + 16 * k);
    const uint32_t valid = 16 * (k + 1) <= len ? 0xFFFFu : (1u << (len - 16 * k)) - 1;
    set_bits(sc.bound_bits, k, (m.space | m.punct) & valid);
    set_bits(sc.punct_bits, k, m.punct & valid);
    if ((m.special & valid) != 0) {
      set_bits(sc.special_bits, k, m.special & valid);
      any_special = true;
    }
  }
  if (!any_special) return;
  size_t covered = 0;
  for (size_t w = 0; w < words64; ++w) {
    for (uint64_t bits = sc.special_bits[w]; bits != 0; bits &= bits - 1) {
      const size_t u = w * 64 + size_t(__builtin_ctzll(bits));
      if (u < covered) continue;
      size_t s = u, e = u + 1;
      while (s > 0 && !basic::ascii_space(text[s - 1])) --s;
      while (e < len && !basic::ascii_space(text[e])) ++e;
      for (size_t v = s; v < e; ++v) sc.bound_bits[v >> 6] &= ~(uint64_t(1) << (v & 63));
      sc.general.push_back(uint32_t(s));
      sc.general.push_back(uint32_t(e));
      covered = e;
    }
  }
}

}  // namespace word_scan

template <typename Sink, typename ChunkDone>
void scan_words(const char16_t* text, size_t n, BasicScratch& sc, Sink& sink, ChunkDone& chunk_done) {
  using namespace word_scan;
  bool going = true;
  auto general_sink = [&](const char16_t* w, size_t len) -> bool {
    return going = sink(w, len, VocabMap::hash(w, len), false);
  };
  for (size_t a = 0, size = kFirstChunk; a < n; size = size < kChunk ? 2 * size : kChunk) {
    const size_t b = chunk_end(text, a, n, size), len = b - a;
    const char16_t* t = text + a;
    classify_chunk(t, len, sc);
    const char16_t* low = sc.lowered.data();
    const size_t ranges = sc.general.size(), words64 = sc.bound_bits.size();
    size_t prev = 0, gi = 0;
    auto run_general = [&](size_t upto) -> bool {  // the general ranges that start before `upto`
      for (; gi < ranges && sc.general[gi] < upto; gi += 2) {
        split_words(t + sc.general[gi], sc.general[gi + 1] - sc.general[gi], sc, general_sink);
        if (!going) return false;
        prev = sc.general[gi + 1];
      }
      return true;
    };
    for (size_t w = 0; w < words64; ++w) {
      for (uint64_t bits = sc.bound_bits[w]; bits != 0; bits &= bits - 1) {
        const size_t bit = size_t(__builtin_ctzll(bits)), p = w * 64 + bit;
        if (ranges != 0 && !run_general(p)) return;
        if (p > prev && !sink(low + prev, p - prev, word_hash(low + prev, p - prev), true)) return;
        if (((sc.punct_bits[w] >> bit) & 1) && !sink(low + p, 1, VocabMap::finish(VocabMap::mix(VocabMap::kSeed, low[p]), 1), true)) return;
        prev = p + 1;
      }
    }
    if (ranges != 0 && !run_general(len + 1)) return;
    if (len > prev && !sink(low + prev, len - prev, word_hash(low + prev, len - prev), true)) return;
    if (!chunk_done()) return;
    a = b;
  }
}

}  // namespace otn
