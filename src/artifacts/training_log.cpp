// Reading training logs (Keras, Lightning, Hugging Face, CSV/TSV, JSON Lines) in bounded memory,
// and judging the loss curves in them.

#include "artifacts/training_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "io/csv.hpp"
#include "json/json_parser.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

std::string_view format_as(LogFormat format) {
  switch (format) {
    case LogFormat::keras_csv:
      return "Keras CSVLogger";
    case LogFormat::lightning_csv:
      return "PyTorch Lightning metrics.csv";
    case LogFormat::huggingface_trainer_state:
      return "Hugging Face trainer_state.json";
    case LogFormat::plain_csv:
      return "CSV";
    case LogFormat::json_lines:
      return "JSON Lines";
  }
  return "unknown";
}

namespace {

constexpr std::string_view kUnderstood =
    "dlcheck reads Keras CSVLogger, PyTorch Lightning metrics.csv, Hugging Face trainer_state.json, "
    "CSV/TSV with a header, and JSON Lines";
constexpr std::string_view kLossNamesHint =
    "loss, train_loss, training_loss, val_loss, valid_loss, eval_loss, d_loss, g_loss and similar names";
constexpr std::size_t kMaxNonFinite = 10;
constexpr std::size_t kMaxQuoted = 100;  // bytes of untrusted text quoted in a message

// ---------------------------------------------------------------------------------------------
// Loss columns

enum class Role { train, validation, adversarial };

struct LossName {
  std::string_view name;  // lowercase
  Role role;
};

// Within a role, earlier names are preferred: Lightning's "_epoch" series over "_step" over plain.
constexpr std::array kLossColumns = {
    // Training loss.
    LossName{"train_loss_epoch", Role::train},
    LossName{"loss_epoch", Role::train},
    LossName{"train_loss_step", Role::train},
    LossName{"loss_step", Role::train},
    LossName{"loss", Role::train},
    LossName{"train_loss", Role::train},
    LossName{"training_loss", Role::train},
    LossName{"train/loss", Role::train},
    LossName{"trn_loss", Role::train},
    // Validation loss; test losses are never used as validation.
    LossName{"val_loss_epoch", Role::validation},
    LossName{"val_loss", Role::validation},
    LossName{"valid_loss", Role::validation},
    LossName{"validation_loss", Role::validation},
    LossName{"eval_loss", Role::validation},
    LossName{"val/loss", Role::validation},
    LossName{"eval/loss", Role::validation},
    LossName{"dev_loss", Role::validation},
    LossName{"val_loss_step", Role::validation},
    // Adversarial losses of a GAN.
    LossName{"d_loss", Role::adversarial},
    LossName{"g_loss", Role::adversarial},
    LossName{"loss_d", Role::adversarial},
    LossName{"loss_g", Role::adversarial},
    LossName{"disc_loss", Role::adversarial},
    LossName{"gen_loss", Role::adversarial},
    LossName{"discriminator_loss", Role::adversarial},
    LossName{"generator_loss", Role::adversarial},
    LossName{"errd", Role::adversarial},
    LossName{"errg", Role::adversarial},
};

struct LossKind {
  Role role;
  std::size_t rank;  // index in kLossColumns: lower is preferred
};

std::optional<LossKind> classify_column(std::string_view name) {
  const std::string lower = ascii_lower(trim(name));
  for (std::size_t i = 0; i < kLossColumns.size(); ++i) {
    if (kLossColumns[i].name == lower) return LossKind{kLossColumns[i].role, i};
  }
  return std::nullopt;
}

bool names_column(std::string_view name, std::string_view lowercase) { return ascii_lower(trim(name)) == lowercase; }

// ---------------------------------------------------------------------------------------------
// Small text helpers

/// At most kMaxQuoted bytes of untrusted text, cut on a UTF-8 boundary, safe to print.
std::string shown(std::string_view text) {
  if (text.size() <= kMaxQuoted) return printable(text);
  std::size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return printable(text.substr(0, cut)) + "…";
}

std::string_view without_byte_order_mark(std::string_view line) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return line.starts_with(kBom) ? line.substr(kBom.size()) : line;
}

