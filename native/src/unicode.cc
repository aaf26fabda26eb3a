#include "unicode.h"

#include <algorithm>
#include <memory>

#include "unicode-tables.h"

namespace otn {
namespace uni {
namespace {

using namespace otn::tables;

constexpr uint16_t kNoDecomp = 0xFFFF;

// Flat tables for the BMP, expanded once per process from the compact generated ones.
// They are immutable after construction (a function-local static, so thread-safe to
// build), which makes them safe to share between worker threads.
struct Bmp {
  uint16_t props[0x10000];
  uint16_t lower[0x10000];
  uint16_t decomp[0x10000];  // index into kDecomp, or kNoDecomp
  uint8_t ccc[0x10000];
};

std::unique_ptr<Bmp> build_bmp() {
  auto t = std::make_unique<Bmp>();
  for (uint32_t r = 0; r < kPropRunCount; ++r) {
    const uint32_t end = r + 1 < kPropRunCount ? kPropRuns[r + 1].start : 0x110000;
    for (uint32_t cp = kPropRuns[r].start; cp < end && cp < 0x10000; ++cp) t->props[cp] = kPropRuns[r].flags;
  }
  for (uint32_t cp = 0; cp < 0x10000; ++cp) {
    t->lower[cp] = uint16_t(cp);
    t->decomp[cp] = kNoDecomp;
    t->ccc[cp] = 0;
  }
  for (uint32_t i = 0; i < kLowerCount && kLower[i].cp < 0x10000; ++i) t->lower[kLower[i].cp] = uint16_t(kLower[i].to);
  for (uint32_t i = 0; i < kDecompCount && kDecomp[i].cp < 0x10000; ++i) t->decomp[kDecomp[i].cp] = uint16_t(i);
  for (uint32_t r = 0; r < kCccRunCount; ++r) {
    const uint32_t end = r + 1 < kCccRunCount ? kCccRuns[r + 1].start : 0x110000;
    for (uint32_t cp = kCccRuns[r].start; cp < end && cp < 0x10000; ++cp) t->ccc[cp] = kCccRuns[r].rank;
  }
  return t;
}

const Bmp& bmp() {
  static const std::unique_ptr<Bmp> t = build_bmp();
  return *t;
}

// Last run whose start <= cp.
template <typename Run>
const Run& find_run(const Run* runs, uint32_t count, uint32_t cp) {
  const Run* it = std::upper_bound(runs, runs + count, cp, [](uint32_t v, const Run& r) { return v < r.start; });
  return *(it - 1);
}

constexpr uint32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr uint32_t kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = 11172;

uint32_t lower_one(uint32_t cp) {
  if (cp < 0x10000) return bmp().lower[cp];
  const Pair* it = std::lower_bound(kLower, kLower + kLowerCount, cp, [](const Pair& p, uint32_t v) { return p.cp < v; });
  return it != kLower + kLowerCount && it->cp == cp ? it->to : cp;
}

// ICU's context test for Final_Sigma: skip case-ignorable code points (tested first, as
// ICU does), then look for a cased one.
bool cased_before(const uint32_t* cps, size_t i) {
  while (i > 0) {
    const uint16_t p = props(cps[--i]);
    if (p & kPropCaseIgnorable) continue;
    return (p & kPropCased) != 0;
  }
  return false;
}

bool cased_after(const uint32_t* cps, size_t n, size_t i) {
  for (++i; i < n; ++i) {
    const uint16_t p = props(cps[i]);
    if (p & kPropCaseIgnorable) continue;
    return (p & kPropCased) != 0;
  }
  return false;
}

}  // namespace

uint16_t props(uint32_t cp) {
  if (cp < 0x10000) return bmp().props[cp];
  return find_run(kPropRuns, kPropRunCount, cp).flags;
}

bool has(uint32_t cp, uint16_t bits) { return (props(cp) & bits) != 0; }
bool is_punct(uint32_t cp) { return has(cp, kPropP); }
bool is_mn(uint32_t cp) { return has(cp, kPropMn); }
bool is_other(uint32_t cp) { return has(cp, kPropC); }

uint8_t ccc_rank(uint32_t cp) {
  if (cp < 0x10000) return bmp().ccc[cp];
  return find_run(kCccRuns, kCccRunCount, cp).rank;
}

void to_lower(const uint32_t* cps, size_t n, std::vector<uint32_t>& out) {
  for (size_t i = 0; i < n; ++i) {
    const uint32_t cp = cps[i];
    if (cp < 0x80) {
      out.push_back(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else if (cp == 0x3A3) {
      out.push_back(cased_before(cps, i) && !cased_after(cps, n, i) ? 0x3C2 : 0x3C3);
    } else if (cp == 0x130) {
      out.push_back('i');
      out.push_back(0x307);
    } else {
      out.push_back(lower_one(cp));
    }
  }
}

size_t decompose(uint32_t cp, uint32_t* out) {
  if (cp - kSBase < kSCount) {
    const uint32_t s = cp - kSBase;
    out[0] = kLBase + s / kNCount;
    out[1] = kVBase + (s % kNCount) / kTCount;
    const uint32_t t = s % kTCount;
    if (t == 0) return 2;
    out[2] = kTBase + t;
    return 3;
  }
  const Decomp* d = nullptr;
  if (cp < 0x10000) {
    const uint16_t idx = bmp().decomp[cp];
    if (idx == kNoDecomp) return 0;
    d = &kDecomp[idx];
  } else {
    const Decomp* it = std::lower_bound(kDecomp, kDecomp + kDecompCount, cp, [](const Decomp& e, uint32_t v) { return e.cp < v; });
    if (it == kDecomp + kDecompCount || it->cp != cp) return 0;
    d = it;
  }
  for (uint8_t k = 0; k < d->length; ++k) out[k] = kDecompPool[d->offset + k];
  return d->length;
}

void to_nfd(const uint32_t* cps, size_t n, std::vector<uint32_t>& out) {
  const size_t first = out.size();
  bool marks = false;
  uint32_t buf[8];
  for (size_t i = 0; i < n; ++i) {
    const uint32_t cp = cps[i];
    if (cp < 0xC0) {  // nothing below U+00C0 decomposes or combines
      out.push_back(cp);
      continue;
    }
    const size_t k = decompose(cp, buf);
    if (k == 0) {
      out.push_back(cp);
      marks = marks || ccc_rank(cp) != 0;
    } else {
      for (size_t j = 0; j < k; ++j) {
        out.push_back(buf[j]);
        marks = marks || ccc_rank(buf[j]) != 0;
      }
    }
  }
  if (!marks) return;
  // Canonical ordering: a stable sort by class of every run of non-starters.
  size_t i = first;
  const size_t end = out.size();
  while (i < end) {
    if (ccc_rank(out[i]) == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < end && ccc_rank(out[j]) != 0) ++j;
    if (j - i > 1) {
      std::stable_sort(out.begin() + std::ptrdiff_t(i), out.begin() + std::ptrdiff_t(j),
                       [](uint32_t a, uint32_t b) { return ccc_rank(a) < ccc_rank(b); });
    }
    i = j;
  }
}

}  // namespace uni
}  // namespace otn
