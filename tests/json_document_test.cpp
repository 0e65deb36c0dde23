// Tests for the compact document model: values, lookups, member order, dump() as nlohmann writes it.

#include "json/json_document.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "json/json_parser.hpp"

using namespace dlcheck;

namespace {

// A document that lives, with its text, to the end of the tests.
const JsonDocument& parsed(std::string_view text, const ParseLimits& limits = {}) {
  static std::deque<std::string> texts;
  static std::deque<JsonDocument> documents;
  auto result = parse_json(texts.emplace_back(text), limits);
  REQUIRE(std::holds_alternative<JsonDocument>(result));
  return documents.emplace_back(std::get<JsonDocument>(std::move(result)));
}

std::vector<std::string> keys(const std::vector<JsonKeyValue>& members) {
  std::vector<std::string> out;
  for (const auto& [key, value] : members) out.emplace_back(key);
  return out;
}

std::vector<std::string> keys_in_order(JsonValue object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.members()) out.emplace_back(key);
  return out;
}

// Many members, `count` of them named k0, k1, …, each `value`.
std::string object_of(int count, std::string_view value) {
  std::string text = "{";
  for (int i = 0; i < count; ++i) text += (i > 0 ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::string(value);
  return text + "}";
}

}  // namespace

TEST_CASE("json_document: dump() writes what nlohmann's dump() writes", "[json_document]") {
  for (const std::string_view text : {"1e-05",
                                      "0.1",
                                      "1.0",
                                      "1E5",
                                      "-0",
                                      "-0.0",
                                      "1e-400",
                                      "-1e-400",
                                      "123456789012345678901234567890",
                                      "9223372036854775807",
                                      "9223372036854775808",
                                      "18446744073709551615",
                                      "-9223372036854775809",
                                      "3.141592653589793",
                                      "1e21",
                                      "0.000001",
                                      "\"caf\\u00e9 \\ud83d\\ude00\"",
                                      "\"tab\\tquote\\\"nul\\u0000\\u001f\"",
                                      "\"é raw\"",
                                      R"({"b": [1, 2.5, {"z": null, "a": true}], "a": "x"})",
                                      R"({"k": 1, "k": [false]})",
                                      "[]",
                                      "{}"}) {
    INFO(text);
    CHECK(parsed(text).root().dump() == nlohmann::json::parse(text).dump());
  }
}

TEST_CASE("json_document: numbers keep nlohmann's integer and float classes", "[json_document]") {
  const JsonValue root = parsed("[5, 5.0, -7, 9223372036854775808, 1e400]", {.allow_huge_numbers = true}).root();
  CHECK(root[0].is_number_integer());
  CHECK(root[0].integer() == 5);
  CHECK(root[1].is_number_float());
  CHECK(root[1].number() == 5.0);
  CHECK(root[1].literal() == "5.0");
  CHECK(root[2].integer() == -7);
  CHECK(root[3].is_number_unsigned());
  CHECK(root[3].unsigned_integer() == 9223372036854775808ULL);
  CHECK(root[3].integer() == INT64_MIN);  // wraps, as nlohmann's get<int64_t>() did
  CHECK(root[4].number() == std::numeric_limits<double>::infinity());
  CHECK(root[5] == nullptr);
  CHECK(root.size() == 5);
}

TEST_CASE("json_document: strings with and without escapes", "[json_document]") {
  const JsonValue root = parsed(R"({"plain": "abc", "esc\u0061ped": "a\nb", "": ""})").root();
  CHECK(root.find("plain").string() == "abc");
  CHECK(root.find("escaped").string() == "a\nb");
  CHECK(root.find("").is_string());
  CHECK(root.find("").string().empty());
  CHECK(root.find("esc\\u0061ped") == nullptr);
  CHECK(root.find("plain").number() == 0);  // not a number
  CHECK(root.find("plain").size() == 0);
}

