#include "record/templates.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "record/fields.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

namespace {

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// TODO, TBD, FIXME or XXX standing as a word of their own.
bool has_marker_word(std::string_view text) {
  for (const std::string_view marker : {"TODO", "TBD", "FIXME", "XXX"}) {
    for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
      const bool starts_word = at == 0 || !is_letter(text[at - 1]);
      const std::size_t end = at + marker.size();
      if (starts_word && (end == text.size() || !is_letter(text[end]))) return true;
    }
  }
  return false;
}

// The whole value is a prompt: "<…>", "...", "…" or "???".
bool is_prompt(std::string_view text) {
  text = trim(text);
  if (text == "..." || text == "\xE2\x80\xA6" || text == "???") return true;
  return text.size() >= 2 && text.front() == '<' && text.back() == '>' &&
         text.substr(1, text.size() - 2).find_first_of("<>") == std::string_view::npos;
}

bool has_fill_in(std::string_view text) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::string_view rest = trim(text.substr(at + 1));
    if (rest.size() < 4 || ascii_lower(rest.substr(0, 4)) != "fill") continue;
    rest.remove_prefix(4);
    if (!rest.empty() && (rest.front() == ' ' || rest.front() == '_' || rest.front() == '-')) rest.remove_prefix(1);
    if (rest.size() >= 2 && ascii_lower(rest.substr(0, 2)) == "in" && (rest.size() == 2 || !is_letter(rest[2])))
      return true;
  }
  return false;
}

// The next byte from `pos` that may start a placeholder: '<', 'T', 'F', 'X', '.', '?' or the
// lead byte of '…'. Sixteen bytes at a time where SSE2 is there (always on x86-64).
std::size_t next_marker_byte(std::string_view text, std::size_t pos) {
  static constexpr std::array<char, 7> kBytes = {'<', 'T', 'F', 'X', '.', '?', '\xE2'};
#if defined(__SSE2__)
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    __m128i hit = _mm_setzero_si128();
    for (const char byte : kBytes) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0) {
      return pos + static_cast<std::size_t>(std::countr_zero(mask));
    }
  }
#endif
  static constexpr std::array<bool, 256> kIsMarker = [] {
    std::array<bool, 256> table{};
    for (const char byte : kBytes) table[static_cast<unsigned char>(byte)] = true;
    return table;
  }();
  for (; pos < text.size(); ++pos) {
    if (kIsMarker[static_cast<unsigned char>(text[pos])]) return pos;
  }
  return text.size();
}

}  // namespace

bool is_placeholder(std::string_view text) {
  // Plain scans rather than std::regex: this runs on every string of every record. Every
  // placeholder holds '<' or one of these byte pairs (TODO, TBD, FIXME, XXX, ..., …, ???),
  // and most strings hold none, so one pass over them settles most strings.
  bool candidate = false;
  for (std::size_t i = next_marker_byte(text, 0); i < text.size() && !candidate; i = next_marker_byte(text, i + 1)) {
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (text[i]) {
      case '<':
        candidate = true;
        break;
      case 'T':
        candidate = next == 'O' || next == 'B';
        break;
      case 'F':
        candidate = next == 'I';
        break;
      case 'X':
        candidate = next == 'X';
        break;
      case '\xE2':
        candidate = next == '\x80';
        break;
      default:
        candidate = next == text[i];
        break;  // "..", "??"
    }
  }
  return candidate && (has_marker_word(text) || is_prompt(text) || has_fill_in(text));
}

namespace {

// Keys keep the table's order, as the texts are read by people.
using Json = nlohmann::ordered_json;

// How a JSON text is spread over lines: two spaces per level; a value of an object or array
// stays on one line unless it is at a level below `always_spread_below`, or `may_spread` allows
// it and the line would run past `width` columns (the width the hand-written texts kept to).
struct Layout {
  std::size_t always_spread_below;
  bool (*may_spread)(std::size_t depth, std::string_view key, const Json& value);
  std::size_t width = 108;
};

std::string one_line(const Json& value) {
  if (!value.is_structured()) return value.dump();
  std::string text(1, value.is_object() ? '{' : '[');
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) text += ", ";
    first = false;
    if (value.is_object()) text += Json(it.key()).dump() + ": ";
    text += one_line(it.value());
  }
  text += value.is_object() ? '}' : ']';
  return text;
}

