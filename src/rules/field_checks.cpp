#include "rules/field_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "record/templates.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {
namespace {

bool all_digits(std::string_view token) {
  return !token.empty() && token.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string unescape_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// "0.93" or " 41 " read as a number, so the hint can show the unquoted form.
bool looks_numeric(std::string_view text, double& value) {
  text = trim(text);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc{} && ptr == end && std::isfinite(value);
}

constexpr std::int64_t kMaxCount = 9'000'000'000'000'000;

// A whole, non-negative number that is_count refuses only for its size.
bool is_too_large_count(JsonValue value) {
  if (value.is_number_unsigned()) return value.unsigned_integer() >= static_cast<std::uint64_t>(kMaxCount);
  if (value.is_number_integer()) return value.integer() >= kMaxCount;
  if (!value.is_number_float()) return false;
  const double number = value.number();
  return number >= static_cast<double>(kMaxCount) && std::floor(number) == number;
}

}  // namespace

std::string field_name(std::string_view pointer) {
  std::string out;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // '/'
    const std::size_t slash = pointer.find('/');
    const std::string_view token = pointer.substr(0, slash);
    if (all_digits(token) && !out.empty()) {
      out += fmt::format("[{}]", token);
    } else {
      if (!out.empty()) out += '.';
      out += printable(unescape_token(token));
    }
    if (slash == std::string_view::npos) break;
    pointer.remove_prefix(slash);
  }
  return out.empty() ? "the record" : out;
}

void report_wrong_type(FindingSink& sink, std::string_view pointer, JsonValue value, std::string_view expected) {
  double number = 0;
  std::string hint;
  if (expected.find("number") != std::string_view::npos && value.is_string() && looks_numeric(value.string(), number)) {
    hint = fmt::format("write the number without quotes: {}", format_rounded(number, 12));
  }
  const bool too_large = expected.find("whole number") != std::string_view::npos && is_too_large_count(value);
  sink.report(pointer,
              fmt::format("{} must be {}{}, not {}", field_name(pointer), expected, too_large ? " below 9e15" : "",
                          describe_json(value)),
              std::move(hint));
}

std::optional<std::string_view> require_text(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                                             std::string_view what) {
  JsonValue value = evidence.find(pointer);
  if (value == nullptr) {
    sink.report(pointer, fmt::format("the record has no {} ({})", what, field_name(pointer)));
    return {};
  }
  if (!value->is_string()) {
    report_wrong_type(sink, pointer, *value, "a string");
    return {};
  }
  if (is_blank(value->string())) {
    sink.report(pointer, fmt::format("{} is empty", field_name(pointer)));
    return {};
  }
  if (report_placeholder(sink, pointer, *value)) return {};
  return value->string();
}

bool report_placeholder(FindingSink& sink, std::string_view pointer, JsonValue value) {
  if (!value.is_string() || !is_placeholder(value.string())) return false;
  sink.report(pointer, fmt::format("{} is still a placeholder: \"{}\"", field_name(pointer), printable(value.string())),
              "replace the placeholder with the real value");
  return true;
}

JsonValue require_object(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                         std::string_view what) {
  JsonValue value = evidence.find(pointer);
  if (value == nullptr) {
    sink.report(pointer, fmt::format("the record has no {} ({})", what, field_name(pointer)));
    return {};
  }
  if (!value->is_object()) {
    report_wrong_type(sink, pointer, *value, "an object");
    return {};
  }
  return value;
}

JsonValue require_array(const CheckContext& evidence, FindingSink& sink, std::string_view pointer,
                        std::string_view what) {
  JsonValue value = evidence.find(pointer);
  if (value == nullptr) {
    sink.report(pointer, fmt::format("the record has no {} ({})", what, field_name(pointer)));
    return {};
  }
  if (!value->is_array()) {
    report_wrong_type(sink, pointer, *value, "a list");
    return {};
  }
  return value;
}

bool check_optional_string(const CheckContext& evidence, FindingSink& sink, std::string_view pointer) {
  JsonValue value = evidence.find(pointer);
  if (value == nullptr || value->is_string()) return true;
  report_wrong_type(sink, pointer, *value, "a string");
  return false;
}

bool is_count(JsonValue value) {
  // One bound for every spelling (5, 5.0, 5e0), low enough that number() holds the count
  // exactly and converting it back to a 64-bit integer is defined.
  if (value.is_number_integer()) {  // signed or unsigned: past INT64_MAX the value reads as negative
    const auto number = value.integer();
    return number >= 0 && number < kMaxCount;
  }
  if (value.is_number_float()) {
    const double number = value.number();
    return number >= 0 && number < static_cast<double>(kMaxCount) && std::floor(number) == number;
  }
  return false;
}

bool same_number(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

}  // namespace dlcheck::rules
