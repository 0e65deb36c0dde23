#include "artifacts/model_summary.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {

constexpr std::size_t kMaxShapes = 10000;
constexpr std::size_t kClaimWindow = 64;  // bytes read before a "param" for its count

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 11181642 → "11,181,642", as the libraries print counts.
std::string with_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// A number at the start of `text` with thousands separators ("11,181,642", "1_000") and decimals.
struct WrittenNumber {
  double value = 0;
  int decimals = 0;
  std::size_t length = 0;
};

std::optional<WrittenNumber> read_number(std::string_view text) {
  const auto digit_at = [&](std::size_t k) { return k < text.size() && is_digit(text[k]); };
  std::size_t i = 0;
  std::string digits;
  while (i < text.size()) {
    if (is_digit(text[i])) {
      digits += text[i++];
    } else if ((text[i] == ',' || text[i] == '_') && !digits.empty() && digit_at(i + 1) && digit_at(i + 2) &&
               digit_at(i + 3) && !digit_at(i + 4)) {
      ++i;  // a thousands separator: exactly three digits follow
    } else {
      break;
    }
    if (digits.size() > 18) return std::nullopt;  // no model has 10^18 parameters
  }
  if (digits.empty()) return std::nullopt;
  WrittenNumber number;
  if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
    digits += '.';
    ++i;
    while (i < text.size() && is_digit(text[i]) && number.decimals < 12) {
      digits += text[i++];
      ++number.decimals;
    }
  }
  number.value = std::stod(digits);
  number.length = i;
  return number;
}

// The multiplier of a unit written after a count: "k", "K", "M", "million", …; 0 when unknown.
double unit_scale(std::string_view unit) {
  const std::string lower = ascii_lower(unit);
  if (lower.empty()) return 1;
  if (lower == "k" || lower == "thousand") return 1e3;
  if (lower == "m" || lower == "million" || lower == "mil") return 1e6;
  if (lower == "b" || lower == "g" || lower == "bn" || lower == "billion") return 1e9;
  if (lower == "t" || lower == "trillion") return 1e12;
  return 0;
}

// The first "(…)" or "[…]" group from `from` whose items are all sizes, None, -1 or ?.
std::optional<std::pair<std::size_t, std::size_t>> find_shape(std::string_view line,
                                                              std::vector<std::optional<std::int64_t>>& dims) {
  const std::size_t last_paren = line.rfind(')'), last_bracket = line.rfind(']');
  for (std::size_t open = line.find_first_of("(["); open != std::string_view::npos;
       open = line.find_first_of("([", open + 1)) {
    const char close_char = line[open] == '(' ? ')' : ']';
    const std::size_t last_close = close_char == ')' ? last_paren : last_bracket;
    if (last_close == std::string_view::npos || last_close < open) return std::nullopt;
    // A group holding any other bracket is no shape: stop at the next one, so that a line of a
    // million "(" costs one pass, not one scan to its end per "(".
    const std::size_t close = line.find_first_of("()[]", open + 1);
    if (line[close] != close_char) continue;
    std::string_view items = line.substr(open + 1, close - open - 1);
    dims.clear();
    bool ok = true;
    while (ok) {
      const std::size_t comma = items.find(',');
      const std::string_view item = trim(items.substr(0, comma));
      const bool last = comma == std::string_view::npos;
      if (item == "None" || item == "-1" || item == "?") {
        dims.emplace_back();
      } else if (!item.empty() && item.size() <= 15 && item.find_first_not_of("0123456789") == std::string_view::npos) {
        dims.emplace_back(std::stoll(std::string(item)));
      } else if (!(item.empty() && last && !dims.empty())) {  // "(None,)" ends with an empty item
        ok = false;
      }
      if (last) break;
      items.remove_prefix(comma + 1);
    }
    if (ok && !dims.empty()) return std::pair{open, close + 1};
  }
  return std::nullopt;
}

// A row's label without the tree and box-drawing characters around it: "├─Conv2d: 1-1" → "Conv2d: 1-1".
std::string_view strip_drawing(std::string_view text) {
  const auto is_drawing_at = [&](std::size_t i) {
    return i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 &&
           (static_cast<unsigned char>(text[i + 1]) == 0x94 || static_cast<unsigned char>(text[i + 1]) == 0x95);
  };
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '|' || text.front() == '\t')) {
      text.remove_prefix(1);
    } else if (text.size() >= 3 && is_drawing_at(0)) {
      text.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && (text.back() == ' ' || text.back() == '|' || text.back() == '\t')) {
      text.remove_suffix(1);
    } else if (text.size() >= 3 && is_drawing_at(text.size() - 3)) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

