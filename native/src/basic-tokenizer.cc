#include "basic-tokenizer.h"

namespace otn {
namespace basic {

void normalise_general(const char16_t* s, size_t n, BasicScratch& scratch) {
  std::vector<uint32_t>& cps = scratch.cps;
  cps.clear();
  for (size_t i = 0; i < n;) {
    const uint32_t cp = uni::next_cp(s, n, &i);
    if (cp == 0xFFFD || uni::is_other(cp)) continue;
    cps.push_back(cp);
  }
  scratch.lower.clear();
  uni::to_lower(cps.data(), cps.size(), scratch.lower);
  std::vector<uint32_t>& nfd = scratch.nfd;
  nfd.clear();
  uni::to_nfd(scratch.lower.data(), scratch.lower.size(), nfd);
  size_t k = 0;
  for (uint32_t cp : nfd)
    if (!uni::is_mn(cp)) nfd[k++] = cp;
  nfd.resize(k);
}

void cjk_token(uint32_t cp, std::vector<char16_t>& out) {
  uint32_t buf[4];
  const bool compat = (cp >= 0xf900 && cp <= 0xfaff) || cp >= 0x2f800;
  const size_t k = compat ? uni::decompose(cp, buf) : 0;
  if (k == 0) {
    uni::append_utf16(cp, out);
    return;
  }
  // NFD of a single code point: the decomposition is already canonically ordered.
  for (size_t j = 0; j < k; ++j) uni::append_utf16(buf[j], out);
}

}  // namespace basic
}  // namespace otn
