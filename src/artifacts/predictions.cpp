// Reading a predictions file in one streaming pass. Labels are interned once, so a row costs a
// split, a hash lookup or two and a few counters, and memory grows only with the distinct
// labels, the confused pairs and the watched ids, never with the number of rows.
//
// Labels are counted as text, then compared as values once per distinct label: when every label
// and prediction is a number, 3, "3" and 3.0 are one class; True, true and TRUE are one anywhere;
// other text compares exactly. 3.0 has a fraction, though, so unless the metric says class labels
// the targets are numeric, and there 3.0 equals 3.

#include "artifacts/predictions.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <ranges>
#include <span>
#include <tuple>
#include <unordered_map>

#include "io/csv.hpp"
#include "io/csv_rows.hpp"
#include "io/parallel.hpp"
#include "json/json_lines.hpp"
#include "json/json_parser.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

// A lambda inlined into the loop that calls it, where the compiler would keep it apart.
#if defined(__GNUC__)
#define DLCHECK_ALWAYS_INLINE __attribute__((always_inline))
#else
#define DLCHECK_ALWAYS_INLINE
#endif

namespace dlcheck {
namespace {

using namespace std::string_view_literals;

constexpr std::array kIdNames = {"id"sv,   "input"sv,    "example_id"sv, "sample_id"sv, "image"sv, "image_id"sv,
                                 "file"sv, "filename"sv, "path"sv,       "text"sv,      "uid"sv};
constexpr std::array kLabelNames = {"label"sv, "target"sv, "y_true"sv, "true_label"sv, "ground_truth"sv, "gold"sv,
                                    "truth"sv, "actual"sv, "true"sv,   "reference"sv,  "ref"sv};
constexpr std::array kPredictionNames = {"prediction"sv,      "pred"sv,       "y_pred"sv,    "predicted"sv,
                                         "predicted_label"sv, "pred_label"sv, "output"sv,    "predictions"sv,
                                         "hypothesis"sv,      "hyp"sv,        "transcript"sv};
constexpr std::size_t kMaxForbiddenExamples = 5;
constexpr std::size_t kMaxListedNames = 20;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Thrown at the first problem and turned into the result at the top: a bad file stops the pass.
struct Stop {
  PredictionError error;
};

[[noreturn]] void stop(std::string message, std::size_t line, std::size_t column = 0) {
  throw Stop{{std::move(message), line, column}};
}

// Thrown by a chunk reader when its chunk cannot be checked apart from the rest (an error, a
// quote, numeric targets) or another chunk gave up: the file is then read again on one thread.
struct GiveUp {};

std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::size_t character_column(std::string_view line, std::size_t offset) {
  return static_cast<std::size_t>(position_at(line, offset).column);
}

// "1,5" as "1.5": a number written with a decimal comma (digits, one comma, digits), as a
// spreadsheet or pandas in a European locale writes it; nullopt for anything else.
std::optional<std::string> with_decimal_point(std::string_view text) {
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos) return std::nullopt;
  const auto digits = [](std::string_view part) {
    return !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  std::string_view whole = text.substr(0, comma);
  if (whole.starts_with('-') || whole.starts_with('+')) whole.remove_prefix(1);
  if (!digits(whole) || !digits(text.substr(comma + 1))) return std::nullopt;
  std::string dotted(text);
  dotted[comma] = '.';
  return dotted;
}

// Why a value of numeric targets is not a number, naming a decimal comma when it is one.
std::string not_a_number(std::string_view role, std::string_view text, std::string_view why) {
  if (const auto dotted = with_decimal_point(text)) {
    return fmt::format(
        "numbers are written with a decimal comma ({} \"{}\"): write {}, or export with a decimal point "
        "(pandas: to_csv(path, sep=\",\", decimal=\".\"))",
        role, printable(text), *dotted);
  }
  return fmt::format("{} \"{}\" is not a finite number, {}", role, printable(text), why);
}

bool has_fraction_or_exponent(std::string_view number) { return number.find_first_of(".eE") != std::string_view::npos; }

// A class label as compared: a boolean in any case is one value, any other text is itself.
std::string spelling_key(std::string_view label) {
  if (label.size() == 4 || label.size() == 5) {
    std::string lowered = ascii_lower(label);
    if (lowered == "true" || lowered == "false") return lowered;
  }
  return std::string(label);
}

// A label as a value: a number by its value (1 and 1.0 alike), else its spelling_key.
std::string value_key(std::string_view label) {
  if (const auto number = parse_number(label)) return fmt::format("{}", *number + 0.0);
  return spelling_key(label);
}

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

// A label, ready to look up: a class name of up to 16 bytes is held whole in two words, zero
// past its end, and is then hashed and compared as integers.
struct LabelKey {
  std::string_view text;
  std::uint64_t low = 0, high = 0;  // bytes [0, 8) and [8, 16), zero past the end
  std::uint64_t hash = 0;

  explicit LabelKey(std::string_view label) : text(label) {
    char bytes[16] = {};
    if (!label.empty()) std::memcpy(bytes, label.data(), std::min<std::size_t>(label.size(), 16));
    low = load8(bytes);
    high = load8(bytes + 8);
    set_hash();
  }

  // A label that may be read 16 bytes from its start (LineReader::kReadAhead): two loads and two
  // masks, and no branch on its length, which varies from row to row.
  static LabelKey read_ahead(std::string_view label) {
    LabelKey key;
    key.text = label;
    read_words(label, key.low, key.high);
    key.set_hash();
    return key;
  }

  // The two words of a label that may be read 16 bytes from its start, zero past its end.
  [[gnu::always_inline]] static void read_words(std::string_view label, std::uint64_t& low, std::uint64_t& high) {
    static constexpr std::array<std::uint64_t, 9> kMasks = [] {
      std::array<std::uint64_t, 9> masks{};
      for (std::size_t n = 1; n <= 8; ++n) masks[n] = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
      return masks;
    }();
    const std::size_t size = label.size();
    low = load8(label.data()) & kMasks[std::min<std::size_t>(size, 8)];
    high = load8(label.data() + 8) & kMasks[std::min<std::size_t>(size, 16) - std::min<std::size_t>(size, 8)];
  }

  bool operator==(const LabelKey& other) const {
    return low == other.low && high == other.high && text.size() == other.text.size() &&
           (text.size() <= 16 || text.substr(16) == other.text.substr(16));
  }

 private:
  LabelKey() = default;
  void set_hash() {
    const std::size_t size = text.size();
    hash = size <= 16 ? ((low * 0x9E3779B97F4A7C15ull) ^ std::rotl(high * 0xC2B2AE3D27D4EB4Full, 31) ^ size) *
                            0xD6E8FEB86659FD93ull
                      : hash_text(text);
  }
};

// Distinct label texts, each stored once; ids are dense, in order of first appearance. An
// open-addressing table indexed by the high bits of the hash, whose slots hold the words that
// decide equality: a lookup reads one slot, without following a pointer or calling memcmp for
// labels of up to 16 bytes.
class LabelTable {
 public:
  static constexpr std::uint32_t kAbsent = static_cast<std::uint32_t>(-1);

