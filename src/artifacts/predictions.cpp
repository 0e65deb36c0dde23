// Reading a predictions file in one streaming pass. Labels are interned once, so a row costs a
// split, a hash lookup or two and a few counters, and memory grows only with the distinct
// labels, the confused pairs and the watched ids, never with the number of rows.
//
// Labels are compared as text. A JSON number is its literal text, so the number 3 and the
// string "3" are one label, but 3.0 and "3" are two; 3.0 has a fraction, though, so unless the
// metric says class labels the targets are numeric, and there 3.0 equals 3.

#include "artifacts/predictions.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <span>
#include <tuple>
#include <unordered_map>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "io/csv.hpp"
#include "json/json_parser.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

using namespace std::string_view_literals;

constexpr std::array kIdNames = {"id"sv,   "input"sv,    "example_id"sv, "sample_id"sv, "image"sv, "image_id"sv,
                                 "file"sv, "filename"sv, "path"sv,       "text"sv,      "uid"sv};
constexpr std::array kLabelNames = {"label"sv, "target"sv, "y_true"sv, "true_label"sv, "ground_truth"sv,
                                    "gold"sv,  "truth"sv,  "actual"sv, "true"sv};
constexpr std::array kPredictionNames = {"prediction"sv,      "pred"sv,       "y_pred"sv, "predicted"sv,
                                         "predicted_label"sv, "pred_label"sv, "output"sv, "predictions"sv};
constexpr std::size_t kMaxForbiddenExamples = 5;
constexpr std::size_t kMaxListedNames = 20;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Thrown at the first problem and turned into the result at the top: a bad file stops the pass.
struct Stop {
  PredictionError error;
};

[[noreturn]] void stop(std::string message, std::size_t line, std::size_t column = 0) {
  throw Stop{{std::move(message), line, column}};
}

std::string_view trim_blank(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// The next line with content: blank lines are skipped, and a UTF-8 byte-order mark on line 1
// (as Excel writes) is dropped.
inline bool next_content_line(LineReader& reader, std::string_view& line) {
  while (reader.next(line)) {
    if (reader.line_number() == 1 && line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
    if (!line.empty() && line.front() != ' ' && line.front() != '\t') return true;  // the usual case, without trimming
    if (!trim_blank(line).empty()) return true;
  }
  return false;
}

std::size_t character_column(std::string_view line, std::size_t offset) {
  return static_cast<std::size_t>(position_at(line, offset).column);
}

// Byte offsets where the fields of a CSV line start, scanning as split_csv_line does, and
// where a quote that is never closed opens. Only used to place error messages.
struct FieldOffsets {
  std::vector<std::size_t> starts;
  std::size_t unclosed_quote = kNone;
};

FieldOffsets field_offsets(std::string_view line, char delimiter) {
  FieldOffsets out;
  std::size_t i = 0;
  while (true) {
    out.starts.push_back(i);
    if (i < line.size() && line[i] == '"') {
      std::size_t j = i + 1;
      bool closed = false;
      while (j < line.size() && !closed) {
        if (line[j] == '"' && j + 1 < line.size() && line[j + 1] == '"') {
          j += 2;
        } else {
          closed = line[j++] == '"';
        }
      }
      if (!closed) {
        out.unclosed_quote = i;
        return out;
      }
      i = j;
    }
    const std::size_t end = line.find(delimiter, i);
    if (end == std::string_view::npos) return out;
    i = end + 1;
  }
}

std::size_t field_column(std::string_view line, char delimiter, std::size_t field) {
  const FieldOffsets offsets = field_offsets(line, delimiter);
  return field < offsets.starts.size() ? character_column(line, offsets.starts[field]) : 0;
}

std::size_t unclosed_quote_column(std::string_view line, char delimiter) {
  const std::size_t offset = field_offsets(line, delimiter).unclosed_quote;
  return offset == kNone ? 0 : character_column(line, offset);
}

// A finite number as Python or JSON writes it ("3", "-0.5", "1e-3", "+2"); nullopt otherwise.
std::optional<double> parse_number(std::string_view text) {
  if (text.starts_with('+')) {
    text.remove_prefix(1);  // from_chars refuses a leading '+'
    if (text.starts_with('-')) return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool has_fraction_or_exponent(std::string_view number) { return number.find_first_of(".eE") != std::string_view::npos; }

// Numeric predictions count as right when they equal the label to 1e-9, relative.
bool numbers_equal(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

// The header names for a message: printable, and cut short for very wide files.
std::string listed_names(const std::vector<std::string>& names) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < std::min(names.size(), kMaxListedNames); ++i) shown.push_back(printable(names[i]));
  if (names.size() > kMaxListedNames) shown.push_back(fmt::format("… {} more", names.size() - kMaxListedNames));
  return fmt::format("{}", fmt::join(shown, ", "));
}

enum Role : std::size_t { kId = 0, kLabel = 1, kPrediction = 2 };
constexpr std::array<std::string_view, 3> kRoleNames = {"id", "label", "prediction"};

// How the columns of one format are described in messages.
struct Layout {
  std::string_view noun;   ///< "column" or "key"
  std::string_view place;  ///< "the header" or "the first object"
};

struct Column {
  std::string name;
  std::size_t index = kNone;  ///< into the header; kNone for an absent id column
};

std::size_t find_named(const std::vector<std::string>& header, std::string_view name) {
  const auto exact = std::find(header.begin(), header.end(), name);
  if (exact != header.end()) return static_cast<std::size_t>(exact - header.begin());
  const std::string lowered = ascii_lower(name);
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (ascii_lower(header[i]) == lowered) return i;
  }
  return kNone;
}

// The first usual name (in the order listed) that the header has, ignoring case.
std::size_t find_usual(const std::vector<std::string>& header, std::span<const std::string_view> usual) {
  for (const std::string_view name : usual) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (ascii_lower(header[i]) == name) return i;
    }
  }
  return kNone;
}

