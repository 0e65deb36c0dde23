#pragma once
// Reading JSON Lines rows: each line one object, parsed once, with where each value starts.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_parser.hpp"

namespace dlcheck {

enum class JsonKind { missing, null, boolean, number, string, array, object };

/// One member of a row's top-level object.
struct JsonMember {
  std::string key;
  JsonKind kind = JsonKind::missing;
  /// A string decoded; a number as written (the integer -0 as 0; NaN, Infinity and -Infinity
  /// where allowed); "true" or "false"; an array or object as compact JSON; empty for null.
  std::string text;
  std::size_t offset = 0;  ///< byte offset of the value in the text it was read from
};

/// Parses JSON Lines rows exactly as parse_json parses each line (the same limits, errors and
/// positions), keeping only the members of the top-level object. Most rows are read in one scan
/// without allocating; a row with a nested value kept, or an error, goes through parse_json.
class JsonRowReader {
 public:
  explicit JsonRowReader(const ParseLimits& limits = {}) : limits_(limits) {}

  /// Keeps every member, in order of first appearance; a repeated key keeps its last value.
  void keep_all();
  /// Keeps only these members, in this order; a row without one has it as JsonKind::missing.
  void keep(const std::vector<std::string>& keys);

  /// Parses one line; false when it is not valid JSON, with error() saying why and where.
  bool parse(std::string_view line);
  /// Whether the last line parsed was an object; members() is empty otherwise.
  bool is_object() const { return is_object_; }
  std::span<const JsonMember> members() const { return {members_.data(), count_}; }
  const JsonParseError& error() const { return error_; }

 private:
  bool scan_flat(std::string_view line, std::size_t base);
  void take_members(const JsonDocument& document, std::size_t base);
  JsonMember* member_for(std::string_view key);
  void reset();

  ParseLimits limits_;
  bool keep_all_ = true;
  bool is_object_ = false;
  std::vector<JsonMember> members_;  // the first count_ are this row's; the rest keep their capacity
  std::size_t count_ = 0;
  std::string key_buffer_, value_buffer_;  // escaped keys and strings, decoded
  JsonParseError error_;
};

/// The members of an object as a row's members: in the order of their keys (as nlohmann::json
/// kept them), each with its value's offset in the text parsed.
std::vector<JsonMember> members_of(JsonValue object);

/// The value of a JSON number member's text: NaN and ±Infinity as written, tiny numbers as ±0,
/// huge ones (where allowed) as ±Infinity.
double json_number_value(std::string_view text);

}  // namespace dlcheck
