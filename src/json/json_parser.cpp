#include "json/json_parser.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// Where a run of plain ASCII inside a string ends: at '"', '\\', a control byte or a non-ASCII
// byte, all of which need a closer look. Sixteen bytes at a time where SSE2 is there (always on
// x86-64): strings are most of a record's bytes.
std::size_t plain_run_end(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    // Signed, so bytes from 0x80 up compare below ' ' along with the control bytes.
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                      _mm_cmplt_epi8(bytes, space));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop)); mask != 0) {
      return pos + static_cast<std::size_t>(std::countr_zero(mask));
    }
  }
#endif
  for (; pos < text.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') break;
  }
  return pos;
}

std::string describe_byte(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return "end of file";
  const auto byte = static_cast<unsigned char>(text[offset]);
  if (byte >= 0x21 && byte < 0x7F) return fmt::format("character '{}'", static_cast<char>(byte));
  if (byte == ' ') return "a space";
  if (byte < 0x20 || byte == 0x7F) return fmt::format("control character U+{:04X}", byte);
  return fmt::format("byte 0x{:02X}", byte);
}

struct ParseFailure {
  std::string message;
  std::size_t offset;
  bool too_deep = false;
};

}  // namespace

// Builds a JsonDocument's nodes in one pass over the text.
class JsonParser {
 public:
  JsonParser(std::string_view text, const ParseLimits& limits, JsonDocument& doc)
      : text_(text), limits_(limits), doc_(doc), nodes_(doc.nodes_) {
    doc.text_ = text;
  }

  void parse_document() {
    // Windows editors save "Unicode" as UTF-16; say so instead of pointing at a stray byte.
    const bool utf16_mark = text_.starts_with("\xFF\xFE") || text_.starts_with("\xFE\xFF");
    const bool utf16_nul = text_.size() >= 2 && (text_[0] == '\0') != (text_[1] == '\0');
    if (utf16_mark || utf16_nul) fail("the file is UTF-16 text: save it as UTF-8", 0);
    skip_whitespace();
    if (pos_ >= text_.size()) {
      fail(text_.empty() ? "the file is empty: expected a JSON object"
                         : "the file holds only white space: expected a JSON object",
           pos_);
    }
    // Every value but a lone scalar takes two bytes or more with its separator, so this many
    // nodes always suffice: the array is never copied to grow, and pages never written to are
    // never resident.
    nodes_.reserve((text_.size() + 1) / 2 + 1);
    parse_value(0);
    skip_whitespace();
    if (pos_ < text_.size()) fail(fmt::format("unexpected {} after the JSON value", describe_byte(text_, pos_)), pos_);
  }

  // Indexes the lines, then lists the duplicate keys in text order, each with its member's pointer.
  void finish() {
    doc_.index_lines();
    std::sort(doc_.indexed_arrays_.begin(), doc_.indexed_arrays_.end(),
              [](const auto& a, const auto& b) { return a.node < b.node; });
    const auto by_place = [](const Duplicate& a, const Duplicate& b) { return a.key < b.key; };
    if (!std::is_sorted(duplicates_.begin(), duplicates_.end(), by_place)) {
      std::sort(duplicates_.begin(), duplicates_.end(), by_place);
    }
    doc_.duplicates.reserve(duplicates_.size());
    for (const Duplicate& duplicate : duplicates_) {
      std::string pointer = object_pointers_[duplicate.object];
      append_pointer_token(pointer, doc_.key_of(duplicate.key));
      doc_.duplicates.push_back({std::move(pointer), doc_.position_at(nodes_[duplicate.key].offset),
                                 doc_.position_at(nodes_[duplicate.first].offset)});
    }
  }

