#include "json/json_parser.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
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

class Parser {
 public:
  Parser(std::string_view text, const ParseLimits& limits, JsonDocument& doc)
      : text_(text), limits_(limits), doc_(doc), positions_(doc.positions) {}

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
    doc_.root = parse_value(positions_.add_root(), 0);
    skip_whitespace();
    if (pos_ < text_.size()) fail(fmt::format("unexpected {} after the JSON value", describe_byte(text_, pos_)), pos_);
  }

 private:
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

  nlohmann::json parse_value(std::uint32_t node, std::size_t depth) {
    skip_whitespace();
    positions_.set_value_offset(node, pos_);
    if (pos_ >= text_.size()) fail_unexpected("a value");
    switch (text_[pos_]) {
      case '{':
        return parse_object(node, depth + 1);
      case '[':
        return parse_array(node, depth + 1);
      case '"':
        return parse_string();
      case 't':
        return parse_literal("true", true);
      case 'f':
        return parse_literal("false", false);
      case 'n':
        return parse_literal("null", nullptr);
      default:
        if (limits_.allow_non_finite) {
          if (auto value = parse_non_finite()) return *value;
        }
        if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) return parse_number();
        fail_unexpected("a value");
    }
  }

  void check_depth(std::size_t depth) {
    if (depth > limits_.max_depth) {
      throw ParseFailure{fmt::format("nesting is deeper than {} levels", limits_.max_depth), pos_, true};
    }
  }

  nlohmann::json parse_object(std::uint32_t node, std::size_t depth) {
    check_depth(depth);
    ++pos_;  // '{'
    nlohmann::json object = nlohmann::json::object();
    skip_whitespace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return object;
    }
    while (true) {
      skip_whitespace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        if (pos_ < text_.size() && text_[pos_] == '}') fail("trailing comma before '}'", pos_);
        fail_unexpected("a member name in double quotes");
      }
      const std::size_t key_offset = pos_;
      std::string key = parse_string_text();
      std::uint32_t replaced = JsonPositions::kNoNode;
      const std::uint32_t member = add_node(positions_.add_member(node, key, key_offset, replaced));
      if (replaced != JsonPositions::kNoNode) {
        duplicates_.push_back({member, key_offset, positions_.key_offset(replaced)});
      }
      skip_whitespace();
      if (pos_ >= text_.size() || text_[pos_] != ':') fail_unexpected("':' after the member name");
      ++pos_;
      object[std::move(key)] = parse_value(member, depth);
      skip_whitespace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return object;
      }
      fail_unexpected("',' or '}' after a member");
    }
  }

  nlohmann::json parse_array(std::uint32_t node, std::size_t depth) {
    check_depth(depth);
    ++pos_;  // '['
    nlohmann::json array = nlohmann::json::array();
    skip_whitespace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return array;
    }
    while (true) {
      skip_whitespace();
      if (pos_ < text_.size() && text_[pos_] == ']') fail("trailing comma before ']'", pos_);
      array.push_back(parse_value(add_node(positions_.add_element(node, array.size())), depth));
      skip_whitespace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return array;
      }
      fail_unexpected("',' or ']' after an array element");
    }
  }

  std::optional<double> parse_non_finite() {
    for (const auto& [word, value] :
         {std::pair{std::string_view("NaN"), std::numeric_limits<double>::quiet_NaN()},
          std::pair{std::string_view("Infinity"), std::numeric_limits<double>::infinity()},
          std::pair{std::string_view("-Infinity"), -std::numeric_limits<double>::infinity()}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    return std::nullopt;
  }

  nlohmann::json parse_literal(std::string_view word, nlohmann::json value) {
    if (text_.substr(pos_, word.size()) != word) fail_unexpected("a value");
    pos_ += word.size();
    return value;
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

  nlohmann::json parse_string() { return parse_string_text(); }

  std::string parse_string_text() {
    const std::size_t start = pos_;
    ++pos_;  // '"'
    std::string out;
    while (true) {
      // Plain ASCII runs are copied at once: most keys and values are nothing else.
      const std::size_t run = plain_run_end(text_, pos_);
      out.append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= text_.size()) fail("unexpected end of file inside a string", start);
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte == '"') {
        ++pos_;
        return out;
      }
      if (byte < 0x20) {
        fail(fmt::format("{} must be escaped inside a string", describe_byte(text_, pos_)), pos_);
      }
      if (byte == '\\') {
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
        continue;
      }
      const std::size_t length = utf8_sequence_length(text_, pos_);
      if (length == 0) fail(fmt::format("invalid UTF-8 ({}) inside a string", describe_byte(text_, pos_)), pos_);
      out.append(text_.substr(pos_, length));
      pos_ += length;
    }
  }

  bool digit_at(std::size_t i) const { return i < text_.size() && text_[i] >= '0' && text_[i] <= '9'; }

  nlohmann::json parse_number() {
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
    const char* first = literal.data();
    const char* last = literal.data() + literal.size();
    if (integral) {
      std::int64_t value = 0;
      if (auto [ptr, ec] = std::from_chars(first, last, value); ec == std::errc{} && ptr == last) return value;
      std::uint64_t unsigned_value = 0;
      if (auto [ptr, ec] = std::from_chars(first, last, unsigned_value); ec == std::errc{} && ptr == last) {
        return unsigned_value;
      }
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) {
      // Tiny numbers are kept as 0; only huge ones are refused.
      if (underflows_double(literal)) return literal.starts_with('-') ? -0.0 : 0.0;
      if (limits_.allow_huge_numbers) {
        return literal.starts_with('-') ? -std::numeric_limits<double>::infinity()
                                        : std::numeric_limits<double>::infinity();
      }
      fail(fmt::format("number {} is too large for a double", abbreviate(literal)), start);
    }
    if (ec != std::errc{} || ptr != last) fail(fmt::format("invalid number {}", abbreviate(literal)), start);
    return value;
  }

  static std::string abbreviate(std::string_view literal) {
    if (literal.size() <= 40) return std::string(literal);
    return fmt::format("{}…({} digits)", literal.substr(0, 24), literal.size());
  }

  std::uint32_t add_node(std::uint32_t node) {
    if (node == JsonPositions::kNoNode) fail("the file holds too many values", pos_);
    return node;
  }

 public:
  struct Duplicate {
    std::uint32_t node;
    std::size_t offset, first_offset;
  };
  std::vector<Duplicate> duplicates_;  // turned into DuplicateKeys once the positions are indexed

 private:
  std::string_view text_;
  const ParseLimits& limits_;
  JsonDocument& doc_;
  JsonPositions& positions_;
  std::size_t pos_ = 0;
};

}  // namespace

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
  JsonDocument doc;
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
    doc.had_byte_order_mark = true;
  }
  doc.positions = JsonPositions(std::string(text));
  Parser parser(text, limits, doc);
  try {
    parser.parse_document();
  } catch (const ParseFailure& failure) {
    return JsonParseError{failure.message, position_at(text, failure.offset), failure.too_deep};
  }
  doc.positions.finish();
  for (const auto& duplicate : parser.duplicates_) {
    doc.duplicates.push_back({doc.positions.pointer(duplicate.node), doc.positions.at(duplicate.offset),
                              doc.positions.at(duplicate.first_offset)});
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// JsonPositions

namespace {

std::uint64_t hash_child(std::uint32_t parent, bool element, std::string_view key, std::size_t index) {
  std::uint64_t hash = 0xcbf29ce484222325ull ^ (std::uint64_t{parent} << 1 | (element ? 1 : 0));
  if (element) {
    hash = (hash ^ index) * 0x100000001b3ull;
  } else {
    for (const char c : key) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  }
  hash ^= hash >> 29;
  hash *= 0xbf58476d1ce4e5b9ull;
  return hash ^ (hash >> 32);
}

}  // namespace

JsonPositions::JsonPositions(std::string text) : text_(std::move(text)), slots_(64, kNoNode) {}

std::uint32_t JsonPositions::add_root() {
  nodes_.push_back(Node{0, 0, 0, kNoOffset, kNoOffset, kNoNode, false, false});
  return 0;
}

std::uint32_t JsonPositions::add_member(std::uint32_t parent, std::string_view key, std::size_t key_offset,
                                        std::uint32_t& replaced) {
  Node node{hash_child(parent, false, key, 0), keys_.size(), key.size(), key_offset, kNoOffset, parent, false, false};
  keys_.append(key);
  return insert(node, key, replaced);
}

std::uint32_t JsonPositions::add_element(std::uint32_t parent, std::size_t index) {
  std::uint32_t replaced = kNoNode;
  return insert(Node{hash_child(parent, true, {}, index), index, 0, kNoOffset, kNoOffset, parent, true, false}, {},
                replaced);
}

std::uint32_t JsonPositions::insert(Node node, std::string_view key, std::uint32_t& replaced) {
  if (nodes_.size() >= kNoNode - 1) return kNoNode;
  const auto id = static_cast<std::uint32_t>(nodes_.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = node.hash & mask;
  for (; slots_[slot] != kNoNode; slot = (slot + 1) & mask) {
    const Node& other = nodes_[slots_[slot]];
    if (other.hash == node.hash && other.parent == node.parent && other.element == node.element &&
        (node.element ? other.key_start == node.key_start
                      : std::string_view(keys_).substr(other.key_start, other.key_length) == key)) {
      replaced = slots_[slot];  // a repeated key: the later member is the one kept
      nodes_[replaced].replaced = true;
      break;
    }
  }
  nodes_.push_back(node);
  slots_[slot] = id;
  if (2 * nodes_.size() > slots_.size()) grow();
  return id;
}

void JsonPositions::grow() {
  slots_.assign(slots_.size() * 2, kNoNode);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 1; id < nodes_.size(); ++id) {
    if (nodes_[id].replaced) continue;
    std::size_t slot = nodes_[id].hash & mask;
    while (slots_[slot] != kNoNode) slot = (slot + 1) & mask;
    slots_[slot] = id;
  }
}

std::uint32_t JsonPositions::find_child(std::uint32_t parent, std::string_view key) const {
  const std::uint64_t hash = hash_child(parent, false, key, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask; slots_[slot] != kNoNode; slot = (slot + 1) & mask) {
    const Node& node = nodes_[slots_[slot]];
    if (node.hash == hash && node.parent == parent && !node.element &&
        std::string_view(keys_).substr(node.key_start, node.key_length) == key) {
      return slots_[slot];
    }
  }
  return kNoNode;
}

std::uint32_t JsonPositions::find_element(std::uint32_t parent, std::size_t index) const {
  const std::uint64_t hash = hash_child(parent, true, {}, index);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask; slots_[slot] != kNoNode; slot = (slot + 1) & mask) {
    const Node& node = nodes_[slots_[slot]];
    if (node.hash == hash && node.parent == parent && node.element && node.key_start == index) return slots_[slot];
  }
  return kNoNode;
}

