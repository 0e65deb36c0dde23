#pragma once
// A parsed JSON text as one array of 16-byte nodes in document order. Strings and numbers point
// into the source text, which the caller keeps alive; only strings with escapes are copied,
// decoded. Positions of members and values come from the same nodes, so a hostile file costs a
// small, fixed multiple of its size.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/position.hpp"

namespace dlcheck {

class JsonDocument;
struct JsonKeyValue;

enum class JsonType : std::uint8_t { null, boolean, number, string, array, object };

/// One value of a JsonDocument, or none (a member that is not there). Cheap to copy; valid while
/// its document lives. `->` lets it read like the pointer it replaces.
class JsonValue {
 public:
  JsonValue() = default;

  explicit operator bool() const { return document_ != nullptr; }
  const JsonValue* operator->() const { return this; }
  const JsonValue& operator*() const { return *this; }

  JsonType type() const;
  bool is_null() const { return *this && type() == JsonType::null; }
  bool is_boolean() const { return *this && type() == JsonType::boolean; }
  bool is_number() const { return *this && type() == JsonType::number; }
  bool is_string() const { return *this && type() == JsonType::string; }
  bool is_array() const { return *this && type() == JsonType::array; }
  bool is_object() const { return *this && type() == JsonType::object; }
  /// A number written without fraction or exponent that fits 64 bits, signed or unsigned.
  bool is_number_integer() const;
  /// An integer above INT64_MAX that fits 64 bits unsigned.
  bool is_number_unsigned() const;
  /// A number that is not an integer of 64 bits (a fraction, an exponent, or too many digits).
  bool is_number_float() const { return is_number() && !is_number_integer(); }

  bool boolean() const;
  /// A number as a double (integers converted, tiny numbers as ±0); 0 for anything else.
  double number() const;
  /// An integer number as int64 (an unsigned one above INT64_MAX wraps, as nlohmann's did).
  std::int64_t integer() const;
  std::uint64_t unsigned_integer() const;
  /// A string decoded; empty for anything else.
  std::string_view string() const;
  /// A number as written in the text.
  std::string_view literal() const;

  /// Elements of an array, distinct members of an object; 0 otherwise.
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  /// The element at `index` of an array, or none.
  JsonValue operator[](std::size_t index) const;
  /// The value of member `key` of an object (the last one written, when the key repeats), or none.
  JsonValue find(std::string_view key) const;
  bool contains(std::string_view key) const { return static_cast<bool>(find(key)); }

  /// Compact JSON, byte for byte as nlohmann::json::dump() writes it (keys sorted).
  std::string dump() const;
  /// Where the value starts in the text.
  std::size_t offset() const;

  class ElementIterator;
  class MemberIterator;
  template <typename Iterator>
  struct Range {
    Iterator first, last;
    Iterator begin() const { return first; }
    Iterator end() const { return last; }
  };
  /// The elements of an array in order; nothing for anything else.
  Range<ElementIterator> elements() const;
  /// The members of an object in document order, each key once (where its last value is).
  Range<MemberIterator> members() const;
  /// The members of an object sorted by key, as nlohmann::json iterated them.
  std::vector<JsonKeyValue> sorted_members() const;

  /// Whether the value is missing, as for the pointer it stands in for.
  friend bool operator==(const JsonValue& value, std::nullptr_t) { return !value; }

 private:
  friend class JsonDocument;
  JsonValue(const JsonDocument* document, std::uint32_t node) : document_(document), node_(node) {}
  const JsonDocument* document_ = nullptr;
  std::uint32_t node_ = 0;
};

/// One member of an object.
struct JsonKeyValue {
  std::string_view key;
  JsonValue value;
};

class JsonValue::ElementIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = JsonValue;
  using difference_type = std::ptrdiff_t;
  using pointer = const JsonValue*;
  using reference = JsonValue;
  ElementIterator() = default;
  JsonValue operator*() const { return JsonValue(document_, node_); }
  ElementIterator& operator++();
  ElementIterator operator++(int) {
    ElementIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const ElementIterator& other) const { return node_ == other.node_; }

 private:
  friend class JsonValue;
  ElementIterator(const JsonDocument* document, std::uint32_t node) : document_(document), node_(node) {}
  const JsonDocument* document_ = nullptr;
  std::uint32_t node_ = 0;
};

