#pragma once
// A strict RFC 8259 JSON parser that remembers where every member and value starts.
// nlohmann's parser cannot report positions of values or duplicate keys, and students need both.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "text/position.hpp"

namespace dlcheck {

struct ParseLimits {
  std::size_t max_depth = 256;  ///< nesting deeper than this is refused, never a stack overflow
  /// Accept the bare tokens NaN, Infinity and -Infinity as numbers, as Python's json.dump
  /// writes them (Hugging Face trainer_state.json). Never for evidence files.
  bool allow_non_finite = false;
  /// Accept numbers beyond a double's range (1e400), read as ±Infinity: for JSON Lines rows whose
  /// values are compared as written text (predictions). Never for evidence files.
  bool allow_huge_numbers = false;
};

struct DuplicateKey {
  std::string pointer;      ///< RFC 6901 pointer of the member that appears twice
  SourcePosition position;  ///< where the later occurrence starts
  SourcePosition first;     ///< where the earlier occurrence starts
};

/// Where the members and values of a parsed text start, found by JSON pointer. Built while
/// parsing from offsets alone: pointer strings and line:column are made only when a finding
/// asks, since most values never need a position.
class JsonPositions {
 public:
  static constexpr std::uint32_t kNoNode = static_cast<std::uint32_t>(-1);

  explicit JsonPositions(std::string text = {});

  /// Where the member at `pointer` starts (its key). Nothing for the root, array elements and
  /// pointers not in the document.
  std::optional<SourcePosition> member(std::string_view pointer) const;
  /// Where the value at `pointer` starts.
  std::optional<SourcePosition> value(std::string_view pointer) const;
  /// The line and column of a byte offset into the text (after any byte-order mark).
  SourcePosition at(std::size_t offset) const;

  // Used by the parser. A repeated key replaces the earlier member, whose node id it returns
  // in `replaced` so that the caller can report the duplicate.
  std::uint32_t add_root();
  std::uint32_t add_member(std::uint32_t parent, std::string_view key, std::size_t key_offset, std::uint32_t& replaced);
  std::uint32_t add_element(std::uint32_t parent, std::size_t index);
  void set_value_offset(std::uint32_t node, std::size_t offset) { nodes_[node].value_offset = offset; }
  std::size_t key_offset(std::uint32_t node) const { return nodes_[node].key_offset; }
  std::string pointer(std::uint32_t node) const;  ///< the RFC 6901 pointer of a node
  void finish();                                  ///< indexes the line starts, once the text is parsed

 private:
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);
  struct Node {
    std::uint64_t hash;
    std::size_t key_start;   // members: where the key is in keys_; elements: the index
    std::size_t key_length;  // members only
    std::size_t key_offset = kNoOffset;
    std::size_t value_offset = kNoOffset;
    std::uint32_t parent;
    bool element;
    bool replaced = false;  // by a later member with the same key
  };
  std::uint32_t find_node(std::string_view pointer) const;
  std::uint32_t find_child(std::uint32_t parent, std::string_view key) const;
  std::uint32_t find_element(std::uint32_t parent, std::size_t index) const;
  std::uint32_t insert(Node node, std::string_view key, std::uint32_t& replaced);
  void grow();

  std::string text_;
  std::string keys_;  // every member key, unescaped, one after another
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> slots_;  // node ids by hash of (parent, key or index); a power of two
  std::vector<std::size_t> line_starts_;
  static constexpr std::size_t kColumnBlock = 64;
  void mark_columns();
  std::vector<std::uint32_t> column_marks_;  // the column at every kColumnBlock-th byte; empty on short lines
};

/// A parsed JSON text. Member pointers map to the start of the member's key; array elements
/// and the root map to the start of their value.
struct JsonDocument {
  nlohmann::json root;
  JsonPositions positions;
  std::vector<DuplicateKey> duplicates;  ///< in text order; the last occurrence's value is kept
  bool had_byte_order_mark = false;

  std::optional<SourcePosition> member_position(std::string_view pointer) const { return positions.member(pointer); }
  std::optional<SourcePosition> value_position(std::string_view pointer) const { return positions.value(pointer); }
};

struct JsonParseError {
  std::string message;
  SourcePosition position;
  bool too_deep = false;  ///< the nesting went past ParseLimits::max_depth
};

using JsonParseResult = std::variant<JsonDocument, JsonParseError>;

/// The error's message for a checked file: a nesting error also names --max-depth, which raises it.
std::string checked_file_message(const JsonParseError& error);

/// Parses a whole JSON text. A leading UTF-8 byte-order mark is skipped.
JsonParseResult parse_json(std::string_view text, const ParseLimits& limits = {});

/// Whether a decimal number ("1e-400", "0.000…1") that std::from_chars finds out of range is
/// too small for a double, and so rounds to zero, rather than too large.
bool underflows_double(std::string_view literal);

/// Appends a code point (below U+110000, not a surrogate) to `out` in UTF-8.
void append_utf8(std::string& out, std::uint32_t code_point);

/// Appends "/" and the escaped `key` to `pointer`: a child's pointer without a temporary.
void append_pointer_token(std::string& pointer, std::string_view key);
/// Appends "/" and an array index to `pointer`.
void append_pointer_index(std::string& pointer, std::size_t index);

/// Escapes one reference token for an RFC 6901 JSON pointer ("~" → "~0", "/" → "~1").
std::string escape_pointer_token(std::string_view token);

/// Unescapes one reference token ("~1" → "/", "~0" → "~").
std::string unescape_pointer_token(std::string_view token);

/// A reference token as an array index: digits without a leading zero. Nothing otherwise.
std::optional<std::size_t> pointer_array_index(std::string_view token);

/// The pointer of a member of (or element in) the value at `parent`.
std::string child_pointer(std::string_view parent, std::string_view key);
std::string child_pointer(std::string_view parent, std::size_t index);

}  // namespace dlcheck