std::uint32_t JsonPositions::find_node(std::string_view pointer) const {
  if (nodes_.empty() || (!pointer.empty() && pointer.front() != '/')) return kNoNode;
  std::uint32_t node = 0;
  while (!pointer.empty() && node != kNoNode) {
    pointer.remove_prefix(1);  // '/'
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    const std::string_view token = pointer.substr(0, end);
    pointer.remove_prefix(end);
    std::uint32_t child = token.find('~') == std::string_view::npos ? find_child(node, token)
                                                                    : find_child(node, unescape_pointer_token(token));
    if (child == kNoNode) {
      if (const auto index = pointer_array_index(token)) child = find_element(node, *index);
    }
    node = child;
  }
  return node;
}

std::optional<SourcePosition> JsonPositions::member(std::string_view pointer) const {
  const std::uint32_t node = find_node(pointer);
  if (node == kNoNode || nodes_[node].key_offset == kNoOffset) return std::nullopt;
  return at(nodes_[node].key_offset);
}

std::optional<SourcePosition> JsonPositions::value(std::string_view pointer) const {
  const std::uint32_t node = find_node(pointer);
  if (node == kNoNode || nodes_[node].value_offset == kNoOffset) return std::nullopt;
  return at(nodes_[node].value_offset);
}

void JsonPositions::finish() {
  line_starts_.assign(1, 0);
  if (text_.find('\r') == std::string::npos) {  // the usual case, found with memchr
    for (std::size_t at = text_.find('\n'); at != std::string::npos; at = text_.find('\n', at + 1)) {
      line_starts_.push_back(at + 1);
    }
  } else {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) line_starts_.push_back(i + 1);
    }
  }
  mark_columns();
}