class JsonValue::MemberIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = JsonKeyValue;
  using difference_type = std::ptrdiff_t;
  using pointer = const JsonKeyValue*;
  using reference = JsonKeyValue;
  MemberIterator() = default;
  JsonKeyValue operator*() const;
  MemberIterator& operator++();
  MemberIterator operator++(int) {
    MemberIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const MemberIterator& other) const { return key_ == other.key_; }

 private:
  friend class JsonValue;
  MemberIterator(const JsonDocument* document, std::uint32_t key, std::uint32_t end);
  void skip_replaced();
  const JsonDocument* document_ = nullptr;
  std::uint32_t key_ = 0, end_ = 0;
};

struct DuplicateKey {
  std::string pointer;      ///< RFC 6901 pointer of the member that appears twice
  SourcePosition position;  ///< where the later occurrence starts
  SourcePosition first;     ///< where the earlier occurrence starts
};

/// A parsed JSON text. Member positions are where the key starts; array elements and the root
/// have only a value position. The text it was parsed from must outlive it.
/// Whether two values are equal as nlohmann::json compared them (1 == 1.0, objects by key).
bool same_json(JsonValue a, JsonValue b);

/// The value as nlohmann::json, for dump() and comparisons (and tests of whole values).
nlohmann::json to_nlohmann(JsonValue value);

class JsonDocument {
 public:
  JsonValue root() const { return nodes_.empty() ? JsonValue() : JsonValue(this, 0); }
  /// The text parsed, after any byte-order mark.
  std::string_view text() const { return text_; }

  /// The value at an RFC 6901 pointer, or none.
  JsonValue find(std::string_view pointer) const;
  /// Where the member at `pointer` starts (its key). Nothing for the root, array elements and
  /// pointers not in the document.
  std::optional<SourcePosition> member_position(std::string_view pointer) const;
  /// Where the value at `pointer` starts.
  std::optional<SourcePosition> value_position(std::string_view pointer) const;
  /// The line and column of a byte offset into the text.
  SourcePosition position_at(std::size_t offset) const;

  std::vector<DuplicateKey> duplicates;  ///< in text order; the last occurrence's value is kept
  bool had_byte_order_mark = false;

  // The node layout, for the parser.
  enum Flag : std::uint8_t {
    kEscaped = 1,   // strings and keys: `size` indexes unescaped_spans_
    kReplaced = 2,  // keys: a later member of the object has the same key
    kFlat = 4,      // arrays: every element is a scalar, so element i is node + 1 + i
    kIndexed = 8,   // objects: the first key's `next` starts the object's run in sorted_keys_
    kInteger = 16,  // numbers: an int64
    kUnsigned = 32  // numbers: a uint64 above INT64_MAX
  };
  static constexpr std::uint8_t kKey = 6;  // the node kind of a member's key (a string)
  struct Node {
    std::uint32_t offset;  // where the value (or key) starts in the text
    std::uint8_t kind;     // a JsonType, or kKey
    std::uint8_t flags;
    std::uint16_t unused;
    std::uint32_t size;  // strings: bytes between the quotes; numbers: the literal's length;
                         // booleans: 0 or 1; arrays: elements; objects: distinct members
    std::uint32_t next;  // values: the node after the value's subtree; keys: see kIndexed
  };
  static_assert(sizeof(Node) == 16);

 private:
  friend class JsonValue;
  friend class JsonParser;
  std::string_view key_of(std::uint32_t node) const;
  std::uint32_t find_node(std::string_view pointer) const;
  void index_lines();

  std::string_view text_;
  std::vector<Node> nodes_;
  std::string unescaped_;  // decoded strings that had escapes, one after another
  struct Span {
    std::uint32_t start, size;
  };
  std::vector<Span> unescaped_spans_;
  std::vector<std::uint32_t> sorted_keys_;  // key nodes of objects with many members, sorted by key
  // Every kElementStride-th element of arrays whose elements are not all single nodes, so that
  // element i is at most kElementStride - 1 steps away; found by the array's node.
  static constexpr std::uint32_t kElementStride = 8;
  std::vector<std::uint32_t> element_index_;
  struct IndexedArray {
    std::uint32_t node, start;
  };
  std::vector<IndexedArray> indexed_arrays_;  // sorted by node
  std::vector<std::uint32_t> line_starts_;
  static constexpr std::size_t kColumnBlock = 64;
  std::vector<std::uint32_t> column_marks_;  // the column at every kColumnBlock-th byte; empty on short lines
};

}  // namespace dlcheck
