#pragma once
// A strict RFC 8259 JSON parser that remembers where every member and value starts.
// nlohmann's parser cannot report positions of values or duplicate keys, and students need both;
// and its tree costs dozens of times the text, which a hostile file can exploit.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "json/json_document.hpp"
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

struct JsonParseError {
  std::string message;
  SourcePosition position;
  bool too_deep = false;  ///< the nesting went past ParseLimits::max_depth
};

using JsonParseResult = std::variant<JsonDocument, JsonParseError>;

/// The error's message for a checked file: a nesting error also names --max-depth, which raises it.
std::string checked_file_message(const JsonParseError& error);

/// Parses a whole JSON text. A leading UTF-8 byte-order mark is skipped. The document refers to
/// `text`, which must outlive it.
JsonParseResult parse_json(std::string_view text, const ParseLimits& limits = {});
JsonParseResult parse_json(const char* text, const ParseLimits& limits = {});
/// A temporary text would leave the document dangling.
JsonParseResult parse_json(std::string&& text, const ParseLimits& limits = {}) = delete;

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