Column resolve_column(Role role, const std::string& named, std::span<const std::string_view> usual,
                      const std::vector<std::string>& header, const Layout& layout, std::size_t line) {
  if (!named.empty()) {
    const std::size_t index = find_named(header, named);
    if (index != kNone) return {header[index], index};
    const std::vector<std::string_view> candidates(header.begin(), header.end());
    const std::string suggestion = closest_match(named, candidates);
    stop(fmt::format("no {} \"{}\" in {} ({}){}", layout.noun, printable(named), layout.place, listed_names(header),
                     suggestion.empty() ? "" : fmt::format("; did you mean \"{}\"?", printable(suggestion))),
         line);
  }
  const std::size_t index = find_usual(header, usual);
  if (index != kNone) return {header[index], index};
  if (role != kId) {
    stop(fmt::format("no {} {}: none of {} in {} ({})", kRoleNames[role], layout.noun, fmt::join(usual, ", "),
                     layout.place, listed_names(header)),
         line);
  }
  return {};
}

std::array<Column, 3> resolve_columns(const std::vector<std::string>& header, const PredictionOptions& options,
                                      const Layout& layout, std::size_t line) {
  std::array<Column, 3> columns = {
      resolve_column(kId, options.id_column, kIdNames, header, layout, line),
      resolve_column(kLabel, options.label_column, kLabelNames, header, layout, line),
      resolve_column(kPrediction, options.prediction_column, kPredictionNames, header, layout, line)};
  if (columns[kLabel].index == columns[kPrediction].index) {
    stop(fmt::format("the label and the prediction are the same {} \"{}\"", layout.noun,
                     printable(columns[kLabel].name)),
         line);
  }
  return columns;
}

std::uint64_t load8(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

std::uint64_t load4(const char* bytes) {
  std::uint32_t word;
  std::memcpy(&word, bytes, 4);
  return word;
}

// The finaliser of MurmurHash3: every input bit reaches every output bit.
std::uint64_t mix(std::uint64_t hash) {
  hash = (hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCDull;
  hash = (hash ^ (hash >> 33)) * 0xC4CEB9FE1A85EC53ull;
  return hash ^ (hash >> 33);
}

// A label's first eight bytes, read with overlapping loads when it is shorter (never past its
// end). With the length it tells apart any two labels of up to eight bytes.
std::uint64_t first_word(std::string_view text) {
  const char* bytes = text.data();
  const std::size_t size = text.size();
  if (size >= 8) return load8(bytes);
  if (size >= 4) return load4(bytes) | (load4(bytes + size - 4) << 32);
  if (size == 0) return 0;
  return static_cast<unsigned char>(bytes[0]) | static_cast<unsigned char>(bytes[size / 2]) << 8 |
         static_cast<unsigned char>(bytes[size - 1]) << 16;
}

// Labels and ids are read a word at a time, the last word overlapping the one before.
std::uint64_t hash_text(std::string_view text) {
  const std::size_t size = text.size();
  std::uint64_t hash = 0x9E3779B97F4A7C15ull * (size + 1);
  const auto add = [&hash](std::uint64_t word) { hash = std::rotl((hash ^ word) * 0x9FB21C651E98DF25ull, 29); };
  if (size <= 8) {
    add(first_word(text));
  } else {
    for (std::size_t i = 0; i + 8 < size; i += 8) add(load8(text.data() + i));
    add(load8(text.data() + size - 8));
  }
  return mix(hash);
}

constexpr std::uint64_t broadcast(char byte) { return 0x0101010101010101ull * static_cast<unsigned char>(byte); }

// The high bit of each byte of `word` that is zero, and no other bit: adding 0x7F to the low
// seven bits of a byte carries into its high bit unless they are all zero, and never into the
// next byte.
constexpr std::uint64_t zero_bytes(std::uint64_t word) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// Splits a line without quotes, sixteen (SSE2) or eight bytes at a time, in less than half the
// time of split_csv_line's fast path, whose four memchr calls a row cost more than they scan
// on short rows. False when the line has a quote; split_csv_line then handles it.
bool split_unquoted(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  const char* bytes = line.data();
  std::size_t start = 0, i = 0;
  fields.clear();
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter), quotes = _mm_set1_epi8('"');
  for (; i + 16 <= line.size(); i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, quotes)) != 0) return false;
    auto found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, delimiters)));
    for (; found != 0; found &= found - 1) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(found));
      fields.emplace_back(bytes + start, at - start);
      start = at + 1;
    }
  }