// "Total params: 1,234 (4.82 KB)" after its label: the count, and whether a size in bytes follows (Keras 3).
std::optional<ParameterCount> count_after_colon(std::string_view rest, bool& has_size) {
  rest = trim(rest);
  if (!rest.starts_with(':')) return std::nullopt;
  rest = trim(rest.substr(1));
  const std::optional<WrittenNumber> number = read_number(rest);
  if (!number || number->decimals > 0) return std::nullopt;
  const std::string_view after = trim(rest.substr(number->length));
  has_size = after.starts_with('(') && after.ends_with("B)");
  return ParameterCount{number->value, 0, std::string(rest.substr(0, number->length)), 0};
}

class SummaryReader {
 public:
  explicit SummaryReader(LineReader& lines) : lines_(lines) {}

  ModelSummaryResult read() {
    std::string_view line;
    while (lines_.next(line)) read_line(trim(line, " \t\r"));
    if (!lines_.error().empty()) return ModelSummaryError{lines_.error(), lines_.line_number() + 1, false};
    if (!total_) {
      return ModelSummaryError{
          fmt::format("no parameter count in a format dlcheck reads ({})", recognised_summary_formats()), 0, true};
    }
    ModelSummary summary;
    summary.total = *total_;
    // Keras 3 counts the optimizer's variables in a trained model's total; the model's own are the rest.
    if (optimizer_ && trainable_ && non_trainable_) {
      const double sum = trainable_->value + non_trainable_->value;
      summary.total = ParameterCount{sum, 0, with_thousands(static_cast<std::uint64_t>(sum)), trainable_->line};
    }
    summary.format = format_.value_or(keras_model_line_ ? SummaryFormat::keras2 : SummaryFormat::plain);
    summary.summaries = totals_;
    summary.shapes = std::move(shapes_);
    return summary;
  }

 private:
  void read_line(std::string_view text) {
    if (text.empty()) return;
    read_header(text);
    if (read_total(text)) return;
    if (in_table_) read_shape(text);
  }

  void read_header(std::string_view text) {
    const bool box =
        text.find("\xE2\x94\x83") != std::string_view::npos || text.find("\xE2\x94\x82") != std::string_view::npos;
    if (text.find("Layer (type:depth-idx)") != std::string_view::npos) {
      set_format(SummaryFormat::torchinfo);
      in_table_ = true;
    } else if (text.find("Layer (type)") != std::string_view::npos) {
      if (box) set_format(SummaryFormat::keras3);
      classic_header_ = !box;
      in_table_ = true;
    } else if (text.find("Output Shape") != std::string_view::npos) {
      in_table_ = true;
    } else if (text.starts_with("|") && text.find("Name") != std::string_view::npos &&
               text.find("Type") != std::string_view::npos && text.find("Params") != std::string_view::npos) {
      set_format(SummaryFormat::lightning);
    } else if (text.starts_with("Model: ")) {
      keras_model_line_ = true;
    }
  }

  bool read_total(std::string_view text) {
    const std::size_t line = lines_.line_number();
    bool has_size = false;
    if (text.starts_with("Total params")) {
      std::string_view rest = text.substr(12);
      if (rest.starts_with(" (") &&
          rest.find("):") != std::string_view::npos) {  // torchinfo: "Total params (M): 11.69"
        const std::string_view unit = rest.substr(2, rest.find("):") - 2);
        const double scale = unit_scale(unit);
        const std::optional<WrittenNumber> number = read_number(trim(rest.substr(rest.find("):") + 2)));
        if (scale > 1 && number) {
          set_format(SummaryFormat::torchinfo);
          add_total(ParameterCount{number->value * scale, 0.5 * std::pow(10.0, -number->decimals) * scale,
                                   fmt::format("{} {}", trim(rest.substr(rest.find("):") + 2)), unit), line});
        }
        return true;
      }
      if (auto count = count_after_colon(rest, has_size)) {
        if (has_size) set_format(SummaryFormat::keras3);
        count->line = line;
        add_total(*count);
      }
      return true;
    }
    for (const auto& [label, slot] : {std::pair{std::string_view("Trainable params"), &trainable_},
                                      std::pair{std::string_view("Non-trainable params"), &non_trainable_},
                                      std::pair{std::string_view("Optimizer params"), &optimizer_}}) {
      if (!text.starts_with(label)) continue;
      if (auto count = count_after_colon(text.substr(label.size()), has_size); count && totals_ == 1 && !*slot) {
        count->line = line;
        *slot = *count;
      }
      return true;
    }
    // Lightning: "151 K     Total params".
    if (text.ends_with("Total params")) {
      if (auto count = parse_parameter_count(text.substr(0, text.size() - 12))) {
        set_format(SummaryFormat::lightning);
        count->line = line;
        add_total(*count);
      }
      return true;
    }
    const std::string lower = ascii_lower(text.substr(0, 32));
    for (const std::string_view label : {"parameters", "params", "total parameters", "number of parameters"}) {
      if (!lower.starts_with(label)) continue;
      std::string_view rest = trim(text.substr(label.size()));
      if (!rest.starts_with(':') && !rest.starts_with('=')) continue;
      if (auto count = parse_parameter_count(rest.substr(1))) {
        count->line = line;
        add_total(*count);
        return true;
      }
    }
    return false;
  }