// `column` is where the value starts on its line; `trailing` the bytes after it (a comma).
void write_laid_out(std::string& out, const Json& value, std::string_view key, std::size_t depth, std::size_t column,
                    std::size_t trailing, const Layout& layout) {
  const std::string inline_text = one_line(value);
  const bool spread = value.is_structured() && !value.empty() &&
                      (depth < layout.always_spread_below ||
                       (layout.may_spread(depth, key, value) && column + inline_text.size() + trailing > layout.width));
  if (!spread) {
    out += inline_text;
    return;
  }
  const std::string indent(2 * (depth + 1), ' ');
  out += value.is_object() ? "{\n" : "[\n";
  std::size_t left = value.size();
  for (auto it = value.begin(); it != value.end(); ++it) {
    --left;
    out += indent;
    std::string member_key;
    if (value.is_object()) {
      member_key = it.key();
      out += Json(member_key).dump() + ": ";
    }
    const std::size_t start = out.size() - out.rfind('\n') - 1;
    write_laid_out(out, it.value(), member_key, depth + 1, start, left > 0 ? 1 : 0, layout);
    out += left > 0 ? ",\n" : "\n";
  }
  out += std::string(2 * depth, ' ') + (value.is_object() ? "}" : "]");
}

std::string laid_out(const Json& value, const Layout& layout) {
  std::string out;
  write_laid_out(out, value, "", 0, 0, 0, layout);
  return out + '\n';
}

bool holds_properties(const Json& value) {
  if (value.is_object() && value.contains("properties")) return true;
  return value.is_structured() && std::any_of(value.begin(), value.end(), holds_properties);
}

// Only the parts that describe an object's members spread out; a value's own schema stays on one line.
bool schema_may_spread(std::size_t, std::string_view key, const Json& value) {
  return key == "properties" || holds_properties(value);
}

bool template_may_spread(std::size_t depth, std::string_view, const Json&) { return depth <= 1; }

Json parse_row_text(std::string_view text) { return Json::parse(text.begin(), text.end()); }

// The row of an array's items ("/failure_cases/*"), or nullptr when `pointer` is no such array.
const fields::Field* item_row(std::string_view pointer) {
  const auto rows = fields::children(pointer);
  return !rows.empty() && rows.front()->key() == "*" ? rows.front() : nullptr;
}

Json reference(std::string_view name) {
  Json ref = Json::object();
  ref["$ref"] = "#/$defs/" + std::string(name);
  return ref;
}

// The schema of `type` that a row's items or members go into: the schema itself, or its alternative of that type.
Json& typed_schema(Json& schema, std::string_view type) {
  if (schema.contains("oneOf")) {
    for (Json& alternative : schema["oneOf"]) {
      if (alternative.value("type", "") == type) return alternative;
    }
  }
  return schema;
}

Json schema_of(const fields::Field& field, Json& defs) {
  Json schema = parse_row_text(field.schema);
  auto rows = fields::children(field.pointer);
  // A value that is a list or an object (metric_table) has both an item row and member rows.
  if (const fields::Field* item = item_row(field.pointer)) {
    typed_schema(schema, "array")["items"] = schema_of(*item, defs);
    rows = rows.subspan(1);
  }
  if (!rows.empty()) {
    Json properties = Json::object();
    Json required = Json::array();
    for (const fields::Field* row : rows) {
      properties[std::string(row->key())] = schema_of(*row, defs);
      if (row->required_member) required.push_back(row->key());
    }
    Json& object = typed_schema(schema, "object");
    object["properties"] = std::move(properties);
    if (!required.empty()) object["required"] = std::move(required);
  }
  if (field.shared_as.empty()) return schema;
  const std::string name(field.shared_as);
  if (!defs.contains(name)) {
    defs[name] = std::move(schema);
  } else if (defs[name] != schema) {
    throw std::logic_error("the rows shared as $defs/" + name + " disagree, at " + std::string(field.pointer));
  }
  return reference(name);
}

