// BERT basic tokenisation, a port of gateway/src/embedding/basic-tokenizer.ts (read its
// header for the exact rules). Words go to a sink as UTF-16 (pointer, length), valid only
// during the call; the sink returns false to stop early.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ascii-scan.h"
#include "unicode.h"

namespace otn {

// Reusable buffers (one set per environment, see addon.cc).
struct BasicScratch {
  std::vector<uint32_t> cps, lower, nfd;
  std::vector<char16_t> word;
  // scan_words (word-scan.h): the chunk lower-cased, its bitmaps (bit u: unit u of the chunk)
  // and general ranges.
  std::vector<char16_t> lowered;
  std::vector<uint64_t> bound_bits, punct_bits, special_bits;
  std::vector<uint32_t> general;  // [start, end) pairs
  // The word tokenizer's batched lookups, and copies of words that do not outlive a call.
  struct Pending {
    const char16_t* word;
    size_t length;
    uint64_t hash;
  };
  std::vector<Pending> pending;
  std::vector<char16_t> batch;
};

namespace basic {

// HuggingFace punctuation in ASCII: 33-47, 58-64, 91-96, 123-126.
constexpr bool ascii_punct(uint32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
constexpr bool ascii_space(uint32_t c) { return c == 32 || c == 9 || c == 10 || c == 13; }
inline bool unicode_space(uint32_t c) {
  return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
         c == 0x202f || c == 0x205f || c == 0x3000;
}
inline bool is_cjk(uint32_t cp) {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
         (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
         (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

// Clean (drop C* and U+FFFD), lower-case, NFD, drop Mn: the code points of one
// whitespace token that needs the general path, left in scratch.nfd.
void normalise_general(const char16_t* s, size_t n, BasicScratch& scratch);

// A CJK code point as its token (compatibility ideographs through NFD), as UTF-16.
void cjk_token(uint32_t cp, std::vector<char16_t>& out);

// splitAscii: s[0, n) holds only code units 33-126 (and 16 readable units follow).
// Punctuation and capitals are found 16 code units at a time.
template <typename Sink>
bool split_ascii(const char16_t* s, size_t n, BasicScratch& scratch, Sink& sink) {
  size_t start = 0;
  auto emit = [&](size_t end, bool upper) -> bool {
    if (!upper) return sink(s + start, end - start);
    std::vector<char16_t>& w = scratch.word;
    w.assign(s + start, s + end);
    for (char16_t& c : w)
      if (c >= 'A' && c <= 'Z') c = char16_t(c + 32);
    return sink(w.data(), w.size());
  };
  bool upper = false;
  for (size_t base = 0; base < n; base += 16) {
    uint32_t punct, caps;
    scan::classify16(s + base, &punct, &caps);
    const uint32_t valid = n - base >= 16 ? 0xFFFFu : (1u << (n - base)) - 1;
    punct &= valid;
    caps &= valid;
    while (punct != 0) {
      const size_t j = base + size_t(__builtin_ctz(punct));
      const uint32_t below = (1u << (j - base)) - 1;  // code units of this block before j
      const uint32_t from = start > base ? ~((1u << (start - base)) - 1) : 0xFFFFu;
      upper = upper || (caps & below & from) != 0;
      if (j > start && !emit(j, upper)) return false;
      if (!sink(s + j, 1)) return false;
      start = j + 1;
      upper = false;
      punct &= punct - 1;
    }
    const uint32_t from = start > base ? (start - base >= 16 ? 0u : ~((1u << (start - base)) - 1)) : 0xFFFFu;
    upper = upper || (caps & from) != 0;
  }
  return n > start ? emit(n, upper) : true;
}

// splitGeneral: one whitespace token with controls, accents or other Unicode.
template <typename Sink>
bool split_general(const char16_t* s, size_t n, BasicScratch& scratch, Sink& sink) {
  normalise_general(s, n, scratch);
  const std::vector<uint32_t>& t = scratch.nfd;
  std::vector<char16_t>& w = scratch.word;
  w.clear();
  for (uint32_t cp : t) {
    const bool punct = cp < 128 ? ascii_punct(cp) : uni::is_punct(cp);
    if (punct) {
      if (!w.empty() && !sink(w.data(), w.size())) return false;
      w.clear();
      char16_t one[2];
      const size_t len = cp < 0x10000 ? 1 : 2;
      if (len == 1) {
        one[0] = char16_t(cp);
      } else {
        one[0] = char16_t(0xD800 + ((cp - 0x10000) >> 10));
        one[1] = char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF));
      }
      if (!sink(one, len)) return false;
    } else if (cp < 128 && ascii_space(cp)) {
      if (!w.empty() && !sink(w.data(), w.size())) return false;
      w.clear();
    } else {
      uni::append_utf16(cp, w);
    }
  }
  return w.empty() ? true : sink(w.data(), w.size());
}

}  // namespace basic

// splitWords: runs the whole basic tokenisation over text[0, n). text must be followed by
// at least 16 readable code units that are not printable ASCII (e.g. zeros).
template <typename Sink>
void split_words(const char16_t* text, size_t n, BasicScratch& scratch, Sink& sink) {
  using namespace basic;
  size_t i = 0;
  std::vector<char16_t> cjk;
  while (i < n) {
    uint32_t c = text[i];
    if (c < 128 ? ascii_space(c) : unicode_space(c)) {
      ++i;
      continue;
    }
    const size_t start = i;
    bool simple = true;
    int64_t found_cjk = -1;
    i += scan::printable_run(text + i);  // the common case, 16 code units a step
    if (i > n) i = n;
    while (i < n) {
      c = text[i];
      if (c > 32 && c < 127) {
        ++i;
        continue;
      }
      if (c < 128) {
        if (ascii_space(c)) break;
        simple = false;  // a control character: the general path drops it
        ++i;
        continue;
      }
      if (unicode_space(c)) break;
      size_t next = i;
      const uint32_t cp = uni::next_cp(text, n, &next);
      if (is_cjk(cp)) {
        found_cjk = cp;
        break;
      }
      simple = false;
      i = next;
    }
    if (i > start) {
      const bool ok = simple ? split_ascii(text + start, i - start, scratch, sink)
                             : split_general(text + start, i - start, scratch, sink);
      if (!ok) return;
    }
    if (found_cjk >= 0) {
      cjk.clear();
      cjk_token(uint32_t(found_cjk), cjk);
      if (!sink(cjk.data(), cjk.size())) return;
      i += found_cjk > 0xffff ? 2 : 1;
    }
  }
}

}  // namespace otn