  void read_shape(std::string_view text) {
    if (shapes_.size() >= kMaxShapes) return;
    std::vector<std::optional<std::int64_t>> dims;
    const auto shape = find_shape(text, dims);
    if (!shape) return;
    std::string_view label = strip_drawing(text.substr(0, shape->first));
    label = label.substr(0, std::min(label.find(" ("), label.find("  ")));
    if (label.empty()) return;
    if (!format_ && classic_header_) {
      set_format(text[shape->first] == '[' ? SummaryFormat::torchsummary : SummaryFormat::keras2);
    }
    shapes_.push_back({std::string(label), std::move(dims),
                       std::string(text.substr(shape->first, shape->second - shape->first)), lines_.line_number()});
  }

  void add_total(const ParameterCount& count) {
    if (!total_) total_ = count;
    ++totals_;
  }

  void set_format(SummaryFormat format) {
    if (!format_) format_ = format;
  }

  LineReader& lines_;
  std::optional<SummaryFormat> format_;
  bool in_table_ = false;
  bool classic_header_ = false;
  bool keras_model_line_ = false;
  std::optional<ParameterCount> total_, trainable_, non_trainable_, optimizer_;
  std::size_t totals_ = 0;
  std::vector<SummaryShape> shapes_;
};

}  // namespace

std::string_view format_as(SummaryFormat format) {
  switch (format) {
    case SummaryFormat::keras3:
      return "Keras 3 model.summary()";
    case SummaryFormat::keras2:
      return "Keras 2 model.summary()";
    case SummaryFormat::torchinfo:
      return "torchinfo";
    case SummaryFormat::torchsummary:
      return "torchsummary";
    case SummaryFormat::lightning:
      return "PyTorch Lightning ModelSummary";
    case SummaryFormat::plain:
      return "a parameter count line";
  }
  return "";
}

std::string recognised_summary_formats() {
  return "Keras 3 and Keras 2 model.summary(), torchinfo, torchsummary, PyTorch Lightning ModelSummary, or a line "
         "\"parameters: N\"";
}

std::optional<ParameterCount> parse_parameter_count(std::string_view text) {
  text = trim(text, " \t\r");
  const std::optional<WrittenNumber> number = read_number(text);
  if (!number) return std::nullopt;
  const std::string_view unit = trim(text.substr(number->length));
  const double scale = unit_scale(unit);
  if (scale == 0 || (scale == 1 && number->decimals > 0)) return std::nullopt;
  const double half_unit = scale == 1 ? 0 : 0.5 * std::pow(10.0, -number->decimals) * scale;
  return ParameterCount{number->value * scale, half_unit, std::string(text), 0};
}

std::optional<ParameterCount> find_parameter_claim(std::string_view text) {
  const std::string lower = ascii_lower(text);
  for (std::size_t at = lower.find("param"); at != std::string::npos; at = lower.find("param", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(lower[at - 1]))) continue;
    // Only a window before each "param" is read: a count is short, and a text of a million
    // "-param" must not cost a scan back to its start per occurrence.
    const std::size_t from = at > kClaimWindow ? at - kClaimWindow : 0;
    // A window that starts inside a word: that word is no count.
    const bool cut = from > 0 && std::string_view(" \t\r\n(").find(text[from - 1]) == std::string_view::npos;
    const std::string_view before = trim(std::string_view(text).substr(from, at - from), " \t\r\n(");
    // The count is the last word before, or the last two ("151 K", "1.3 billion").
    const std::size_t last_space = before.find_last_of(" \t\n");
    if (cut && last_space == std::string_view::npos) continue;
    const std::string_view last = last_space == std::string_view::npos ? before : before.substr(last_space + 1);
    if (last_space != std::string_view::npos) {
      const std::size_t second = before.substr(0, last_space).find_last_of(" \t\n(");
      const std::string_view two = second == std::string_view::npos ? before : before.substr(second + 1);
      if (unit_scale(last) > 1 && !(cut && second == std::string_view::npos)) {
        if (auto count = parse_parameter_count(two)) return count;
      }
    }
    if (auto count = parse_parameter_count(last)) return count;
  }
  return std::nullopt;
}

ModelSummaryResult read_model_summary(LineReader& lines) { return SummaryReader(lines).read(); }

}  // namespace dlcheck
