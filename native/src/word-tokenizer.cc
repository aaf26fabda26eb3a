#include "word-tokenizer.h"

#include <algorithm>
#include <cstring>

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

constexpr size_t kChunk = 1024;  // code units scanned ahead of the lookups
constexpr size_t kBatch = 32;    // lookups whose slots are prefetched together

inline bool IsAsciiSpace(char16_t c) { return c == 32 || c == 9 || c == 10 || c == 13; }

// VocabMap::hash of a word with 8 readable units past its end, without a loop for the
// usual lengths (<= 8): two blocks loaded and masked, the second one kept only if needed.
inline uint64_t WordHash(const char16_t* w, size_t len) {
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

// Where the chunk starting at a ends: at an ASCII whitespace unit (never inside a token),
// kChunk units on when there is one, else at the end of that token.
size_t ChunkEnd(const char16_t* text, size_t a, size_t n) {
  size_t b = a + kChunk;
  if (b >= n) return n;
  for (size_t q = b; q > a; --q)
    if (IsAsciiSpace(text[q])) return q;
  while (b < n && !IsAsciiSpace(text[b])) ++b;
  return b;
}

inline void SetBits(std::vector<uint64_t>& v, size_t block, uint32_t mask16) {
  v[block >> 2] |= uint64_t(mask16) << (16 * (block & 3));
}

}  // namespace

// Chunk by chunk: (1) SIMD pass: the units lower-cased into the batch buffer plus bitmaps of
// word boundaries (ASCII whitespace and punctuation) and of units only the general path
// handles (controls, anything >= 128); each whitespace token holding such a unit becomes a
// "general" range, its boundaries cleared. (2) The boundaries in order: each word between
// two of them is hashed from the lower-cased copy and queued, each punctuation unit is a
// word of its own, and each general range goes whole through the basic tokeniser
// (split_words), its words queued in the same order. Queued words are looked up 32 at a
// time with their slots prefetched; lookups stop at max_tokens matches.
void WordTokenizer::encode(const char16_t* text, size_t n, size_t max_tokens, BasicScratch& sc,
                           std::vector<int32_t>& out) const {
  std::vector<char16_t>& chars = sc.batch;
  std::vector<BasicScratch::Pending>& pending = sc.pending;
  out.clear();
  pending.clear();
  size_t region = 0;  // chars[0, region): the chunk, lower-cased; general words follow
  size_t extra = 0;   // end of the general words
  auto resolve = [&]() -> bool {
    for (const BasicScratch::Pending& p : pending) {
      if (out.size() >= max_tokens) break;
      const int32_t id = vocab_.get(chars.data() + p.offset, p.length, p.hash);
      if (id >= 0) out.push_back(id);
    }
    pending.clear();
    extra = region;
    return out.size() < max_tokens;
  };
  auto queue = [&](size_t offset, size_t length, uint64_t hash) -> bool {
    vocab_.prefetch(hash);
    BasicScratch::Pending& p = pending.emplace_back();  // field by field: no store-forwarding stall
    p.offset = uint32_t(offset);
    p.length = uint32_t(length);
    p.hash = hash;
    return pending.size() < kBatch || resolve();
  };
  bool going = true;
  auto general_sink = [&](const char16_t* w, size_t len) -> bool {
    if (chars.size() < extra + len) chars.resize(2 * (extra + len));
    std::copy(w, w + len, chars.begin() + std::ptrdiff_t(extra));
    const size_t at = extra;
    extra += len;
    return going = queue(at, len, VocabMap::hash(w, len));
  };

  for (size_t a = 0; a < n;) {
    const size_t b = ChunkEnd(text, a, n), len = b - a;
    const size_t blocks = (len + 15) / 16, words64 = (blocks + 3) / 4;
    region = extra = blocks * 16 + 16;  // 8+ readable units past every word (WordHash)
    if (chars.size() < region) chars.resize(2 * region);
    sc.bound_bits.assign(words64, 0);
    sc.punct_bits.assign(words64, 0);
    sc.special_bits.assign(words64, 0);
    bool any_special = false;
    for (size_t k = 0; k < blocks; ++k) {  // (1) reads stay within the text's 32 units of padding
      scan::WordMasks m = scan::classify_words16(text + a + 16 * k, chars.data() + 16 * k);
      const uint32_t valid = 16 * (k + 1) <= len ? 0xFFFFu : (1u << (len - 16 * k)) - 1;
      SetBits(sc.bound_bits, k, (m.space | m.punct) & valid);
      SetBits(sc.punct_bits, k, m.punct & valid);
      if ((m.special & valid) != 0) {
        SetBits(sc.special_bits, k, m.special & valid);
        any_special = true;
      }
    }
    sc.general.clear();
    if (any_special) {
      size_t covered = 0;
      for (size_t w = 0; w < words64; ++w) {
        for (uint64_t bits = sc.special_bits[w]; bits != 0; bits &= bits - 1) {
          const size_t u = w * 64 + size_t(__builtin_ctzll(bits));
          if (u < covered) continue;
          size_t s = u, e = u + 1;
          while (s > 0 && !IsAsciiSpace(text[a + s - 1])) --s;
          while (e < len && !IsAsciiSpace(text[a + e])) ++e;
          for (size_t v = s; v < e; ++v) sc.bound_bits[v >> 6] &= ~(uint64_t(1) << (v & 63));
          sc.general.push_back(uint32_t(s));
          sc.general.push_back(uint32_t(e));
          covered = e;
        }
      }
    }
    // (2)
    size_t prev = 0, gi = 0;
    const size_t ranges = sc.general.size();
    auto run_general = [&](size_t upto) -> bool {  // the ranges that start before `upto`
      for (; gi < ranges && sc.general[gi] < upto; gi += 2) {
        split_words(text + a + sc.general[gi], sc.general[gi + 1] - sc.general[gi], sc, general_sink);
        if (!going) return false;
        prev = sc.general[gi + 1];
      }
      return true;
    };
    for (size_t w = 0; w < words64; ++w) {
      for (uint64_t bits = sc.bound_bits[w]; bits != 0; bits &= bits - 1) {
        const size_t bit = size_t(__builtin_ctzll(bits)), p = w * 64 + bit;
        if (ranges != 0 && !run_general(p)) return;
        if (p > prev && !queue(prev, p - prev, WordHash(chars.data() + prev, p - prev))) return;
        if ((sc.punct_bits[w] >> bit) & 1) {
          if (!queue(p, 1, VocabMap::finish(VocabMap::mix(VocabMap::kSeed, chars[p]), 1))) return;
        }
        prev = p + 1;
      }
    }
    if (ranges != 0 && !run_general(len + 1)) return;
    if (len > prev && !queue(prev, len - prev, WordHash(chars.data() + prev, len - prev))) return;
    if (!pending.empty() && !resolve()) return;  // the next chunk reuses the buffer
    a = b;
  }
}

}  // namespace otn
