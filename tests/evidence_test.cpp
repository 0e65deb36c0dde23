// The metric claim resolved from shorthand and full forms, and where findings point.

#include "record/evidence.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <string>

#include "check_helpers.hpp"
#include "json/json_parser.hpp"

using dlcheck::testing::findings;

namespace {

// A parsed value that lives to the end of the tests, with its text: claims point into it.
dlcheck::JsonValue parsed(std::string_view json) {
  static std::deque<std::string> texts;
  static std::deque<dlcheck::JsonDocument> documents;
  const std::string& text = texts.emplace_back(json);
  documents.push_back(std::get<dlcheck::JsonDocument>(dlcheck::parse_json(text)));
  return documents.back().root();
}

dlcheck::MetricClaim claim(const std::string& json) { return dlcheck::resolve_metric_claim(parsed(json)); }

}  // namespace

TEST_CASE("evidence: the roadmap shorthand names the metric by its suffix", "[evidence]") {
  const auto metric = claim(R"({"baseline_accuracy": 0.71, "current_accuracy": 0.82})");
  CHECK(metric.name == "accuracy");
  CHECK(metric.name_pointer == "/baseline_accuracy");
  REQUIRE(metric.known != nullptr);
  CHECK(metric.higher_is_better == true);
  CHECK(metric.baseline.pointer == "/baseline_accuracy");
  CHECK(metric.baseline.number == 0.71);
  CHECK(metric.current.number == 0.82);
}

TEST_CASE("evidence: the full form wins over the shorthand, which stays available", "[evidence]") {
  const auto metric = claim(R"({"metric": {"name": "Accuracy", "unit": "percent"}, "baseline": {"value": 70},
                                "baseline_accuracy": 71, "current_accuracy": 82})");
  CHECK(metric.name == "Accuracy");
  CHECK(metric.name_pointer == "/metric/name");
  CHECK(metric.percent);
  CHECK(metric.baseline.pointer == "/baseline/value");
  CHECK(metric.baseline.number == 70);
  CHECK(metric.baseline_shorthand.number == 71);
  CHECK(metric.current.pointer == "/current_accuracy");
}

TEST_CASE("evidence: a declared direction makes an unknown metric usable", "[evidence]") {
  const auto metric = claim(R"({"metric": {"name": "novelty", "higher_is_better": false}})");
  CHECK(metric.known == nullptr);
  CHECK(metric.higher_is_better == false);
  CHECK_FALSE(claim(R"({"metric": {"name": "novelty"}})").higher_is_better.has_value());
}

TEST_CASE("evidence: a quoted number is kept raw but is not a number", "[evidence]") {
  const auto metric = claim(R"({"baseline_accuracy": "0.71"})");
  REQUIRE(metric.baseline.raw != nullptr);
  CHECK_FALSE(metric.baseline.number.has_value());
}

TEST_CASE("evidence: a finding on an existing member points at its key", "[evidence][location]") {
  const std::string json = "{\n  \"task\": \"x\",\n  \"baseline\": {\"method\": \"m\", \"value\": \"0.5\"}\n}";
  const auto found = findings("baseline-value", json);
  REQUIRE(found.size() == 1);
  CHECK(found[0].pointer == "/baseline/value");
  CHECK(found[0].position.line == 3);
  CHECK(found[0].position.column == 31);
  CHECK(found[0].member_exists);
}

TEST_CASE("evidence: a missing member points at its parent object", "[evidence][location]") {
  const std::string json = "{\n  \"task\": \"x\",\n  \"next_step\": {\n    \"change\": \"more data\"\n  }\n}";
  const auto found = findings("next-step-reason", json);
  REQUIRE(found.size() == 1);
  CHECK(found[0].pointer == "/next_step/reason");
  CHECK(found[0].position.line == 3);
  CHECK(found[0].position.column == 3);
  CHECK_FALSE(found[0].member_exists);

  const auto top = findings("run-command", json);
  REQUIRE(top.size() == 1);
  CHECK(top[0].pointer == "/run_command");
  CHECK(top[0].position.line == 1);
  CHECK(top[0].position.column == 1);
}

TEST_CASE("evidence: positions count characters and survive a byte-order mark and CRLF", "[evidence][location]") {
  const std::string json = "\xEF\xBB\xBF{\"task\": \"é\",\r\n  \"run_command\": 5}";
  const auto found = findings("run-command", json);
  REQUIRE(found.size() == 1);
  CHECK(found[0].position.line == 2);
  CHECK(found[0].position.column == 3);
}

TEST_CASE("evidence: describe_json names types for messages", "[evidence]") {
  CHECK(dlcheck::describe_json(parsed(R"("0.93")")) == "the string \"0.93\"");
  CHECK(dlcheck::describe_json(parsed("null")) == "null");
  CHECK(dlcheck::describe_json(parsed("[1]")) == "an array");
  CHECK(dlcheck::describe_json(parsed("3")) == "the number 3");
  CHECK(dlcheck::describe_json(parsed(R"("a\u001b[31mb")")) == "the string \"a\\x1b[31mb\"");
  CHECK(dlcheck::describe_json(parsed('"' + std::string(50, 'x') + '"')) ==
        "the string \"" + std::string(37, 'x') + "…\"");
}

TEST_CASE("evidence: find follows RFC 6901 pointers through objects and arrays", "[evidence]") {
  auto parsed = dlcheck::parse_json(R"({"a/b": {"m~n": [10, {"x": "y"}]}, "s": "text", "0": 5})");
  const dlcheck::Evidence evidence(std::get<dlcheck::JsonDocument>(parsed));
  REQUIRE(evidence.find("") != nullptr);
  CHECK(evidence.find("")->is_object());
  REQUIRE(evidence.find("/a~1b/m~0n/0") != nullptr);
  CHECK(evidence.find("/a~1b/m~0n/0").number() == 10);
  CHECK(evidence.find("/a~1b/m~0n/1/x").string() == "y");
  CHECK(evidence.find("/0").number() == 5);          // a key that looks like an index
  CHECK(evidence.find("/a~1b/m~0n/2") == nullptr);   // past the end
  CHECK(evidence.find("/a~1b/m~0n/01") == nullptr);  // a leading zero is no index
  CHECK(evidence.find("/a~1b/m~0n/-1") == nullptr);
  CHECK(evidence.find("/s/0") == nullptr);  // through a scalar
  CHECK(evidence.find("/a/b") == nullptr);  // "/" must be escaped
  CHECK(evidence.find("a~1b") == nullptr);  // not a pointer
}
