// A vocabulary: UTF-16 token -> id. Open addressing with linear probing; each 32-byte
// slot holds the hash, the id and, for tokens of up to 11 code units (nearly all), the
// token itself, so a lookup usually touches one cache line. Longer tokens live in a pool.
// Built once per tokenizer (per environment), then read-only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace otn {

class VocabMap {
 public:
  // 4 code units per multiply: the hash of a whole string (not incremental).
  static inline uint64_t hash(const char16_t* s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t(n) * 0xC2B2AE3D27D4EB4Full);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      uint64_t v;
      std::memcpy(&v, s + i, 8);
      h = (h ^ v) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 29;
    }
    if (i < n) {
      uint64_t v = s[i];
      if (i + 1 < n) v |= uint64_t(s[i + 1]) << 16;
      if (i + 2 < n) v |= uint64_t(s[i + 2]) << 32;
      h = (h ^ v) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 29;
    }
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 32);
  }

  void reserve(size_t n);
  // Inserts or, for a token already present, replaces its id (the last one wins).
  void set(const char16_t* s, size_t n, int32_t id);
  // The id, or -1.
  int32_t get(const char16_t* s, size_t n) const { return get(s, n, hash(s, n)); }
  int32_t get(const char16_t* s, size_t n, uint64_t h) const;
  // Starts loading the slot a lookup of hash h will read first (batched lookups).
  void prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[size_t(h) & (slots_.size() - 1)]);
  }

  size_t size() const { return count_; }
  // Longest key, in code units: no longer substring can match.
  size_t max_len() const { return max_len_; }

 private:
  static constexpr size_t kInline = 11;
  struct alignas(32) Slot {
    uint32_t tag;  // low half of the hash
    int32_t id;    // -1: empty
    uint32_t len;
    char16_t key[kInline];  // the token, or (len > kInline) its pool offset in key[0..1]
  };
  static_assert(sizeof(Slot) == 32 || sizeof(Slot) == 64, "slot size");

  const char16_t* key_of(const Slot& s) const {
    if (s.len <= kInline) return s.key;
    uint32_t off;
    std::memcpy(&off, s.key, 4);
    return pool_.data() + off;
  }
  Slot* find(const char16_t* s, size_t n, uint64_t h, bool* found);
  void rehash(size_t cap);

  std::vector<Slot> slots_;
  std::vector<char16_t> pool_;
  size_t count_ = 0;
  size_t max_len_ = 0;
};

}  // namespace otn
