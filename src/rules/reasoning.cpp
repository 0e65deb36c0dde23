// "Check reasoning and explanation": tensor-shape checks and a self-check that names a failure mode.

#include <fmt/format.h>

#include <array>
#include <map>

#include "record/failure_mode.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

namespace rules {

const RuleInfo kShapeChecks{
    .id = "shape-checks",
    .section = Section::reasoning,
    .severity = Severity::error,
    .summary = "tensor-shape checks are recorded and every one matches",
    .explanation =
        "Shape bugs are the most common silent failure. `shape_checks` lists {`tensor`, `expected`, "
        "`actual`}: `expected` is a list of sizes or dimension names (\"batch\"), `actual` the "
        "sizes observed at run time. A name matches any size, but the same name must have the same "
        "size everywhere in one check. Ranks must agree.",
    .hint = "add \"shape_checks\": [{\"tensor\": \"logits\", \"expected\": [\"batch\", 10], \"actual\": [64, 10]}]",
    .passing_example =
        R"({"shape_checks": [{"tensor": "images", "expected": ["batch", 3, 32, 32], "actual": [64, 3, 32, 32]}]})",
    .failing_example = R"({"shape_checks": [{"tensor": "logits", "expected": ["batch", 10], "actual": [64, 100]}]})",
};

namespace {

std::string describe_shape(JsonValue shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += shape[i].is_string() ? printable(shape[i].string()) : shape[i].dump();
  }
  return out + "]";
}

bool is_dimension_name(JsonValue value) { return value.is_string() && !is_blank(value.string()); }

void check_one_shape(const CheckContext& evidence, FindingSink& sink, const std::string& pointer) {
  const std::string expected_pointer = child_pointer(pointer, fields::kShapeCheckExpected.key());
  const std::string actual_pointer = child_pointer(pointer, fields::kShapeCheckActual.key());
  const std::optional<std::string_view> tensor = require_text(
      evidence, sink, child_pointer(pointer, fields::kShapeCheckTensor.key()), "tensor name in this shape check");
  JsonValue expected = require_array(evidence, sink, expected_pointer, "expected shape in this check");
  JsonValue actual = require_array(evidence, sink, actual_pointer, "actual shape in this check");
  if (expected == nullptr || actual == nullptr) return;
  for (std::size_t i = 0; i < expected->size(); ++i) {
    if (!is_count((*expected)[i]) && !is_dimension_name((*expected)[i])) {
      report_wrong_type(sink, child_pointer(expected_pointer, i), (*expected)[i], "a size or a dimension name");
      return;
    }
  }
  for (std::size_t i = 0; i < actual->size(); ++i) {
    if (!is_count((*actual)[i])) {
      report_wrong_type(sink, child_pointer(actual_pointer, i), (*actual)[i], "a size (a whole number)");
      return;
    }
  }
  // Written only for a finding: nearly every check matches.
  const auto mismatch = [&] {
    const std::string label = tensor ? fmt::format("shape check \"{}\"", printable(*tensor)) : field_name(pointer);
    return fmt::format("{}: expected {} but actual is {}", label, describe_shape(*expected), describe_shape(*actual));
  };
  if (expected->size() != actual->size()) {
    sink.report(actual_pointer, fmt::format("{} (rank {} ≠ {})", mismatch(), expected->size(), actual->size()),
                "fix the model or the data so the tensor has the expected rank");
    return;
  }
  std::map<std::string, std::pair<double, std::size_t>> bound;  // name → (size, first dimension)
  for (std::size_t i = 0; i < expected->size(); ++i) {
    const double size = (*actual)[i].number();
    if ((*expected)[i].is_string()) {
      const std::string name((*expected)[i].string());
      if (size == 0) {
        sink.report(actual_pointer,
                    fmt::format("{} (\"{}\" is 0 in dimension {}: an empty tensor)", mismatch(), printable(name), i),
                    "a named dimension needs a positive size; check the data loader");
        return;
      }
      const auto [it, inserted] = bound.try_emplace(name, size, i);
      if (!inserted && it->second.first != size) {
        sink.report(actual_pointer,
                    fmt::format("{} (\"{}\" is {} in dimension {} but {} in dimension {})", mismatch(), printable(name),
                                (*actual)[it->second.second].dump(), it->second.second, (*actual)[i].dump(), i),
                    "a named dimension must have one size within a check");
        return;
      }
    } else if ((*expected)[i].number() != size) {
      sink.report(actual_pointer,
                  fmt::format("{} (dimension {}: {} ≠ {})", mismatch(), i, (*expected)[i].dump(), (*actual)[i].dump()),
                  "find the layer where the shape goes wrong and fix it, or correct the expected shape");
      return;
    }
  }
}

}  // namespace

void check_shape_checks(const CheckContext& evidence, FindingSink& sink) {
  JsonValue checks = require_array(evidence, sink, fields::kShapeChecks.pointer, "shape checks");
  if (checks == nullptr) return;
  if (checks->empty()) {
    sink.report(fields::kShapeChecks.pointer, "shape_checks is empty: record at least one tensor shape");
    return;
  }
  for (std::size_t i = 0; i < checks->size(); ++i) {
    const std::string pointer = child_pointer(fields::kShapeChecks.pointer, i);
    if (!(*checks)[i].is_object()) {
      report_wrong_type(sink, pointer, (*checks)[i], "an object with \"tensor\", \"expected\" and \"actual\"");
      continue;
    }
    check_one_shape(evidence, sink, pointer);
  }
}

const RuleInfo kSelfCheck{
    .id = "self-check",
    .section = Section::reasoning,
    .severity = Severity::error,
    .summary = "a self-check names a failure mode and the evidence for it",
    .explanation =
        "A good self-check names one failure mode: shape mismatch, no loss decrease, overfitting, "
        "data leakage, or attention/Transformer words used without explaining the data flow. "
        "`self_check.failure_mode` must name one of them in plain words, and "
        "`self_check.evidence` must say what you looked at.",
    .hint =
        "add \"self_check\": {\"failure_mode\": \"overfitting\", \"evidence\": \"val loss rises after epoch 8 while "
        "train loss falls\"}",
    .passing_example = R"({"self_check": {"failure_mode": "overfitting", "evidence": "val loss rises after epoch 8"}})",
    .failing_example = R"({"self_check": {"failure_mode": "bad model", "evidence": "accuracy is low"}})",
};

void check_self_check(const CheckContext& evidence, FindingSink& sink) {
  if (!require_object(evidence, sink, fields::kSelfCheck.pointer, "self-check")) return;
  if (const std::optional<std::string_view> mode =
          require_text(evidence, sink, fields::kSelfCheckFailureMode.pointer, "failure mode in its self-check")) {
    if (!recognise_failure_mode(*mode)) {
      std::vector<std::string_view> names;
      for (const FailureMode known : all_failure_modes()) names.push_back(format_as(known));
      sink.report(
          fields::kSelfCheckFailureMode.pointer,
          fmt::format("self_check.failure_mode \"{}\" names none of the roadmap's failure modes", printable(*mode)),
          fmt::format("name one of: {}", fmt::join(names, "; ")));
    }
  }
  require_text(evidence, sink, fields::kSelfCheckEvidence.pointer, "evidence in its self-check");
}

}  // namespace rules
}  // namespace dlcheck
