// Tests for the JSON Lines row reader: one parse per row, parse_json's errors and positions.

#include "json/json_lines.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

using namespace dlcheck;

namespace {

/// "key kind text @offset" for each member of the row, failing the test when it is not valid.
std::vector<std::string> members_of_row(JsonRowReader& reader, std::string_view line) {
  if (!reader.parse(line)) FAIL("unexpected error: " << reader.error().message);
  static constexpr const char* kKinds[] = {"missing", "null", "boolean", "number", "string", "array", "object"};
  std::vector<std::string> out;
  for (const JsonMember& member : reader.members()) {
    out.push_back(member.key + " " + kKinds[static_cast<int>(member.kind)] + " " + member.text + " @" +
                  std::to_string(member.offset));
  }
  return out;
}

std::vector<std::string> members_of_row(std::string_view line, const ParseLimits& limits = {}) {
  JsonRowReader reader(limits);
  return members_of_row(reader, line);
}

/// The error of a row, which must be parse_json's own.
JsonParseError row_error(std::string_view line, const ParseLimits& limits = {}) {
  JsonRowReader reader(limits);
  if (reader.parse(line)) FAIL("expected an error");
  const auto parsed = parse_json(line, limits);
  REQUIRE(std::holds_alternative<JsonParseError>(parsed));
  CHECK(reader.error().message == std::get<JsonParseError>(parsed).message);
  CHECK(reader.error().position.column == std::get<JsonParseError>(parsed).position.column);
  return reader.error();
}

}  // namespace

TEST_CASE("json lines: the members of a flat row, in order, with their offsets", "[json_lines]") {
  CHECK(members_of_row(R"({"id": "a", "label": 3, "p": -0.5e2, "ok": true, "none": null})") ==
        std::vector<std::string>{"id string a @7", "label number 3 @21", "p number -0.5e2 @29", "ok boolean true @43",
                                 "none null  @57"});
  CHECK(members_of_row("  {}  ").empty());
}

TEST_CASE("json lines: numbers are kept as written, but the integer -0 is 0", "[json_lines]") {
  CHECK(members_of_row(R"({"a": -0, "b": -0.0, "c": 1E2, "d": 12345678901234567890123})") ==
        std::vector<std::string>{"a number 0 @6", "b number -0.0 @15", "c number 1E2 @26",
                                 "d number 12345678901234567890123 @36"});
  CHECK(json_number_value("-0.0") == 0.0);
  CHECK(std::signbit(json_number_value("-0.0")));
  CHECK(json_number_value("1e-400") == 0.0);
  CHECK(json_number_value("1E2") == 100.0);
  CHECK(std::isnan(json_number_value("NaN")));
  CHECK(json_number_value("-Infinity") == -INFINITY);
  CHECK(json_number_value("1e400") == INFINITY);
}

TEST_CASE("json lines: escaped strings are decoded, in keys too", "[json_lines]") {
  CHECK(members_of_row(R"({"t\u0065xt": "caf\u00e9 \"ok\"\n\ud83d\ude00\/"})") ==
        std::vector<std::string>{"text string café \"ok\"\n😀/ @14"});
}

TEST_CASE("json lines: a repeated key keeps its last value and its first place", "[json_lines]") {
  CHECK(members_of_row(R"({"a": 1, "b": 2, "a": "x"})") ==
        std::vector<std::string>{"a string x @22", "b number 2 @14"});
  // The same through parse_json, which a nested value kept sends the row to.
  CHECK(members_of_row(R"({"a": 1, "b": [2], "a": "x"})") ==
        std::vector<std::string>{"a string x @24", "b array [2] @14"});
}

TEST_CASE("json lines: nested values kept are compact JSON, those not kept are checked and skipped", "[json_lines]") {
  CHECK(members_of_row(R"({"p": [ 0.1, {"k": null} ], "q": {}})") ==
        std::vector<std::string>{"p array [0.1,{\"k\":null}] @6", "q object {} @33"});
  JsonRowReader reader;
  reader.keep({"label", "id"});
  CHECK(members_of_row(reader, R"({"probs": [0.1, [0.2, {"x": "\u00e9"}]], "label": "cat"})") ==
        std::vector<std::string>{"label string cat @50", "id missing  @0"});
  CHECK(members_of_row(reader, R"({"id": 7})") == std::vector<std::string>{"label missing  @0", "id number 7 @7"});
  CHECK_FALSE(reader.parse(R"({"probs": [0.1,], "label": "cat"})"));
  CHECK(reader.error().message == "trailing comma before ']'");
}

TEST_CASE("json lines: a value that is not an object is valid, but has no members", "[json_lines]") {
  JsonRowReader reader;
  REQUIRE(reader.parse("[1, 2]"));
  CHECK_FALSE(reader.is_object());
  CHECK(reader.members().empty());
  REQUIRE(reader.parse(R"({"a": 1})"));
  CHECK(reader.is_object());
}

TEST_CASE("json lines: errors are parse_json's, with its positions", "[json_lines]") {
  CHECK(row_error(R"({"a": 1)").message == "unexpected end of file, expected ',' or '}' after a member");
  CHECK(row_error(R"({"a": 01})").message == "numbers must not have leading zeros");
  CHECK(row_error(R"({"a": "\udc00"})").message == "invalid \\u escape: a lone low surrogate");
  CHECK(row_error(R"({"a": "\ud83d"})").message == "invalid \\u escape: a high surrogate without its low half");
  CHECK(row_error("{\"a\": \"\xff\"}").message == "invalid UTF-8 (byte 0xFF) inside a string");
  CHECK(row_error(R"({"a": 1} x)").message == "unexpected character 'x' after the JSON value");
  CHECK(row_error(R"({"a": NaN})").message == "NaN and Infinity are not valid JSON numbers");
  CHECK(row_error(R"({"a": 1e400})").message == "number 1e400 is too large for a double");
  const JsonParseError deep = row_error(R"({"a": [[1]]})", {.max_depth = 2});
  CHECK(deep.message == "nesting is deeper than 2 levels");
  CHECK(deep.too_deep);
  CHECK(deep.position.column == 8);
}

TEST_CASE("json lines: NaN and huge numbers where the limits allow them", "[json_lines]") {
  CHECK(members_of_row(R"({"a": NaN, "b": -Infinity})", {.allow_non_finite = true}) ==
        std::vector<std::string>{"a number NaN @6", "b number -Infinity @16"});
  CHECK(members_of_row(R"({"a": -1e400, "b": [1e400]})", {.allow_huge_numbers = true}) ==
        std::vector<std::string>{"a number -1e400 @6", "b array [null] @19"});
}

TEST_CASE("json lines: offsets index the line, a byte-order mark included", "[json_lines]") {
  CHECK(members_of_row("\xEF\xBB\xBF{\"a\": 1}") == std::vector<std::string>{"a number 1 @9"});
  CHECK(members_of_row("\xEF\xBB\xBF{\"a\": [1]}") == std::vector<std::string>{"a array [1] @9"});
}

TEST_CASE("json lines: a wide row keeps every member", "[json_lines]") {
  std::string line = "{";
  for (int i = 0; i < 200; ++i) line += (i ? ", \"k" : "\"k") + std::to_string(i) + "\": " + std::to_string(i);
  line += ", \"k0\": \"last\"}";
  JsonRowReader reader;
  REQUIRE(reader.parse(line));
  REQUIRE(reader.members().size() == 200);
  CHECK(reader.members()[0].key == "k0");
  CHECK(reader.members()[0].text == "last");
  CHECK(reader.members()[199].key == "k199");
}
