#include "vocab.h"

namespace otn {


void VocabMap::reserve(size_t n) {
  size_t cap = 16;
  while (cap * 5 < n * 8) cap <<= 1;  // load factor <= 0.625
  if (cap > slots_.size()) rehash(cap);
}

void VocabMap::rehash(size_t cap) {
  std::vector<Slot> old;
  old.swap(slots_);
  Slot empty{};
  empty.id = -1;
  slots_.assign(cap, empty);
  for (const Slot& s : old) {
    if (s.id < 0) continue;
    const uint64_t h = hash(key_of(s), s.len);
    size_t i = size_t(h) & (cap - 1);
    while (slots_[i].id >= 0) i = (i + 1) & (cap - 1);
    slots_[i] = s;
  }
}

VocabMap::Slot* VocabMap::find(const char16_t* s, size_t n, uint64_t h, bool* found) {
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = uint32_t(h);
  for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.id < 0) {
      *found = false;
      return &slot;
    }
    if (slot.tag == tag && slot.len == n && same_units(key_of(slot), s, n)) {
      *found = true;
      return &slot;
    }
  }
}

void VocabMap::set(const char16_t* s, size_t n, int32_t id) {
  if (slots_.empty() || (count_ + 1) * 8 > slots_.size() * 5) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  bool found = false;
  Slot* slot = find(s, n, hash(s, n), &found);
  if (found) {
    slot->id = id;
    return;
  }
  const uint64_t h = hash(s, n);
  slot->tag = uint32_t(h);
  slot->id = id;
  slot->len = uint32_t(n);
  slot->off = uint32_t(pool_.size());
  pool_.insert(pool_.end(), s, s + n);
  ++count_;
  if (n > max_len_) max_len_ = n;
}

}  // namespace otn
