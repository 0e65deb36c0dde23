#include "json/json_document.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "json/json_parser.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

using Node = JsonDocument::Node;

// The value a number literal stands for, as the parser accepted it.
double literal_value(std::string_view literal) {
  if (literal == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (literal == "Infinity") return std::numeric_limits<double>::infinity();
  if (literal == "-Infinity") return -std::numeric_limits<double>::infinity();
  double value = 0;
  const auto [ptr, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
  if (ec == std::errc::result_out_of_range) {
    const bool negative = literal.starts_with('-');
    if (underflows_double(literal)) return negative ? -0.0 : 0.0;
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  return value;
}

}  // namespace

nlohmann::json to_nlohmann(JsonValue value) {
  switch (value.type()) {
    case JsonType::null:
      return nullptr;
    case JsonType::boolean:
      return value.boolean();
    case JsonType::number:
      if (value.is_number_unsigned()) return value.unsigned_integer();
      if (value.is_number_integer()) return value.integer();
      return value.number();
    case JsonType::string:
      return std::string(value.string());
    case JsonType::array: {
      nlohmann::json array = nlohmann::json::array();
      for (const JsonValue element : value.elements()) array.push_back(to_nlohmann(element));
      return array;
    }
    case JsonType::object: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, member] : value.members()) object[std::string(key)] = to_nlohmann(member);
      return object;
    }
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// JsonValue

JsonType JsonValue::type() const {
  const std::uint8_t kind = document_->nodes_[node_].kind;
  return kind == JsonDocument::kKey ? JsonType::string : static_cast<JsonType>(kind);
}

bool JsonValue::is_number_integer() const {
  return is_number() && (document_->nodes_[node_].flags & (JsonDocument::kInteger | JsonDocument::kUnsigned)) != 0;
}

bool JsonValue::is_number_unsigned() const {
  return is_number() && (document_->nodes_[node_].flags & JsonDocument::kUnsigned) != 0;
}

bool JsonValue::boolean() const { return is_boolean() && document_->nodes_[node_].size != 0; }

std::string_view JsonValue::literal() const {
  if (!is_number()) return {};
  const Node& node = document_->nodes_[node_];
  return document_->text_.substr(node.offset, node.size);
}

std::int64_t JsonValue::integer() const {
  if (is_number_unsigned()) return static_cast<std::int64_t>(unsigned_integer());
  if (!is_number_integer()) return static_cast<std::int64_t>(number());
  const std::string_view text = literal();
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::uint64_t JsonValue::unsigned_integer() const {
  if (!is_number_unsigned()) return static_cast<std::uint64_t>(integer());
  const std::string_view text = literal();
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double JsonValue::number() const {
  if (!is_number()) return 0;
  // Converted as nlohmann converted the integer it kept, not rounded from the text.
  if (is_number_unsigned()) return static_cast<double>(unsigned_integer());
  if (is_number_integer()) return static_cast<double>(integer());
  return literal_value(literal());
}

std::string_view JsonValue::string() const {
  if (!is_string()) return {};
  return document_->key_of(node_);
}

std::size_t JsonValue::size() const {
  if (!is_array() && !is_object()) return 0;
  return document_->nodes_[node_].size;
}

std::size_t JsonValue::offset() const { return *this ? document_->nodes_[node_].offset : 0; }

JsonValue JsonValue::operator[](std::size_t index) const {
  if (!is_array() || index >= size()) return {};
  const Node& node = document_->nodes_[node_];
  if ((node.flags & JsonDocument::kFlat) != 0) return {document_, node_ + 1 + static_cast<std::uint32_t>(index)};
  std::uint32_t child = node_ + 1;
  std::size_t steps = index;
  if (node.size > JsonDocument::kElementStride) {
    const auto& arrays = document_->indexed_arrays_;
    const auto found = std::lower_bound(arrays.begin(), arrays.end(), node_,
                                        [](const auto& array, std::uint32_t id) { return array.node < id; });
    child = document_->element_index_[found->start + index / JsonDocument::kElementStride];
    steps = index % JsonDocument::kElementStride;
  }
  for (std::size_t i = 0; i < steps; ++i) child = document_->nodes_[child].next;
  return {document_, child};
}

JsonValue JsonValue::find(std::string_view key) const {
  if (!is_object()) return {};
  const auto& nodes = document_->nodes_;
  const Node& object = nodes[node_];
  if ((object.flags & JsonDocument::kIndexed) != 0) {
    const auto first = document_->sorted_keys_.begin() + nodes[node_ + 1].next;
    const auto last = first + object.size;
    const auto found = std::lower_bound(
        first, last, key, [&](std::uint32_t id, std::string_view wanted) { return document_->key_of(id) < wanted; });
    if (found == last || document_->key_of(*found) != key) return {};
    return {document_, *found + 1};
  }
  for (std::uint32_t id = node_ + 1; id < object.next; id = nodes[id + 1].next) {
    if ((nodes[id].flags & JsonDocument::kReplaced) == 0 && document_->key_of(id) == key) return {document_, id + 1};
  }
  return {};
}

JsonValue::Range<JsonValue::ElementIterator> JsonValue::elements() const {
  if (!is_array()) return {};
  return {ElementIterator(document_, node_ + 1), ElementIterator(document_, document_->nodes_[node_].next)};
}

JsonValue::Range<JsonValue::MemberIterator> JsonValue::members() const {
  if (!is_object()) return {};
  const std::uint32_t end = document_->nodes_[node_].next;
  return {MemberIterator(document_, node_ + 1, end), MemberIterator(document_, end, end)};
}

std::vector<JsonKeyValue> JsonValue::sorted_members() const {
  std::vector<JsonKeyValue> out;
  if (!is_object()) return out;
  out.reserve(size());
  const Node& object = document_->nodes_[node_];
  if ((object.flags & JsonDocument::kIndexed) != 0) {
    const auto first = document_->sorted_keys_.begin() + document_->nodes_[node_ + 1].next;
    for (auto it = first; it != first + object.size; ++it)
      out.push_back({document_->key_of(*it), {document_, *it + 1}});
    return out;
  }
  for (const JsonKeyValue member : members()) out.push_back(member);
  std::sort(out.begin(), out.end(), [](const JsonKeyValue& a, const JsonKeyValue& b) { return a.key < b.key; });
  return out;
}

std::string JsonValue::dump() const {
  if (!*this) return {};
  if (is_string())
    return nlohmann::json(std::string(string())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return to_nlohmann(*this).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool same_json(JsonValue a, JsonValue b) {
  if (!a || !b) return !a && !b;
  return to_nlohmann(a) == to_nlohmann(b);
}

JsonValue::ElementIterator& JsonValue::ElementIterator::operator++() {
  node_ = document_->nodes_[node_].next;
  return *this;
}

JsonValue::MemberIterator::MemberIterator(const JsonDocument* document, std::uint32_t key, std::uint32_t end)
    : document_(document), key_(key), end_(end) {
  skip_replaced();
}

void JsonValue::MemberIterator::skip_replaced() {
  while (key_ < end_ && (document_->nodes_[key_].flags & JsonDocument::kReplaced) != 0) {
    key_ = document_->nodes_[key_ + 1].next;
  }
}

JsonKeyValue JsonValue::MemberIterator::operator*() const {
  return {document_->key_of(key_), JsonValue(document_, key_ + 1)};
}

JsonValue::MemberIterator& JsonValue::MemberIterator::operator++() {
  key_ = document_->nodes_[key_ + 1].next;
  skip_replaced();
  return *this;
}

// ---------------------------------------------------------------------------------------------
// JsonDocument

std::string_view JsonDocument::key_of(std::uint32_t id) const {
  const Node& node = nodes_[id];
  if ((node.flags & kEscaped) != 0) {
    const Span span = unescaped_spans_[node.size];
    return std::string_view(unescaped_).substr(span.start, span.size);
  }
  return text_.substr(node.offset + 1, node.size);
}

std::uint32_t JsonDocument::find_node(std::string_view pointer) const {
  constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);
  if (nodes_.empty() || (!pointer.empty() && pointer.front() != '/')) return kNone;
  JsonValue value = root();
  std::uint32_t key = kNone;  // the key node of the member reached last
  std::string unescaped;
  while (!pointer.empty() && value) {
    pointer.remove_prefix(1);  // '/'
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    std::string_view token = pointer.substr(0, end);
    pointer.remove_prefix(end);
    if (value.is_object()) {
      if (token.find('~') != std::string_view::npos) {
        unescaped = unescape_pointer_token(token);
        token = unescaped;
      }
      value = value.find(token);
      key = value ? value.node_ - 1 : kNone;
    } else if (const auto index = pointer_array_index(token); index && value.is_array()) {
      value = value[*index];
      key = kNone;
    } else {
      value = {};
    }
  }
  if (!value) return kNone;
  // The member's key node when the pointer ends at a member, else the value's node.
  return key != kNone ? key : value.node_;
}

JsonValue JsonDocument::find(std::string_view pointer) const {
  const std::uint32_t node = find_node(pointer);
  if (node == static_cast<std::uint32_t>(-1)) return {};
  return JsonValue(this, nodes_[node].kind == kKey ? node + 1 : node);
}

std::optional<SourcePosition> JsonDocument::member_position(std::string_view pointer) const {
  const std::uint32_t node = find_node(pointer);
  if (node == static_cast<std::uint32_t>(-1) || nodes_[node].kind != kKey) return std::nullopt;
  return position_at(nodes_[node].offset);
}

std::optional<SourcePosition> JsonDocument::value_position(std::string_view pointer) const {
  const std::uint32_t node = find_node(pointer);
  if (node == static_cast<std::uint32_t>(-1)) return std::nullopt;
  return position_at(nodes_[nodes_[node].kind == kKey ? node + 1 : node].offset);
}

void JsonDocument::index_lines() {
  line_starts_.assign(1, 0);
  if (text_.find('\r') == std::string_view::npos) {  // the usual case, found with memchr
    for (std::size_t at = text_.find('\n'); at != std::string_view::npos; at = text_.find('\n', at + 1)) {
      line_starts_.push_back(static_cast<std::uint32_t>(at + 1));
    }
  } else {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')))
        line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
  // Columns are counted from the start of the line. On a long line (a minified file, or a
  // hostile one-line file with a million findings) that scan would make the cost of all
  // positions quadratic, so every kColumnBlock bytes the column so far is kept, and no position
  // scans more than one block.
  column_marks_.clear();
  std::size_t longest = 0;
  for (std::size_t i = 1; i < line_starts_.size(); ++i)
    longest = std::max<std::size_t>(longest, line_starts_[i] - line_starts_[i - 1]);
  longest = std::max<std::size_t>(longest, text_.size() - line_starts_.back());
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

SourcePosition JsonDocument::position_at(std::size_t offset) const {
  if (line_starts_.empty()) return dlcheck::position_at(text_, offset);
  offset = std::min(offset, text_.size());
  const auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t start = *(next_line - 1);
  int columns_before = 0;
  const std::size_t block = offset / kColumnBlock;
  if (block < column_marks_.size() && block * kColumnBlock > start) {
    start = block * kColumnBlock;
    columns_before = static_cast<int>(column_marks_[block]);
  }
  SourcePosition position = dlcheck::position_at(text_.substr(start), offset - start);
  position.column += columns_before;
  position.line = static_cast<int>(next_line - line_starts_.begin());
  position.offset = offset;
  return position;
}

}  // namespace dlcheck