 private:
  using Node = JsonDocument::Node;
  static constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);
  // Objects with more members than this get a sorted index of their keys, found by binary
  // search; smaller ones are scanned.
  static constexpr std::size_t kSmallObject = 8;

  [[noreturn]] void fail(std::string message, std::size_t offset) { throw ParseFailure{std::move(message), offset}; }

  void skip_whitespace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  [[noreturn]] void fail_unexpected(std::string_view expected) {
    if (pos_ >= text_.size()) fail(fmt::format("unexpected end of file, expected {}", expected), pos_);
    const std::string_view rest = text_.substr(pos_);
    if (rest.starts_with("//") || rest.starts_with("/*")) fail("comments are not allowed in JSON", pos_);
    if (rest.starts_with("'")) fail("strings must use double quotes in JSON", pos_);
    if (rest.starts_with("NaN") || rest.starts_with("Infinity") || rest.starts_with("-Infinity")) {
      fail("NaN and Infinity are not valid JSON numbers", pos_);
    }
    fail(fmt::format("unexpected {}, expected {}", describe_byte(text_, pos_), expected), pos_);
  }

  std::uint32_t add(std::uint8_t kind, std::uint32_t size = 0, std::uint8_t flags = 0) {
    const auto id = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{static_cast<std::uint32_t>(pos_), kind, flags, 0, size, id + 1});
    return id;
  }

  void parse_value(std::size_t depth) {
    skip_whitespace();
    if (pos_ >= text_.size()) fail_unexpected("a value");
    switch (text_[pos_]) {
      case '{':
        return parse_object(depth + 1);
      case '[':
        return parse_array(depth + 1);
      case '"':
        parse_string(static_cast<std::uint8_t>(JsonType::string));
        return;
      case 't':
        return parse_literal("true", true);
      case 'f':
        return parse_literal("false", false);
      case 'n':
        return parse_literal("null", std::nullopt);
      default:
        if (limits_.allow_non_finite && parse_non_finite()) return;
        if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) return parse_number();
        fail_unexpected("a value");
    }
  }

  void check_depth(std::size_t depth) {
    if (depth > limits_.max_depth) {
      throw ParseFailure{fmt::format("nesting is deeper than {} levels", limits_.max_depth), pos_, true};
    }
  }

  void parse_object(std::size_t depth) {
    check_depth(depth);
    const std::uint32_t object = add(static_cast<std::uint8_t>(JsonType::object));
    ++pos_;  // '{'
    const std::size_t base = open_keys_.size();
    path_.push_back({object, kNone});
    skip_whitespace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return close_object(object, base);
    }
    std::size_t comma = 0;  // the last comma, where a trailing one is reported
    while (true) {
      skip_whitespace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        // The first member was there ('{}' returned above), so a '}' here follows a comma.
        if (pos_ < text_.size() && text_[pos_] == '}') fail("trailing comma before '}'", comma);
        fail_unexpected("a member name in double quotes");
      }
      const std::uint32_t key = parse_string(JsonDocument::kKey);
      open_keys_.push_back(key);
      path_.back().child = key;
      skip_whitespace();
      if (pos_ >= text_.size() || text_[pos_] != ':') fail_unexpected("':' after the member name");
      ++pos_;
      parse_value(depth);
      skip_whitespace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        comma = pos_++;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return close_object(object, base);
      }
      fail_unexpected("',' or '}' after a member");
    }
  }

  // Marks each repeated key but the last as replaced, recording the duplicate, and indexes the
  // keys of a large object. The per-object key list lives only while the object is open.
  void close_object(std::uint32_t object, std::size_t base) {
    const std::span<const std::uint32_t> keys(open_keys_.data() + base, open_keys_.size() - base);
    std::uint32_t distinct = static_cast<std::uint32_t>(keys.size());
    if (keys.size() <= kSmallObject) {
      for (std::size_t later = 1; later < keys.size(); ++later) {
        for (std::size_t earlier = later; earlier-- > 0;) {
          if ((nodes_[keys[earlier]].flags & JsonDocument::kReplaced) != 0) continue;
          if (doc_.key_of(keys[earlier]) != doc_.key_of(keys[later])) continue;
          replace(keys[earlier], keys[later]);
          --distinct;
          break;
        }
      }
    } else {
      // Sorted by key, then by place: equal keys end up side by side in text order. A sort, not a
      // hash table, so that no crafted set of keys costs more than n log n.
      sorted_.clear();
      for (const std::uint32_t key : keys) sorted_.push_back(sort_key(key));
      std::sort(sorted_.begin(), sorted_.end(), [&](const SortKey& a, const SortKey& b) {
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        if (a.length <= 8 && b.length <= 8) return a.length != b.length ? a.length < b.length : a.id < b.id;
        const int order = doc_.key_of(a.id).compare(doc_.key_of(b.id));
        return order != 0 ? order < 0 : a.id < b.id;
      });
      auto& index = doc_.sorted_keys_;
      const auto start = static_cast<std::uint32_t>(index.size());
      for (std::size_t i = 0; i < sorted_.size(); ++i) {
        const SortKey& key = sorted_[i];
        const SortKey* next = i + 1 < sorted_.size() ? &sorted_[i + 1] : nullptr;
        if (next != nullptr && next->prefix == key.prefix && next->length == key.length &&
            (key.length <= 8 || doc_.key_of(key.id) == doc_.key_of(next->id))) {
          replace(key.id, next->id);
          --distinct;
        } else {
          index.push_back(key.id);
        }
      }
      if (sorted_.capacity() > 4096) sorted_ = {};  // scratch only while the object closes
      nodes_[object].flags |= JsonDocument::kIndexed;
      nodes_[object + 1].next = start;
    }
    nodes_[object].size = distinct;
    nodes_[object].next = static_cast<std::uint32_t>(nodes_.size());
    open_keys_.resize(base);
    path_.pop_back();
  }

  // A key's first eight bytes as one number that sorts as the bytes do, and its length: most
  // keys are told apart, or found equal, without comparing their text.
  struct SortKey {
    std::uint64_t prefix;
    std::uint32_t length, id;
  };
  SortKey sort_key(std::uint32_t id) const {
    const std::string_view key = doc_.key_of(id);
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      prefix = prefix << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    }
    return {prefix, static_cast<std::uint32_t>(key.size()), id};
  }

  void replace(std::uint32_t earlier, std::uint32_t later) {
    nodes_[earlier].flags |= JsonDocument::kReplaced;
    const std::uint32_t object = path_.back().container;
    if (object_pointers_.empty() || pointer_object_ != object) {  // once per object, not per duplicate
      std::string& pointer = object_pointers_.emplace_back();
      for (std::size_t i = 0; i + 1 < path_.size(); ++i) {
        const PathStep& step = path_[i];
        if (nodes_[step.container].kind == static_cast<std::uint8_t>(JsonType::object)) {
          append_pointer_token(pointer, doc_.key_of(step.child));
        } else {
          append_pointer_index(pointer, step.child);
        }
      }
      pointer_object_ = object;
    }
    duplicates_.push_back({later, earlier, static_cast<std::uint32_t>(object_pointers_.size() - 1)});
  }

  void parse_array(std::size_t depth) {
    check_depth(depth);
    const std::uint32_t array = add(static_cast<std::uint8_t>(JsonType::array));
    ++pos_;  // '['
    path_.push_back({array, 0});
    std::uint32_t count = 0;
    skip_whitespace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return close_array(array, count);
    }
    std::size_t comma = 0;  // the last comma, where a trailing one is reported
    while (true) {
      skip_whitespace();
      // '[]' returned above, so a ']' here follows a comma.
      if (pos_ < text_.size() && text_[pos_] == ']') fail("trailing comma before ']'", comma);
      path_.back().child = count++;
      parse_value(depth);
      skip_whitespace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        comma = pos_++;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return close_array(array, count);
      }
      fail_unexpected("',' or ']' after an array element");
    }
  }

  void close_array(std::uint32_t array, std::uint32_t count) {
    Node& node = nodes_[array];
    node.size = count;
    node.next = static_cast<std::uint32_t>(nodes_.size());
    if (node.next == array + 1 + count) {
      node.flags |= JsonDocument::kFlat;
    } else if (count > JsonDocument::kElementStride) {
      doc_.indexed_arrays_.push_back({array, static_cast<std::uint32_t>(doc_.element_index_.size())});
      std::uint32_t child = array + 1;
      for (std::uint32_t i = 0; i < count; ++i, child = nodes_[child].next) {
        if (i % JsonDocument::kElementStride == 0) doc_.element_index_.push_back(child);
      }
    }
    path_.pop_back();
  }

  bool parse_non_finite() {
    for (const std::string_view word : {"NaN", "Infinity", "-Infinity"}) {
      if (text_.substr(pos_, word.size()) == word) {
        add(static_cast<std::uint8_t>(JsonType::number), static_cast<std::uint32_t>(word.size()));
        pos_ += word.size();
        return true;
      }
    }
    return false;
  }

  void parse_literal(std::string_view word, std::optional<bool> value) {
    if (text_.substr(pos_, word.size()) != word) fail_unexpected("a value");
    if (value) {
      add(static_cast<std::uint8_t>(JsonType::boolean), *value ? 1 : 0);
    } else {
      add(static_cast<std::uint8_t>(JsonType::null));
    }
    pos_ += word.size();
  }

  std::uint32_t parse_hex4(std::size_t escape_offset) {
    if (pos_ + 4 > text_.size()) fail("incomplete \\u escape in a string", escape_offset);
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        fail("invalid \\u escape in a string: expected four hex digits", escape_offset);
    }
    return value;
  }

  std::uint32_t parse_unicode_escape(std::size_t escape_offset) {
    const std::uint32_t first = parse_hex4(escape_offset);
    if (first >= 0xDC00 && first <= 0xDFFF) fail("invalid \\u escape: a lone low surrogate", escape_offset);
    if (first < 0xD800 || first > 0xDBFF) return first;
    if (text_.substr(pos_, 2) != "\\u")
      fail("invalid \\u escape: a high surrogate without its low half", escape_offset);
    pos_ += 2;
    const std::uint32_t second = parse_hex4(escape_offset);
    if (second < 0xDC00 || second > 0xDFFF)
      fail("invalid \\u escape: a high surrogate without its low half", escape_offset);
    return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
  }

  // A string or key node. Its text stays in the source unless it has escapes; those strings are
  // decoded once into the document.
  std::uint32_t parse_string(std::uint8_t kind) {
    const std::size_t start = pos_;
    const std::uint32_t node = add(kind);
    ++pos_;  // '"'
    std::string& out = doc_.unescaped_;
    const std::size_t out_start = out.size();
    bool escaped = false;
    std::size_t copied = pos_;  // escaped strings: text before this is in `out`
    while (true) {
      pos_ = plain_run_end(text_, pos_);
      if (pos_ >= text_.size()) fail("unexpected end of file inside a string", start);
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte == '"') {
        if (escaped) {
          out.append(text_.substr(copied, pos_ - copied));
          nodes_[node].flags |= JsonDocument::kEscaped;
          nodes_[node].size = static_cast<std::uint32_t>(doc_.unescaped_spans_.size());
          doc_.unescaped_spans_.push_back(
              {static_cast<std::uint32_t>(out_start), static_cast<std::uint32_t>(out.size() - out_start)});
        } else {
          nodes_[node].size = static_cast<std::uint32_t>(pos_ - start - 1);
        }
        ++pos_;
        return node;
      }
      if (byte < 0x20) {
        fail(fmt::format("{} must be escaped inside a string", describe_byte(text_, pos_)), pos_);
      }
      if (byte == '\\') {
        out.append(text_.substr(copied, pos_ - copied));
        escaped = true;
        const std::size_t escape_offset = pos_;
        ++pos_;
        if (pos_ >= text_.size()) fail("unexpected end of file inside a string", start);
        const char escape = text_[pos_++];
        switch (escape) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u':
            append_utf8(out, parse_unicode_escape(escape_offset));
            break;
          default:
            fail(fmt::format("invalid escape '\\{}' in a string", printable(std::string_view(&escape, 1))),
                 escape_offset);
        }
        copied = pos_;
        continue;
      }
      const std::size_t length = utf8_sequence_length(text_, pos_);
      if (length == 0) fail(fmt::format("invalid UTF-8 ({}) inside a string", describe_byte(text_, pos_)), pos_);
      pos_ += length;
    }
  }

  bool digit_at(std::size_t i) const { return i < text_.size() && text_[i] >= '0' && text_[i] <= '9'; }

  // A number node: the literal stays in the text and is read when asked for; here it is only
  // checked, and classed as nlohmann would have stored it.
  void parse_number() {
    const std::size_t start = pos_;
    bool integral = true;
    if (text_[pos_] == '-') ++pos_;
    if (text_.substr(pos_).starts_with("Infinity")) fail("NaN and Infinity are not valid JSON numbers", start);
    if (!digit_at(pos_)) fail_unexpected("a digit after '-'");
    if (text_[pos_] == '0') {
      ++pos_;
      if (digit_at(pos_)) fail("numbers must not have leading zeros", start);
    } else {
      while (digit_at(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (!digit_at(pos_)) fail_unexpected("a digit after the decimal point");
      while (digit_at(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit_at(pos_)) fail_unexpected("a digit in the exponent");
      while (digit_at(pos_)) ++pos_;
    }
    const std::string_view literal = text_.substr(start, pos_ - start);
    Node& node = nodes_.emplace_back(
        Node{static_cast<std::uint32_t>(start), static_cast<std::uint8_t>(JsonType::number), 0, 0,
             static_cast<std::uint32_t>(literal.size()), static_cast<std::uint32_t>(nodes_.size() + 1)});
    const char* first = literal.data();
    const char* last = literal.data() + literal.size();
    if (integral) {
      // At most 19 digits always fit an int64: the common case needs no conversion here.
      if (literal.size() <= 18) {
        node.flags = JsonDocument::kInteger;
        return;
      }
      std::int64_t value = 0;
      if (auto [ptr, ec] = std::from_chars(first, last, value); ec == std::errc{} && ptr == last) {
        node.flags = JsonDocument::kInteger;
        return;
      }
      std::uint64_t unsigned_value = 0;
      if (auto [ptr, ec] = std::from_chars(first, last, unsigned_value); ec == std::errc{} && ptr == last) {
        node.flags = JsonDocument::kUnsigned;
        return;
      }
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) {
      // Tiny numbers are kept as 0; only huge ones are refused.
      if (underflows_double(literal) || limits_.allow_huge_numbers) return;
      fail(fmt::format("number {} is too large for a double", abbreviate(literal)), start);
    }
    if (ec != std::errc{} || ptr != last) fail(fmt::format("invalid number {}", abbreviate(literal)), start);
  }

  static std::string abbreviate(std::string_view literal) {
    if (literal.size() <= 40) return std::string(literal);
    return fmt::format("{}…({} digits)", literal.substr(0, 24), literal.size());
  }

  struct PathStep {
    std::uint32_t container;
    std::uint32_t child;  // objects: the key node of the member being read; arrays: the index
  };
  struct Duplicate {
    std::uint32_t key, first;
    std::uint32_t object;  // indexes object_pointers_
  };

  std::string_view text_;
  const ParseLimits& limits_;
  JsonDocument& doc_;
  std::vector<Node>& nodes_;
  std::size_t pos_ = 0;
  std::vector<std::uint32_t> open_keys_;  // the keys of every open object, innermost last
  std::vector<SortKey> sorted_;           // scratch: one large object's keys, sorted
  std::vector<PathStep> path_;            // the open containers, outermost first
  std::vector<Duplicate> duplicates_;
  std::vector<std::string> object_pointers_;  // of the objects with duplicates
  std::uint32_t pointer_object_ = kNone;      // the object whose pointer is last in object_pointers_
};

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string checked_file_message(const JsonParseError& error) {
  return error.too_deep ? error.message + " (--max-depth)" : error.message;
}

bool underflows_double(std::string_view literal) {
  long long integer_digits = 0, leading_fraction_zeros = 0, exponent = 0;
  bool leading = true, in_fraction = false;
  std::size_t i = 0;
  for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
    const char c = literal[i];
    if (c == '.') {
      in_fraction = true;
    } else if (c >= '0' && c <= '9') {
      if (leading && c == '0') {
        if (in_fraction) ++leading_fraction_zeros;
        continue;
      }
      leading = false;
      if (!in_fraction) ++integer_digits;
    }
  }
  if (leading) return true;  // all zeros
  bool negative = false;
  for (++i; i < literal.size(); ++i) {
    if (literal[i] == '-') negative = true;
    if (literal[i] >= '0' && literal[i] <= '9' && exponent < 1'000'000) exponent = exponent * 10 + (literal[i] - '0');
  }
  if (negative) exponent = -exponent;
  const long long magnitude = integer_digits > 0 ? integer_digits + exponent : exponent - leading_fraction_zeros;
  return magnitude < 0;
}

JsonParseResult parse_json(std::string_view text, const ParseLimits& limits) {
  JsonParseResult result(std::in_place_type<JsonDocument>);
  JsonDocument& doc = std::get<JsonDocument>(result);
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
    doc.had_byte_order_mark = true;
  }
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return JsonParseError{"the file is too large to parse: 4 GiB or more", {}, false};
  }
  JsonParser parser(text, limits, doc);
  try {
    parser.parse_document();
  } catch (const ParseFailure& failure) {
    return JsonParseError{failure.message, position_at(text, failure.offset), failure.too_deep};
  }
  parser.finish();
  return result;
}

JsonParseResult parse_json(const char* text, const ParseLimits& limits) {
  return parse_json(std::string_view(text), limits);
}

void append_pointer_token(std::string& pointer, std::string_view key) {
  pointer += '/';
  // Nearly every key needs no escape: one copy. (find_first_of would call memchr per byte.)
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    pointer += key;
    return;
  }
  for (const char c : key) {
    if (c == '~')
      pointer += "~0";
    else if (c == '/')
      pointer += "~1";
    else
      pointer += c;
  }
}

void append_pointer_index(std::string& pointer, std::size_t index) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  pointer += '/';
  pointer.append(digits, end);
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  append_pointer_token(out, token);
  return out.substr(1);
}

std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  append_pointer_token(out, key);
  return out;
}

std::string child_pointer(std::string_view parent, std::size_t index) {
  std::string out(parent);
  append_pointer_index(out, index);
  return out;
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '1' ? '/' : '~';
    } else {
      out += token[i];
    }
  }
  return out;
}

std::optional<std::size_t> pointer_array_index(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc{} || end != token.data() + token.size()) return std::nullopt;
  return index;
}

}  // namespace dlcheck
