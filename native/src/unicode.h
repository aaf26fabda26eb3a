// Unicode facts for the tokenizers, from the tables generated out of Node's own ICU
// (unicode-tables.h, see native/gen-unicode-tables.mjs). Code points here follow
// JavaScript string iteration: a valid surrogate pair is one code point, a lone
// surrogate is itself (U+D800-DFFF).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace otn {
namespace uni {

// Property bits (unicode-tables.h kProp*): Mn, P, C, Cased, Case_Ignorable, ...
uint16_t props(uint32_t cp);
bool has(uint32_t cp, uint16_t prop_bits);
bool is_punct(uint32_t cp);   // \p{P}
bool is_mn(uint32_t cp);      // \p{Mn}
bool is_other(uint32_t cp);   // \p{C}: Cc, Cf, Cs, Co, Cn

// String.prototype.toLowerCase of a whole sequence of code points, context included
// (Final_Sigma as ICU applies it, U+0130 -> i + U+0307). Appends to `out`.
void to_lower(const uint32_t* cps, size_t n, std::vector<uint32_t>& out);

// String.prototype.normalize('NFD'): full canonical decomposition, then canonical
// ordering of combining marks. Appends to `out`.
void to_nfd(const uint32_t* cps, size_t n, std::vector<uint32_t>& out);

// Full canonical decomposition of one code point; returns the count written to
// `out` (at most 4), or 0 when the code point is its own decomposition.
size_t decompose(uint32_t cp, uint32_t* out);

// Canonical combining class rank (0 for starters; ranks order like the UCD classes).
uint8_t ccc_rank(uint32_t cp);

// Next code point of a UTF-16 string at *i, JavaScript-style; advances *i.
inline uint32_t next_cp(const char16_t* s, size_t n, size_t* i) {
  const uint32_t c = s[*i];
  if (c >= 0xD800 && c <= 0xDBFF && *i + 1 < n) {
    const uint32_t d = s[*i + 1];
    if (d >= 0xDC00 && d <= 0xDFFF) {
      *i += 2;
      return 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
    }
  }
  *i += 1;
  return c;
}

// Appends a code point as UTF-16.
inline void append_utf16(uint32_t cp, std::vector<char16_t>& out) {
  if (cp < 0x10000) {
    out.push_back(char16_t(cp));
  } else {
    cp -= 0x10000;
    out.push_back(char16_t(0xD800 + (cp >> 10)));
    out.push_back(char16_t(0xDC00 + (cp & 0x3FF)));
  }
}

}  // namespace uni
}  // namespace otn