// Columns are counted from the start of the line. On a long line (a minified file, or a
// hostile one-line file with a million findings) that scan would make the cost of all
// positions quadratic, so every kColumnBlock bytes the column so far is kept, and no position
// scans more than one block.
void JsonPositions::mark_columns() {
  column_marks_.clear();
  std::size_t longest = 0;
  for (std::size_t i = 1; i < line_starts_.size(); ++i)
    longest = std::max(longest, line_starts_[i] - line_starts_[i - 1]);
  longest = std::max(longest, text_.size() - line_starts_.back());
  if (longest <= kColumnBlock * 4) return;
  column_marks_.reserve(text_.size() / kColumnBlock + 1);
  std::size_t next_line = 1;
  std::uint32_t column = 0;  // characters since the start of the line
  for (std::size_t i = 0; i <= text_.size(); ++i) {
    if (next_line < line_starts_.size() && i == line_starts_[next_line]) {
      ++next_line;
      column = 0;
    }
    if (i % kColumnBlock == 0) column_marks_.push_back(column);
    if (i == text_.size()) break;
    const auto byte = static_cast<unsigned char>(text_[i]);
    const bool crlf = byte == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n';
    if (!crlf && byte != '\n' && byte != '\r' && (byte & 0xC0) != 0x80) ++column;
  }
}

SourcePosition JsonPositions::at(std::size_t offset) const {
  if (line_starts_.empty()) return position_at(text_, offset);
  offset = std::min(offset, text_.size());
  const auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t start = *(next_line - 1);
  int columns_before = 0;
  const std::size_t block = offset / kColumnBlock;
  if (block < column_marks_.size() && block * kColumnBlock > start) {
    start = block * kColumnBlock;
    columns_before = static_cast<int>(column_marks_[block]);
  }
  SourcePosition position = position_at(std::string_view(text_).substr(start), offset - start);
  position.column += columns_before;
  position.line = static_cast<int>(next_line - line_starts_.begin());
  position.offset = offset;
  return position;
}

std::string JsonPositions::pointer(std::uint32_t node) const {
  std::vector<std::uint32_t> chain;
  for (; node != 0 && node != kNoNode; node = nodes_[node].parent) chain.push_back(node);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node& step = nodes_[*it];
    if (step.element) {
      append_pointer_index(out, step.key_start);
    } else {
      append_pointer_token(out, std::string_view(keys_).substr(step.key_start, step.key_length));
    }
  }
  return out;
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
