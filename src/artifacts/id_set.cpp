#include "artifacts/id_set.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>

namespace dlcheck {
namespace {

constexpr std::size_t kMaxDigits = 19;  // 10^19 - 1 and the keys below still fit in 64 bits

// How many digit strings are shorter than d digits (and not empty): a d-digit number's key is
// this plus its value, so every digit string, leading zeros included, has a key of its own.
constexpr std::array<std::uint64_t, kMaxDigits + 1> kShorterStrings = [] {
  std::array<std::uint64_t, kMaxDigits + 1> counts{};
  std::uint64_t power = 10;  // 10^d
  for (std::size_t d = 2; d <= kMaxDigits; ++d) {
    counts[d] = counts[d - 1] + power;
    if (d < kMaxDigits) power *= 10;
  }
  return counts;
}();

// The finaliser of MurmurHash3: every input bit reaches every output bit, so consecutive
// numbers spread over the table.
std::uint64_t mix(std::uint64_t hash) {
  hash = (hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCDull;
  hash = (hash ^ (hash >> 33)) * 0xC4CEB9FE1A85EC53ull;
  return hash ^ (hash >> 33);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t load8(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

// The value of the last `count` (1 to 8) bytes of `word` read as decimal digits, the first the
// most significant; false when one is not a digit. Eight at once, as fast_float does: a
// digit-by-digit loop is a chain of dependent multiplications, and dominated the lookups.
bool eight_digits(std::uint64_t word, std::size_t count, std::uint64_t& value) {
  static_assert(std::endian::native == std::endian::little, "bytes are read little-endian");
  constexpr std::uint64_t kZeros = 0x3030303030303030ull;
  const std::uint64_t before = count == 8 ? 0 : (std::uint64_t{1} << (8 * (8 - count))) - 1;  // the other bytes
  word = (word & ~before) | (kZeros & before);  // they become leading zeros
  if (((word & 0xF0F0F0F0F0F0F0F0ull) | (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) !=
      0x3333333333333333ull) {
    return false;
  }
  word -= kZeros;
  word = word * 10 + (word >> 8);
  constexpr std::uint64_t kMask = 0x000000FF000000FFull;
  word = (((word & kMask) * (100 + (1000000ull << 32))) + (((word >> 16) & kMask) * (1 + (10000ull << 32)))) >> 32;
  value = static_cast<std::uint32_t>(word);
  return true;
}

// The value of id[begin, end) (1 to 19 digits), eight digits at a time where eight bytes ending
// there lie inside the id; false when one is not a digit.
bool digits_value(std::string_view id, std::size_t begin, std::size_t end, std::uint64_t& value) {
  value = 0;
  std::uint64_t scale = 1;
  while (end > begin) {
    const std::size_t count = std::min<std::size_t>(8, end - begin);
    std::uint64_t chunk = 0;
    if (end >= 8) {
      if (!eight_digits(load8(id.data() + end - 8), count, chunk)) return false;
    } else {
      for (const char c : id.substr(end - count, count)) {
        if (!is_digit(c)) return false;
        chunk = chunk * 10 + static_cast<std::uint64_t>(c - '0');
      }
    }
    value += chunk * scale;
    end -= count;
    if (end > begin) scale *= 100000000;
  }
  return true;
}

// Inline, byte by byte: prefixes are a few bytes, and a call to memcmp cost more than comparing.
bool same_bytes(const char* a, const char* b, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

void IdList::reserve(std::size_t ids, std::size_t bytes) {
  entries_.reserve(ids);
  text_.reserve(bytes);
}

IdSet::IdSet(const IdList& list) : list_(&list) {
  // The first id's last run of digits gives the prefix and suffix every id must share.
  if (!list.empty()) {
    const std::string_view first = list.id(0);
    const std::size_t last_digit = first.find_last_of("0123456789");
    if (last_digit != std::string_view::npos) {
      std::size_t start = last_digit;
      while (start > 0 && is_digit(first[start - 1])) --start;
      if (last_digit + 1 - start <= kMaxDigits) {
        set_affixes(first.substr(0, start), first.substr(last_digit + 1));
        numbered_ = build_numbered();
      }
    }
  }
  if (!numbered_) {
    set_affixes({}, {});
    std::vector<std::uint64_t> keys(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) keys[i] = text_key(list.id(i));
    build_hashed(keys);
  }
}

void IdSet::set_affixes(std::string_view prefix, std::string_view suffix) {
  prefix_ = prefix;
  suffix_ = suffix;
  // The prefix as the low bytes of an id's first word, the suffix as the high bytes of its last.
  prefix_word_ = prefix_mask_ = suffix_word_ = suffix_mask_ = 0;
  if (prefix.size() <= 8) {
    if (!prefix.empty()) std::memcpy(&prefix_word_, prefix.data(), prefix.size());  // data() may be null
    prefix_mask_ = prefix.size() == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * prefix.size())) - 1;
  }
  if (suffix.size() <= 8) {
    char word[8] = {};
    if (!suffix.empty()) std::memcpy(word + 8 - suffix.size(), suffix.data(), suffix.size());
    suffix_word_ = load8(word);
    suffix_mask_ = suffix.empty() ? 0 : ~std::uint64_t{0} << (8 * (8 - suffix.size()));
  }
}

inline bool IdSet::numbered_key(std::string_view id, std::uint64_t& key) const {
  const std::size_t size = id.size(), affixes = prefix_.size() + suffix_.size();
  if (size <= affixes || size - affixes > kMaxDigits) return false;
  const std::size_t digits = size - affixes, end = prefix_.size() + digits;
  const char* bytes = id.data();
  if (size >= 8 && prefix_.size() <= 8 && suffix_.size() <= 8) {  // the usual: one word each
    if (((load8(bytes) ^ prefix_word_) & prefix_mask_) != 0) return false;
    if (((load8(bytes + size - 8) ^ suffix_word_) & suffix_mask_) != 0) return false;
  } else if (!same_bytes(bytes, prefix_.data(), prefix_.size()) ||
             !same_bytes(bytes + end, suffix_.data(), suffix_.size())) {
    return false;
  }
  std::uint64_t value = 0;
  if (digits <= 8 && end >= 8) {
    if (!eight_digits(load8(bytes + end - 8), digits, value)) return false;
  } else if (!digits_value(id, prefix_.size(), end, value)) {
    return false;
  }
  key = kShorterStrings[digits] + value;
  return true;
}

std::uint64_t IdSet::text_key(std::string_view id) const { return std::hash<std::string_view>{}(id); }

std::size_t IdSet::slot_of(std::uint64_t key) const { return static_cast<std::size_t>(mix(key) >> shift_); }

// Indexes every id by its number; false, indexing nothing, when one is off the pattern.
bool IdSet::build_numbered() {
  const IdList& list = *list_;
  std::vector<std::uint64_t> keys(list.size());
  std::uint64_t lowest = static_cast<std::uint64_t>(-1), highest = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!numbered_key(list.id(i), keys[i])) return false;
    lowest = std::min(lowest, keys[i]);
    highest = std::max(highest, keys[i]);
  }
  // Consecutive ids fill their range: an array over it is a quarter of the hash table's size,
  // and filled in order, not at random.
  if (list.size() < kAbsent && highest - lowest < 4 * list.size()) {
    lowest_ = lowest;
    dense_.assign(highest - lowest + 1, kAbsent);
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::uint32_t& first = dense_[keys[i] - lowest];
      if (first == kAbsent) {
        first = static_cast<std::uint32_t>(i);
        ++distinct_;
      }
    }
  } else {
    numbered_ = true;  // build_hashed compares keys alone
    build_hashed(keys);
  }
  return true;
}

// Indexes every id by its key, the first occurrence of each. Text keys are hashes, so an equal
// key is confirmed by the text.
void IdSet::build_hashed(const std::vector<std::uint64_t>& keys) {
  const IdList& list = *list_;
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(2 * list.size(), 8));
  slots_.assign(capacity, Slot{0, npos});
  shift_ = 64 - std::countr_zero(capacity);
  const std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (std::size_t slot = slot_of(keys[i]);; slot = (slot + 1) & mask) {
      Slot& entry = slots_[slot];
      if (entry.entry == npos) {
        entry = {keys[i], i};
        ++distinct_;
        break;
      }
      if (entry.key == keys[i] && (numbered_ || list.id(entry.entry) == list.id(i))) break;  // a repeat
    }
  }
}

std::size_t IdSet::find(std::string_view id) const {
  std::uint64_t key = 0;
  if (!numbered_) {
    key = text_key(id);
  } else if (!numbered_key(id, key)) {
    return npos;  // every id of the set has the pattern, so one without it is none of them
  } else if (!dense_.empty()) {
    if (key < lowest_ || key - lowest_ >= dense_.size()) return npos;
    const std::uint32_t first = dense_[key - lowest_];
    return first == kAbsent ? npos : first;
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = slot_of(key);; slot = (slot + 1) & mask) {
    const Slot& entry = slots_[slot];
    if (entry.entry == npos) return npos;
    if (entry.key == key && (numbered_ || list_->id(entry.entry) == id)) return entry.entry;
  }
}

}  // namespace dlcheck
