// Tests for the strict JSON parser: positions, duplicates, strictness, numbers, limits.

#include "json/json_parser.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "text/source_text.hpp"

using namespace dlcheck;

namespace {

/// "line:column", so that a failed comparison prints something readable.
std::string at(const SourcePosition& position) {
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

std::string member_at(const JsonDocument& doc, const std::string& pointer) {
  const auto found = doc.member_position(pointer);
  return found ? at(*found) : "missing";
}

std::string value_at(const JsonDocument& doc, const std::string& pointer) {
  const auto found = doc.value_position(pointer);
  return found ? at(*found) : "missing";
}

// The document refers to its text, which lives to the end of the tests.
JsonDocument parse_ok(std::string_view text, const ParseLimits& limits = {}) {
  static std::deque<std::string> texts;
  auto result = parse_json(texts.emplace_back(text), limits);
  if (const auto* error = std::get_if<JsonParseError>(&result)) {
    FAIL("unexpected parse error at " << at(error->position) << ": " << error->message);
  }
  return std::get<JsonDocument>(std::move(result));
}

// The document as nlohmann::json, to compare whole values.
nlohmann::json tree(JsonValue value) { return dlcheck::to_nlohmann(value); }

nlohmann::json tree(const JsonDocument& doc) { return tree(doc.root()); }

JsonParseError parse_error(std::string_view text, const ParseLimits& limits = {}) {
  auto result = parse_json(text, limits);
  if (std::holds_alternative<JsonDocument>(result)) FAIL("expected a parse error, but the text parsed");
  return std::get<JsonParseError>(std::move(result));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Positions

TEST_CASE("json_parser: member and value positions on one line", "[json_parser]") {
  //                          1234567890123456789012
  const auto doc = parse_ok(R"({"a": 1, "b": [true, null]})");
  CHECK(value_at(doc, "") == "1:1");
  CHECK(doc.value_position("").value().offset == 0);
  CHECK(member_at(doc, "/a") == "1:2");
  CHECK(value_at(doc, "/a") == "1:7");
  CHECK(member_at(doc, "/b") == "1:10");
  CHECK(doc.member_position("/b").value().offset == 9);
  CHECK(value_at(doc, "/b") == "1:15");
  CHECK(value_at(doc, "/b/0") == "1:16");
  CHECK(value_at(doc, "/b/1") == "1:22");
  // Array elements have no key, so they only have value positions.
  CHECK_FALSE(doc.member_position("/b/0"));
  CHECK_FALSE(doc.member_position(""));
  // Pointers that name nothing in the document have no position.
  CHECK_FALSE(doc.value_position("/c"));
  CHECK_FALSE(doc.value_position("/b/2"));
  CHECK_FALSE(doc.value_position("/b/01"));
  CHECK_FALSE(doc.value_position("/a/0"));
  CHECK_FALSE(doc.value_position("b"));
  CHECK(tree(doc) == nlohmann::json::parse(R"({"a": 1, "b": [true, null]})"));
  CHECK(doc.duplicates.empty());
  CHECK_FALSE(doc.had_byte_order_mark);
}

TEST_CASE("json_parser: positions across lines and nesting", "[json_parser]") {
  const auto doc = parse_ok(
      "{\n"
      "  \"name\": \"x\",\n"
      "  \"nested\": {\n"
      "    \"deep\": [1,\n"
      "      2]\n"
      "  }\n"
      "}\n");
  CHECK(member_at(doc, "/name") == "2:3");
  CHECK(value_at(doc, "/name") == "2:11");
  CHECK(member_at(doc, "/nested") == "3:3");
  CHECK(value_at(doc, "/nested") == "3:13");
  CHECK(member_at(doc, "/nested/deep") == "4:5");
  CHECK(value_at(doc, "/nested/deep") == "4:13");
  CHECK(value_at(doc, "/nested/deep/0") == "4:14");
  CHECK(value_at(doc, "/nested/deep/1") == "5:7");
  CHECK(tree(doc)["nested"]["deep"] == nlohmann::json::array({1, 2}));
}

TEST_CASE("json_parser: root position skips leading white space", "[json_parser]") {
  const auto doc = parse_ok("\n\n   [1]");
  CHECK(value_at(doc, "") == "3:4");
  CHECK(doc.value_position("").value().offset == 5);
  CHECK(value_at(doc, "/0") == "3:5");
}

TEST_CASE("json_parser: scalar roots are accepted", "[json_parser]") {
  CHECK(tree(parse_ok("42")) == 42);
  CHECK(tree(parse_ok(" \"s\" ")) == "s");
  CHECK(tree(parse_ok("null")).is_null());
  CHECK(value_at(parse_ok(" true"), "") == "1:2");
}

TEST_CASE("json_parser: columns count UTF-8 characters, not bytes", "[json_parser]") {
  SECTION("two-byte character in a key before another key") {
    // Bytes:   { " é(2) " : _ 1 , _ "      the second key's quote is byte 10 but character 10.
    const auto doc = parse_ok("{\"\xC3\xA9\": 1, \"b\": 2}");
    CHECK(member_at(doc, "/\xC3\xA9") == "1:2");
    CHECK(member_at(doc, "/b") == "1:10");
    CHECK(doc.member_position("/b").value().offset == 10);
    CHECK(value_at(doc, "/b") == "1:15");
    CHECK(doc.value_position("/b").value().offset == 15);
  }
  SECTION("four-byte character in a string value before a key") {
    const auto doc = parse_ok("{\"k\": \"\xF0\x9F\x98\x80\", \"z\": 0}");
    CHECK(member_at(doc, "/z") == "1:12");
    CHECK(doc.member_position("/z").value().offset == 14);
    CHECK(value_at(doc, "/z") == "1:17");
    CHECK(tree(doc)["k"] == "\xF0\x9F\x98\x80");
  }
  SECTION("error positions also count characters") {
    const auto error = parse_error("[\"\xE2\x82\xAC\xE2\x82\xAC\", x]");
    CHECK(at(error.position) == "1:8");
    CHECK(error.position.offset == 11);
  }
}

TEST_CASE("json_parser: CRLF counts as one line break", "[json_parser]") {
  const auto doc = parse_ok("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n");
  CHECK(member_at(doc, "/a") == "2:3");
  CHECK(doc.member_position("/a").value().offset == 5);
  CHECK(value_at(doc, "/a") == "2:8");
  CHECK(member_at(doc, "/b") == "3:3");
  CHECK(value_at(doc, "/b") == "3:8");

  SECTION("column restarts at 1 after CRLF") {
    const auto crlf = parse_ok("[1,\r\n2]");
    CHECK(value_at(crlf, "/1") == "2:1");
  }
  SECTION("a lone CR is a line break too") {
    const auto cr = parse_ok("{\r\"a\":1}");
    CHECK(member_at(cr, "/a") == "2:1");
  }
  SECTION("error after CRLF lines") {
    const auto error = parse_error("{\r\n  \"a\": 1,\r\n  \"b\": 2,\r\n}");
    CHECK(error.message == "trailing comma before '}'");
    CHECK(at(error.position) == "3:9");
  }
}

TEST_CASE("json_parser: leading byte-order mark is skipped", "[json_parser]") {
  const auto with = parse_ok("\xEF\xBB\xBF{\"a\": [1]}");
  const auto without = parse_ok("{\"a\": [1]}");
  CHECK(with.had_byte_order_mark);
  CHECK_FALSE(without.had_byte_order_mark);
  CHECK(tree(with) == tree(without));
  CHECK(value_at(with, "") == "1:1");
  CHECK(with.value_position("").value().offset == 0);
  CHECK(member_at(with, "/a") == "1:2");
  CHECK(with.member_position("/a").value().offset == 1);
  CHECK(value_at(with, "/a/0") == "1:8");
  CHECK(with.value_position("/a/0").value().offset == without.value_position("/a/0").value().offset);

  SECTION("error positions ignore the mark") {
    const auto error = parse_error("\xEF\xBB\xBF{\"a\": 1,}");
    CHECK(error.message == "trailing comma before '}'");
    CHECK(at(error.position) == "1:8");  // at the comma, not at the '}'
    CHECK(error.position.offset == 7);
  }
  SECTION("a mark alone is an empty file") {
    const auto error = parse_error("\xEF\xBB\xBF");
    CHECK(error.message == "the file is empty: expected a JSON object");
    CHECK(at(error.position) == "1:1");
  }
  SECTION("a mark after the value is not skipped") {
    const auto error = parse_error("{}\xEF\xBB\xBF");
    CHECK(error.message == "unexpected byte 0xEF after the JSON value");
    CHECK(at(error.position) == "1:3");
  }
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys

TEST_CASE("json_parser: duplicate key records both positions", "[json_parser]") {
  const auto doc = parse_ok(
      "{\"a\": {\"x\": 1, \"y\": [2]},\n"
      " \"b\": 0,\n"
      " \"a\": {\"z\": 3}}");
  REQUIRE(doc.duplicates.size() == 1);
  CHECK(doc.duplicates[0].pointer == "/a");
  CHECK(at(doc.duplicates[0].first) == "1:2");
  CHECK(at(doc.duplicates[0].position) == "3:2");

  SECTION("the last value is kept") {
    CHECK(tree(doc)["a"] == nlohmann::json{{"z", 3}});
    CHECK(tree(doc)["b"] == 0);
  }
  SECTION("positions point at the kept copy") {
    CHECK(member_at(doc, "/a") == "3:2");
    CHECK(value_at(doc, "/a") == "3:7");
    CHECK(member_at(doc, "/a/z") == "3:8");
    CHECK(member_at(doc, "/b") == "2:2");
  }
  SECTION("stale nested positions of the first copy are forgotten") {
    CHECK_FALSE(doc.member_position("/a/x"));
    CHECK_FALSE(doc.member_position("/a/y"));
    CHECK_FALSE(doc.value_position("/a/x"));
    CHECK_FALSE(doc.value_position("/a/y"));
    CHECK_FALSE(doc.value_position("/a/y/0"));
  }
}

TEST_CASE("json_parser: repeated duplicates are listed in text order", "[json_parser]") {
  const auto doc = parse_ok(R"({"k":1,"k":2,"k":3})");
  REQUIRE(doc.duplicates.size() == 2);
  CHECK(doc.duplicates[0].pointer == "/k");
  CHECK(at(doc.duplicates[0].first) == "1:2");
  CHECK(at(doc.duplicates[0].position) == "1:8");
  CHECK(at(doc.duplicates[1].first) == "1:8");
  CHECK(at(doc.duplicates[1].position) == "1:14");
  CHECK(tree(doc)["k"] == 3);
  CHECK(value_at(doc, "/k") == "1:18");
}

TEST_CASE("json_parser: duplicate pointer is escaped and nested", "[json_parser]") {
  const auto doc = parse_ok(R"({"o": [{"a/b": 1, "a/b": 2}]})");
  REQUIRE(doc.duplicates.size() == 1);
  CHECK(doc.duplicates[0].pointer == "/o/0/a~1b");
  CHECK(tree(doc)["o"][0]["a/b"] == 2);
}

TEST_CASE("json_parser: same key in different objects is no duplicate", "[json_parser]") {
  const auto doc = parse_ok(R"({"a": {"x": 1}, "b": {"x": 2}})");
  CHECK(doc.duplicates.empty());
  CHECK(member_at(doc, "/a/x") == "1:8");
  CHECK(member_at(doc, "/b/x") == "1:23");
}

// ---------------------------------------------------------------------------------------------
// Pointers

TEST_CASE("json_parser: member pointers are RFC 6901 escaped", "[json_parser]") {
  const auto doc = parse_ok(R"({"a/b": 1, "m~n": {"~/": 2}, "": 3})");
  CHECK(member_at(doc, "/a~1b") == "1:2");
  CHECK(member_at(doc, "/m~0n") == "1:12");
  CHECK(member_at(doc, "/m~0n/~0~1") == "1:20");
  CHECK(value_at(doc, "/m~0n/~0~1") == "1:26");
  CHECK(member_at(doc, "/") == "1:30");
  CHECK_FALSE(doc.member_position("/a/b"));
  CHECK(tree(doc).at(nlohmann::json::json_pointer("/m~0n/~0~1")) == 2);
}

TEST_CASE("json_parser: escape_pointer_token", "[json_parser]") {
  CHECK(escape_pointer_token("plain") == "plain");
  CHECK(escape_pointer_token("a~b") == "a~0b");
  CHECK(escape_pointer_token("a/b") == "a~1b");
  CHECK(escape_pointer_token("~/") == "~0~1");
  CHECK(escape_pointer_token("~1") == "~01");  // '~' first, so "~1" does not become "/"
  CHECK(escape_pointer_token("") == "");
}

TEST_CASE("json_parser: child_pointer", "[json_parser]") {
  CHECK(child_pointer("", "a") == "/a");
  CHECK(child_pointer("/a", "b/c") == "/a/b~1c");
  CHECK(child_pointer("/a", "x~y") == "/a/x~0y");
  CHECK(child_pointer("", "") == "/");
  CHECK(child_pointer("", std::size_t{0}) == "/0");
  CHECK(child_pointer("/list", std::size_t{12}) == "/list/12");
  std::string pointer = "/a";
  append_pointer_index(pointer, 18446744073709551615u);  // the widest index fits its buffer
  CHECK(pointer == "/a/18446744073709551615");
}

// ---------------------------------------------------------------------------------------------
// Strictness

TEST_CASE("json_parser: long strings keep escapes and UTF-8 wherever they fall", "[json_parser]") {
  // Runs are scanned sixteen bytes at a time: put the special bytes on and around those edges.
  const JsonDocument doc =
      parse_ok(R"({"k": "0123456789abcde\"0123456789abcdef\\x\u00e9 caf\u00e9 éé end of a longer text"})");
  CHECK(tree(doc)["k"] == "0123456789abcde\"0123456789abcdef\\x\u00e9 caf\u00e9 \u00e9\u00e9 end of a longer text");
  const JsonParseError error = parse_error("{\"k\": \"0123456789abcdefghij\tk\"}");
  CHECK(at(error.position) == "1:28");  // the tab, 21st byte of the string
  CHECK(error.message.find("must be escaped") != std::string::npos);
}

TEST_CASE("json_parser: trailing commas are refused", "[json_parser]") {
  SECTION("object") {
    const auto error = parse_error(R"({"a": 1,})");
    CHECK(error.message == "trailing comma before '}'");
    CHECK(at(error.position) == "1:8");  // at the comma, not at the '}'
    CHECK(error.position.offset == 7);
  }
  SECTION("object over lines") {
    const auto error = parse_error("{\n  \"a\": 1,\n}");
    CHECK(error.message == "trailing comma before '}'");
    CHECK(at(error.position) == "2:9");  // the comma's line, not the line of the '}'
  }
  SECTION("array") {
    const auto error = parse_error("[1, 2,]");
    CHECK(error.message == "trailing comma before ']'");
    CHECK(at(error.position) == "1:6");
  }
  SECTION("array over lines, with whitespace after the comma") {
    const auto error = parse_error("[\n  1,\n  2,  \n\n]");
    CHECK(error.message == "trailing comma before ']'");
    CHECK(at(error.position) == "3:4");
  }
}

TEST_CASE("json_parser: comments are refused", "[json_parser]") {
  SECTION("line comment after a member") {
    const auto error = parse_error("{\"a\": 1 // note\n}");
    CHECK(error.message == "comments are not allowed in JSON");
    CHECK(at(error.position) == "1:9");
  }
  SECTION("block comment before the value") {
    const auto error = parse_error("/* header */ {}");
    CHECK(error.message == "comments are not allowed in JSON");
    CHECK(at(error.position) == "1:1");
  }
  SECTION("block comment in place of a value") {
    const auto error = parse_error("{\n  \"a\": /* x */ 1}");
    CHECK(error.message == "comments are not allowed in JSON");
    CHECK(at(error.position) == "2:8");
  }
}

TEST_CASE("json_parser: single quotes are refused", "[json_parser]") {
  SECTION("key") {
    const auto error = parse_error("{'a': 1}");
    CHECK(error.message == "strings must use double quotes in JSON");
    CHECK(at(error.position) == "1:2");
  }
  SECTION("value") {
    const auto error = parse_error(R"({"a": 'x'})");
    CHECK(error.message == "strings must use double quotes in JSON");
    CHECK(at(error.position) == "1:7");
  }
}

TEST_CASE("json_parser: NaN and Infinity are refused", "[json_parser]") {
  SECTION("NaN") {
    const auto error = parse_error(R"({"a": NaN})");
    CHECK(error.message == "NaN and Infinity are not valid JSON numbers");
    CHECK(at(error.position) == "1:7");
  }
  SECTION("Infinity") {
    const auto error = parse_error("[Infinity]");
    CHECK(error.message == "NaN and Infinity are not valid JSON numbers");
    CHECK(at(error.position) == "1:2");
  }
  SECTION("-Infinity") {
    const auto error = parse_error("[-Infinity]");
    CHECK(error.message == "NaN and Infinity are not valid JSON numbers");
    CHECK(at(error.position) == "1:2");
  }
}

TEST_CASE("json_parser: leading zeros are refused", "[json_parser]") {
  SECTION("positive") {
    const auto error = parse_error(R"({"a": 007})");
    CHECK(error.message == "numbers must not have leading zeros");
    CHECK(at(error.position) == "1:7");
  }
  SECTION("negative: position is the minus sign") {
    const auto error = parse_error("[1, -01]");
    CHECK(error.message == "numbers must not have leading zeros");
    CHECK(at(error.position) == "1:5");
  }
  SECTION("a single zero is fine") {
    const auto doc = parse_ok("[0, -0, 0.5, 0e1]");
    CHECK(tree(doc)[0] == 0);
    CHECK(tree(doc)[2] == 0.5);
  }
}

TEST_CASE("json_parser: lone surrogate escapes are refused", "[json_parser]") {
  SECTION("high surrogate alone") {
    const auto error = parse_error(R"(["\ud800"])");
    CHECK(error.message == "invalid \\u escape: a high surrogate without its low half");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("high surrogate followed by a non-surrogate escape") {
    const auto error = parse_error(R"(["ab\ud83d\u0041"])");
    CHECK(error.message == "invalid \\u escape: a high surrogate without its low half");
    CHECK(at(error.position) == "1:5");
  }
  SECTION("high surrogate followed by plain text") {
    const auto error = parse_error(R"(["\ud83dx"])");
    CHECK(error.message == "invalid \\u escape: a high surrogate without its low half");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("low surrogate alone") {
    const auto error = parse_error(R"({"k": "\udc00"})");
    CHECK(error.message == "invalid \\u escape: a lone low surrogate");
    CHECK(at(error.position) == "1:8");
  }
}

TEST_CASE("json_parser: surrogate pair decodes to four UTF-8 bytes", "[json_parser]") {
  const auto doc = parse_ok(R"(["\ud83d\ude00", "\uD83D\uDE00"])");
  CHECK(tree(doc)[0].get<std::string>() == "\xF0\x9F\x98\x80");
  CHECK(tree(doc)[1].get<std::string>() == "\xF0\x9F\x98\x80");
}

TEST_CASE("json_parser: string escapes decode", "[json_parser]") {
  const auto doc = parse_ok(R"(["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC", "\u0000"])");
  CHECK(tree(doc)[0].get<std::string>() == "\"\\/\b\f\n\r\t");
  CHECK(tree(doc)[1].get<std::string>() == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(tree(doc)[2].get<std::string>() == std::string(1, '\0'));

  SECTION("unknown escape") {
    const auto error = parse_error(R"(["a\x"])");
    CHECK(error.message == "invalid escape '\\x' in a string");
    CHECK(at(error.position) == "1:4");
  }
  SECTION("bad hex digit") {
    const auto error = parse_error(R"(["\u12G4"])");
    CHECK(error.message == "invalid \\u escape in a string: expected four hex digits");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("truncated \\u escape") {
    const auto error = parse_error(R"(["\u12)");
    CHECK(error.message == "incomplete \\u escape in a string");
    CHECK(at(error.position) == "1:3");
  }
}

TEST_CASE("json_parser: invalid UTF-8 in strings is refused", "[json_parser]") {
  SECTION("stray 0xFF") {
    const auto error = parse_error("[\"ab\xFF\"]");
    CHECK(error.message == "invalid UTF-8 (byte 0xFF) inside a string");
    CHECK(at(error.position) == "1:5");
  }
  SECTION("overlong encoding") {
    const auto error = parse_error("{\"k\": \"\xC0\xAF\"}");
    CHECK(error.message == "invalid UTF-8 (byte 0xC0) inside a string");
    CHECK(at(error.position) == "1:8");
  }
  SECTION("UTF-8 encoded surrogate") {
    const auto error = parse_error("[\"\xED\xA0\x80\"]");
    CHECK(error.message == "invalid UTF-8 (byte 0xED) inside a string");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("truncated sequence at the closing quote") {
    const auto error = parse_error("[\"\xE2\x82\"]");
    CHECK(error.message == "invalid UTF-8 (byte 0xE2) inside a string");
    CHECK(at(error.position) == "1:3");
  }
}

TEST_CASE("json_parser: raw control characters in strings are refused", "[json_parser]") {
  SECTION("tab") {
    const auto error = parse_error("[\"a\tb\"]");
    CHECK(error.message == "control character U+0009 must be escaped inside a string");
    CHECK(at(error.position) == "1:4");
  }
  SECTION("newline") {
    const auto error = parse_error("{\"a\": \"line\nbreak\"}");
    CHECK(error.message == "control character U+000A must be escaped inside a string");
    CHECK(at(error.position) == "1:12");
  }
  SECTION("escape character") {
    const auto error = parse_error("[\"\x1b[31m\"]");
    CHECK(error.message == "control character U+001B must be escaped inside a string");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("DEL is allowed raw by RFC 8259") { CHECK(tree(parse_ok("[\"\x7f\"]"))[0].get<std::string>() == "\x7f"); }
}

TEST_CASE("json_parser: text after the value is refused", "[json_parser]") {
  SECTION("word after object") {
    const auto error = parse_error("{} x");
    CHECK(error.message == "unexpected character 'x' after the JSON value");
    CHECK(at(error.position) == "1:4");
  }
  SECTION("second value on the next line") {
    const auto error = parse_error("{\"a\":1}\n}");
    CHECK(error.message == "unexpected character '}' after the JSON value");
    CHECK(at(error.position) == "2:1");
  }
  SECTION("trailing white space is fine") { CHECK(tree(parse_ok("{}\n\r\n\t ")) == nlohmann::json::object()); }
}

TEST_CASE("json_parser: structural errors name what was expected", "[json_parser]") {
  SECTION("missing colon") {
    const auto error = parse_error(R"({"a" 1})");
    CHECK(error.message == "unexpected character '1', expected ':' after the member name");
    CHECK(at(error.position) == "1:6");
  }
  SECTION("missing comma in array") {
    const auto error = parse_error("[1 2]");
    CHECK(error.message == "unexpected character '2', expected ',' or ']' after an array element");
    CHECK(at(error.position) == "1:4");
  }
  SECTION("missing comma in object") {
    const auto error = parse_error("{\"a\": 1 \"b\": 2}");
    CHECK(error.message == "unexpected character '\"', expected ',' or '}' after a member");
    CHECK(at(error.position) == "1:9");
  }
  SECTION("end of file inside an object") {
    const auto error = parse_error("{\"a\": ");
    CHECK(error.message == "unexpected end of file, expected a value");
    CHECK(at(error.position) == "1:7");
  }
  SECTION("unterminated string points at its opening quote") {
    const auto error = parse_error("[\n  \"abc");
    CHECK(error.message == "unexpected end of file inside a string");
    CHECK(at(error.position) == "2:3");
  }
  SECTION("misspelt literal") {
    const auto error = parse_error("[tru]");
    CHECK(error.message == "unexpected character 't', expected a value");
    CHECK(at(error.position) == "1:2");
  }
  SECTION("minus without digits") {
    const auto error = parse_error("[-]");
    CHECK(error.message == "unexpected character ']', expected a digit after '-'");
    CHECK(at(error.position) == "1:3");
  }
  SECTION("decimal point without digits") {
    const auto error = parse_error("[1.]");
    CHECK(error.message == "unexpected character ']', expected a digit after the decimal point");
    CHECK(at(error.position) == "1:4");
  }
}

TEST_CASE("json_parser: empty text is refused", "[json_parser]") {
  const auto error = parse_error("");
  CHECK(error.message == "the file is empty: expected a JSON object");
  CHECK(at(error.position) == "1:1");
  CHECK(error.position.offset == 0);
}

TEST_CASE("json_parser: white-space-only text is refused", "[json_parser]") {
  const auto error = parse_error(" \n\t ");
  CHECK(error.message == "the file holds only white space: expected a JSON object");
  CHECK(at(error.position) == "2:3");
  CHECK(error.position.offset == 4);
}

// ---------------------------------------------------------------------------------------------
// Numbers

TEST_CASE("json_parser: integers stay integers", "[json_parser]") {
  const auto doc = parse_ok("[0, -7, 42, 9223372036854775807, -9223372036854775808, 1.0, 1e2, -0.5]");
  for (int i = 0; i < 5; ++i) {
    INFO("element " << i);
    CHECK(tree(doc)[i].is_number_integer());
    CHECK_FALSE(tree(doc)[i].is_number_float());
  }
  CHECK(tree(doc)[1].get<std::int64_t>() == -7);
  CHECK(tree(doc)[2].get<std::int64_t>() == 42);
  CHECK(tree(doc)[3].get<std::int64_t>() == INT64_MAX);
  CHECK(tree(doc)[4].get<std::int64_t>() == INT64_MIN);
  CHECK(tree(doc)[5].is_number_float());
  CHECK(tree(doc)[5].get<double>() == 1.0);
  CHECK(tree(doc)[6].is_number_float());
  CHECK(tree(doc)[6].get<double>() == 100.0);
  CHECK(tree(doc)[7].get<double>() == -0.5);
}

TEST_CASE("json_parser: big integers use uint64 or double", "[json_parser]") {
  const auto doc = parse_ok("[9223372036854775808, 18446744073709551615, 18446744073709551616, -9223372036854775809]");
  CHECK(tree(doc)[0].is_number_unsigned());
  CHECK(tree(doc)[0].get<std::uint64_t>() == 9223372036854775808ULL);
  CHECK(tree(doc)[1].is_number_unsigned());
  CHECK(tree(doc)[1].get<std::uint64_t>() == UINT64_MAX);
  CHECK(tree(doc)[2].is_number_float());
  CHECK(tree(doc)[2].get<double>() == 18446744073709551616.0);
  CHECK(tree(doc)[3].is_number_float());
  CHECK(tree(doc)[3].get<double>() == -9223372036854775809.0);
}

TEST_CASE("json_parser: numbers too large for a double are refused", "[json_parser]") {
  SECTION("1e400") {
    const auto error = parse_error(R"({"a": 1e400})");
    CHECK_THAT(error.message, Catch::Contains("too large for a double"));
    CHECK(error.message == "number 1e400 is too large for a double");
    CHECK(at(error.position) == "1:7");
  }
  SECTION("-1e400") {
    const auto error = parse_error("[0,\n -1e400]");
    CHECK_THAT(error.message, Catch::Contains("too large for a double"));
    CHECK(error.message == "number -1e400 is too large for a double");
    CHECK(at(error.position) == "2:2");
  }
  SECTION("1.5E+309") {
    const auto error = parse_error("[1.5E+309]");
    CHECK_THAT(error.message, Catch::Contains("too large for a double"));
    CHECK(at(error.position) == "1:2");
  }
}

TEST_CASE("json_parser: tiny numbers underflow to zero", "[json_parser]") {
  const auto doc = parse_ok("[1e-400, -1e-400, 0.0000001e-399, 0e999999999]");
  CHECK(tree(doc)[0].is_number_float());
  CHECK(tree(doc)[0].get<double>() == 0.0);
  CHECK_FALSE(std::signbit(tree(doc)[0].get<double>()));
  CHECK(tree(doc)[1].get<double>() == 0.0);
  CHECK(std::signbit(tree(doc)[1].get<double>()));
  CHECK(tree(doc)[2].get<double>() == 0.0);
  CHECK(tree(doc)[3].get<double>() == 0.0);
}

TEST_CASE("json_parser: a 5000-digit integer errors cleanly", "[json_parser]") {
  const std::string digits = "1" + std::string(4999, '7');
  const auto error = parse_error("[\n  " + digits + "]");
  // It is too large for int64, uint64 and double, so it is refused, abbreviated in the message.
  CHECK(error.message == "number 1" + std::string(23, '7') + "…(5000 digits) is too large for a double");
  CHECK(at(error.position) == "2:3");
}

TEST_CASE("json_parser: a 5000-digit fraction parses", "[json_parser]") {
  const auto doc = parse_ok("[0." + std::string(5000, '3') + "]");
  CHECK(tree(doc)[0].is_number_float());
  CHECK(tree(doc)[0].get<double>() == Approx(1.0 / 3.0));
}

// ---------------------------------------------------------------------------------------------
// Depth limit

TEST_CASE("json_parser: depth limit", "[json_parser]") {
  const ParseLimits limits{.max_depth = 10};
  SECTION("10 nested arrays are fine") {
    const auto doc = parse_ok(std::string(10, '[') + std::string(10, ']'), limits);
    CHECK(value_at(doc, "/0/0/0/0/0/0/0/0/0") == "1:10");
  }
  SECTION("11 nested arrays are refused") {
    const auto error = parse_error(std::string(11, '[') + std::string(11, ']'), limits);
    CHECK_THAT(error.message, Catch::Contains("deeper than 10"));
    CHECK(error.message == "nesting is deeper than 10 levels");
    CHECK(at(error.position) == "1:11");
  }
  SECTION("objects count too") {
    std::string text;
    for (int i = 0; i < 11; ++i) text += "{\"a\":";
    text += "1" + std::string(11, '}');
    const auto error = parse_error(text, limits);
    CHECK_THAT(error.message, Catch::Contains("deeper than 10"));
    CHECK(at(error.position) == "1:51");
  }
}

TEST_CASE("json_parser: 100000 nested brackets error instead of crashing", "[json_parser]") {
  SECTION("arrays") {
    const auto error = parse_error(std::string(100000, '['));
    CHECK(error.message == "nesting is deeper than 256 levels");
    CHECK(at(error.position) == "1:257");
  }
  SECTION("objects") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{\"a\":";
    const auto error = parse_error(text);
    CHECK(error.message == "nesting is deeper than 256 levels");
    CHECK(at(error.position) == "1:1281");
  }
  SECTION("256 levels are allowed by default") {
    const auto doc = parse_ok(std::string(256, '[') + std::string(256, ']'));
    CHECK(tree(doc).is_array());
  }
}

TEST_CASE("json_parser: positions stay right in large objects with a late duplicate", "[json_parser]") {
  std::string text = "{";
  for (int i = 0; i < 500; ++i) text += "\"k" + std::to_string(i) + "\": [" + std::to_string(i) + "],\n";
  text += "\"k7\": {\"inner\": 1}}";
  const auto doc = parse_ok(text);
  REQUIRE(doc.duplicates.size() == 1);
  CHECK(doc.duplicates[0].pointer == "/k7");
  CHECK(at(doc.duplicates[0].first) == "8:1");
  CHECK(at(doc.duplicates[0].position) == "501:1");
  CHECK(member_at(doc, "/k7") == "501:1");
  CHECK(member_at(doc, "/k7/inner") == "501:8");
  CHECK_FALSE(doc.value_position("/k7/0"));  // the replaced array's element
  CHECK(value_at(doc, "/k499/0") == "500:10");
}

TEST_CASE("json_parser: object keys that look like indexes are members", "[json_parser]") {
  const auto doc = parse_ok("{\"0\": [\"a\",\r\"b\"]}");
  CHECK(member_at(doc, "/0") == "1:2");
  CHECK(value_at(doc, "/0/1") == "2:1");  // a lone carriage return is a line break
  CHECK_FALSE(doc.member_position("/0/1"));
}

TEST_CASE("json_parser: a nesting error is marked, and names --max-depth for a checked file", "[json_parser][limits]") {
  const auto deep = parse_error(std::string(11, '[') + std::string(11, ']'), {.max_depth = 10});
  CHECK(deep.too_deep);
  CHECK(checked_file_message(deep) == "nesting is deeper than 10 levels (--max-depth)");
  const auto syntax = parse_error("[1,]");
  CHECK_FALSE(syntax.too_deep);
  CHECK(checked_file_message(syntax) == "trailing comma before ']'");
}

TEST_CASE("json_parser: underflows_double tells a tiny number from a huge one", "[json_parser]") {
  CHECK(underflows_double("1e-400"));
  CHECK(underflows_double("-1e-400"));
  CHECK(underflows_double("0.0001e-320"));
  CHECK(underflows_double("0." + std::string(400, '0') + "1"));
  CHECK(underflows_double("0e999999999"));
  CHECK_FALSE(underflows_double("1e400"));
  CHECK_FALSE(underflows_double("-1E+400"));
  CHECK_FALSE(underflows_double("1" + std::string(400, '0')));
  CHECK_FALSE(underflows_double("0.001e310"));
}

TEST_CASE("json_parser: positions on a long line match a scan from the line start", "[json_parser]") {
  // A long line is indexed in blocks; each position must equal the plain scan, also when a
  // block starts inside a multi-byte character or between \r and \n.
  std::string text = "{\"a\": 1,\r\n\"long\": \"";
  for (int i = 0; i < 300; ++i) text += (i % 3 == 0) ? "\xC3\xA9" : (i % 7 == 0 ? "\xE2\x82\xAC" : "x");
  text += "\",\r\n\"b\": [";
  for (int i = 0; i < 200; ++i) text += std::to_string(i) + ", ";
  text += "0]}";
  const auto parsed = dlcheck::parse_json(text);
  REQUIRE(std::holds_alternative<dlcheck::JsonDocument>(parsed));
  const auto& positions = std::get<dlcheck::JsonDocument>(parsed);
  for (std::size_t offset = 0; offset <= text.size(); ++offset) {
    const dlcheck::SourcePosition expected = dlcheck::position_at(text, offset);
    const dlcheck::SourcePosition got = positions.position_at(offset);
    INFO("offset " << offset);
    REQUIRE(got.line == expected.line);
    REQUIRE(got.column == expected.column);
  }
}