std::string_view trim_white_space(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Cells

enum class CellKind { missing, number, invalid, too_large };

struct Cell {
  CellKind kind = CellKind::missing;
  double value = 0;
};

bool is_missing_marker(std::string_view text) {
  const std::string lower = ascii_lower(text);
  return lower.empty() || lower == "na" || lower == "n/a" || lower == "null" || lower == "none";
}

/// A logged number: "0.53", "1e-3", "nan", "-inf", "Infinity"; "NA" and empty cells are missing.
Cell parse_cell(std::string_view text) {
  text = trim_white_space(text);
  if (is_missing_marker(text)) return {};
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return {CellKind::invalid, 0};
  if (error == std::errc::result_out_of_range) {
    if (underflows_double(text)) return {CellKind::number, text.starts_with('-') ? -0.0 : 0.0};
    return {CellKind::too_large, 0};
  }
  if (error != std::errc{}) return {CellKind::invalid, 0};
  return {CellKind::number, value};
}

/// The number at `text` (a JSON token such as NaN or -Infinity), as written.
std::string_view token_at(std::string_view text, std::size_t offset) {
  const auto is_token_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' ||
           c == '.';
  };
  std::size_t end = offset;
  while (end < text.size() && is_token_char(text[end])) ++end;
  return text.substr(offset, end - offset);
}

// ---------------------------------------------------------------------------------------------
// Curves in bounded memory

class CurveBuilder {
 public:
  CurveBuilder(std::string column, LossKind kind) : kind_(kind) { curve_.column = std::move(column); }

  LossKind kind() const { return kind_; }
  std::size_t count() const { return curve_.count; }

  void add(const CurvePoint& point) {
    if (curve_.count == 0) curve_.first = curve_.best = point;
    if (point.value < curve_.best.value) curve_.best = point;
    curve_.last = point;
    ++curve_.count;
    add_to_group(point);
  }

  LossCurve finish(std::string x_name) && {
    if (group_size_ > 0) push_group();
    curve_.x_name = std::move(x_name);
    return std::move(curve_);
  }

 private:
  // Each stored point is the mean of `stride_` consecutive values, keeping the first one's x and line.
  // Halving before a group starts (not when it ends) makes every group fill at the current stride.
  void add_to_group(const CurvePoint& point) {
    if (group_size_ == 0) {
      if (curve_.points.size() == LossCurve::kMaxCurvePoints) halve_points();
      group_ = point;
    } else {
      group_.value += (point.value - group_.value) / static_cast<double>(group_size_ + 1);
    }
    if (++group_size_ == stride_) push_group();
  }

  void push_group() {
    curve_.points.push_back(group_);
    group_size_ = 0;
  }

  // Merging adjacent pairs keeps the curve evenly sampled: every point then stands for 2 × stride values.
  void halve_points() {
    auto& points = curve_.points;
    for (std::size_t i = 0; i < points.size() / 2; ++i) {
      CurvePoint merged = points[2 * i];
      merged.value = points[2 * i].value / 2 + points[2 * i + 1].value / 2;
      points[i] = merged;
    }
    points.resize(points.size() / 2);
    stride_ *= 2;
  }

  LossKind kind_;
  LossCurve curve_;
  std::size_t stride_ = 1;
  CurvePoint group_;
  std::size_t group_size_ = 0;
};

/// Every loss column seen, and the non-finite values; which curve is "the" train curve is
/// decided at the end, since JSON records can introduce a better-named column late.
class LogBuilder {
 public:
  /// The curve for a column, created on first use; nullopt when the name is not a loss.
  std::optional<std::size_t> curve_for(std::string_view column) {
    const std::optional<LossKind> kind = classify_column(column);
    if (!kind) return std::nullopt;
    for (std::size_t i = 0; i < curves_.size(); ++i) {
      if (curves_[i].kind().rank == kind->rank) return i;
    }
    curves_.emplace_back(std::string(trim(column)), *kind);
    return curves_.size() - 1;
  }