#endif
  for (; i + 8 <= line.size(); i += 8) {
    const std::uint64_t word = load8(bytes + i);
    if (zero_bytes(word ^ broadcast('"')) != 0) return false;
    for (std::uint64_t found = zero_bytes(word ^ broadcast(delimiter)); found != 0; found &= found - 1) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(found) >> 3);
      fields.emplace_back(bytes + start, at - start);
      start = at + 1;
    }
  }
  for (; i < line.size(); ++i) {
    if (bytes[i] == '"') return false;
    if (bytes[i] == delimiter) {
      fields.emplace_back(bytes + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(bytes + start, line.size() - start);
  return true;
}

// A label, ready to look up: most class names fit in one word, and are then compared and
// hashed as one integer.
struct LabelKey {
  std::string_view text;
  std::uint64_t word;
  std::uint64_t hash;

  explicit LabelKey(std::string_view label)
      : text(label),
        word(first_word(label)),
        hash(label.size() <= 8 ? (word ^ label.size()) * 0x9E3779B97F4A7C15ull : hash_text(label)) {}

  bool operator==(const LabelKey& other) const {
    return word == other.word && text.size() == other.text.size() &&
           (text.size() <= 8 || text.substr(8) == other.text.substr(8));
  }
};

// Distinct label texts, each stored once; ids are dense, in order of first appearance. An
// open-addressing table indexed by the high bits of the hash: std::unordered_map's
// _Hash_bytes, modulo and memcmp calls took half the time of a 5M-row check.
class LabelTable {
 public:
  std::uint32_t intern(const LabelKey& key, bool& added) {
    std::size_t slot = key.hash >> shift_;
    for (; slots_[slot] != kEmpty; slot = (slot + 1) & (slots_.size() - 1)) {
      if (entries_[slots_[slot]] == key) {
        added = false;
        return slots_[slot];
      }
    }
    added = true;
    const auto id = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(LabelKey(texts_.emplace_back(key.text)));
    slots_[slot] = id;
    if (2 * entries_.size() > slots_.size()) grow();
    return id;
  }

  std::string_view text(std::uint32_t id) const { return entries_[id].text; }
  std::size_t size() const { return entries_.size(); }

 private:
  static constexpr std::uint32_t kEmpty = static_cast<std::uint32_t>(-1);

  void grow() {
    slots_.assign(slots_.size() * 2, kEmpty);
    --shift_;
    for (std::uint32_t id = 0; id < entries_.size(); ++id) {
      std::size_t slot = entries_[id].hash >> shift_;
      while (slots_[slot] != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = id;
    }
  }

  std::deque<std::string> texts_;  // a deque never moves its elements, so the views stay valid
  std::vector<LabelKey> entries_;  // by id, viewing texts_
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(64, kEmpty);  // ids; a power of two
  int shift_ = 64 - 6;
};

// A Bloom filter over the watched and forbidden ids: 32 bits an id, both probes in one word.
// Most rows are in neither list, and one word that stays in cache tells so; looking each row
// up in a 100,000-id std::unordered_set instead walked cold bucket chains and made the whole
// check 15 times slower.
class IdFilter {
 public:
  void reserve(std::size_t ids) {
    words_.assign(std::bit_ceil(std::max<std::size_t>(ids / 2, 1)), 0);
    mask_ = words_.size() - 1;
  }
  void add(std::string_view id) {
    const std::uint64_t hash = hash_text(id);
    words_[hash & mask_] |= probe_bits(hash);
  }
  bool may_contain(std::string_view id) const {
    const std::uint64_t hash = hash_text(id), bits = probe_bits(hash);
    return (words_[hash & mask_] & bits) == bits;
  }

 private:
  static std::uint64_t probe_bits(std::uint64_t hash) {
    return (std::uint64_t{1} << ((hash >> 52) & 63)) | (std::uint64_t{1} << (hash >> 58));
  }
  std::vector<std::uint64_t> words_;
  std::size_t mask_ = 0;
};

struct LabelStats {
  std::uint64_t total = 0, correct = 0;  ///< rows with this label, and how many were predicted right
  std::optional<double> number;          ///< the label read as a number, while the kind is undecided
  bool fractional = false;               ///< a number with a fraction or exponent: the targets are numeric
};

std::uint64_t pair_key(std::uint32_t label, std::uint32_t prediction) {
  return (static_cast<std::uint64_t>(label) << 32) | prediction;
}

// The top-level members of one JSON Lines object that the reader asks for. Nested values are
// parsed, so the whole line is still validated, but not kept.
class MemberCollector final : public nlohmann::json_sax<nlohmann::json> {
 public:
  enum class Kind { missing, text, null, nested };
  struct Member {
    std::string key;
    Kind kind = Kind::missing;
    std::string text;  ///< strings as decoded; numbers and booleans as written
  };

  /// Nesting deeper than this stops the parse, as in every JSON dlcheck reads.
  void set_max_depth(std::size_t max_depth) { max_depth_ = max_depth; }

  /// Keeps every member: the first object, whose keys name the columns.
  void keep_all() {
    keep_all_ = true;
    members_.clear();
  }

  /// Keeps only these members, in this order.
  void keep(const std::vector<std::string>& keys) {
    keep_all_ = false;
    members_.clear();
    for (const std::string& key : keys) members_.push_back({key, Kind::missing, {}});
  }

  /// False when the line is not valid JSON.
  bool parse(std::string_view line) {
    reset();
    if (scan_flat(line)) return true;
    reset();
    return nlohmann::json::sax_parse(line.begin(), line.end(), this);
  }

  const std::vector<Member>& members() const { return members_; }
  const std::string& error() const { return error_; }

  bool null() override { return value(Kind::null, {}); }
  bool boolean(bool flag) override { return value(Kind::text, flag ? "true" : "false"); }
  bool number_integer(number_integer_t number) override { return integer(number); }
  bool number_unsigned(number_unsigned_t number) override { return integer(number); }
  bool number_float(number_float_t, const string_t& written) override { return value(Kind::text, written); }
  bool string(string_t& text) override { return value(Kind::text, text); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    if (depth_ == 1) current_ = member_index(key);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    error_ = error.what();
    return false;
  }

 private:
  // A cursor over one line for the fast path below; every method fails rather than guess.
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
    // A string without escapes or control characters, in valid UTF-8.
    bool string(std::string_view& out) {
      if (!take('"')) return false;
      const std::size_t start = at;
      while (at < text.size()) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte == '"') {
          out = text.substr(start, at++ - start);
          return true;
        }
        if (byte == '\\' || byte < 0x20) return false;
        const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, at);
        if (length == 0) return false;
        at += length;
      }
      return false;
    }
    // A number as written, except that nlohmann reads the integer -0 as 0, and so must this.
    bool number(std::string_view& out) {
      const std::size_t start = at;
      take('-');
      if (!take('0') && !digits()) return false;
      if (take('.') && !digits()) return false;
      if (take('e') || take('E')) {
        if (!take('+')) take('-');
        if (!digits()) return false;
      }
      out = text.substr(start, at - start);
      if (out == "-0") out = "0";
      return true;
    }
    bool scalar(Kind& kind, std::string_view& out) {
      kind = Kind::text;
      if (at < text.size() && text[at] == '"') return string(out);
      for (const std::string_view word : {"true"sv, "false"sv}) {
        if (take_word(word)) {
          out = word;
          return true;
        }
      }
      if (take_word("null")) {
        kind = Kind::null;
        out = {};
        return true;
      }
      return number(out);
    }
  };

  // Most lines are flat objects whose keys and strings have no escapes: read those here, fast
  // and without allocating. Anything else (nested values, escapes, invalid JSON) returns false
  // and goes through nlohmann's parser, which gives the same members.
  bool scan_flat(std::string_view line) {
    FlatCursor in{line};
    in.skip_space();
    if (!in.take('{')) return false;
    depth_ = 1;
    in.skip_space();
    if (!in.take('}')) {
      do {
        std::string_view key, text;
        Kind kind = Kind::missing;
        in.skip_space();
        if (!in.string(key)) return false;
        in.skip_space();
        if (!in.take(':')) return false;
        in.skip_space();
        if (!in.scalar(kind, text)) return false;
        current_ = member_index(key);
        value(kind, text);
        in.skip_space();
      } while (in.take(','));
      if (!in.take('}')) return false;
    }
    in.skip_space();
    return in.at == line.size();
  }

  void reset() {
    depth_ = 0;
    current_ = kNone;
    error_.clear();
    for (Member& member : members_) member.kind = Kind::missing;
  }

  std::size_t member_index(std::string_view key) {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (members_[i].key == key) return i;
    }
    if (!keep_all_) return kNone;
    members_.push_back({std::string(key), Kind::missing, {}});
    return members_.size() - 1;
  }

  bool value(Kind kind, std::string_view text) {
    if (depth_ == 1 && current_ != kNone) {
      members_[current_].kind = kind;
      members_[current_].text.assign(text);  // reuses the member's capacity: no allocation per row
    }
    return true;
  }

  template <typename Integer>
  bool integer(Integer number) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    return value(Kind::text, std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }

  bool open() {
    if (depth_ == 1 && current_ != kNone) members_[current_].kind = Kind::nested;
    if (++depth_ > max_depth_) {
      error_ = fmt::format("nesting is deeper than {} levels", max_depth_);
      return false;
    }
    return true;
  }

  bool close() {
    --depth_;
    return true;
  }

  std::vector<Member> members_;
  bool keep_all_ = false;
  std::size_t depth_ = 0;
  std::size_t max_depth_ = ParseLimits{}.max_depth;
  std::size_t current_ = kNone;
  std::string error_;
};

