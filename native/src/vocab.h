// A vocabulary: UTF-16 token -> id. Open addressing with linear probing over 16-byte
// slots (tag = half the hash, id, the token's place in one pool of all tokens): a 40k
// vocabulary's table is 1 MB (the 32-byte slots with short tokens inline were 64 bytes after
// alignment, 4 MB). Only a tag match reads the pool. Measured speed was the same on a
// benchmark that keeps the table hot; the smaller table is for prompts that do not.
// Built once per tokenizer (per environment), then read-only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace otn {

class VocabMap {
 public:
  // 4 code units per multiply (mix each full block of 4 units, then the partial one, then
  // finish with the length); word-scan.h's word_hash computes the same without a loop.
  static constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;
  static inline uint64_t mix(uint64_t h, uint64_t block) {
    h = (h ^ block) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 29);
  }
  static inline uint64_t finish(uint64_t h, size_t n) {
    h ^= uint64_t(n) * 0xC2B2AE3D27D4EB4Full;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 32);
  }
  // Units s[i..i+k) as one block, unit j in bits 16j..16j+15.
  static inline uint64_t block(const char16_t* s, size_t k) {
    uint64_t v = 0;
    for (size_t j = 0; j < k; ++j) v |= uint64_t(s[j]) << (16 * j);
    return v;
  }
  static inline uint64_t hash(const char16_t* s, size_t n) {
    uint64_t h = kSeed;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) h = mix(h, block(s + i, 4));
    if (i < n) h = mix(h, block(s + i, n - i));
    return finish(h, n);
  }

  void reserve(size_t n);
  // Inserts or, for a token already present, replaces its id (the last one wins).
  void set(const char16_t* s, size_t n, int32_t id);
  // The id, or -1.
  int32_t get(const char16_t* s, size_t n) const { return get(s, n, hash(s, n)); }
  int32_t get(const char16_t* s, size_t n, uint64_t h) const {
    if (count_ == 0) return -1;
    const size_t mask = slots_.size() - 1;
    const uint32_t tag = uint32_t(h);
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.id < 0) return -1;
      if (slot.tag == tag && slot.len == n && same_units(key_of(slot), s, n)) return slot.id;
    }
  }
  // Starts loading the slot a lookup of hash h will read first (batched lookups).
  void prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[size_t(h) & (slots_.size() - 1)]);
  }

  size_t size() const { return count_; }
  // Longest key, in code units: no longer substring can match.
  size_t max_len() const { return max_len_; }

 private:
  struct alignas(16) Slot {
    uint32_t tag;  // low half of the hash
    int32_t id;    // -1: empty
    uint32_t off;  // the token's offset in pool_
    uint32_t len;
  };
  static_assert(sizeof(Slot) == 16, "four slots a cache line");

  const char16_t* key_of(const Slot& s) const { return pool_.data() + s.off; }
  // Once the tag matched the units are almost always equal: 4 at a time, no call.
  static bool same_units(const char16_t* a, const char16_t* b, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    for (; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  Slot* find(const char16_t* s, size_t n, uint64_t h, bool* found);
  void rehash(size_t cap);

  std::vector<Slot> slots_;
  std::vector<char16_t> pool_;
  size_t count_ = 0;
  size_t max_len_ = 0;
};

}  // namespace otn