  void record(std::size_t curve, std::string_view column, const CurvePoint& point, std::string_view text) {
    if (std::isfinite(point.value)) {
      curves_[curve].add(point);
      return;
    }
    ++non_finite_total_;
    if (non_finite_.size() < kMaxNonFinite)
      non_finite_.push_back({std::string(trim(column)), point.line, std::string(text)});
  }

  bool has_loss_columns() const { return !curves_.empty(); }
  std::size_t curve_count() const { return curves_.size(); }

  TrainingLog finish(LogFormat format, const std::string& x_name, std::size_t rows) && {
    TrainingLog log;
    log.format = format;
    log.rows = rows;
    log.non_finite = std::move(non_finite_);
    log.non_finite_total = non_finite_total_;
    if (auto train = preferred(Role::train)) log.train = std::move(curves_[*train]).finish(x_name);
    if (auto validation = preferred(Role::validation)) log.validation = std::move(curves_[*validation]).finish(x_name);
    for (auto& curve : curves_) {
      if (curve.kind().role == Role::adversarial) log.adversarial.push_back(std::move(curve).finish(x_name));
    }
    return log;
  }

 private:
  // The best-named column with values, else the best-named column at all.
  std::optional<std::size_t> preferred(Role role) const {
    std::optional<std::size_t> chosen;
    const auto better = [&](std::size_t i) {
      if (!chosen) return true;
      const bool has = curves_[i].count() > 0, chosen_has = curves_[*chosen].count() > 0;
      if (has != chosen_has) return has;
      return curves_[i].kind().rank < curves_[*chosen].kind().rank;
    };
    for (std::size_t i = 0; i < curves_.size(); ++i) {
      if (curves_[i].kind().role == role && better(i)) chosen = i;
    }
    return chosen;
  }

  std::vector<CurveBuilder> curves_;
  std::vector<NonFiniteValue> non_finite_;
  std::size_t non_finite_total_ = 0;
};

TrainingLogError read_failure(const LineReader& reader) {
  return {fmt::format("cannot read the training log: {}", printable(reader.error())), reader.line_number() + 1,
          reader.error_column()};
}

// ---------------------------------------------------------------------------------------------
// CSV and TSV: Keras, Lightning and plain

bool is_number(std::string_view text) { return parse_cell(text).kind == CellKind::number; }

/// "Epoch 1", "loss: 0.53", "lr=0.1": words and numbers, not a column name.
bool looks_like_prose(std::string_view field) {
  field = trim_white_space(field);
  if (field.find_first_of(":=") != std::string_view::npos) return true;
  bool several_words = false, has_number = false;
  while (!field.empty()) {
    const std::size_t end = std::min(field.find(' '), field.size());
    has_number = has_number || is_number(field.substr(0, end));
    several_words = several_words || end < field.size();
    field = trim_white_space(field.substr(end));
  }
  return several_words && has_number;
}

bool looks_like_plain_text(const std::vector<std::string_view>& fields) {
  const bool one_phrase = fields.size() == 1 && trim_white_space(fields[0]).find(' ') != std::string_view::npos;
  return one_phrase || std::any_of(fields.begin(), fields.end(), looks_like_prose);
}

TrainingLogError header_error(std::string_view header, const std::vector<std::string_view>& fields, std::size_t line) {
  if (looks_like_plain_text(fields)) {
    return {fmt::format("this looks like plain text logging output, not a table: {}", kUnderstood), line};
  }
  if (std::all_of(fields.begin(), fields.end(), is_number)) {
    return {fmt::format("the first line ({}) is data, not a header: dlcheck needs column names such as "
                        "epoch,loss,val_loss",
                        shown(header)),
            line};
  }
  return {
      fmt::format("no loss column found in the CSV header ({}): dlcheck looks for {}", shown(header), kLossNamesHint),
      line};
}

struct LossColumn {
  std::size_t field = 0;
  std::size_t curve = 0;
};

class CsvLog {
 public:
  CsvLog(std::string header, std::size_t header_line) : header_(std::move(header)), header_line_(header_line) {}