TEST_CASE("json_document: members in document order and in key order", "[json_document]") {
  SECTION("a small object is scanned") {
    const JsonValue root = parsed(R"({"b": 1, "a": 2, "c": 3, "a": 4})").root();
    CHECK(root.size() == 3);
    CHECK(keys_in_order(root) == std::vector<std::string>{"b", "c", "a"});
    CHECK(keys(root.sorted_members()) == std::vector<std::string>{"a", "b", "c"});
    CHECK(root.find("a").integer() == 4);
  }
  SECTION("a large object is indexed, and a repeated key finds its last value") {
    std::string text = object_of(100, "1");
    text.back() = ',';
    text += R"("k5": "last", "a": 0})";
    const JsonValue root = parsed(text).root();
    CHECK(root.size() == 101);
    CHECK(root.find("k5").string() == "last");
    CHECK(root.find("k99").integer() == 1);
    CHECK(root.find("k100") == nullptr);
    const auto sorted = keys(root.sorted_members());
    CHECK(sorted.front() == "a");
    CHECK(sorted[1] == "k0");
    CHECK(sorted[2] == "k1");
    CHECK(sorted[3] == "k10");
    const auto in_order = keys_in_order(root);
    CHECK(in_order.size() == 101);
    CHECK(in_order[4] == "k4");
    CHECK(in_order[5] == "k6");  // k5 moved to where its last value is
    CHECK(in_order[99] == "k5");
    CHECK(in_order[100] == "a");
  }
}

TEST_CASE("json_document: a million repeated keys keep the last value and list every duplicate", "[json_document]") {
  std::string text = "{";
  for (int i = 0; i < 1000; ++i) text += (i > 0 ? ",\"k\":" : "\"k\":") + std::to_string(i);
  text += "}";
  const JsonDocument& doc = parsed(text);
  CHECK(doc.root().size() == 1);
  CHECK(doc.root().find("k").integer() == 999);
  REQUIRE(doc.duplicates.size() == 999);
  CHECK(doc.duplicates[0].pointer == "/k");
  CHECK(doc.duplicates[0].first.column == 2);
  CHECK(doc.duplicates[0].position.column == 8);
  CHECK(doc.duplicates[1].first.column == 8);  // each against the one before it
  CHECK(doc.value_position("/k")->offset == text.size() - 4);
}

TEST_CASE("json_document: duplicates name their member's full pointer", "[json_document]") {
  const std::string big = object_of(20, "0");
  const std::string text =
      R"({"list": [0, {"x/y": 1, "x/y": 2}], "big": )" + big.substr(0, big.size() - 1) + R"(,"k3": 7}})";
  const JsonDocument& doc = parsed(text);
  REQUIRE(doc.duplicates.size() == 2);
  CHECK(doc.duplicates[0].pointer == "/list/1/x~1y");
  CHECK(doc.duplicates[1].pointer == "/big/k3");
  CHECK(doc.find("/big/k3").integer() == 7);
  CHECK(doc.find("/list/1/x~1y").integer() == 2);
}

TEST_CASE("json_document: array elements by index, flat or not", "[json_document]") {
  std::string text = "[";
  for (int i = 0; i < 100; ++i)
    text += (i > 0 ? ",[" : "[") + std::to_string(i) + ",{\"i\":" + std::to_string(i) + "}]";
  text += "]";
  const JsonDocument& doc = parsed(text);
  const JsonValue root = doc.root();
  REQUIRE(root.size() == 100);
  for (std::size_t i = 0; i < 100; ++i) {
    REQUIRE(root[i].is_array());
    CHECK(root[i][0].integer() == static_cast<std::int64_t>(i));
    CHECK(root[i][1].find("i").integer() == static_cast<std::int64_t>(i));
  }
  CHECK(root[100] == nullptr);
  CHECK(doc.find("/57/1/i").integer() == 57);
  std::size_t count = 0;
  for (const JsonValue element : root.elements()) count += element.is_array() ? 1 : 0;
  CHECK(count == 100);
  const JsonValue flat = parsed("[[], {}, 3, \"s\", null]").root();
  CHECK(flat[1].is_object());
  CHECK(flat[3].string() == "s");
  CHECK(flat[4].is_null());
}

TEST_CASE("json_document: values compare as nlohmann compared them", "[json_document]") {
  const JsonValue root = parsed(R"([1, 1.0, {"a": [1], "b": 2}, {"b": 2, "a": [1.0]}, "1", {"a": [1]}])").root();
  CHECK(same_json(root[0], root[1]));
  CHECK(same_json(root[2], root[3]));
  CHECK_FALSE(same_json(root[0], root[4]));
  CHECK_FALSE(same_json(root[2], root[5]));
  CHECK_FALSE(same_json(root[0], JsonValue()));
}