enum class Mode { classes, numeric, undecided };

class PredictionsReader {
 public:
  PredictionsReader(LineReader& reader, const PredictionOptions& options) : reader_(reader), options_(options) {
    if (options.kind) mode_ = *options.kind == TargetKind::numeric ? Mode::numeric : Mode::classes;
    for (std::size_t i = 0; i < options.watch_ids.size(); ++i) watch_index_.try_emplace(options.watch_ids[i], i);
    watched_.resize(options.watch_ids.size());
    build_id_filter();
    collector_.set_max_depth(options.max_depth);
  }

  PredictionSummary read() {
    std::string_view first;
    if (!next_content_line(reader_, first)) {
      stop_on_reader_error();
      stop("the file is empty", 0);
    }
    if (trim_blank(first).starts_with('{')) {
      read_json_lines(first);
    } else {
      read_csv(first);
    }
    stop_on_reader_error();
    if (rows_ == 0) stop(fmt::format("no rows after {}", layout_.place), header_line_);
    return finish();
  }

 private:
  // --- CSV and TSV -------------------------------------------------------------------------

  void read_csv(std::string_view header_line) {
    delimiter_ = detect_delimiter(header_line);
    summary_.format = delimiter_ == '\t' ? "TSV" : "CSV";
    layout_ = {"column", "the header"};
    header_line_ = reader_.line_number();
    split_or_stop(header_line);
    for (const std::string_view field : fields_) header_.emplace_back(trim(field));
    set_columns(resolve_columns(header_, options_, layout_, header_line_));
    std::string_view line;
    while (next_content_line(reader_, line)) {
      current_line_ = line;
      split_or_stop(line);
      if (fields_.size() != header_.size()) {
        stop(fmt::format("row has {}, but the header has {}", plural(fields_.size(), "field"), header_.size()),
             reader_.line_number());
      }
      add_row(track_ids_ ? csv_field(kId) : std::string_view(), csv_field(kLabel), csv_field(kPrediction));
    }
  }