  TrainingLogResult read(LineReader& reader) {
    delimiter_ = detect_delimiter(header_);
    if (!split_csv_line(header_, delimiter_, fields_, scratch_)) return unclosed_quote(header_line_);
    names_.assign(fields_.begin(), fields_.end());
    find_columns();
    if (!builder_.has_loss_columns()) return header_error(header_, fields_, header_line_);
    std::string_view line;
    while (reader.next(line)) {
      if (is_blank(line) || line == header_) continue;  // a resumed logger may repeat its header
      if (auto error = read_row(line, reader.line_number())) return *error;
    }
    if (!reader.error().empty()) return read_failure(reader);
    return std::move(builder_).finish(format(), x_name(), rows_);
  }

 private:
  void find_columns() {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (!epoch_column_ && names_column(names_[i], "epoch")) epoch_column_ = i;
      if (!step_column_ && names_column(names_[i], "step")) step_column_ = i;
      // A second column with the same loss name ("loss" and "Loss") is ignored: the first one wins.
      const std::size_t known = builder_.curve_count();
      if (auto curve = builder_.curve_for(names_[i]); curve && *curve == known) loss_columns_.push_back({i, *curve});
    }
  }

  LogFormat format() const {
    if (epoch_column_ && step_column_) return LogFormat::lightning_csv;
    if (epoch_column_ && *epoch_column_ == 0) return LogFormat::keras_csv;
    return LogFormat::plain_csv;
  }

  std::optional<std::size_t> x_column() const { return epoch_column_ ? epoch_column_ : step_column_; }

  std::string x_name() const {
    if (epoch_column_) return "epoch";
    return step_column_ ? "step" : "row";
  }

  // A row without a usable x (an empty cell) keeps the previous row's x.
  double row_x() {
    const std::optional<std::size_t> column = x_column();
    if (!column) return static_cast<double>(rows_);
    if (*column < fields_.size()) {
      const Cell cell = parse_cell(fields_[*column]);
      if (cell.kind == CellKind::number && std::isfinite(cell.value)) last_x_ = cell.value;
    }
    return last_x_;
  }

  std::optional<TrainingLogError> read_row(std::string_view line, std::size_t line_number) {
    if (!split_csv_line(line, delimiter_, fields_, scratch_)) return unclosed_quote(line_number);
    ++rows_;
    const double x = row_x();
    for (const LossColumn& column : loss_columns_) {
      if (column.field >= fields_.size()) continue;
      const std::string_view text = trim_white_space(fields_[column.field]);
      const Cell cell = parse_cell(text);
      if (cell.kind == CellKind::missing) continue;
      if (cell.kind != CellKind::number) return not_a_number(names_[column.field], text, line_number, cell.kind);
      builder_.record(column.curve, names_[column.field], {x, cell.value, line_number}, text);
    }
    return std::nullopt;
  }

  static TrainingLogError unclosed_quote(std::size_t line) {
    return {fmt::format("line {} has a quote that is not closed", line), line};
  }

  static TrainingLogError not_a_number(std::string_view column, std::string_view text, std::size_t line,
                                       CellKind kind) {
    const std::string_view problem = kind == CellKind::too_large ? "too large for a double" : "not a number";
    return {fmt::format("{} at line {} is \"{}\", {}", shown(trim(column)), line, shown(text), problem), line};
  }

  std::string header_;
  std::size_t header_line_;
  char delimiter_ = ',';
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::vector<std::string> names_;
  std::optional<std::size_t> epoch_column_, step_column_;
  std::vector<LossColumn> loss_columns_;
  LogBuilder builder_;
  std::size_t rows_ = 0;
  double last_x_ = 0;
};

// ---------------------------------------------------------------------------------------------
// JSON records: JSON Lines and trainer_state.json log_history entries

/// One JSON object and where it came from, so values get their real file line.
struct JsonRecord {
  const nlohmann::json& object;
  const JsonDocument& document;
  std::string_view text;   // the text the document's positions refer to
  std::string pointer;     // of the object in the document
  std::size_t first_line;  // file line of the document's line 1
};

const nlohmann::json* find_member(const nlohmann::json& object, std::string_view lowercase) {
  for (const auto& [key, value] : object.items()) {
    if (ascii_lower(key) == lowercase) return &value;
  }
  return nullptr;
}

