#include "json/json_lines.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>

#include "text/source_text.hpp"

namespace dlcheck {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Past this many members a row goes to parse_json, whose member lookup is hashed: the fast path
// finds a repeated key by comparing it with every member before it.
constexpr std::size_t kMaxFlatMembers = 64;

// A cursor over one line for the fast path. Every method fails rather than guess, and the row
// then goes through parse_json, which says what is wrong.
struct FlatCursor {
  std::string_view text;
  std::size_t at = 0;

  void skip_space() {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n')) ++at;
  }
  bool take(char c) {
    if (at == text.size() || text[at] != c) return false;
    ++at;
    return true;
  }
  bool take_word(std::string_view word) {
    if (!text.substr(at).starts_with(word)) return false;
    at += word.size();
    return true;
  }
  bool digits() {
    const std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    return at > start;
  }
  // Four hex digits of a \u escape.
  bool hex4(std::uint32_t& value) {
    if (at + 4 > text.size()) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text[at++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }
  // The code point of a \u escape after the "\u", joining a surrogate pair.
  bool unicode_escape(std::uint32_t& code_point) {
    if (!hex4(code_point) || (code_point >= 0xDC00 && code_point <= 0xDFFF)) return false;
    if (code_point < 0xD800 || code_point > 0xDBFF) return true;
    std::uint32_t low = 0;
    if (!take_word("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
    code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    return true;
  }
  // A string in valid UTF-8 without control characters. Without escapes it is a view into the
  // line; with them it is decoded into `decoded`.
  bool string(std::string_view& out, std::string& decoded) {
    if (!take('"')) return false;
    const std::size_t start = at;
    bool escaped = false;
    while (at < text.size()) {
      const auto byte = static_cast<unsigned char>(text[at]);
      if (byte == '"') {
        out = escaped ? std::string_view(decoded) : text.substr(start, at - start);
        ++at;
        return true;
      }
      if (byte == '\\') {
        if (!escaped) decoded.assign(text, start, at - start);
        escaped = true;
        if (++at == text.size()) return false;
        const char escape = text[at++];
        constexpr std::string_view kEscapes = "\"\\/bfnrt", kMeanings = "\"\\/\b\f\n\r\t";
        if (const std::size_t known = kEscapes.find(escape); known != std::string_view::npos) {
          decoded += kMeanings[known];
          continue;
        }
        std::uint32_t code_point = 0;
        if (escape != 'u' || !unicode_escape(code_point)) return false;
        append_utf8(decoded, code_point);
        continue;
      }
      if (byte < 0x20) return false;
      const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, at);
      if (length == 0) return false;
      if (escaped) decoded.append(text, at, length);
      at += length;
    }
    return false;
  }
  // A number as written, within a double's range unless told otherwise, as parse_json requires;
  // the integer -0 reads as 0, as it does there.
  bool number(std::string_view& out, bool allow_huge) {
    const std::size_t start = at;
    take('-');
    if (!take('0') && !digits()) return false;
    bool integral = true;
    if (take('.')) {
      integral = false;
      if (!digits()) return false;
    }
    if (take('e') || take('E')) {
      integral = false;
      if (!take('+')) take('-');
      if (!digits()) return false;
    }
    out = text.substr(start, at - start);
    if (out == "-0") out = "0";
    if (allow_huge || (integral && out.size() <= 18)) return true;  // 18 digits fit an int64
    double value = 0;
    const auto [end, error] = std::from_chars(out.data(), out.data() + out.size(), value);
    return error == std::errc{} || (error == std::errc::result_out_of_range && underflows_double(out));
  }
  bool scalar(JsonKind& kind, std::string_view& out, const ParseLimits& limits, std::string& decoded) {
    if (at < text.size() && text[at] == '"') {
      kind = JsonKind::string;
      return string(out, decoded);
    }
    for (const std::string_view word : {"true"sv, "false"sv}) {
      if (take_word(word)) {
        kind = JsonKind::boolean;
        out = word;
        return true;
      }
    }
    if (take_word("null")) {
      kind = JsonKind::null;
      out = {};
      return true;
    }
    kind = JsonKind::number;
    if (limits.allow_non_finite) {
      for (const std::string_view word : {"NaN"sv, "Infinity"sv, "-Infinity"sv}) {
        if (take_word(word)) {
          out = word;
          return true;
        }
      }
    }
    return number(out, limits.allow_huge_numbers);
  }
  // Checks a value nested `depth` objects deep, as parse_json would, and skips it.
  bool skip_value(std::size_t depth, const ParseLimits& limits, std::string& decoded) {
    if (at < text.size() && (text[at] == '{' || text[at] == '[')) {
      const bool object = text[at++] == '{';
      if (depth + 1 > limits.max_depth) return false;
      skip_space();
      if (take(object ? '}' : ']')) return true;
      do {
        skip_space();
        std::string_view key;
        if (object) {
          if (!string(key, decoded)) return false;
          skip_space();
          if (!take(':')) return false;
          skip_space();
        }
        if (!skip_value(depth + 1, limits, decoded)) return false;
        skip_space();
      } while (take(','));
      return take(object ? '}' : ']');
    }
    JsonKind kind = JsonKind::missing;
    std::string_view out;
    return scalar(kind, out, limits, decoded);
  }
};

void fill_member(JsonMember& member, JsonValue value) {
  member.offset = value.offset();
  member.text.clear();
  switch (value.type()) {
    case JsonType::boolean:
      member.kind = JsonKind::boolean;
      member.text = value.boolean() ? "true" : "false";
      break;
    case JsonType::number:
      member.kind = JsonKind::number;
      member.text = value.literal() == "-0" ? "0"sv : value.literal();
      break;
    case JsonType::string:
      member.kind = JsonKind::string;
      member.text = value.string();
      break;
    case JsonType::array:
      member.kind = JsonKind::array;
      member.text = value.dump();
      break;
    case JsonType::object:
      member.kind = JsonKind::object;
      member.text = value.dump();
      break;
    default:
      member.kind = JsonKind::null;
  }
}

}  // namespace

void JsonRowReader::keep_all() {
  keep_all_ = true;
  count_ = 0;
}

void JsonRowReader::keep(const std::vector<std::string>& keys) {
  keep_all_ = false;
  members_.assign(keys.size(), {});
  for (std::size_t i = 0; i < keys.size(); ++i) members_[i].key = keys[i];
  count_ = keys.size();
}

void JsonRowReader::reset() {
  is_object_ = false;
  if (keep_all_) {
    count_ = 0;
    return;
  }
  for (JsonMember& member : members_) {
    member.kind = JsonKind::missing;
    member.text.clear();
    member.offset = 0;
  }
}

bool JsonRowReader::parse(std::string_view line) {
  // parse_json skips a byte-order mark; offsets here count it, so that they index the line.
  const std::size_t base = line.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  reset();
  if (scan_flat(line.substr(base), base)) return is_object_ = true;
  reset();
  JsonParseResult parsed = parse_json(line, limits_);
  if (auto* error = std::get_if<JsonParseError>(&parsed)) {
    error_ = std::move(*error);
    return false;
  }
  const JsonDocument& document = std::get<JsonDocument>(parsed);
  is_object_ = document.root().is_object();
  if (is_object_) take_members(document, base);
  return true;
}

// Most rows hold strings and numbers only: read here in one scan, without allocating once the
// members have their capacity. Values of members not kept are checked and skipped, nested or
// not. Anything else returns false: a nested value kept (its compact JSON comes from parse_json),
// a surprise, or an error, which parse_json then words.
bool JsonRowReader::scan_flat(std::string_view line, std::size_t base) {
  if (limits_.max_depth < 1) return false;
  FlatCursor in{line};
  in.skip_space();
  if (!in.take('{')) return false;
  in.skip_space();
  if (!in.take('}')) {
    do {
      std::string_view key, text;
      in.skip_space();
      if (!in.string(key, key_buffer_)) return false;
      in.skip_space();
      if (!in.take(':')) return false;
      in.skip_space();
      if (keep_all_ && count_ == kMaxFlatMembers) return false;
      JsonMember* member = member_for(key);
      const std::size_t offset = in.at;
      if (member == nullptr) {
        if (!in.skip_value(1, limits_, value_buffer_)) return false;
      } else {
        JsonKind kind = JsonKind::missing;
        if (!in.scalar(kind, text, limits_, value_buffer_)) return false;
        member->kind = kind;
        member->text.assign(text);  // reuses the member's capacity
        member->offset = base + offset;
      }
      in.skip_space();
    } while (in.take(','));
    if (!in.take('}')) return false;
  }
  in.skip_space();
  return in.at == line.size();
}

// The member a key's value goes to: nullptr for a key not kept.
JsonMember* JsonRowReader::member_for(std::string_view key) {
  for (std::size_t i = 0; i < count_; ++i) {
    if (members_[i].key == key) return &members_[i];
  }
  if (!keep_all_) return nullptr;
  if (count_ == members_.size()) members_.emplace_back();
  members_[count_].key.assign(key);
  return &members_[count_++];
}

void JsonRowReader::take_members(const JsonDocument& document, std::size_t base) {
  if (keep_all_) {
    std::vector<JsonMember> all = members_of(document.root());
    // In order of first appearance, as the fast path keeps them: a repeated key where it first appeared.
    std::unordered_map<std::string_view, std::size_t> first_offsets;
    for (const DuplicateKey& duplicate : document.duplicates) {
      const auto [entry, added] = first_offsets.try_emplace(duplicate.pointer, duplicate.first.offset);
      if (!added) entry->second = std::min(entry->second, duplicate.first.offset);
    }
    std::vector<std::pair<std::size_t, std::size_t>> order;  // first offset, index into all
    for (std::size_t i = 0; i < all.size(); ++i) {
      const std::string pointer = child_pointer("", all[i].key);
      const auto repeated = first_offsets.find(pointer);
      order.emplace_back(repeated != first_offsets.end()
                             ? repeated->second
                             : document.member_position(pointer).value_or(SourcePosition{}).offset,
                         i);
    }
    std::sort(order.begin(), order.end());
    count_ = all.size();
    if (members_.size() < count_) members_.resize(count_);
    for (std::size_t i = 0; i < count_; ++i) members_[i] = std::move(all[order[i].second]);
  } else {
    for (JsonMember& member : members_) {
      if (const JsonValue value = document.root().find(member.key)) fill_member(member, value);
    }
  }
  for (std::size_t i = 0; i < count_; ++i) members_[i].offset += base;
}

std::vector<JsonMember> members_of(JsonValue object) {
  std::vector<JsonMember> members;
  members.reserve(object.size());
  for (const auto& [key, value] : object.sorted_members()) {
    JsonMember& member = members.emplace_back();
    member.key = key;
    fill_member(member, value);
  }
  return members;
}

double json_number_value(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc::result_out_of_range) return value;
  const double magnitude = underflows_double(text) ? 0.0 : std::numeric_limits<double>::infinity();
  return text.starts_with('-') ? -magnitude : magnitude;
}

}  // namespace dlcheck