  void split_or_stop(std::string_view line) {
    if (split_unquoted(line, delimiter_, fields_)) return;
    if (!split_csv_line(line, delimiter_, fields_, scratch_)) {
      stop("a quote is not closed", reader_.line_number(), unclosed_quote_column(line, delimiter_));
    }
  }

  std::string_view csv_field(Role role) const {
    const std::size_t index = columns_[role].index;
    return index == kNone ? std::string_view() : trim(fields_[index]);
  }

  // --- JSON Lines ----------------------------------------------------------------------------

  void read_json_lines(std::string_view first) {
    summary_.format = "JSON Lines";
    json_lines_ = true;
    layout_ = {"key", "the first object"};
    header_line_ = reader_.line_number();
    collector_.keep_all();
    parse_json_line(first);
    for (const auto& member : collector_.members()) header_.push_back(member.key);
    set_columns(resolve_columns(header_, options_, layout_, header_line_));
    // The first object is a row too: take its values before narrowing the collector.
    add_json_row([&](Role role) { return columns_[role].index; });
    std::vector<std::string> keys;
    std::array<std::size_t, 3> member_of_role{kNone, kNone, kNone};
    for (const Role role : {kId, kLabel, kPrediction}) {
      if (columns_[role].index == kNone) continue;
      const auto key = std::find(keys.begin(), keys.end(), columns_[role].name);  // the id may be the label
      member_of_role[role] = static_cast<std::size_t>(key - keys.begin());
      if (key == keys.end()) keys.push_back(columns_[role].name);
    }
    collector_.keep(keys);
    std::string_view line;
    while (next_content_line(reader_, line)) {
      parse_json_line(line);
      add_json_row([&](Role role) { return member_of_role[role]; });
    }
  }

  void parse_json_line(std::string_view line) {
    current_line_ = line;
    const std::string_view content = trim_blank(line);
    if (!content.starts_with('{')) {
      stop("line is not a JSON object", reader_.line_number(),
           character_column(line, static_cast<std::size_t>(content.data() - line.data())));
    }
    if (!collector_.parse(line)) stop_on_invalid_json(line);
  }

  // Our own parser says what is wrong, and where, better than nlohmann's exception text.
  [[noreturn]] void stop_on_invalid_json(std::string_view line) {
    const JsonParseResult parsed = parse_json(line, json_limits());
    if (const auto* error = std::get_if<JsonParseError>(&parsed)) {
      std::string message = checked_file_message(*error);
      if (const std::size_t at = message.find("end of file"); at != std::string::npos)
        message.replace(at, 11, "end of line");
      stop(fmt::format("invalid JSON: {}", message), reader_.line_number(),
           static_cast<std::size_t>(error->position.column));
    }
    stop(fmt::format("invalid JSON: {}", collector_.error()), reader_.line_number());
  }

  template <typename MemberOf>
  void add_json_row(MemberOf member_of) {
    add_row(json_value(kId, member_of(kId)), json_value(kLabel, member_of(kLabel)),
            json_value(kPrediction, member_of(kPrediction)));
  }

  std::string_view json_value(Role role, std::size_t member) const {
    if (columns_[role].index == kNone) return {};
    using Kind = MemberCollector::Kind;
    const auto& found = collector_.members()[member];
    if (role == kId) return found.kind == Kind::text ? trim(found.text) : std::string_view();
    if (found.kind == Kind::missing) {
      stop(fmt::format("no key \"{}\" in this object", printable(columns_[role].name)), reader_.line_number());
    }
    if (found.kind == Kind::nested) {
      stop(fmt::format("the {} \"{}\" is an array or object, not a string or number", kRoleNames[role],
                       printable(columns_[role].name)),
           reader_.line_number(), column_of(role));
    }
    return trim(found.text);  // null is empty, and reported as an empty value
  }

