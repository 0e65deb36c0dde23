#pragma once
// A strict RFC 8259 JSON parser that remembers where every member and value starts.
// nlohmann's parser cannot report positions of values or duplicate keys, and students need both.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace dlcheck {

/// A place in a text: 1-based line and column (columns count characters, not bytes).
struct SourcePosition {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;  ///< byte offset into the text, after any byte-order mark
};

struct ParseLimits {
  std::size_t max_depth = 256;  ///< nesting deeper than this is refused, never a stack overflow
  /// Accept the bare tokens NaN, Infinity and -Infinity as numbers, as Python's json.dump
  /// writes them (Hugging Face trainer_state.json). Never for evidence files.
  bool allow_non_finite = false;
};

struct DuplicateKey {
  std::string pointer;  ///< RFC 6901 pointer of the member that appears twice
  SourcePosition position;  ///< where the later occurrence starts
  SourcePosition first;     ///< where the earlier occurrence starts
};

/// A parsed JSON text. Member pointers map to the start of the member's key; array elements
/// and the root map to the start of their value.
struct JsonDocument {
  nlohmann::json root;
  std::unordered_map<std::string, SourcePosition> member_positions;
  std::unordered_map<std::string, SourcePosition> value_positions;
  std::vector<DuplicateKey> duplicates;  ///< in text order; the last occurrence's value is kept
  bool had_byte_order_mark = false;
};

struct JsonParseError {
  std::string message;
  SourcePosition position;
};

using JsonParseResult = std::variant<JsonDocument, JsonParseError>;

/// Parses a whole JSON text. A leading UTF-8 byte-order mark is skipped.
JsonParseResult parse_json(std::string_view text, const ParseLimits& limits = {});

/// Escapes one reference token for an RFC 6901 JSON pointer ("~" → "~0", "/" → "~1").
std::string escape_pointer_token(std::string_view token);

/// The pointer of a member of (or element in) the value at `parent`.
std::string child_pointer(std::string_view parent, std::string_view key);
std::string child_pointer(std::string_view parent, std::size_t index);

}  // namespace dlcheck
