// SSE2 scanning of printable-ASCII runs, 16 UTF-16 code units at a time (SSE2 is part of
// x86-64, so no runtime check; other CPUs get the scalar loops). Callers guarantee 16
// readable code units past every position they pass (the addon pads its text buffer with
// zeros, which match no class here).
#pragma once
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#define OTN_SSE2 1
#endif

namespace otn {
namespace scan {

#ifdef OTN_SSE2
// Lanes of v in [lo, hi] as 0xFFFF.
inline __m128i in_range(__m128i v, uint16_t lo, uint16_t hi) {
  const __m128i d = _mm_sub_epi16(v, _mm_set1_epi16(short(lo)));
  return _mm_cmpeq_epi16(_mm_subs_epu16(d, _mm_set1_epi16(short(hi - lo))), _mm_setzero_si128());
}
inline uint32_t bits(__m128i a, __m128i b) { return uint32_t(_mm_movemask_epi8(_mm_packs_epi16(a, b))); }
#endif

// Number of leading code units of s in 33..126 (stops at the padding).
inline size_t printable_run(const char16_t* s) {
#ifdef OTN_SSE2
  size_t k = 0;
  for (;;) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k + 8));
    const uint32_t m = bits(in_range(a, 33, 126), in_range(b, 33, 126));
    if (m != 0xFFFF) return k + size_t(__builtin_ctz(~m));
    k += 16;
  }
#else
  size_t k = 0;
  while (s[k] > 32 && s[k] < 127) ++k;
  return k;
#endif
}

// For 16 code units at s: bit i set when s[i] is ASCII punctuation (HuggingFace's four
// ranges) in *punct, or an ASCII capital in *upper.
inline void classify16(const char16_t* s, uint32_t* punct, uint32_t* upper) {
#ifdef OTN_SSE2
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 8));
  auto p = [](__m128i v) {
    return _mm_or_si128(_mm_or_si128(in_range(v, 33, 47), in_range(v, 58, 64)),
                        _mm_or_si128(in_range(v, 91, 96), in_range(v, 123, 126)));
  };
  *punct = bits(p(a), p(b));
  *upper = bits(in_range(a, 65, 90), in_range(b, 65, 90));
#else
  uint32_t pm = 0, um = 0;
  for (int i = 0; i < 16; ++i) {
    const char16_t c = s[i];
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) pm |= 1u << i;
    if (c >= 65 && c <= 90) um |= 1u << i;
  }
  *punct = pm;
  *upper = um;
#endif
}

// The masks of 16 code units at s for the word tokenizer's fast path (bit i: unit i):
// ASCII whitespace (9, 10, 13, 32), ASCII punctuation, and "special" (controls, DEL and
// everything >= 128: what only the general path handles). The units, ASCII capitals
// lower-cased, are stored at lower[0, 16).
struct WordMasks {
  uint32_t space, punct, special;
};
inline WordMasks classify_words16(const char16_t* s, char16_t* lower) {
#ifdef OTN_SSE2
  WordMasks m;
  __m128i v[2] = {_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)),
                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 8))};
  __m128i sp[2], pu[2], spec[2];
  for (int h = 0; h < 2; ++h) {
    const __m128i x = v[h];
    sp[h] = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(x, _mm_set1_epi16(32)), _mm_cmpeq_epi16(x, _mm_set1_epi16(9))),
                         _mm_or_si128(_mm_cmpeq_epi16(x, _mm_set1_epi16(10)), _mm_cmpeq_epi16(x, _mm_set1_epi16(13))));
    pu[h] = _mm_or_si128(_mm_or_si128(in_range(x, 33, 47), in_range(x, 58, 64)),
                         _mm_or_si128(in_range(x, 91, 96), in_range(x, 123, 126)));
    // special = not printable ASCII (33..126) and not whitespace
    spec[h] = _mm_andnot_si128(_mm_or_si128(in_range(x, 33, 126), sp[h]), _mm_set1_epi16(-1));
    const __m128i upper = in_range(x, 65, 90);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lower + 8 * h), _mm_add_epi16(x, _mm_and_si128(upper, _mm_set1_epi16(32))));
  }
  m.space = bits(sp[0], sp[1]);
  m.punct = bits(pu[0], pu[1]);
  m.special = bits(spec[0], spec[1]);
  return m;
#else
  WordMasks m{0, 0, 0};
  for (int i = 0; i < 16; ++i) {
    const char16_t c = s[i];
    const bool space = c == 32 || c == 9 || c == 10 || c == 13;
    if (space) m.space |= 1u << i;
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) m.punct |= 1u << i;
    if (!space && !(c >= 33 && c <= 126)) m.special |= 1u << i;
    lower[i] = (c >= 65 && c <= 90) ? char16_t(c + 32) : c;
  }
  return m;
#endif
}

}  // namespace scan
}  // namespace otn