  /// The id of a label, or kAbsent.
  std::uint32_t find(const LabelKey& key) const {
    for (std::size_t slot = key.hash >> shift_;; slot = (slot + 1) & (slots_.size() - 1)) {
      const Slot& found = slots_[slot];
      if (found.id == kAbsent) return kAbsent;
      if (found.low == key.low && found.high == key.high && found.size == key.text.size() &&
          (found.size <= 16 || text(found.id) == key.text)) {
        return found.id;
      }
    }
  }

  std::uint32_t intern(const LabelKey& key, bool& added) {
    const std::uint32_t found = find(key);
    added = found == kAbsent;
    return added ? add(key) : found;
  }

  std::string_view text(std::uint32_t id) const { return entries_[id].text; }
  std::size_t size() const { return entries_.size(); }

 private:
  static constexpr std::uint32_t kEmpty = kAbsent;
  struct Slot {
    std::uint64_t low = 0, high = 0;
    std::size_t size = 0;
    std::uint32_t id = kEmpty;
  };

  // A label that find() did not find.
  std::uint32_t add(const LabelKey& key) {
    std::size_t slot = key.hash >> shift_;
    while (slots_[slot].id != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
    const auto id = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(LabelKey(texts_.emplace_back(key.text)));
    slots_[slot] = {key.low, key.high, key.text.size(), id};
    if (2 * entries_.size() > slots_.size()) grow();
    return id;
  }

  void grow() {
    slots_.assign(slots_.size() * 2, Slot{});
    --shift_;
    for (std::uint32_t id = 0; id < entries_.size(); ++id) {
      const LabelKey& key = entries_[id];
      std::size_t slot = key.hash >> shift_;
      while (slots_[slot].id != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = {key.low, key.high, key.text.size(), id};
    }
  }

  std::deque<std::string> texts_;                    // a deque never moves its elements, so the views stay valid
  std::vector<LabelKey> entries_;                    // by id, viewing texts_
  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two
  int shift_ = 64 - 6;
};

// Rows counted by their (label, prediction) pair, for class labels of up to 16 bytes: one hash
// and one slot a row where two label lookups, a comparison and two counters took several. The
// pairs are few (mostly the right ones and a few confusions) and are added to the label counts
// once, at the end. A pair is added only after a row of it went through every check and was
// counted on its own, so a row found here needs none: its labels are known and not empty.
class PairTable {
 public:
  // Past this many pairs (classes by the hundred, all confused), rows are counted by label again:
  // a table that no longer fits in the cache would cost more than it saves.
  static constexpr std::size_t kMaxPairs = 4096;

  /// Two labels of up to 16 bytes each, read as LabelKey::read_ahead reads them.
  struct Key {
    std::uint64_t words[4];
    std::uint32_t sizes;  ///< label size << 8 | prediction size, both 1 to 16: never 0
    std::uint64_t hash() const {
      return ((words[0] * 0x9E3779B97F4A7C15ull) ^ std::rotl(words[1] * 0xC2B2AE3D27D4EB4Full, 31) ^
              std::rotl(words[2] * 0x165667B19E3779F9ull, 17) ^ std::rotl(words[3] * 0x27D4EB2F165667C5ull, 47) ^
              sizes) *
             0xD6E8FEB86659FD93ull;
    }
  };

  /// The pair's counter, or nullptr when the pair is not in the table.
  [[gnu::always_inline]] std::uint64_t* find(const Key& key) {
    for (std::size_t slot = key.hash() >> shift_;; slot = (slot + 1) & (slots_.size() - 1)) {
      Slot& found = slots_[slot];
      if (found.sizes == key.sizes && found.words[0] == key.words[0] && found.words[1] == key.words[1] &&
          found.words[2] == key.words[2] && found.words[3] == key.words[3]) {
        return &counts_[found.pair];
      }
      if (found.sizes == 0) return nullptr;
    }
  }

  /// Adds a pair find() did not find, of labels `label` and `prediction`; false when full.
  bool add(const Key& key, std::uint32_t label, std::uint32_t prediction) {
    if (pairs_.size() == kMaxPairs) return false;
    std::size_t slot = key.hash() >> shift_;
    while (slots_[slot].sizes != 0) slot = (slot + 1) & (slots_.size() - 1);
    slots_[slot] = {
        {key.words[0], key.words[1], key.words[2], key.words[3]}, key.sizes, static_cast<std::uint32_t>(pairs_.size())};
    pairs_.push_back({label, prediction});
    counts_.push_back(0);
    if (2 * pairs_.size() > slots_.size()) grow();
    return true;
  }

  /// Each pair's labels and rows counted since the last clear().
  template <typename OnPair>
  void for_each(OnPair&& on_pair) const {
    for (std::size_t i = 0; i < pairs_.size(); ++i) {
      if (counts_[i] != 0) on_pair(pairs_[i].first, pairs_[i].second, counts_[i]);
    }
  }

  /// Sets every count to 0, keeping the pairs.
  void clear_counts() { std::fill(counts_.begin(), counts_.end(), 0); }

 private:
  struct Slot {
    std::uint64_t words[4] = {};
    std::uint32_t sizes = 0;
    std::uint32_t pair = 0;
  };

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    for (const Slot& entry : old) {
      if (entry.sizes == 0) continue;
      Key key{{entry.words[0], entry.words[1], entry.words[2], entry.words[3]}, entry.sizes};
      std::size_t slot = key.hash() >> shift_;
      while (slots_[slot].sizes != 0) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = entry;
    }
  }

  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two
  int shift_ = 64 - 6;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_;  // label and prediction ids
  std::vector<std::uint64_t> counts_;                           // by pair
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

enum class Mode { classes, numeric, undecided, text };

// What one chunk of a file counted, its label ids its own and its lines counted from its start.
struct ChunkCounts {
  LabelTable labels;
  std::vector<LabelStats> stats;
  std::unordered_map<std::uint64_t, std::uint64_t> confusions;  // pair_key(label, prediction) → wrong rows
  std::uint64_t rows = 0;
  std::vector<WatchedRow> watched;
  std::uint64_t forbidden_total = 0;
  std::vector<ForbiddenHit> forbidden_examples;
};

// Where something is in the file, for a message: 1-based line and character column (0: none).
struct Place {
  std::size_t line = 0;
  std::size_t column = 0;
};

class PredictionsReader {
 public:
  PredictionsReader(LineReader& reader, const PredictionOptions& options)
      : reader_(reader),
        options_(options),
        rows_reader_(ParseLimits{.max_depth = options.max_depth, .allow_huge_numbers = true}) {
    if (options.kind) {
      mode_ = *options.kind == TargetKind::numeric ? Mode::numeric
              : *options.kind == TargetKind::text  ? Mode::text
                                                   : Mode::classes;
    }
    for (std::size_t i = 0; i < options.watch_ids.size(); ++i) watch_index_.try_emplace(options.watch_ids[i], i);
    watched_.resize(options.watch_ids.size());
    judge_errors_ = !options.watch_ids.empty();
    build_id_filter();
  }

  // A reader of the rows of one chunk, after `header` has read the header of the file: it shares
  // the header's columns and the id filter, and gives up rather than report anything.
  PredictionsReader(LineReader& chunk, const PredictionsReader& header, const std::atomic<bool>& given_up)
      : reader_(chunk),
        options_(header.options_),
        layout_(header.layout_),
        header_line_(header.header_line_),
        header_(header.header_),
        columns_(header.columns_),
        mode_(header.mode_),
        track_ids_(header.track_ids_),
        watch_index_(header.watch_index_),
        id_filter_(header.id_filter_),
        use_filter_(header.use_filter_),
        forbidden_direct_(header.forbidden_direct_),
        watched_(header.watched_.size()),
        given_up_(&given_up) {
    csv_.emplace(reader_, header.csv_->delimiter());
  }

  // Reads the header of a CSV/TSV file; false when the file is not one.
  bool read_header() {
    std::string_view first;
    if (!next_content_line(reader_, first) || trim(first).starts_with('{')) return false;
    reader_.unread();
    return read_csv_header();
  }

  // Counts the rows of a chunk; throws GiveUp where the sequential reader would stop.
  ChunkCounts read_chunk() {
    try {
      read_csv_rows();
      stop_on_reader_error();
    } catch (const Stop&) {
      throw GiveUp{};
    }
    fold_pairs();
    merge_dense_confusions();
    return {std::move(labels_),
            std::move(stats_),
            std::move(confusions_),
            rows_,
            std::move(watched_),
            summary_.forbidden_total,
            std::move(summary_.forbidden_examples)};
  }

  // Adds the counts of the next chunk in file order, whose line 1 is line `line_offset` + 1 of
  // the file. Labels are interned in the chunk's order of first appearance, so that across all
  // chunks they keep the file's.
  std::size_t label_count() const { return labels_.size(); }

  void add_chunk(const ChunkCounts& chunk, std::size_t line_offset) {
    rows_ += chunk.rows;
    std::vector<std::uint32_t> ids(chunk.labels.size());
    for (std::uint32_t local = 0; local < chunk.labels.size(); ++local) {
      ids[local] = intern(LabelKey(chunk.labels.text(local)));
      stats_[ids[local]].total += chunk.stats[local].total;
      stats_[ids[local]].correct += chunk.stats[local].correct;
    }
    for (const auto& [key, count] : chunk.confusions) {
      confusions_[pair_key(ids[key >> 32], ids[key & 0xFFFFFFFFu])] += count;
    }
    for (std::size_t i = 0; i < watched_.size(); ++i) {
      if (watched_[i].found || !chunk.watched[i].found) continue;
      watched_[i] = chunk.watched[i];
      watched_[i].line += line_offset;
    }
    summary_.forbidden_total += chunk.forbidden_total;
    for (const ForbiddenHit& hit : chunk.forbidden_examples) {
      if (summary_.forbidden_examples.size() == kMaxForbiddenExamples) break;
      summary_.forbidden_examples.push_back({hit.id, hit.line + line_offset});
    }
  }

  // The summary once every chunk is added; nullopt when there was no row, which the sequential
  // reader reports.
  std::optional<PredictionSummary> finish_chunks() {
    if (rows_ == 0) return std::nullopt;
    return finish();
  }

  std::size_t header_line() const { return header_line_; }

  PredictionSummary read() {
    std::string_view first;
    if (!next_content_line(reader_, first)) {
      stop_on_reader_error();
      stop("the file is empty", 0);
    }
    if (trim(first).starts_with('{')) {
      read_json_lines(first);
    } else {
      reader_.unread();
      read_csv();
    }
    stop_on_reader_error();
    if (rows_ == 0) stop(fmt::format("no rows after {}", layout_.place), header_line_);
    return finish();
  }

 private:
  // --- CSV and TSV -------------------------------------------------------------------------

  void read_csv() {
    if (!read_csv_header()) {  // a content line was seen: only a reader error gets here
      stop_on_reader_error();
      stop("the file is empty", 0);
    }
    read_csv_rows();
  }

  bool read_csv_header() {
    csv_.emplace(reader_);
    layout_ = {"column", "the header"};
    if (!next_record()) return false;
    summary_.format = csv_->delimiter() == '\t' ? "TSV" : "CSV";
    header_line_ = csv_->line();
    for (const std::string_view field : csv_->fields()) header_.emplace_back(trim(field, " "));
    set_columns(resolve_columns(header_, options_, layout_, header_line_));
    find_score_columns();
    return true;
  }

  void read_csv_rows() {
    // Plain lines are split in blocks; CsvReader reads any other record, exactly as written.
    const bool plain_rows = score_columns_.empty() && header_.size() <= PlainRow::kMaxFields;
    while (true) {
      if (plain_rows) read_plain_rows();
      plain_row_ = {};
      if (!next_record()) return;
      // A chunk reader looks now and then whether another chunk gave up.
      if (given_up_ != nullptr) {
        if (rows_ % 4096 == 0 && given_up_->load(std::memory_order_relaxed)) throw GiveUp{};
        // A quote may open a field that runs across lines, even across chunks: one pass decides.
        if (csv_->text().find('"') != std::string_view::npos) throw GiveUp{};
      }
      row_line_ = csv_->line();
      if (csv_->fields().size() != header_.size()) {
        stop(fmt::format("row has {}, but the header has {}", plural(csv_->fields().size(), "field"), header_.size()),
             row_line_);
      }
      add_row(track_ids_ ? csv_field(kId) : std::string_view(), csv_field(kLabel), csv_field(kPrediction));
      if (!score_columns_.empty()) {
        add_scores(csv_field(kLabel), [this](std::size_t j) { return trim(csv_->fields()[score_columns_[j]], " "); });
      }
    }
  }

  // The rows of the lines buffered that scan_plain_rows takes, until one it leaves to CsvReader.
  void read_plain_rows() {
    while (true) {
      const std::string_view block = reader_.buffered_lines();
      if (block.empty()) return;
      // A chunk reader looks before each block whether another chunk gave up.
      if (given_up_ != nullptr && given_up_->load(std::memory_order_relaxed)) throw GiveUp{};
      const std::size_t line = reader_.line_number() + 1;
      std::uint64_t pair_rows = 0;  // added to rows_ once a block, not in memory every row
      const PlainScan scan = scan_plain_rows(block, csv_->delimiter(), header_.size(), reader_.max_line_length(),
                                             [this, line, &pair_rows](const PlainRow& row) DLCHECK_ALWAYS_INLINE {
                                               add_plain_row(row, line + row.line_offset, pair_rows);
                                             });
      rows_ += pair_rows;
      reader_.skip(scan.bytes, scan.lines);
      if (scan.stopped) return;
    }
  }

  // A field of a plain row without its spaces. Inlined, as it runs three times a row.
  [[gnu::always_inline]] std::string_view plain_field(const PlainRow& row, Role role) const {
    const std::size_t index = columns_[role].index;
    if (index == kNone) return {};
    std::string_view field = row.field(index);
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    return field;
  }

  // One row that scan_plain_rows split, at line `line`: by its pair when it is known.
  // Rows counted by pair are added to `pair_rows`, to be added to rows_.
  [[gnu::always_inline]] void add_plain_row(const PlainRow& row, std::size_t line, std::uint64_t& pair_rows) {
    const std::string_view label = plain_field(row, kLabel), prediction = plain_field(row, kPrediction);
    if (count_pairs_ && label.size() - 1 < 16 && prediction.size() - 1 < 16) {
      PairTable::Key key;
      LabelKey::read_words(label, key.words[0], key.words[1]);
      LabelKey::read_words(prediction, key.words[2], key.words[3]);
      key.sizes = static_cast<std::uint32_t>(label.size() << 8 | prediction.size());
      if (std::uint64_t* count = pairs_.find(key)) {
        ++*count;
        ++pair_rows;
        if (track_ids_) {
          row_line_ = line;
          plain_row_ = row.line;
          if (const std::string_view id = plain_field(row, kId); !id.empty()) look_up_id(id, label, prediction);
        }
        return;
      }
      add_plain_row_alone(row, line, label, prediction);
      add_pair(key, label, prediction);
      return;
    }
    add_plain_row_alone(row, line, label, prediction);
  }

  // A plain row counted by its labels, out of line: the pairs take most rows.
  [[gnu::noinline]] void add_plain_row_alone(const PlainRow& row, std::size_t line, std::string_view label,
                                             std::string_view prediction) {
    row_line_ = line;
    plain_row_ = row.line;
    add_row<true>(track_ids_ ? plain_field(row, kId) : std::string_view(), label, prediction);
  }

  // False at the end of the file, or on a reader error, which read() reports.
  bool next_record() {
    if (csv_->next()) return true;
    if (const auto& error = csv_->error()) stop(error->message, error->place.line, error->place.column);
    return false;
  }

  // Unquoted fields lose their spaces, not their tabs (a TSV's delimiter); a quoted field keeps
  // every character, as pandas reads it: spaces inside quotes were written on purpose.
  std::string_view csv_field(Role role) const {
    const std::size_t index = columns_[role].index;
    if (index == kNone) return {};
    return csv_->quoted(index) ? csv_->fields()[index] : trim(csv_->fields()[index], " ");
  }

  // --- JSON Lines ----------------------------------------------------------------------------

  void read_json_lines(std::string_view first) {
    summary_.format = "JSON Lines";
    json_lines_ = true;
    layout_ = {"key", "the first object"};
    header_line_ = reader_.line_number();
    rows_reader_.keep_all();
    parse_json_line(first);
    for (const JsonMember& member : rows_reader_.members()) header_.push_back(member.key);
    set_columns(resolve_columns(header_, options_, layout_, header_line_));
    find_score_columns();
    // The first object is a row too: take its values before narrowing the reader.
    for (const Role role : {kId, kLabel, kPrediction}) member_of_role_[role] = columns_[role].index;
    score_members_ = score_columns_;
    add_json_row();
    std::vector<std::string> keys;
    for (const Role role : {kId, kLabel, kPrediction}) {
      if (columns_[role].index == kNone) continue;
      const auto key = std::find(keys.begin(), keys.end(), columns_[role].name);  // the id may be the label
      member_of_role_[role] = static_cast<std::size_t>(key - keys.begin());
      if (key == keys.end()) keys.push_back(columns_[role].name);
    }
    for (std::size_t j = 0; j < score_columns_.size(); ++j) {
      score_members_[j] = keys.size();
      keys.push_back(header_[score_columns_[j]]);
    }
    rows_reader_.keep(keys);
    std::string_view line;
    while (next_content_line(reader_, line)) {
      parse_json_line(line);
      add_json_row();
    }
  }

  void parse_json_line(std::string_view line) {
    current_line_ = line;
    row_line_ = reader_.line_number();
    const std::string_view content = trim(line);
    if (!content.starts_with('{')) {
      stop("line is not a JSON object", row_line_,
           character_column(line, static_cast<std::size_t>(content.data() - line.data())));
    }
    if (rows_reader_.parse(line)) return;
    const JsonParseError& error = rows_reader_.error();
    std::string message = checked_file_message(error);
    if (const std::size_t at = message.find("end of file"); at != std::string::npos)
      message.replace(at, 11, "end of line");
    stop(fmt::format("invalid JSON: {}", message), row_line_, static_cast<std::size_t>(error.position.column));
  }

  void add_json_row() {
    add_row(json_value(kId), json_value(kLabel), json_value(kPrediction));
    if (!score_columns_.empty()) {
      add_scores(json_value(kLabel), [this](std::size_t j) -> std::string_view {
        const JsonMember& member = rows_reader_.members()[score_members_[j]];
        return member.kind == JsonKind::number ? std::string_view(member.text) : std::string_view();
      });
    }
  }

  // --- Score columns -------------------------------------------------------------------------

  // Keeps the row's label and scores for ROC AUC, until there are more than kMaxStoredScores.
  void keep_scores(std::size_t column) {
    ScoreCounts& scores = summary_.scores;
    if (scores.all_scores.size() + row_scores_.size() > kMaxStoredScores) {
      scores.too_many_scores = true;
      scores.all_scores = {};
      scores.row_labels = {};
      return;
    }
    scores.row_labels.push_back(static_cast<std::uint32_t>(column));
    scores.all_scores.insert(scores.all_scores.end(), row_scores_.begin(), row_scores_.end());
  }

  // The score columns for top-k accuracy and log loss, when asked for: the first of the prefixes
  // prob_, p_ and score_ (in any case) that at least two columns have, sorted by the label each
  // names, as scikit-learn orders the classes.
  void find_score_columns() {
    if (!options_.read_scores) return;
    for (const std::string_view prefix : {"prob_"sv, "p_"sv, "score_"sv}) {
      std::vector<std::pair<std::string, std::size_t>> found;
      for (std::size_t i = 0; i < header_.size(); ++i) {
        const std::string_view name = header_[i];
        if (name.size() > prefix.size() && ascii_lower(name.substr(0, prefix.size())) == prefix) {
          found.emplace_back(name.substr(prefix.size()), i);
        }
      }
      if (found.size() < 2) continue;
      std::sort(found.begin(), found.end());
      for (std::size_t j = 1; j < found.size(); ++j) {
        if (found[j].first == found[j - 1].first) {
          stop(fmt::format("two score {}s for the label \"{}\"", layout_.noun, printable(found[j].first)),
               header_line_);
        }
      }
      score_prefix_ = prefix;
      for (auto& [label, index] : found) {
        summary_.scores.labels.push_back(std::move(label));
        score_columns_.push_back(index);
      }
      for (std::size_t j = 0; j < summary_.scores.labels.size(); ++j) {
        score_of_label_.emplace(summary_.scores.labels[j], j);
        score_of_value_.try_emplace(value_key(summary_.scores.labels[j]), j);
      }
      summary_.scores.ranks.assign(score_columns_.size(), 0);
      row_scores_.resize(score_columns_.size());
      return;
    }
  }

  // Counts where the label's score ranks among the row's scores, ties going to the class later in
  // sorted order (scikit-learn's stable argsort, reversed), and adds −log of its share of the
  // clipped scores.
  template <typename ScoreText>
  void add_scores(std::string_view label, ScoreText score_text) {
    for (std::size_t j = 0; j < score_columns_.size(); ++j) {
      const std::string_view text = score_text(j);
      const std::optional<double> score = parse_number(text);
      if (!score) {
        stop(fmt::format("score \"{}\" in {} \"{}\" is not a finite number", printable(text), layout_.noun,
                         printable(header_[score_columns_[j]])),
             row_line_);
      }
      row_scores_[j] = *score;
    }
    const std::optional<std::size_t> found = score_column_of(label);
    if (!found) {
      stop(fmt::format("label \"{}\" has no score {} \"{}{}\"", printable(label), layout_.noun, score_prefix_,
                       printable(label)),
           line_of(kLabel), column_of(kLabel));
    }
    static constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
    const auto clipped = [](double score) { return std::clamp(score, kEpsilon, 1 - kEpsilon); };
    const std::size_t column = *found;
    const double own = row_scores_[column];
    std::size_t rank = 0;
    double sum = 0;
    for (std::size_t j = 0; j < row_scores_.size(); ++j) {
      rank += row_scores_[j] > own || (row_scores_[j] == own && j > column);
      sum += clipped(row_scores_[j]);
    }
    ScoreCounts& scores = summary_.scores;
    if (options_.keep_scores && !scores.too_many_scores) keep_scores(column);
    ++scores.ranks[rank];
    scores.log_loss_sum -= std::log(clipped(own) / sum);
    ++scores.rows;
  }

  // The class of a label's score column: by its text, else by its value as the classes are merged
  // (True has prob_true, 1.0 has prob_1); the second lookup costs only a label written otherwise.
  std::optional<std::size_t> score_column_of(std::string_view label) const {
    if (const auto found = score_of_label_.find(label); found != score_of_label_.end()) return found->second;
    if (const auto found = score_of_value_.find(value_key(label)); found != score_of_value_.end()) return found->second;
    return std::nullopt;
  }

  static bool is_text(JsonKind kind) {
    return kind == JsonKind::string || kind == JsonKind::number || kind == JsonKind::boolean;
  }

  // Values lose their spaces, as CSV fields do.
  std::string_view json_value(Role role) const {
    if (columns_[role].index == kNone) return {};
    const JsonMember& found = rows_reader_.members()[member_of_role_[role]];
    if (role == kId) return is_text(found.kind) ? trim(found.text, " ") : std::string_view();
    if (found.kind == JsonKind::missing) {
      stop(fmt::format("no key \"{}\" in this object", printable(columns_[role].name)), row_line_);
    }
    if (found.kind == JsonKind::array || found.kind == JsonKind::object) {
      const Place place = place_of(role);
      stop(fmt::format("the {} \"{}\" is an array or object, not a string or number", kRoleNames[role],
                       printable(columns_[role].name)),
           place.line, place.column);
    }
    return trim(found.text, " ");  // null is empty, and reported as an empty value
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

  // Where the value of a role starts in the current row; in a CSV record of several lines, on
  // the line that holds it.
  Place place_of(Role role) const {
    if (json_lines_) {
      const std::size_t member = member_of_role_[role];
      if (member == kNone || rows_reader_.members()[member].kind == JsonKind::missing) return {row_line_, 0};
      return {row_line_, character_column(current_line_, rows_reader_.members()[member].offset)};
    }
    const CsvPlace field = plain_row_.data() != nullptr
                               ? CsvReader::place_in(plain_row_, csv_->delimiter(), row_line_, columns_[role].index)
                               : csv_->place_of(columns_[role].index);
    return field.line == 0 ? Place{row_line_, 0} : Place{field.line, field.column};
  }
  std::size_t line_of(Role role) const { return place_of(role).line; }
  std::size_t column_of(Role role) const { return place_of(role).column; }

  template <bool kReadAhead = false>
  void add_row(std::string_view id, std::string_view label, std::string_view prediction) {
    if (mode_ == Mode::text) {  // an empty reference or hypothesis is text too: all insertions or deletions
      ++rows_;
      text_.add(label, prediction, row_line_);
      if (track_ids_ && !id.empty()) look_up_id(id, label, prediction);
      return;
    }
    if (label.empty()) stop_on_empty(kLabel);
    if (prediction.empty()) stop_on_empty(kPrediction);
    ++rows_;
    switch (mode_) {
      case Mode::classes:
        count_classes<kReadAhead>(label, prediction);
        break;
      case Mode::numeric:
        count_numbers(label, prediction);
        break;
      case Mode::undecided:
      case Mode::text:
        count_undecided(label, prediction);
        break;
    }
    if (track_ids_ && !id.empty()) look_up_id(id, label, prediction);
  }

  [[noreturn]] void stop_on_empty(Role role) const {
    stop(fmt::format("empty {} in {} \"{}\"", kRoleNames[role], layout_.noun, printable(columns_[role].name)),
         line_of(role), column_of(role));
  }

  // A new label from a row, within --max-labels: memory grows with the distinct labels, and
  // millions of them mean the column holds no classes.
  std::uint32_t intern_in_row(const LabelKey& key, Role role) {
    const std::uint32_t found = labels_.find(key);
    return found != LabelTable::kAbsent ? found : add_in_row(key, role);
  }

  [[gnu::noinline]] std::uint32_t add_in_row(const LabelKey& key, Role role) {
    const std::uint32_t id = intern(key);
    if (labels_.size() > options_.max_labels) {
      stop(fmt::format("more than {} distinct labels and predictions (--max-labels); is the {} column \"{}\" a class?",
                       options_.max_labels, kRoleNames[role], printable(columns_[role].name)),
           line_of(role), column_of(role));
    }
    return id;
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

  // After a row of a new pair was counted on its own: later rows of the pair are counted in
  // pairs_, while the labels are classes for good (class labels, or values known not all numbers).
  [[gnu::noinline]] void add_pair(const PairTable::Key& key, std::string_view label, std::string_view prediction) {
    if (mode_ == Mode::undecided && !first_non_number_) {
      count_pairs_ = false;  // every row is summed as numbers too, until count_undecided sees text
      return;
    }
    if (mode_ != Mode::classes && mode_ != Mode::undecided) {
      count_pairs_ = false;
      return;
    }
    const std::uint32_t l = labels_.find(LabelKey::read_ahead(label)),
                        p = labels_.find(LabelKey::read_ahead(prediction));
    if (!pairs_.add(key, l, p)) count_pairs_ = false;  // full: the rest is counted by label
  }

  // The rows counted by pair join the label counts.
  void fold_pairs() {
    pairs_.for_each([this](std::uint32_t l, std::uint32_t p, std::uint64_t count) {
      stats_[l].total += count;
      if (l == p) {
        stats_[l].correct += count;
      } else {
        add_confusions(l, p, count);
      }
    });
    pairs_.clear_counts();
  }

  void add_confusions(std::uint32_t l, std::uint32_t p, std::uint64_t count) {
    if (l < kDenseLabels && p < kDenseLabels) {
      if (dense_confusions_.empty()) dense_confusions_.resize(kDenseLabels * kDenseLabels);
      dense_confusions_[l * kDenseLabels + p] += count;
    } else {
      confusions_[pair_key(l, p)] += count;
    }
  }

  // `kReadAhead`: the texts lie in a LineReader's buffer, readable 16 bytes on.
  template <bool kReadAhead = false>
  std::pair<std::uint32_t, std::uint32_t> count_classes(std::string_view label, std::string_view prediction) {
    // Most predictions are right: one comparison then saves the second lookup.
    const LabelKey label_key = kReadAhead ? LabelKey::read_ahead(label) : LabelKey(label);
    const LabelKey prediction_key = kReadAhead ? LabelKey::read_ahead(prediction) : LabelKey(prediction);
    const std::uint32_t l = intern_in_row(label_key, kLabel);
    const std::uint32_t p = label_key == prediction_key ? l : intern_in_row(prediction_key, kPrediction);
    LabelStats& stats = stats_[l];
    ++stats.total;
    if (l == p) {
      ++stats.correct;
    } else {
      add_confusions(l, p, 1);
    }
    return {l, p};
  }

  void count_numbers(std::string_view label, std::string_view prediction) {
    const double label_number = number_or_stop(kLabel, label);  // the label first: the leftmost problem
    add_difference(label_number, number_or_stop(kPrediction, prediction));
  }

  double number_or_stop(Role role, std::string_view text) const {
    if (const auto number = parse_number(text)) return *number;
    stop(not_a_number(kRoleNames[role], text, "and the targets are numeric"), line_of(role), column_of(role));
  }

  void add_difference(double label, double prediction) {
    sums_.add(label, prediction);
    if (judge_errors_) errors_.add(std::fabs(prediction - label));
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
            not_a_number(kRoleNames[role], text, "but other values have a fraction, so the targets are numeric"),
            line_of(role), column_of(role)};
        count_pairs_ = true;
      }
    }
    if (stats_[l].fractional || stats_[p].fractional) switch_to_numeric();
  }

  void switch_to_numeric() {
    if (given_up_ != nullptr) throw GiveUp{};  // numeric sums must be added in file order
    if (first_non_number_) throw Stop{*first_non_number_};
    mode_ = Mode::numeric;
    count_pairs_ = false;
    pairs_ = PairTable();
    labels_ = LabelTable();
    stats_ = {};
    dense_confusions_ = {};
    confusions_ = {};
  }

  // The filter holds the watched ids, and the forbidden ones unless they index an array: such a
  // set answers by parsing the id's digits (most prediction ids fall outside its range at once),
  // and hashing 45,000 train ids into the filter for every pack of a class cost more than the
  // lookups it saved. A hashed set is larger than the filter and missed the cache on every row.
  void build_id_filter() {
    const IdSet* forbidden = options_.forbidden_ids;
    forbidden_direct_ = forbidden != nullptr && forbidden->dense();
    const std::size_t filtered = forbidden != nullptr && !forbidden_direct_ ? forbidden->size() : 0;
    use_filter_ = !watch_index_.empty() || filtered > 0;
    if (!use_filter_) return;
    id_filter_.reserve(watch_index_.size() + filtered);
    for (const auto& [id, index] : watch_index_) id_filter_.add(id);
    if (filtered > 0) {
      const IdList& list = forbidden->list();
      for (std::size_t i = 0; i < list.size(); ++i) id_filter_.add(list.id(i));  // a repeat sets the same bits
    }
  }

  void look_up_id(std::string_view id, std::string_view label, std::string_view prediction) {
    const bool maybe = use_filter_ && id_filter_.may_contain(id);
    if (maybe) {
      if (const auto it = watch_index_.find(id); it != watch_index_.end() && !watched_[it->second].found) {
        watched_[it->second] = {std::string(id),         true,  row_line_,   std::string(label),
                                std::string(prediction), false, std::nullopt};
      }
    }
    if (options_.forbidden_ids == nullptr || !(maybe || forbidden_direct_) || !options_.forbidden_ids->contains(id)) {
      return;
    }
    ++summary_.forbidden_total;
    if (summary_.forbidden_examples.size() < kMaxForbiddenExamples) {
      summary_.forbidden_examples.push_back({std::string(id), row_line_});
    }
  }

  void stop_on_reader_error() const {
    if (!reader_.error().empty()) stop(reader_.error(), reader_.line_number() + 1, reader_.error_column());
  }

  // --- Summary -------------------------------------------------------------------------------

  PredictionSummary finish() {
    summary_.rows = rows_;
    summary_.kind = mode_ == Mode::numeric ? TargetKind::numeric
                    : mode_ == Mode::text  ? TargetKind::text
                                           : TargetKind::class_labels;
    if (summary_.kind == TargetKind::text) {
      summary_.text = text_;
      summary_.wrong = rows_ - text_.exact;
    } else if (summary_.kind == TargetKind::numeric) {
      summary_.error_sums = sums_;
      summary_.error_sums.rows = rows_;
      if (judge_errors_) summary_.median_absolute_error = errors_.median();
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
    fold_pairs();
    merge_dense_confusions();
    merge_spellings();
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

  // Labels written differently for one value become one class: in columns of numbers only, 1 and
  // 1.0 are one, and everywhere True, true and TRUE are one. It runs once per distinct label, after
  // the rows, so the pass itself still compares text; a label merged into an earlier spelling keeps
  // no counts and is left out of the classes.
  void merge_spellings() {
    const auto size = static_cast<std::uint32_t>(labels_.size());
    std::vector<std::optional<double>> numbers(size);
    numeric_labels_ = size > 0;
    for (std::uint32_t id = 0; id < size; ++id) {
      numbers[id] = parse_number(labels_.text(id));
      numeric_labels_ = numeric_labels_ && numbers[id].has_value();
    }
    std::unordered_map<std::string, std::uint32_t> first_of_value;
    std::vector<std::uint32_t> canonical(size);
    bool any_merged = false;
    for (std::uint32_t id = 0; id < size; ++id) {
      const auto [it, added] = first_of_value.try_emplace(
          numeric_labels_ ? fmt::format("{}", *numbers[id] + 0.0) : spelling_key(labels_.text(id)), id);
      canonical[id] = it->second;
      any_merged = any_merged || !added;
    }
    if (!any_merged) return;
    merged_away_.assign(size, false);
    for (std::uint32_t id = 0; id < size; ++id) {
      if (canonical[id] == id) continue;
      merged_away_[id] = true;
      stats_[canonical[id]].total += stats_[id].total;
      stats_[canonical[id]].correct += stats_[id].correct;
      stats_[id] = {};
    }
    std::unordered_map<std::uint64_t, std::uint64_t> confusions;
    for (const auto& [key, count] : confusions_) {
      const std::uint32_t label = canonical[key >> 32], prediction = canonical[key & 0xFFFFFFFFu];
      if (label == prediction) {
        stats_[label].correct += count;  // 1 against 1.0: right after all
      } else {
        confusions[pair_key(label, prediction)] += count;
      }
    }
    confusions_ = std::move(confusions);
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
      if (!merged_away_.empty() && merged_away_[id]) continue;
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
    if (summary_.kind == TargetKind::text) return row.label == row.prediction;
    if (summary_.kind == TargetKind::class_labels) {
      if (!numeric_labels_) return spelling_key(row.label) == spelling_key(row.prediction);
      const auto label = parse_number(row.label), prediction = parse_number(row.prediction);
      return label && prediction && *label == *prediction;
    }
    const auto label = parse_number(row.label), prediction = parse_number(row.prediction);
    return label && prediction && numbers_equal(*label, *prediction);
  }

  static std::optional<double> absolute_error(const WatchedRow& row) {
    const auto label = parse_number(row.label), prediction = parse_number(row.prediction);
    if (!label || !prediction) return std::nullopt;
    return std::fabs(*prediction - *label);
  }

  void summarise_watched() {
    for (std::size_t i = 0; i < watched_.size(); ++i) {
      const std::size_t first = watch_index_.at(options_.watch_ids[i]);
      WatchedRow row = watched_[first];  // a repeated watch id shares the first one's row
      row.id = options_.watch_ids[i];
      if (row.found) row.correct = watched_row_correct(row);
      if (row.found && summary_.kind == TargetKind::numeric) row.absolute_error = absolute_error(row);
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
  std::optional<CsvReader> csv_;
  bool json_lines_ = false;
  JsonRowReader rows_reader_;
  std::array<std::size_t, 3> member_of_role_{kNone, kNone, kNone};  // by role, into the JSON row's members
  std::string_view current_line_;                                   // of a JSON Lines row
  std::size_t row_line_ = 0;                                        // where the current row starts
  std::string_view plain_row_;  // the current row when scan_plain_rows split it; null data otherwise

  Mode mode_ = Mode::undecided;
  std::uint64_t rows_ = 0;
  LabelTable labels_;
  std::vector<LabelStats> stats_;
  PairTable pairs_;  // rows of plain lines by pair, added to stats_ and the confusions by fold_pairs
  bool count_pairs_ = true;
  // Wrong rows by (label, prediction): in a flat matrix for the first kDenseLabels labels, as
  // counting there is several times faster than in the map, which holds the rest.
  static constexpr std::uint32_t kDenseLabels = 128;
  std::vector<std::uint64_t> dense_confusions_;
  std::unordered_map<std::uint64_t, std::uint64_t> confusions_;  // pair_key(label, prediction) → wrong rows
  RegressionSums sums_;
  TextCounts text_;  // text: edit distances summed over the rows
  // Score columns, when options_.read_scores: header indices in sorted label order, where each is
  // among a JSON Lines row's kept members, and the class of each label text.
  std::vector<std::size_t> score_columns_, score_members_;
  std::string_view score_prefix_;
  std::unordered_map<std::string_view, std::size_t> score_of_label_;  // views into summary_.scores.labels
  std::unordered_map<std::string, std::size_t> score_of_value_;       // by value_key, the first of each
  std::vector<double> row_scores_;
  // The absolute errors, for judging the listed samples of numeric targets by the median: only
  // when there are samples to judge, and never in a chunk (numeric targets are read in one pass).
  bool judge_errors_ = false;
  ErrorHistogram errors_;
  std::optional<PredictionError> first_non_number_;
  bool numeric_labels_ = false;    // every label and prediction is a number: compared as numbers
  std::vector<bool> merged_away_;  // by label id, once merge_spellings has merged any; empty otherwise

  bool track_ids_ = false;
  std::unordered_map<std::string_view, std::size_t> watch_index_;  // views into options_.watch_ids
  IdFilter id_filter_;
  bool use_filter_ = false;                      // id_filter_ holds ids
  bool forbidden_direct_ = false;                // the forbidden ids are numbered: looked up without the filter
  std::vector<WatchedRow> watched_;              // by the index of a watch id's first occurrence
  const std::atomic<bool>* given_up_ = nullptr;  // a chunk reader's flag, set when any chunk gave up
};

// --- Chunks ------------------------------------------------------------------------------------

// A large file is cut into this many chunks a thread, so that a thread slowed by other work
// leaves its share to the others.
constexpr std::size_t kChunksPerThread = 4;
constexpr std::size_t kChunkBuffer = std::size_t{256} << 10;  // a chunk reader's buffer, grown for long lines
// Past 16 threads a file is read about as fast as memory allows, and each thread costs a buffer:
// -j 1024 must not mean 256 MB of them.
constexpr std::size_t kMaxChunkThreads = 16;

// Preads `size` bytes at `offset`, fewer at the end of the file; false on an error.
bool pread_all(int fd, char* out, std::size_t size, off_t offset, std::size_t& got) {
  got = 0;
  while (got < size) {
    const ssize_t count = ::pread(fd, out + got, size - got, offset + static_cast<off_t>(got));
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    got += static_cast<std::size_t>(count);
  }
  return true;
}

// The lines of bytes [begin, end) of a file, after a blank line 1 of its own: that line takes the
// byte-order mark treatment meant for the file's line 1, and the CSV reader skips it. The chunk's
// reader gives up at a quote: a quoted field may hold a line break, so its lines cannot be split
// from the others.
class ChunkLineReader final : public LineReader {
 public:
  ChunkLineReader(int fd, off_t begin, off_t end, std::size_t max_line_length)
      : LineReader(max_line_length, kChunkBuffer), fd_(fd), offset_(begin), end_(end) {}

 protected:
  long fill(char* out, std::size_t capacity) override {
    if (!started_) {
      started_ = true;
      out[0] = '\n';
      return 1;
    }
    std::size_t got = 0;
    const auto wanted = std::min(capacity, static_cast<std::size_t>(end_ - offset_));
    if (!pread_all(fd_, out, wanted, offset_, got) || got < wanted) {
      error_ = "cannot be read in chunks";  // never reported: the file is read again on one thread
      return -1;
    }
    offset_ += static_cast<off_t>(got);
    return static_cast<long>(got);
  }

 private:
  int fd_;
  off_t offset_, end_;
  bool started_ = false;
};

// The start of the first line that begins at or after `offset`: past the next newline from
// `offset` - 1 on. The end of the file when there is none; nullopt on a read error.
std::optional<off_t> next_line_start(int fd, off_t offset, off_t file_size) {
  std::array<char, 4096> window;
  for (off_t at = offset - 1; at < file_size;) {
    std::size_t got = 0;
    if (!pread_all(fd, window.data(), window.size(), at, got) || got == 0) return std::nullopt;
    if (const void* newline = std::memchr(window.data(), '\n', got)) {
      return at + static_cast<off_t>(static_cast<const char*>(newline) - window.data()) + 1;
    }
    at += static_cast<off_t>(got);
  }
  return file_size;
}

// The offset just past line `line` (1-based) of `text`; nullopt when it has no newline.
std::optional<std::size_t> end_of_line(std::string_view text, std::size_t line) {
  std::size_t at = 0;
  for (std::size_t seen = 0; seen < line; ++seen) {
    const std::size_t newline = text.find('\n', at);
    if (newline == std::string_view::npos) return std::nullopt;
    at = newline + 1;
  }
  return at;
}

// A large CSV/TSV file on several threads: its header is read once, then its rows are cut into
// chunks at line boundaries, each counted on its own (labels, watched rows and leaked ids with
// lines counted from the chunk's start), and the counts are added up in file order. Nullopt
// whenever the sequential reader must decide: a small file, JSON Lines, numeric targets, a quote
// anywhere, or any error in the file, whose first occurrence that reader then reports.
std::optional<PredictionResult> read_in_chunks(FileLineReader& file, const PredictionOptions& options) {
  const std::size_t threads = std::min(thread_count(options.threads, static_cast<std::size_t>(-1)), kMaxChunkThreads);
  if (threads < 2 || options.kind == TargetKind::numeric || options.kind == TargetKind::text || options.read_scores ||
      file.line_number() != 0) {
    return std::nullopt;  // scores and numbers are summed in file order, on one thread
  }
  const int fd = file.descriptor();
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || ::lseek(fd, 0, SEEK_CUR) != 0 ||
      static_cast<std::size_t>(status.st_size) < std::max<std::size_t>(options.parallel_min_bytes, 1)) {
    return std::nullopt;
  }
  const off_t file_size = status.st_size;

  // The header, with any blank lines before it, from the start of the file.
  std::string start(std::min<std::size_t>(static_cast<std::size_t>(file_size), file.max_line_length() + 65536), '\0');
  std::size_t got = 0;
  if (!pread_all(fd, start.data(), start.size(), 0, got)) return std::nullopt;
  start.resize(got);
  StringLineReader start_lines(start, file.max_line_length());
  std::string_view first;
  if (!next_content_line(start_lines, first) || first.find('"') != std::string_view::npos) return std::nullopt;
  const auto body = end_of_line(start, start_lines.line_number());
  if (!body) return std::nullopt;
  StringLineReader header_lines(std::string_view(start).substr(0, *body), file.max_line_length());
  PredictionsReader header(header_lines, options);
  try {
    if (!header.read_header()) return std::nullopt;
  } catch (const Stop&) {
    return std::nullopt;
  }

  const std::size_t chunks = threads * kChunksPerThread;
  std::vector<off_t> bounds(chunks + 1, file_size);
  bounds[0] = static_cast<off_t>(*body);
  for (std::size_t i = 1; i < chunks; ++i) {
    const off_t even = bounds[0] + static_cast<off_t>(static_cast<std::size_t>(file_size - bounds[0]) * i / chunks);
    const auto line_start = next_line_start(fd, std::max(even, bounds[i - 1]), file_size);
    if (!line_start) return std::nullopt;
    bounds[i] = *line_start;
  }

  std::atomic<bool> given_up{false};
  std::vector<ChunkCounts> counts(chunks);
  std::vector<std::size_t> lines(chunks, 0);
  parallel_for(chunks, threads, [&](std::size_t i) {
    ChunkLineReader chunk_lines(fd, bounds[i], bounds[i + 1], file.max_line_length());
    try {
      counts[i] = PredictionsReader(chunk_lines, header, given_up).read_chunk();
      lines[i] = chunk_lines.line_number() - 1;  // not the blank line 1
    } catch (const GiveUp&) {
      given_up = true;
    }
  });
  if (given_up) return std::nullopt;

  std::size_t line_offset = header.header_line() - 1;  // a chunk's line 2 is its first
  for (std::size_t i = 0; i < chunks; ++i) {
    header.add_chunk(counts[i], line_offset);
    counts[i] = {};
    line_offset += lines[i];
  }
  // Each chunk was within --max-labels but together they are not: one pass says where.
  if (header.label_count() > options.max_labels) return std::nullopt;
  auto summary = header.finish_chunks();
  if (!summary) return std::nullopt;
  summary->chunks = chunks;
  return PredictionResult(std::move(*summary));
}

// --- Id lists ----------------------------------------------------------------------------------

[[noreturn]] void stop_id_list(std::string message, std::size_t line, std::size_t column = 0) {
  throw IdListError{std::move(message), line, column};
}

// The rows of a CSV/TSV id list whose header has an `id` field. Ids lose their spaces, as fields do.
void read_id_rows(CsvReader& csv, std::size_t id_field, IdList& list) {
  const std::size_t header_size = csv.fields().size();
  while (csv.next()) {
    if (csv.fields().size() != header_size) {
      stop_id_list(fmt::format("row has {}, but the header has {}", plural(csv.fields().size(), "field"), header_size),
                   csv.line());
    }
    const std::string_view id = trim(csv.fields()[id_field], " ");
    if (!id.empty()) list.add(id, csv.line());
  }
}

// Ids one per line lose their spaces and tabs.
void add_line_id(std::string_view line, std::size_t line_number, IdList& list) {
  if (!is_blank(line)) list.add(trim(line), line_number);
}

// Ids one per line from the lines buffered, a block at a time, as add_line_id takes each line
// that next() would give; next() reads whatever it leaves (a line over the limit, the last line
// without a newline).
void add_buffered_ids(LineReader& reader, IdList& list) {
  while (true) {
    const std::string_view block = reader.buffered_lines();
    if (block.empty()) return;
    const std::size_t first_line = reader.line_number() + 1;
    std::size_t used = 0, lines = 0;
    while (used < block.size()) {
      const char* start = block.data() + used;
      const auto length =
          static_cast<std::size_t>(static_cast<const char*>(std::memchr(start, '\n', block.size() - used)) - start);
      std::string_view line(start, length);
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.size() > reader.max_line_length()) {
        reader.skip(used, lines);
        return;
      }
      add_line_id(line, first_line + lines, list);
      used += length + 1;
      ++lines;
    }
    reader.skip(used, lines);
  }
}

IdList read_ids(LineReader& reader) {
  IdList list;
  std::string_view line;
  if (!next_content_line(reader, line)) return list;
  const char delimiter = detect_delimiter(line);
  // One allocation for the ids, not a doubling every few thousand: their count guessed from the
  // first line's length (at most one per 8 bytes, so that a short first line cannot reserve far
  // too much), and for a plain list the file's size for their text.
  const bool plain = line.find(delimiter) == std::string_view::npos;
  if (const std::size_t size = reader.size_hint(); size > 0) {
    list.reserve(std::min(size / (line.size() + 1), size / 8) + 16, plain ? size : 0);
  }
  if (plain) {
    add_line_id(line, reader.line_number(), list);
  } else {
    // A header with an `id` field makes a CSV/TSV; any other first record was ids, one a line.
    reader.unread();
    CsvReader csv(reader, delimiter);
    if (csv.next()) {
      const auto& fields = csv.fields();
      const auto id =
          std::find_if(fields.begin(), fields.end(), [](std::string_view field) { return trim(field, " ") == "id"; });
      if (id != fields.end()) {
        read_id_rows(csv, static_cast<std::size_t>(id - fields.begin()), list);
      } else {
        // A plain list whose first record spans lines (a quote left open): one id a line.
        std::size_t line_number = csv.line();
        std::string_view rest = csv.text();
        while (true) {
          const std::size_t end = rest.find('\n');
          add_line_id(rest.substr(0, end), line_number++, list);
          if (end == std::string_view::npos) break;
          rest.remove_prefix(end + 1);
        }
      }
    }
    if (const auto& error = csv.error()) stop_id_list(error->message, error->place.line, error->place.column);
  }
  while (true) {
    add_buffered_ids(reader, list);
    if (!next_content_line(reader, line)) return list;
    add_line_id(line, reader.line_number(), list);
  }
}

}  // namespace

PredictionResult read_predictions(LineReader& reader, const PredictionOptions& options) {
  if (auto* file = dynamic_cast<FileLineReader*>(&reader)) {
    if (auto result = read_in_chunks(*file, options)) return std::move(*result);
  }
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
