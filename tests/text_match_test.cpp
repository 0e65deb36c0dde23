// Text helpers: "did you mean", trimming, and the run command found in a README whatever its spacing.

#include "text/text_match.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <span>
#include <string>
#include <string_view>

using dlcheck::contains_ignoring_spaces;
using namespace dlcheck;

namespace {

// The top-level fields of the evidence format (src/rules/consistency.cpp), as rules pass them.
constexpr std::array<std::string_view, 19> kTopLevelFields = {
    "task",          "run_command",  "dataset",      "metric",          "baseline",      "current",
    "model_summary", "training_log", "metric_table", "success_samples", "failure_cases", "failure_case_count",
    "next_step",     "shape_checks", "self_check",   "predictions",     "readme",        "$schema",
    "version"};

}  // namespace

TEST_CASE("text_match: a command is found whatever its spacing and line continuations", "[text_match]") {
  const std::string readme =
      "# Project\n\nRun:\n\n    python train.py \\\n        --config configs/a.yaml   --seed 0\n";
  CHECK(contains_ignoring_spaces(readme, "python train.py --config configs/a.yaml --seed 0"));
  CHECK(contains_ignoring_spaces(readme, "  python   train.py\t--config configs/a.yaml --seed 0  "));
  CHECK(contains_ignoring_spaces(readme, "train.py --config"));
  CHECK(contains_ignoring_spaces(readme, "ython train.py --conf"));  // a substring, as before collapsing
  CHECK(contains_ignoring_spaces(readme, "seed"));
  CHECK_FALSE(contains_ignoring_spaces(readme, "python train.py --seed 0"));
  CHECK_FALSE(contains_ignoring_spaces(readme, "pythontrain.py"));  // a space must stay a space
  CHECK_FALSE(contains_ignoring_spaces(readme, "python train.py --config configs/a.yaml --seed 01"));
  CHECK_FALSE(contains_ignoring_spaces(readme, "   "));
  CHECK_FALSE(contains_ignoring_spaces("", "python"));
  // A later occurrence of the first word is tried when an earlier one does not continue.
  CHECK(contains_ignoring_spaces("make lint; make  test", "make test"));
}

TEST_CASE("text_match: edit_distance", "[text_match]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ab", "ba") == 1);  // adjacent transposition is one edit
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("flaw", "lawn") == 2);
  // Optimal string alignment: a substring is not edited twice, so "ca" → "abc" is 3, not 2.
  CHECK(edit_distance("ca", "abc") == 3);
  CHECK(edit_distance("Task", "task") == 1);  // case-sensitive
}

TEST_CASE("text_match: closest_match", "[text_match]") {
  const std::span<const std::string_view> fields = kTopLevelFields;
  CHECK(closest_match("run_comand", fields) == "run_command");
  CHECK(closest_match("Task", fields) == "task");
  CHECK(closest_match("tsk", fields) == "task");
  CHECK(closest_match("datset", fields) == "dataset");
  CHECK(closest_match("baselien", fields) == "baseline");
  CHECK(closest_match("xyzzy", fields) == "");
  CHECK(closest_match("", fields) == "");
  SECTION("short words tolerate one edit only") {
    CHECK(closest_match("tk", fields) == "");  // two edits from "task"
  }
  SECTION("no candidates") { CHECK(closest_match("task", {}) == ""); }
  SECTION("the candidate is returned as spelt") {
    const std::vector<std::string_view> candidates = {"Accuracy"};
    CHECK(closest_match("accuracy", candidates) == "Accuracy");
  }
}

TEST_CASE("text_match: ascii_lower", "[text_match]") {
  CHECK(ascii_lower("Hello World_42") == "hello world_42");
  CHECK(ascii_lower("already lower") == "already lower");
  CHECK(ascii_lower("").empty());
  CHECK(ascii_lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // non-ASCII bytes untouched
}

TEST_CASE("text_match: trim removes spaces and tabs, or the characters given", "[text_match]") {
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim(" \tx\t ") == "x");
  CHECK(trim("   ").empty());
  CHECK(trim("").empty());
  CHECK(trim("\r x \r") == "\r x \r");
  // CSV fields lose their spaces only.
  CHECK(trim("  \tx\t  ", " ") == "\tx\t");
}

TEST_CASE("text_match: is_blank", "[text_match]") {
  CHECK(is_blank(""));
  CHECK(is_blank("   "));
  CHECK(is_blank(" \t\r\n "));
  CHECK_FALSE(is_blank("a"));
  CHECK_FALSE(is_blank("  x  "));
  CHECK_FALSE(is_blank("TODO"));
}

TEST_CASE("text_match: did_you_mean is the one ending of every unknown-name message", "[text_match]") {
  CHECK(did_you_mean("accuracy") == "; did you mean \"accuracy\"?");
  CHECK(did_you_mean("") == "");
  CHECK(did_you_mean("lab\x1b[31mel") == "; did you mean \"lab\\x1b[31mel\"?");  // a student's column name
  const std::span<const std::string_view> fields = kTopLevelFields;
  CHECK(did_you_mean_closest("run_comand", fields) == "; did you mean \"run_command\"?");
  CHECK(did_you_mean_closest("xyzzy", fields) == "");
}

TEST_CASE("text_match: trim and strip_byte_order_mark", "[text_match]") {
  CHECK(trim(" \t41 \t") == "41");
  CHECK(trim("a b") == "a b");
  CHECK(trim(" \t ") == "");
  CHECK(trim("\n41\n") == "\n41\n");  // line ends are the caller's business
  CHECK(strip_byte_order_mark("\xEF\xBB\xBF{}") == "{}");
  CHECK(strip_byte_order_mark("{}\xEF\xBB\xBF") == "{}\xEF\xBB\xBF");
  CHECK(strip_byte_order_mark("\xEF\xBB") == "\xEF\xBB");
}