  // --- Rows ------------------------------------------------------------------------------------

  void set_columns(std::array<Column, 3> columns) {
    columns_ = std::move(columns);
    summary_.id_column = columns_[kId].name;
    summary_.label_column = columns_[kLabel].name;
    summary_.prediction_column = columns_[kPrediction].name;
    track_ids_ = columns_[kId].index != kNone &&
                 (!watch_index_.empty() || (options_.forbidden_ids != nullptr && !options_.forbidden_ids->empty()));
  }

  ParseLimits json_limits() const { return ParseLimits{.max_depth = options_.max_depth}; }

  // The 1-based character column where a field of the current line starts.
  std::size_t column_of(Role role) const {
    if (!json_lines_) return field_column(current_line_, delimiter_, columns_[role].index);
    const JsonParseResult parsed = parse_json(current_line_, json_limits());
    const auto* document = std::get_if<JsonDocument>(&parsed);
    if (document == nullptr) return 0;
    const auto position = document->value_position(child_pointer("", columns_[role].name));
    return position ? static_cast<std::size_t>(position->column) : 0;
  }

  void add_row(std::string_view id, std::string_view label, std::string_view prediction) {
    if (label.empty()) stop_on_empty(kLabel);
    if (prediction.empty()) stop_on_empty(kPrediction);
    ++rows_;
    switch (mode_) {
      case Mode::classes:
        count_classes(label, prediction);
        break;
      case Mode::numeric:
        count_numbers(label, prediction);
        break;
      case Mode::undecided:
        count_undecided(label, prediction);
        break;
    }
    if (track_ids_ && !id.empty()) look_up_id(id, label, prediction);
  }

  [[noreturn]] void stop_on_empty(Role role) const {
    stop(fmt::format("empty {} in {} \"{}\"", kRoleNames[role], layout_.noun, printable(columns_[role].name)),
         reader_.line_number(), column_of(role));
  }

  std::uint32_t intern(const LabelKey& key) {
    bool added = false;
    const std::uint32_t id = labels_.intern(key, added);
    if (added) {
      LabelStats& stats = stats_.emplace_back();
      if (mode_ == Mode::undecided) {
        stats.number = parse_number(key.text);
        stats.fractional = stats.number && has_fraction_or_exponent(key.text);
      }
    }
    return id;
  }

  std::pair<std::uint32_t, std::uint32_t> count_classes(std::string_view label, std::string_view prediction) {
    // Most predictions are right: one comparison then saves the second lookup.
    const LabelKey label_key(label), prediction_key(prediction);
    const std::uint32_t l = intern(label_key), p = label_key == prediction_key ? l : intern(prediction_key);
    LabelStats& stats = stats_[l];
    ++stats.total;
    if (l == p) {
      ++stats.correct;
    } else if (l < kDenseLabels && p < kDenseLabels) {
      if (dense_confusions_.empty()) dense_confusions_.resize(kDenseLabels * kDenseLabels);
      ++dense_confusions_[l * kDenseLabels + p];
    } else {
      ++confusions_[pair_key(l, p)];
    }
    return {l, p};
  }

  void count_numbers(std::string_view label, std::string_view prediction) {
    add_difference(number_or_stop(kLabel, label), number_or_stop(kPrediction, prediction));
  }

  double number_or_stop(Role role, std::string_view text) const {
    if (const auto number = parse_number(text)) return *number;
    stop(
        fmt::format("{} \"{}\" is not a finite number, and the targets are numeric", kRoleNames[role], printable(text)),
        reader_.line_number(), column_of(role));
  }

  void add_difference(double label, double prediction) {
    const double difference = prediction - label;
    absolute_sum_ += std::fabs(difference);
    squared_sum_ += difference * difference;
  }

  // Counted as class labels and, while every value is a number, as numbers too: the first
  // value with a fraction settles that the targets are numeric.
  void count_undecided(std::string_view label, std::string_view prediction) {
    const auto [l, p] = count_classes(label, prediction);
    if (!first_non_number_) {
      if (stats_[l].number && stats_[p].number) {
        add_difference(*stats_[l].number, *stats_[p].number);
      } else {
        const Role role = stats_[l].number ? kPrediction : kLabel;
        const std::string_view text = role == kLabel ? label : prediction;
        first_non_number_ = PredictionError{
            fmt::format("{} \"{}\" is not a finite number, but other values have a fraction, so the targets "
                        "are numeric",
                        kRoleNames[role], printable(text)),
            reader_.line_number(), column_of(role)};
      }
    }
    if (stats_[l].fractional || stats_[p].fractional) switch_to_numeric();
  }

  void switch_to_numeric() {
    if (first_non_number_) throw Stop{*first_non_number_};
    mode_ = Mode::numeric;
    labels_ = LabelTable();
    stats_ = {};
    dense_confusions_ = {};
    confusions_ = {};
  }

  void build_id_filter() {
    const std::size_t forbidden = options_.forbidden_ids ? options_.forbidden_ids->size() : 0;
    id_filter_.reserve(watch_index_.size() + forbidden);
    for (const auto& [id, index] : watch_index_) id_filter_.add(id);
    if (forbidden > 0) {
      const IdList& list = options_.forbidden_ids->list();
      for (std::size_t i = 0; i < list.size(); ++i) id_filter_.add(list.id(i));  // a repeat sets the same bits
    }
  }

