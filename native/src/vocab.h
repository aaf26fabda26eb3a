// A vocabulary: UTF-16 token -> id, open addressing over one contiguous pool of code
// units. Built once per tokenizer (per environment), then read-only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace otn {

class VocabMap {
 public:
  // FNV-1a over UTF-16 code units; incremental, so prefixes hash in one pass.
  static constexpr uint64_t kSeed = 1469598103934665603ull;
  static inline uint64_t step(uint64_t h, char16_t c) { return (h ^ uint64_t(c)) * 1099511628211ull; }
  static inline uint64_t hash(const char16_t* s, size_t n) {
    uint64_t h = kSeed;
    for (size_t i = 0; i < n; ++i) h = step(h, s[i]);
    return h;
  }

  void reserve(size_t n);
  // Inserts or, for a token already present, replaces its id (the last one wins).
  void set(const char16_t* s, size_t n, int32_t id);
  // The id, or -1.
  int32_t get(const char16_t* s, size_t n) const { return get(s, n, hash(s, n)); }
  int32_t get(const char16_t* s, size_t n, uint64_t h) const;

  size_t size() const { return entries_.size(); }
  // Longest key, in code units: no longer substring can match.
  size_t max_len() const { return max_len_; }

 private:
  struct Entry {
    uint32_t offset;
    uint32_t length;
    int32_t id;
  };
  struct Slot {
    uint32_t tag;    // high half of the hash
    int32_t entry;   // index into entries_, -1 when empty
  };
  static size_t index(uint64_t h, size_t mask) { return size_t((h ^ (h >> 29)) & mask); }
  void grow();

  std::vector<char16_t> pool_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
  size_t max_len_ = 0;
};

}  // namespace otn
