#include "vocab.h"

#include <cstring>

namespace otn {

void VocabMap::reserve(size_t n) {
  entries_.reserve(n);
  size_t cap = 16;
  while (cap < n * 2) cap <<= 1;
  if (cap > slots_.size()) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{0, -1});
    const size_t mask = cap - 1;
    for (const Slot& s : old) {
      if (s.entry < 0) continue;
      const Entry& e = entries_[size_t(s.entry)];
      const uint64_t h = hash(pool_.data() + e.offset, e.length);
      size_t i = index(h, mask);
      while (slots_[i].entry >= 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
}

void VocabMap::grow() { reserve(slots_.empty() ? 8 : slots_.size()); }

int32_t VocabMap::get(const char16_t* s, size_t n, uint64_t h) const {
  if (slots_.empty()) return -1;
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = uint32_t(h >> 32);
  for (size_t i = index(h, mask);; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry < 0) return -1;
    if (slot.tag != tag) continue;
    const Entry& e = entries_[size_t(slot.entry)];
    if (e.length == n && std::memcmp(pool_.data() + e.offset, s, n * sizeof(char16_t)) == 0) return e.id;
  }
}

void VocabMap::set(const char16_t* s, size_t n, int32_t id) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  const uint64_t h = hash(s, n);
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = uint32_t(h >> 32);
  size_t i = index(h, mask);
  for (; slots_[i].entry >= 0; i = (i + 1) & mask) {
    if (slots_[i].tag != tag) continue;
    Entry& e = entries_[size_t(slots_[i].entry)];
    if (e.length == n && std::memcmp(pool_.data() + e.offset, s, n * sizeof(char16_t)) == 0) {
      e.id = id;
      return;
    }
  }
  entries_.push_back(Entry{uint32_t(pool_.size()), uint32_t(n), id});
  pool_.insert(pool_.end(), s, s + n);
  slots_[i] = Slot{tag, int32_t(entries_.size() - 1)};
  if (n > max_len_) max_len_ = n;
}

}  // namespace otn