  void look_up_id(std::string_view id, std::string_view label, std::string_view prediction) {
    if (!id_filter_.may_contain(id)) return;
    if (const auto it = watch_index_.find(id); it != watch_index_.end() && !watched_[it->second].found) {
      watched_[it->second] = {std::string(id), true, reader_.line_number(), std::string(label),
                              std::string(prediction)};
    }
    if (options_.forbidden_ids == nullptr || !options_.forbidden_ids->contains(id)) return;
    ++summary_.forbidden_total;
    if (summary_.forbidden_examples.size() < kMaxForbiddenExamples) {
      summary_.forbidden_examples.push_back({std::string(id), reader_.line_number()});
    }
  }

  void stop_on_reader_error() const {
    if (!reader_.error().empty()) stop(reader_.error(), reader_.line_number() + 1, reader_.error_column());
  }

  // --- Summary -------------------------------------------------------------------------------

  PredictionSummary finish() {
    summary_.rows = rows_;
    summary_.kind = mode_ == Mode::numeric ? TargetKind::numeric : TargetKind::class_labels;
    if (summary_.kind == TargetKind::numeric) {
      summary_.error_sums = {rows_, absolute_sum_, squared_sum_};
      summary_.mae = mae(summary_.error_sums);
      summary_.mse = mse(summary_.error_sums);
      summary_.rmse = rmse(summary_.error_sums);
    } else {
      summarise_classes();
    }
    summarise_watched();
    return std::move(summary_);
  }

  // The dense counts join the others once, so that the summary reads one map.
  void merge_dense_confusions() {
    for (std::size_t i = 0; i < dense_confusions_.size(); ++i) {
      if (dense_confusions_[i] == 0) continue;
      confusions_[pair_key(static_cast<std::uint32_t>(i / kDenseLabels),
                           static_cast<std::uint32_t>(i % kDenseLabels))] += dense_confusions_[i];
    }
    dense_confusions_ = {};
  }

  void summarise_classes() {
    merge_dense_confusions();
    count_per_class();
    const ClassificationCounts& counts = summary_.class_counts;
    for (const ClassCounts& entry : counts.classes) {
      if (entry.support > 0) summary_.per_class.push_back({entry.label, entry.support, entry.true_positives});
    }
    summary_.wrong = rows_ - counts.correct;
    summary_.accuracy = accuracy(counts);
    summary_.error_rate = error_rate(counts);
    summary_.precision = binary_precision(counts);
    summary_.recall = binary_recall(counts);
    summary_.f1 = binary_f1(counts);
    summarise_confusions();
  }

  // Every label's true positives, false positives, false negatives and support, for the metrics:
  // the wrong rows are all in the confusion counts, so the pass itself counts nothing more.
  void count_per_class() {
    ClassificationCounts& counts = summary_.class_counts;
    counts.rows = rows_;
    std::vector<std::uint64_t> false_positives(labels_.size(), 0);
    for (const auto& [key, count] : confusions_) false_positives[key & 0xFFFFFFFFu] += count;
    counts.classes.reserve(labels_.size());
    for (std::uint32_t id = 0; id < labels_.size(); ++id) {
      const LabelStats& stats = stats_[id];
      counts.correct += stats.correct;
      counts.classes.push_back({std::string(labels_.text(id)), stats.correct, false_positives[id],
                                stats.total - stats.correct, stats.total});
    }
    std::sort(counts.classes.begin(), counts.classes.end(),
              [](const ClassCounts& a, const ClassCounts& b) { return a.label < b.label; });
    counts.positive = find_positive_class(counts.classes, options_.positive_label);
  }

