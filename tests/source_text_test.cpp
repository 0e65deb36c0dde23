// Tests for offsets → line:column, line extraction and making untrusted text printable.

#include "text/source_text.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

using namespace dlcheck;
using namespace std::string_view_literals;

namespace {

std::string at(const SourcePosition& position) {
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

const std::string kReplacement = "\xEF\xBF\xBD";

}  // namespace

// ---------------------------------------------------------------------------------------------
// position_at

TEST_CASE("source_text: position_at on plain lines", "[source_text]") {
  const std::string_view text = "ab\ncd\n\nef";
  CHECK(at(position_at(text, 0)) == "1:1");
  CHECK(at(position_at(text, 1)) == "1:2");
  CHECK(at(position_at(text, 2)) == "1:3");  // the '\n' itself is still on line 1
  CHECK(at(position_at(text, 3)) == "2:1");
  CHECK(at(position_at(text, 4)) == "2:2");
  CHECK(at(position_at(text, 6)) == "3:1");
  CHECK(at(position_at(text, 7)) == "4:1");
  CHECK(at(position_at(text, 8)) == "4:2");
  CHECK(position_at(text, 4).offset == 4);
}

TEST_CASE("source_text: position_at at and past the end", "[source_text]") {
  CHECK(at(position_at("ab", 2)) == "1:3");
  CHECK(at(position_at("ab", 100)) == "1:3");
  CHECK(at(position_at("", 0)) == "1:1");
  CHECK(at(position_at("a\n", 2)) == "2:1");
}

TEST_CASE("source_text: position_at with CRLF", "[source_text]") {
  const std::string_view text = "a\r\nb\r\n\r\nc";
  CHECK(at(position_at(text, 1)) == "1:2");  // the '\r'
  CHECK(at(position_at(text, 2)) == "1:2");  // the '\n' of the same line break
  CHECK(at(position_at(text, 3)) == "2:1");
  CHECK(at(position_at(text, 4)) == "2:2");
  CHECK(at(position_at(text, 8)) == "4:1");
  CHECK(position_at(text, 8).offset == 8);
}

TEST_CASE("source_text: position_at with a lone CR", "[source_text]") {
  const std::string_view text = "a\rb\r\rc";
  CHECK(at(position_at(text, 2)) == "2:1");
  CHECK(at(position_at(text, 3)) == "2:2");
  CHECK(at(position_at(text, 5)) == "4:1");
  SECTION("CR at the very end") { CHECK(at(position_at("a\r", 2)) == "2:1"); }
  SECTION("LF CR is two line breaks") { CHECK(at(position_at("a\n\rb", 3)) == "3:1"); }
}

TEST_CASE("source_text: position_at counts multi-byte characters once", "[source_text]") {
  // é is 2 bytes, € 3 bytes, 😀 4 bytes.
  const std::string_view text = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\n\xC3\xA9y";
  CHECK(at(position_at(text, 2)) == "1:2");
  CHECK(at(position_at(text, 5)) == "1:3");
  CHECK(at(position_at(text, 9)) == "1:4");
  CHECK(at(position_at(text, 10)) == "1:5");
  CHECK(at(position_at(text, 13)) == "2:2");
  CHECK(position_at(text, 13).offset == 13);
}

// ---------------------------------------------------------------------------------------------
// line_text

TEST_CASE("source_text: line_text picks one line without its ending", "[source_text]") {
  const std::string_view text = "first\nsecond\r\nthird\rfourth";
  CHECK(line_text(text, 1) == "first");
  CHECK(line_text(text, 2) == "second");
  CHECK(line_text(text, 3) == "third");
  CHECK(line_text(text, 4) == "fourth");
  CHECK(line_text(text, 5).empty());
  CHECK(line_text(text, 100).empty());
}

TEST_CASE("source_text: line_text with empty and trailing lines", "[source_text]") {
  CHECK(line_text("a\n\nb", 2).empty());
  CHECK(line_text("a\n\nb", 3) == "b");
  CHECK(line_text("a\r\n", 1) == "a");
  CHECK(line_text("a\r\n", 2).empty());
  CHECK(line_text("a\r\n", 3).empty());
  CHECK(line_text("", 1).empty());
  CHECK(line_text("only", 1) == "only");
  CHECK(line_text("only", 2).empty());
}

TEST_CASE("source_text: line_text agrees with position_at", "[source_text]") {
  const std::string_view text = "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}";
  const std::size_t offset = text.find("\"b\"");
  const auto position = position_at(text, offset);
  CHECK(at(position) == "3:3");
  CHECK(line_text(text, position.line) == "  \"b\": 2");
}

// ---------------------------------------------------------------------------------------------
// printable

TEST_CASE("source_text: printable escapes ASCII controls", "[source_text]") {
  CHECK(printable("\x1b[31mred") == "\\x1b[31mred");
  CHECK(printable("a\nb") == "a\\nb");
  CHECK(printable("a\tb") == "a\\tb");
  CHECK(printable("a\rb") == "a\\rb");
  CHECK(printable("\x7f") == "\\x7f");
  CHECK(printable("\x01") == "\\x01");
  CHECK(printable("\x1f") == "\\x1f");
  CHECK(printable("a\0b"sv) == "a\\x00b");
}

TEST_CASE("source_text: printable keeps long plain runs and escapes what lies between them", "[source_text]") {
  CHECK(printable("a plain sentence of more than sixteen bytes") == "a plain sentence of more than sixteen bytes");
  CHECK(printable("first line of text\nsecond line, caf\xC3\xA9\x1b[0m end") ==
        "first line of text\\nsecond line, caf\xC3\xA9\\x1b[0m end");
  CHECK(printable("trailing bad byte \xFF") == "trailing bad byte \xEF\xBF\xBD");
}

TEST_CASE("source_text: printable escapes C1 controls and RLO", "[source_text]") {
  CHECK(printable("\xC2\x9B") == "\\u009b");
  CHECK(printable("\xC2\x80") == "\\u0080");
  CHECK(printable("\xC2\x9F") == "\\u009f");
  CHECK(printable("\xC2\xA0") == "\xC2\xA0");  // no-break space is not a control
  CHECK(printable("abc\xE2\x80\xAE"
                  "def") == "abc\\u202edef");
}

TEST_CASE("source_text: printable escapes every bidirectional override and isolate", "[source_text]") {
  CHECK(printable("\xE2\x80\xAA") == "\\u202a");
  CHECK(printable("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u2066x\\u2069");
  CHECK(printable("\xE2\x80\xA9") == "\xE2\x80\xA9");  // U+2029 is not a bidi control
  CHECK(printable("\xE2\x81\xAA") == "\xE2\x81\xAA");  // U+206A is past the isolates
}

TEST_CASE("source_text: printable replaces invalid UTF-8", "[source_text]") {
  CHECK(printable("\xFF") == kReplacement);
  CHECK(printable("a\xFF"
                  "b") == "a" + kReplacement + "b");
  CHECK(printable("\xC0\x80") == kReplacement + kReplacement);
  CHECK(printable("\xE2\x82") == kReplacement + kReplacement);
}

TEST_CASE("source_text: printable_excerpt cuts between characters and marks the cut", "[source_text]") {
  CHECK(printable_excerpt("short \x1b", 10) == "short \\x1b");
  CHECK(printable_excerpt("abcdef", 6) == "abcdef");
  CHECK(printable_excerpt("abcdef", 3) == "abc…");
  // "é" is C3 A9: a cut after its first byte leaves it out whole.
  CHECK(printable_excerpt("ab\xC3\xA9z", 3) == "ab…");
  CHECK(printable_excerpt("ab\xC3\xA9z", 4) == "ab\xC3\xA9…");
  // A four-byte character cut after each of its first three bytes.
  for (std::size_t at : {3, 4, 5}) CHECK(printable_excerpt("ab\xF0\x9F\x98\x80z", at) == "ab…");
  CHECK(printable_excerpt("ab\xF0\x9F\x98\x80z", 6) == "ab\xF0\x9F\x98\x80…");
  // Invalid UTF-8: no character to keep whole past three bytes back; the rest is shown as replacements.
  CHECK(printable_excerpt(std::string(8, '\x80'), 5) == kReplacement + kReplacement + "…");
  CHECK(printable_excerpt("\x1b[31mredder", 5) == "\\x1b[31m…");
}

TEST_CASE("source_text: printable leaves normal text untouched", "[source_text]") {
  CHECK(printable("caf\xC3\xA9 \xE2\x86\x92") == "caf\xC3\xA9 \xE2\x86\x92");  // "café →"
  CHECK(printable("\xF0\x9F\x98\x80 ok") == "\xF0\x9F\x98\x80 ok");
  CHECK(printable("plain ASCII text, with \"quotes\" and \\backslash") ==
        "plain ASCII text, with \"quotes\" and \\backslash");
  CHECK(printable("").empty());
}

// ---------------------------------------------------------------------------------------------
// valid_utf8

TEST_CASE("source_text: valid_utf8 replaces only invalid bytes", "[source_text]") {
  CHECK(valid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(valid_utf8("ok\xFFok") == "ok" + kReplacement + "ok");
  CHECK(valid_utf8("\xC0\x80") == kReplacement + kReplacement);
  CHECK(valid_utf8("\xED\xA0\x80") == kReplacement + kReplacement + kReplacement);
  CHECK(valid_utf8("x\xE2\x82") == "x" + kReplacement + kReplacement);
  // Controls are kept: valid_utf8 only repairs encoding.
  CHECK(valid_utf8("a\n\x1b"
                   "b") ==
        "a\n\x1b"
        "b");
  CHECK(valid_utf8("a\0b"sv) == std::string("a\0b", 3));
  CHECK(valid_utf8("").empty());
}

// ---------------------------------------------------------------------------------------------
// utf8_sequence_length

TEST_CASE("source_text: utf8_sequence_length of valid sequences", "[source_text]") {
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("\xC3\xA9", 0) == 2);          // é
  CHECK(utf8_sequence_length("\xC2\x80", 0) == 2);          // U+0080, smallest 2-byte
  CHECK(utf8_sequence_length("\xE2\x82\xAC", 0) == 3);      // €
  CHECK(utf8_sequence_length("\xE0\xA0\x80", 0) == 3);      // U+0800, smallest 3-byte
  CHECK(utf8_sequence_length("\xED\x9F\xBF", 0) == 3);      // U+D7FF, just below surrogates
  CHECK(utf8_sequence_length("\xEF\xBF\xBF", 0) == 3);      // U+FFFF
  CHECK(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);  // 😀
  CHECK(utf8_sequence_length("\xF0\x90\x80\x80", 0) == 4);  // U+10000
  CHECK(utf8_sequence_length("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF
  CHECK(utf8_sequence_length("a\xC3\xA9", 1) == 2);         // at an offset
}

TEST_CASE("source_text: utf8_sequence_length of invalid sequences", "[source_text]") {
  CHECK(utf8_sequence_length("\xC0\x80", 0) == 0);          // overlong NUL
  CHECK(utf8_sequence_length("\xC1\xBF", 0) == 0);          // overlong
  CHECK(utf8_sequence_length("\xE0\x80\x80", 0) == 0);      // overlong 3-byte
  CHECK(utf8_sequence_length("\xF0\x80\x80\x80", 0) == 0);  // overlong 4-byte
  CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);      // surrogate U+D800
  CHECK(utf8_sequence_length("\xED\xBF\xBF", 0) == 0);      // surrogate U+DFFF
  CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
  CHECK(utf8_sequence_length("\xF5\x80\x80\x80", 0) == 0);  // lead byte never valid
  CHECK(utf8_sequence_length("\xFF", 0) == 0);
  CHECK(utf8_sequence_length("\x80", 0) == 0);          // lone continuation
  CHECK(utf8_sequence_length("\xC3", 0) == 0);          // truncated at the end
  CHECK(utf8_sequence_length("\xF0\x9F\x98", 0) == 0);  // truncated 4-byte
  CHECK(utf8_sequence_length("\xE2\x82"
                             "a",
                             0) == 0);              // bad continuation
  CHECK(utf8_sequence_length("\xC3\xA9", 1) == 0);  // starting mid-character
}
