#pragma once
// Example ids of a split file, and a set over them for the leakage checks. A split holds tens of
// thousands of ids, so they are stored back to back in one buffer rather than one string each,
// and looked up in one open-addressing table rather than a node per id.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlcheck {

/// A list of example ids: one per line, or a CSV/TSV with an `id` column.
class IdList {
 public:
  /// Room for `ids` ids of `bytes` bytes in all.
  void reserve(std::size_t ids, std::size_t bytes);
  /// Appends `id`, read at the 1-based `line`.
  void add(std::string_view id, std::size_t line) {
    text_.append(id);
    entries_.push_back({text_.size(), line});
  }

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  /// The id at `index`, in file order; valid until the list changes or moves.
  std::string_view id(std::size_t index) const {
    const std::size_t begin = index == 0 ? 0 : entries_[index - 1].end;
    return std::string_view(text_.data() + begin, entries_[index].end - begin);
  }
  /// The 1-based line of the id at `index`.
  std::size_t line(std::size_t index) const { return entries_[index].line; }

 private:
  struct Entry {
    std::size_t end;  ///< where the id ends in text_; it begins where the one before ends
    std::size_t line;
  };
  std::string text_;
  std::vector<Entry> entries_;
};

/// The distinct ids of an IdList, for lookups by text. It refers to the list, which must stay
/// in place and unchanged while the set is used.
///
/// When every id is one prefix, a run of 1 to 19 ASCII digits and one suffix (`img_00000001`,
/// `flower_photos/00001.jpg`, `42`), ids are keyed by the digits' length and value: exact, so
/// `1` and `01` stay apart, and a lookup compares integers, never text. Keys that fill most of
/// their range (the usual consecutive numbers) index an array directly.
class IdSet {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit IdSet(const IdList& list);

  /// The index in the list of the first occurrence of `id`, or npos.
  std::size_t find(std::string_view id) const;
  bool contains(std::string_view id) const { return find(id) != npos; }
  /// Distinct ids.
  std::size_t size() const { return distinct_; }
  bool empty() const { return distinct_ == 0; }
  const IdList& list() const { return *list_; }
  /// Whether ids are keyed as prefix + number + suffix (for tests).
  bool numbered() const { return numbered_; }
  /// Whether numbered ids index an array: a lookup then parses digits and reads one entry.
  bool dense() const { return !dense_.empty(); }

 private:
  struct Slot {
    std::uint64_t key;  ///< the numbered key, or the text's hash
    std::size_t entry;  ///< index into the list; npos when the slot is empty
  };

  static constexpr std::uint32_t kAbsent = static_cast<std::uint32_t>(-1);

  void set_affixes(std::string_view prefix, std::string_view suffix);
  bool numbered_key(std::string_view id, std::uint64_t& key) const;
  std::uint64_t text_key(std::string_view id) const;
  std::size_t slot_of(std::uint64_t key) const;
  bool build_numbered();
  void build_hashed(const std::vector<std::uint64_t>& keys);

  const IdList* list_;
  bool numbered_ = false;
  std::string prefix_, suffix_;
  std::uint64_t prefix_word_ = 0, prefix_mask_ = 0, suffix_word_ = 0, suffix_mask_ = 0;  // of up to 8 bytes
  // Numbered keys in a dense range: the first index of key `lowest_ + i` at dense_[i], or kAbsent.
  std::vector<std::uint32_t> dense_;
  std::uint64_t lowest_ = 0;
  // Otherwise an open-addressing table, linear probing: a power of two, at most half full.
  std::vector<Slot> slots_;
  int shift_ = 0;
  std::size_t distinct_ = 0;
};

}  // namespace dlcheck