  void summarise_confusions() {
    struct Pair {
      std::string_view label, prediction;
      std::uint64_t count;
    };
    std::vector<Pair> pairs;
    pairs.reserve(confusions_.size());
    for (const auto& [key, count] : confusions_) {
      pairs.push_back({labels_.text(static_cast<std::uint32_t>(key >> 32)),
                       labels_.text(static_cast<std::uint32_t>(key & 0xFFFFFFFFu)), count});
    }
    const std::size_t shown = std::min(pairs.size(), options_.top_confusions);
    std::partial_sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(shown), pairs.end(),
                      [](const Pair& a, const Pair& b) {
                        if (a.count != b.count) return a.count > b.count;
                        return std::tie(a.label, a.prediction) < std::tie(b.label, b.prediction);
                      });
    for (std::size_t i = 0; i < shown; ++i) {
      summary_.top_confusions.push_back(
          {std::string(pairs[i].label), std::string(pairs[i].prediction), pairs[i].count});
    }
  }

  bool watched_row_correct(const WatchedRow& row) const {
    if (summary_.kind == TargetKind::class_labels) return row.label == row.prediction;
    const auto label = parse_number(row.label), prediction = parse_number(row.prediction);
    return label && prediction && numbers_equal(*label, *prediction);
  }

  void summarise_watched() {
    for (std::size_t i = 0; i < watched_.size(); ++i) {
      const std::size_t first = watch_index_.at(options_.watch_ids[i]);
      WatchedRow row = watched_[first];  // a repeated watch id shares the first one's row
      row.id = options_.watch_ids[i];
      if (row.found) row.correct = watched_row_correct(row);
      summary_.watched.push_back(std::move(row));
    }
  }

  LineReader& reader_;
  const PredictionOptions& options_;
  PredictionSummary summary_;
  Layout layout_;
  std::size_t header_line_ = 0;
  std::vector<std::string> header_;
  std::array<Column, 3> columns_;
  char delimiter_ = ',';
  std::vector<std::string_view> fields_;
  std::string scratch_;
  bool json_lines_ = false;
  MemberCollector collector_;
  std::string_view current_line_;

  Mode mode_ = Mode::undecided;
  std::uint64_t rows_ = 0;
  LabelTable labels_;
  std::vector<LabelStats> stats_;
  // Wrong rows by (label, prediction): in a flat matrix for the first kDenseLabels labels, as
  // counting there is several times faster than in the map, which holds the rest.
  static constexpr std::uint32_t kDenseLabels = 128;
  std::vector<std::uint64_t> dense_confusions_;
  std::unordered_map<std::uint64_t, std::uint64_t> confusions_;  // pair_key(label, prediction) → wrong rows
  double absolute_sum_ = 0, squared_sum_ = 0;
  std::optional<PredictionError> first_non_number_;

  bool track_ids_ = false;
  std::unordered_map<std::string_view, std::size_t> watch_index_;  // views into options_.watch_ids
  IdFilter id_filter_;
  std::vector<WatchedRow> watched_;  // by the index of a watch id's first occurrence
};

// --- Id lists ----------------------------------------------------------------------------------

[[noreturn]] void stop_id_list(std::string message, std::size_t line) { throw IdListError{std::move(message), line}; }

// The index of the `id` field when `line` is a CSV/TSV header with one, else kNone.
std::size_t id_field_of_header(std::string_view line, char delimiter, std::size_t line_number,
                               std::vector<std::string_view>& fields, std::string& scratch) {
  if (line.find(delimiter) == std::string_view::npos) return kNone;
  if (!split_csv_line(line, delimiter, fields, scratch)) stop_id_list("a quote is not closed", line_number);
  const auto it =
      std::find_if(fields.begin(), fields.end(), [](std::string_view field) { return trim(field) == "id"; });
  return it == fields.end() ? kNone : static_cast<std::size_t>(it - fields.begin());
}

IdList read_ids(LineReader& reader) {
  IdList list;
  std::string_view line;
  if (!next_content_line(reader, line)) return list;
  const char delimiter = detect_delimiter(line);
  std::vector<std::string_view> fields;
  std::string scratch;
  const std::size_t id_field = id_field_of_header(line, delimiter, reader.line_number(), fields, scratch);
  // One allocation for the ids, not a doubling every few thousand: their count guessed from the
  // first line's length (at most one per 8 bytes, so that a short first line cannot reserve far
  // too much), and for a plain list the file's size for their text.
  if (const std::size_t size = reader.size_hint(); size > 0) {
    list.reserve(std::min(size / (line.size() + 1), size / 8) + 16, id_field == kNone ? size : 0);
  }
  if (id_field == kNone) {
    list.add(trim_blank(line), reader.line_number());
    // Past line 1 (no byte-order mark), so most lines need no trimming: one test each.
    while (reader.next(line)) {
      const bool blank_at_ends =
          line.empty() || line.front() == ' ' || line.front() == '\t' || line.back() == ' ' || line.back() == '\t';
      if (blank_at_ends) line = trim_blank(line);
      if (!line.empty()) list.add(line, reader.line_number());
    }
    return list;
  }
  const std::size_t header_size = fields.size();
  while (next_content_line(reader, line)) {
    if (!split_csv_line(line, delimiter, fields, scratch)) stop_id_list("a quote is not closed", reader.line_number());
    if (fields.size() != header_size) {
      stop_id_list(fmt::format("row has {}, but the header has {}", plural(fields.size(), "field"), header_size),
                   reader.line_number());
    }
    const std::string_view id = trim(fields[id_field]);
    if (!id.empty()) list.add(id, reader.line_number());
  }
  return list;
}

}  // namespace

PredictionResult read_predictions(LineReader& reader, const PredictionOptions& options) {
  try {
    return PredictionsReader(reader, options).read();
  } catch (const Stop& stopped) {
    return stopped.error;
  }
}

PredictionResult parse_predictions(std::string_view text, const PredictionOptions& options) {
  StringLineReader reader(text);
  return read_predictions(reader, options);
}

std::variant<IdList, IdListError> read_id_list(LineReader& reader) {
  try {
    IdList list = read_ids(reader);
    if (!reader.error().empty()) return IdListError{reader.error(), reader.line_number() + 1, reader.error_column()};
    return list;
  } catch (const IdListError& error) {
    return error;
  }
}

std::variant<IdList, IdListError> parse_id_list(std::string_view text) {
  StringLineReader reader(text);
  return read_id_list(reader);
}

}  // namespace dlcheck