Json build_schema() {
  Json defs = Json::object();
  defs["text"] = parse_row_text(R"({"type": "string", "minLength": 1})");
  defs["count"] = parse_row_text(R"({"type": "integer", "minimum": 0})");
  Json properties = Json::object();
  std::string prefixes;
  std::optional<Json> shorthand;
  for (const fields::Field* row : fields::children("")) {
    const std::string_view prefix = row->shorthand_prefix();
    if (prefix.empty()) {
      properties[std::string(row->key())] = schema_of(*row, defs);
      continue;
    }
    // One pattern for all the shorthand rows: "^(baseline|current)_.+$".
    if (!prefix.ends_with('_') || (shorthand && *shorthand != parse_row_text(row->schema)))
      throw std::logic_error("the shorthand rows must end in '_' and share one schema");
    if (!prefixes.empty()) prefixes += '|';
    prefixes += prefix.substr(0, prefix.size() - 1);
    shorthand = parse_row_text(row->schema);
  }
  Json schema = Json::object();
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["$id"] = "https://dlcheck.invalid/schema/evidence-1.json";
  schema["title"] = "dlcheck evidence record, version 1";
  schema["description"] =
      "A deep-learning project's evidence record (docs/evidence-format.md). Unknown fields are allowed.";
  schema["type"] = "object";
  schema["$defs"] = std::move(defs);
  schema["properties"] = std::move(properties);
  if (shorthand) schema["patternProperties"]["^(" + prefixes + ")_.+$"] = *shorthand;
  return schema;
}

std::optional<Json> template_value(std::string_view pointer, std::string_view placeholder) {
  if (!placeholder.empty()) return parse_row_text(placeholder);
  if (const fields::Field* item = item_row(pointer)) {
    std::optional<Json> value = template_value(item->pointer, item->placeholder);
    if (!value) return std::nullopt;
    return Json(static_cast<std::size_t>(item->template_items), *value);
  }
  Json object = Json::object();
  for (const fields::Field* row : fields::children(pointer)) {
    if (std::optional<Json> value = template_value(row->pointer, row->placeholder)) {
      object[std::string(row->key())] = std::move(*value);
    }
  }
  if (object.empty()) return std::nullopt;
  return object;
}

}  // namespace

std::string_view evidence_template() {
  static const std::string text = laid_out(*template_value("", ""), Layout{1, template_may_spread});
  return text;
}

std::string_view evidence_schema() {
  static const std::string text = laid_out(build_schema(), Layout{2, schema_may_spread});
  return text;
}

namespace {

// A row's type in words, from its schema: "non-empty string", "array of integers ≥ 0".
std::string describe_type(const Json& schema, bool plural) {
  const std::string s = plural ? "s" : "";
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"].get<std::string>();
    if (ref == "#/$defs/text") return "non-empty string" + s;
    if (ref == "#/$defs/count") return "integer" + s + " ≥ 0";
    throw std::logic_error("no words for the type " + ref);
  }
  for (const char* choice : {"oneOf", "anyOf"}) {
    if (!schema.contains(choice)) continue;
    std::string words;
    for (const Json& alternative : schema[choice]) {
      words += (words.empty() ? "" : " or ") + describe_type(alternative, plural);
    }
    return words;
  }
  if (!schema.contains("type")) return "any JSON value" + s;
  if (schema["type"].is_array()) {
    std::string words;
    for (const Json& type : schema["type"]) words += (words.empty() ? "" : " or ") + type.get<std::string>() + s;
    return words;
  }
  const std::string type = schema["type"].get<std::string>();
  if (type == "array" && schema.contains("items")) return "array" + s + " of " + describe_type(schema["items"], true);
  if (type == "object" && schema.contains("additionalProperties")) {
    return (schema.contains("minProperties") ? "non-empty object" : "object") + s + ": name → " +
           describe_type(schema["additionalProperties"], false);
  }
  return type + s;
}

std::string_view required_words(fields::RequiredFrom required) {
  switch (required) {
    case fields::RequiredFrom::record:
      return "`record`, `roadmap`";
    case fields::RequiredFrom::roadmap:
      return "`roadmap`";
    case fields::RequiredFrom::none:
      break;
  }
  return "—";
}

}  // namespace

std::string evidence_fields_markdown() {
  std::ostringstream out;
  out << "<!-- fields:begin: generated by `dlcheck schema --format markdown` from src/record/fields.hpp -->\n"
      << "| Field | Type | Required in | Meaning |\n"
      << "|---|---|---|---|\n";
  for (const fields::Field* field : fields::kAll) {
    Json schema = parse_row_text(field->schema);
    if (const fields::Field* item = item_row(field->pointer)) {
      typed_schema(schema, "array")["items"] = parse_row_text(item->schema);
    }
    out << "| `" << fields::display_name(*field) << "` | " << describe_type(schema, false) << " | "
        << required_words(field->required_from) << " | " << field->description << " |\n";
  }
  out << "<!-- fields:end -->\n";
  return out.str();
}

}  // namespace dlcheck