/// The x axis of JSON records: chosen from the first record with a loss, then carried forward
/// through records that lack it.
class JsonXAxis {
 public:
  double x_of(const nlohmann::json& object, std::size_t row) {
    if (name_.empty()) name_ = choose(object);
    if (name_ == "row") return static_cast<double>(row);
    const nlohmann::json* value = find_member(object, name_);
    if (value != nullptr && value->is_number() && std::isfinite(value->get<double>())) last_ = value->get<double>();
    return last_;
  }

  std::string name() const { return name_.empty() ? "row" : name_; }

 private:
  static std::string choose(const nlohmann::json& object) {
    for (std::string_view key : {"epoch", "step"}) {
      const nlohmann::json* value = find_member(object, key);
      if (value != nullptr && value->is_number()) return std::string(key);
    }
    return "row";
  }

  std::string name_;
  double last_ = 0;
};

std::optional<TrainingLogError> add_record(const JsonRecord& record, std::size_t row, JsonXAxis& axis,
                                           LogBuilder& builder) {
  std::optional<double> x;
  for (const auto& [key, value] : record.object.items()) {
    const std::optional<std::size_t> curve = builder.curve_for(key);
    if (!curve || value.is_null()) continue;
    const std::string pointer = child_pointer(record.pointer, key);
    const SourcePosition position = record.document.value_position(pointer).value_or(SourcePosition{});
    const std::size_t line = record.first_line + static_cast<std::size_t>(position.line) - 1;
    if (!x) x = axis.x_of(record.object, row);
    if (value.is_number()) {
      builder.record(*curve, key, {*x, value.get<double>(), line}, token_at(record.text, position.offset));
      continue;
    }
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    const Cell cell = value.is_string() ? parse_cell(text) : Cell{CellKind::invalid, 0};
    if (cell.kind == CellKind::missing) continue;
    if (cell.kind != CellKind::number) {
      const std::string_view problem = cell.kind == CellKind::too_large ? "too large for a double" : "not a number";
      return TrainingLogError{fmt::format("{} at line {} is {}, {}", shown(key), line, shown(value.dump()), problem),
                              line};
    }
    builder.record(*curve, key, {*x, cell.value, line}, text);
  }
  return std::nullopt;
}

JsonParseResult parse_log_json(std::string_view text, const TrainingLogLimits& limits) {
  return parse_json(text, ParseLimits{.max_depth = limits.max_depth, .allow_non_finite = true});
}

std::string keys_of(const nlohmann::json& object) {
  std::string keys;
  for (const auto& [key, value] : object.items()) keys += (keys.empty() ? "" : ", ") + key;
  return shown(keys);
}

TrainingLogResult read_json_lines(LineReader& reader, const JsonDocument& first, std::string_view first_text,
                                  std::size_t first_line, const TrainingLogLimits& limits) {
  LogBuilder builder;
  JsonXAxis axis;
  std::size_t rows = 1;
  if (auto error = add_record({first.root, first, first_text, "", first_line}, rows, axis, builder)) return *error;
  const std::string first_keys = keys_of(first.root);
  std::string_view line;
  while (reader.next(line)) {
    if (is_blank(line)) continue;
    const std::size_t line_number = reader.line_number();
    JsonParseResult parsed = parse_log_json(line, limits);
    if (const auto* error = std::get_if<JsonParseError>(&parsed)) {
      return TrainingLogError{
          fmt::format("line {} is not a JSON object: {}", line_number, checked_file_message(*error)), line_number,
          static_cast<std::size_t>(error->position.column)};
    }
    const JsonDocument& document = std::get<JsonDocument>(parsed);
    if (!document.root.is_object()) {
      return TrainingLogError{
          fmt::format("line {} is not a JSON object: JSON Lines logs have one object per line", line_number),
          line_number};
    }
    ++rows;
    if (auto error = add_record({document.root, document, line, "", line_number}, rows, axis, builder)) return *error;
  }
  if (!reader.error().empty()) return read_failure(reader);
  if (!builder.has_loss_columns()) {
    return TrainingLogError{fmt::format("no loss key found in the JSON Lines records (first record: {}): dlcheck looks "
                                        "for {}",
                                        first_keys, kLossNamesHint),
                            first_line};
  }
  return std::move(builder).finish(LogFormat::json_lines, axis.name(), rows);
}

