// The streaming JSON writer prints exactly what nlohmann's dump prints for the same value.

#include "format/json_writer.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

using dlcheck::JsonWriter;

namespace {

std::string dumped(const nlohmann::ordered_json& value, int indent = 2) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("json_writer: nesting, empty containers and scalars match dump(2)", "[json_writer]") {
  std::string out;
  JsonWriter json(out);
  json.begin_object()
      .member("name", "dlcheck")
      .key("empty_object")
      .begin_object()
      .end_object()
      .key("empty_array")
      .begin_array()
      .end_array()
      .key("list")
      .begin_array()
      .value(1)
      .value(-2)
      .value(true)
      .value(nullptr)
      .begin_object()
      .member("x", 1.5)
      .end_object()
      .end_array()
      .member("missing", std::optional<double>())
      .member("present", std::optional<double>(0.25))
      .member("big", std::uint64_t{18446744073709551615u})
      .end_object();
  nlohmann::ordered_json expected = {{"name", "dlcheck"},
                                     {"empty_object", nlohmann::ordered_json::object()},
                                     {"empty_array", nlohmann::ordered_json::array()},
                                     {"list", {1, -2, true, nullptr, {{"x", 1.5}}}},
                                     {"missing", nullptr},
                                     {"present", 0.25},
                                     {"big", std::uint64_t{18446744073709551615u}}};
  CHECK(out == dumped(expected));
}

TEST_CASE("json_writer: numbers print as nlohmann prints them", "[json_writer]") {
  for (const double number : {1.0, 0.1, 1e-5, 1e-4, 123456.0, 1e15, 1e16, 1e300, -0.0, 0.10999999999999999, 2.5e-300}) {
    std::string out;
    JsonWriter(out).value(number);
    CHECK(out == nlohmann::json(number).dump());
  }
  std::string out;
  JsonWriter(out, -1).begin_array().value(std::nan("")).value(std::numeric_limits<double>::infinity()).end_array();
  CHECK(out == "[null,null]");
}

TEST_CASE("json_writer: strings are escaped, and invalid UTF-8 is replaced", "[json_writer]") {
  for (const std::string text : {"plain", "quote \" backslash \\ slash /", "tab\tnew\nline\x01\x1f\x7f",
                                 "caf\xC3\xA9 \xF0\x9F\x98\x80", "bad \xFF byte", "cut \xE2\x82", ""}) {
    std::string out;
    JsonWriter(out).value(text);
    CHECK(out == dumped(text));
  }
}

TEST_CASE("json_writer: a value rendered at the depth where it is placed joins the output unchanged", "[json_writer]") {
  std::string out;
  JsonWriter json(out);
  json.begin_object().key("files").begin_array();
  CHECK(json.depth() == 2);
  std::string part;
  JsonWriter(part, 2, json.depth())
      .begin_object()
      .member("a", 1)
      .key("b")
      .begin_array()
      .value("x\ny")
      .end_array()
      .end_object();
  json.rendered_value(part).rendered_value(part).end_array().end_object();
  const nlohmann::ordered_json file = {{"a", 1}, {"b", {"x\ny"}}};
  CHECK(out == dumped({{"files", {file, file}}}));
}

TEST_CASE("json_writer: a writer started at a depth indents as if nested", "[json_writer]") {
  std::string out;
  JsonWriter(out, 2, 1).begin_array().value(1).end_array();
  CHECK(out == "[\n    1\n  ]");
  out.clear();
  JsonWriter(out, -1, 3).begin_array().value(1).end_array();
  CHECK(out == "[1]");
}
