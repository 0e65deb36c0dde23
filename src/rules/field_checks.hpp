#pragma once
// Checks that several rules share: a field is present and has the type the format asks for.

#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.hpp"

namespace dlcheck::rules {

/// "/failure_cases/2/note" → "failure_cases[2].note", the way a learner names a field.
std::string field_name(std::string_view pointer);

/// Reports a string value that is still a template placeholder (`init` writes them), which counts
/// as missing for every rule; true when it reported.
bool report_placeholder(FindingSink& sink, std::string_view pointer, JsonValue value);

/// Requires a non-blank string at `pointer`; reports a missing, mistyped or empty value.
/// `what` describes the field for the missing message ("a run command").
std::optional<std::string_view> require_text(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                                             std::string_view what);

/// The value at `pointer` when it is an object; reports a missing or mistyped value.
JsonValue require_object(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                         std::string_view what);

/// The value at `pointer` when it is an array; reports a missing or mistyped value.
JsonValue require_array(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                        std::string_view what);

/// Reports `pointer` when present but not of the expected kind ("a string"); true when absent or fine.
bool check_optional_string(const CheckContext& evidence, FindingSink& sink, std::string_view pointer);

/// A JSON number holding a whole, non-negative value below 9e15 (5 or 5.0).
bool is_count(JsonValue value);

/// The message for a value of the wrong type, with a quoted-number hint when it applies.
void report_wrong_type(FindingSink& sink, std::string_view pointer, JsonValue value, std::string_view expected);

/// Numbers equal up to rounding noise in the last digits.
bool same_number(double a, double b);

}  // namespace dlcheck::rules