// The summary entry the Trainer appends holds train_loss, the mean over training: not a curve point.
bool is_trainer_summary(const nlohmann::json& entry) {
  return entry.contains("train_runtime") || entry.contains("total_flos");
}

TrainingLogResult read_trainer_state(const JsonDocument& document, std::string_view text) {
  const auto history = document.root.find("log_history");
  LogBuilder builder;
  JsonXAxis axis;
  for (std::size_t i = 0; i < history->size(); ++i) {
    const nlohmann::json& entry = (*history)[i];
    if (!entry.is_object() || is_trainer_summary(entry)) continue;
    const JsonRecord record{entry, document, text, child_pointer("/log_history", i), 1};
    if (auto error = add_record(record, i + 1, axis, builder)) return *error;
  }
  if (!builder.has_loss_columns()) {
    return TrainingLogError{
        "log_history has no loss or eval_loss entries: set logging_steps (and an evaluation "
        "strategy) so the Trainer logs the loss",
        static_cast<std::size_t>(document.value_position("/log_history").value_or(SourcePosition{}).line)};
  }
  return std::move(builder).finish(LogFormat::huggingface_trainer_state, axis.name(), history->size());
}

/// A whole JSON document: only trainer_state.json is understood.
TrainingLogResult read_json_document(LineReader& reader, std::string_view first, std::size_t first_line,
                                     const TrainingLogLimits& limits) {
  // Blank lines before the first keep their place so parser positions are file lines.
  std::string text(first_line - 1, '\n');
  text.append(first).push_back('\n');
  std::string_view line;
  while (reader.next(line)) {
    // The document is held in memory, parsed, so it is limited like an evidence file.
    if (text.size() + line.size() + 1 > limits.max_document_size) {
      return TrainingLogError{fmt::format("the training log is one JSON document over the limit of {} bytes "
                                          "(--max-file-size)",
                                          limits.max_document_size),
                              reader.line_number()};
    }
    text.append(line).push_back('\n');
  }
  if (!reader.error().empty()) return read_failure(reader);
  JsonParseResult parsed = parse_log_json(text, limits);
  if (const auto* error = std::get_if<JsonParseError>(&parsed)) {
    return TrainingLogError{fmt::format("the training log starts like JSON but is not valid JSON ({} at line {}): {}",
                                        checked_file_message(*error), error->position.line, kUnderstood),
                            static_cast<std::size_t>(error->position.line),
                            static_cast<std::size_t>(error->position.column)};
  }
  const JsonDocument& document = std::get<JsonDocument>(parsed);
  const auto history = document.root.is_object() ? document.root.find("log_history") : document.root.end();
  if (!document.root.is_object() || history == document.root.end() || !history->is_array()) {
    return TrainingLogError{fmt::format("this JSON document has no log_history array: {}", kUnderstood), first_line};
  }
  return read_trainer_state(document, text);
}

TrainingLogResult read_json(LineReader& reader, std::string first, std::size_t first_line,
                            const TrainingLogLimits& limits) {
  JsonParseResult parsed = parse_log_json(first, limits);
  const auto* document = std::get_if<JsonDocument>(&parsed);
  const bool one_record = document != nullptr && document->root.is_object() && !document->root.contains("log_history");
  if (one_record) return read_json_lines(reader, *document, first, first_line, limits);
  return read_json_document(reader, first, first_line, limits);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reading

TrainingLogResult read_training_log(LineReader& reader, const TrainingLogLimits& limits) {
  std::string_view line;
  while (reader.next(line)) {
    if (reader.line_number() == 1) line = without_byte_order_mark(line);
    if (is_blank(line)) continue;
    const std::string_view start = trim_white_space(line);
    if (start.starts_with('{') || start.starts_with('[')) {
      return read_json(reader, std::string(line), reader.line_number(), limits);
    }
    return CsvLog(std::string(line), reader.line_number()).read(reader);
  }
  if (!reader.error().empty()) return read_failure(reader);
  return TrainingLogError{fmt::format("the training log is empty: {}", kUnderstood), 0};
}

TrainingLogResult parse_training_log(std::string_view text, const TrainingLogLimits& limits) {
  StringLineReader reader(text);
  return read_training_log(reader, limits);
}

// ---------------------------------------------------------------------------------------------
// Assessment

namespace {

double relative_decrease(double from, double to) { return from == 0 ? 0 : (from - to) / std::fabs(from); }

/// Index of the stored point that holds `point` (points keep the line of their first value).
std::size_t stored_index(const LossCurve& curve, const CurvePoint& point) {
  const auto after = std::upper_bound(curve.points.begin(), curve.points.end(), point.line,
                                      [](std::size_t line, const CurvePoint& p) { return line < p.line; });
  return after == curve.points.begin() ? 0 : static_cast<std::size_t>(after - curve.points.begin()) - 1;
}

/// How many values follow `point`: exact when nothing was merged, estimated from the stride otherwise.
std::size_t values_after(const LossCurve& curve, const CurvePoint& point) {
  if (curve.points.empty()) return 0;
  const std::size_t stored_after = curve.points.size() - 1 - stored_index(curve, point);
  return stored_after * curve.count / curve.points.size();
}

/// The train value at `x`, or the closest one before it; the first value when training starts later.
double value_at_or_before(const LossCurve& curve, double x) {
  double value = curve.first.value;
  for (const CurvePoint& point : curve.points) {
    if (point.x > x) break;
    value = point.value;
  }
  return value;
}

std::optional<OverfittingEvidence> find_overfitting(const LossCurve& train, const LossCurve& validation,
                                                    const LogThresholds& thresholds) {
  if (validation.count < thresholds.min_points) return std::nullopt;
  const CurvePoint& best = validation.best;
  if (values_after(validation, best) < thresholds.overfit_min_points_after_best) return std::nullopt;
  if (validation.last.value < best.value + std::fabs(best.value) * thresholds.overfit_min_rise) return std::nullopt;
  const double train_at_best = value_at_or_before(train, best.x);
  if (!(train.last.value < train_at_best)) return std::nullopt;
  return OverfittingEvidence{best, validation.last, relative_decrease(train_at_best, train.last.value)};
}

}  // namespace

LogAssessment assess_training_log(const TrainingLog& log, const LogThresholds& thresholds) {
  LogAssessment assessment;
  if (log.train && log.train->count > 0) {
    assessment.train_relative_decrease = relative_decrease(log.train->first.value, log.train->best.value);
  }
  assessment.too_few_points = !log.train || log.train->count < thresholds.min_points;
  if (assessment.too_few_points) return assessment;
  assessment.no_decrease = assessment.train_relative_decrease < thresholds.min_relative_decrease;
  if (log.validation) assessment.overfitting = find_overfitting(*log.train, *log.validation, thresholds);
  return assessment;
}

// ---------------------------------------------------------------------------------------------
// Sparklines

namespace {

/// At most `width` values: the mean of each of `width` equal buckets of points.
std::vector<double> resample(const std::vector<CurvePoint>& points, std::size_t width) {
  std::vector<double> values;
  if (points.size() <= width) {
    for (const CurvePoint& point : points) values.push_back(point.value);
    return values;
  }
  for (std::size_t bucket = 0; bucket < width; ++bucket) {
    const std::size_t begin = bucket * points.size() / width, end = (bucket + 1) * points.size() / width;
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i) sum += points[i].value;
    values.push_back(sum / static_cast<double>(end - begin));
  }
  return values;
}

}  // namespace

std::string sparkline(const LossCurve& curve, std::size_t width) {
  static constexpr std::array<std::string_view, 8> kBlocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::vector<double> values = resample(curve.points, width);
  if (values.empty()) return "";
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  const double range = *high - *low;
  std::string out;
  for (double value : values) {
    const long level = range > 0 ? std::lround((value - *low) / range * 7) : 3;
    out += kBlocks[static_cast<std::size_t>(std::clamp(level, 0L, 7L))];
  }
  return out;
}

}  // namespace dlcheck
