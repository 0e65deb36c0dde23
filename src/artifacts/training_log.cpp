// Reading training logs (Keras, Lightning, Hugging Face, CSV/TSV, JSON Lines) into loss curves,
// in bounded memory.

#include "artifacts/training_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <span>

#include "artifacts/log_builder.hpp"
#include "io/csv.hpp"
#include "json/json_lines.hpp"
#include "json/json_parser.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

namespace {

constexpr std::string_view kUnderstood =
    "dlcheck reads Keras CSVLogger, PyTorch Lightning metrics.csv, Hugging Face trainer_state.json, "
    "CSV/TSV with a header, and JSON Lines";
constexpr std::string_view kLossNamesHint =
    "loss, train_loss, training_loss, val_loss, valid_loss, eval_loss, d_loss, g_loss and similar names";
constexpr std::size_t kMaxQuoted = 100;  // bytes of untrusted text quoted in a message

bool names_column(std::string_view name, std::string_view lowercase) {
  return ascii_lower(trim(name, " ")) == lowercase;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers

/// At most kMaxQuoted bytes of untrusted text, cut on a UTF-8 boundary, safe to print.
std::string shown(std::string_view text) { return printable_excerpt(text, kMaxQuoted); }

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
  text = trim(text);
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

/// Python's json.dump writes NaN and Infinity, and Hugging Face logs hold them.
ParseLimits log_json_limits(const TrainingLogLimits& limits) {
  return ParseLimits{.max_depth = limits.max_depth, .allow_non_finite = true};
}

TrainingLogError read_failure(const LineReader& reader) {
  return {fmt::format("cannot read the training log: {}", printable(reader.error())), reader.line_number() + 1,
          reader.error_column()};
}

// ---------------------------------------------------------------------------------------------
// CSV and TSV: Keras, Lightning and plain

bool is_number(std::string_view text) { return parse_cell(text).kind == CellKind::number; }

/// "Epoch 1", "loss: 0.53", "lr=0.1": words and numbers, not a column name.
bool looks_like_prose(std::string_view field) {
  field = trim(field);
  if (field.find_first_of(":=") != std::string_view::npos) return true;
  bool several_words = false, has_number = false;
  while (!field.empty()) {
    const std::size_t end = std::min(field.find(' '), field.size());
    has_number = has_number || is_number(field.substr(0, end));
    several_words = several_words || end < field.size();
    field = trim(field.substr(end));
  }
  return several_words && has_number;
}

bool looks_like_plain_text(const std::vector<std::string_view>& fields) {
  const bool one_phrase = fields.size() == 1 && trim(fields[0]).find(' ') != std::string_view::npos;
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

struct ComponentSum {
  std::vector<std::size_t> fields;
  std::size_t curve = 0;
};

class CsvLog {
 public:
  explicit CsvLog(LineReader& reader) : reader_(reader), csv_(reader) {}

  TrainingLogResult read() {
    if (!csv_.next()) return read_error();
    header_ = csv_.text();
    const std::size_t header_line = csv_.line();
    names_.assign(csv_.fields().begin(), csv_.fields().end());
    // "Epoch 1/10 - loss: 0.53" names a loss but is a line of prose, not a header.
    if (looks_like_plain_text(csv_.fields())) return header_error(header_, csv_.fields(), header_line);
    find_columns();
    if (!builder_.has_loss_columns()) return header_error(header_, csv_.fields(), header_line);
    while (csv_.next()) {
      if (csv_.text() == header_) continue;  // a resumed logger may repeat its header
      if (auto error = read_row()) return *error;
    }
    if (csv_.error() || !reader_.error().empty()) return read_error();
    return std::move(builder_).finish(format(), x_name(), rows_);
  }

 private:
  TrainingLogError read_error() const {
    if (!csv_.error()) return read_failure(reader_);
    const CsvError& error = *csv_.error();
    std::string message = error.kind == CsvError::Kind::unclosed_quote
                              ? fmt::format("line {} has a quote that is not closed", error.place.line)
                              : error.message;
    return {std::move(message), error.place.line, error.place.column};
  }

  void find_columns() {
    find_component_sums();
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (!epoch_column_ && names_column(names_[i], "epoch")) epoch_column_ = i;
      if (!step_column_ && names_column(names_[i], "step")) step_column_ = i;
      if (is_summed(i)) continue;
      // A second column with the very same name is ignored: the first one wins.
      const auto curve = builder_.curve_for(names_[i]);
      const bool seen = curve && std::any_of(loss_columns_.begin(), loss_columns_.end(),
                                             [&](const LossColumn& column) { return column.curve == *curve; });
      if (curve && !seen) loss_columns_.push_back({i, *curve});
    }
  }

  // Ultralytics logs box, class and distribution-focal losses per side, and no total: the
  // components of each side (train/…loss, val/…loss) are summed into one curve.
  void find_component_sums() {
    const auto prefixed = [&](std::size_t i, std::string_view prefix) {
      return ascii_lower(trim(names_[i], " ")).starts_with(prefix);
    };
    std::size_t train_components = 0;
    bool has_metrics = false;
    for (std::size_t i = 0; i < names_.size(); ++i) {
      has_metrics = has_metrics || prefixed(i, "metrics/");
      train_components += prefixed(i, "train/") && classify_column(names_[i]) ? 1 : 0;
    }
    if (!has_metrics || train_components < 2) return;
    for (const auto& [prefix, role] :
         {std::pair{std::string_view("train/"), Role::train}, {"val/", Role::validation}}) {
      ComponentSum sum;
      std::string column;
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (!prefixed(i, prefix) || !classify_column(names_[i])) continue;
        sum.fields.push_back(i);
        column += (column.empty() ? "" : " + ") + std::string(trim(names_[i], " "));
      }
      if (sum.fields.empty()) continue;
      sum.curve = builder_.add_curve(LossName{role, ascii_lower(column), Series::plain, 0, true}, column);
      sums_.push_back(std::move(sum));
    }
  }

  bool is_summed(std::size_t field) const {
    return std::any_of(sums_.begin(), sums_.end(), [&](const ComponentSum& sum) {
      return std::find(sum.fields.begin(), sum.fields.end(), field) != sum.fields.end();
    });
  }

  std::string_view format() const {
    if (!sums_.empty()) return log_formats::ultralytics;
    if (epoch_column_ && step_column_) return log_formats::lightning_csv;
    if (epoch_column_ && *epoch_column_ == 0) return log_formats::keras_csv;
    return log_formats::plain_csv;
  }

  std::optional<std::size_t> x_column() const { return epoch_column_ ? epoch_column_ : step_column_; }

  std::string x_name() const {
    if (epoch_column_) return "epoch";
    return step_column_ ? "step" : "row";
  }

  // The step beside an epoch axis, when the row has one.
  std::optional<double> row_step() const {
    if (!epoch_column_ || !step_column_ || *step_column_ >= csv_.fields().size()) return std::nullopt;
    const Cell cell = parse_cell(csv_.fields()[*step_column_]);
    if (cell.kind != CellKind::number || !std::isfinite(cell.value)) return std::nullopt;
    return cell.value;
  }

  // A row without a usable x (an empty cell) keeps the previous row's x.
  double row_x() {
    const std::optional<std::size_t> column = x_column();
    if (!column) return static_cast<double>(rows_);
    if (*column < csv_.fields().size()) {
      const Cell cell = parse_cell(csv_.fields()[*column]);
      if (cell.kind == CellKind::number && std::isfinite(cell.value)) last_x_ = cell.value;
    }
    return last_x_;
  }

  std::optional<TrainingLogError> read_row() {
    const std::vector<std::string_view>& fields = csv_.fields();
    const std::size_t line = csv_.line();
    ++rows_;
    const double x = row_x();
    const std::optional<double> step = row_step();  // parsed once per row, not once per loss column
    for (const LossColumn& column : loss_columns_) {
      if (column.field >= fields.size()) continue;
      const std::string_view text = trim(fields[column.field]);
      const Cell cell = parse_cell(text);
      if (cell.kind == CellKind::missing) continue;
      if (cell.kind != CellKind::number) return not_a_number(names_[column.field], text, line, cell.kind);
      builder_.record(column.curve, {x, cell.value, line}, text, step);
    }
    for (const ComponentSum& sum : sums_) {
      if (auto error = add_sum(sum, x, step, line)) return error;
    }
    return std::nullopt;
  }

  // A row missing one component adds nothing to the sum's curve.
  std::optional<TrainingLogError> add_sum(const ComponentSum& sum, double x, std::optional<double> step,
                                          std::size_t line) {
    const std::vector<std::string_view>& fields = csv_.fields();
    double total = 0;
    std::string_view non_finite;
    for (const std::size_t field : sum.fields) {
      if (field >= fields.size()) return std::nullopt;
      const std::string_view text = trim(fields[field]);
      const Cell cell = parse_cell(text);
      if (cell.kind == CellKind::missing) return std::nullopt;
      if (cell.kind != CellKind::number) return not_a_number(names_[field], text, line, cell.kind);
      if (!std::isfinite(cell.value) && non_finite.empty()) non_finite = text;
      total += cell.value;
    }
    builder_.record(sum.curve, {x, total, line}, non_finite.empty() ? std::string_view("inf") : non_finite, step);
    return std::nullopt;
  }

  static TrainingLogError not_a_number(std::string_view column, std::string_view text, std::size_t line,
                                       CellKind kind) {
    const std::string_view problem = kind == CellKind::too_large ? "too large for a double" : "not a number";
    return {fmt::format("{} at line {} is \"{}\", {}", shown(trim(column, " ")), line, shown(text), problem), line};
  }

  LineReader& reader_;
  CsvReader csv_;
  std::string header_;
  std::vector<std::string> names_;
  std::optional<std::size_t> epoch_column_, step_column_;
  std::vector<LossColumn> loss_columns_;
  std::vector<ComponentSum> sums_;
  LogBuilder builder_;
  std::size_t rows_ = 0;
  double last_x_ = 0;
};

// ---------------------------------------------------------------------------------------------
// JSON records: JSON Lines rows and trainer_state.json log_history entries

/// The members of a record in the order of their keys, as they were always judged: it decides
/// which of "Epoch" and "epoch" is the x axis, and which bad value is reported first.
std::vector<const JsonMember*> by_key(std::span<const JsonMember> members) {
  std::vector<const JsonMember*> sorted;
  sorted.reserve(members.size());
  for (const JsonMember& member : members) sorted.push_back(&member);
  std::sort(sorted.begin(), sorted.end(), [](const JsonMember* a, const JsonMember* b) { return a->key < b->key; });
  return sorted;
}

const JsonMember* find_member(const std::vector<const JsonMember*>& record, std::string_view lowercase) {
  for (const JsonMember* member : record) {
    if (ascii_lower(member->key) == lowercase) return member;
  }
  return nullptr;
}

/// The x axis of JSON records: chosen from the first record with a loss, then carried forward
/// through records that lack it.
class JsonXAxis {
 public:
  double x_of(const std::vector<const JsonMember*>& record, std::size_t row) {
    if (name_.empty()) name_ = choose(record);
    if (name_ == "row") return static_cast<double>(row);
    const JsonMember* member = find_member(record, name_);
    if (member != nullptr && member->kind == JsonKind::number) {
      const double value = json_number_value(member->text);
      if (std::isfinite(value)) last_ = value;
    }
    return last_;
  }

  std::string name() const { return name_.empty() ? "row" : name_; }

 private:
  static std::string choose(const std::vector<const JsonMember*>& record) {
    for (std::string_view key : {"epoch", "step"}) {
      const JsonMember* member = find_member(record, key);
      if (member != nullptr && member->kind == JsonKind::number) return std::string(key);
    }
    return "row";
  }

  std::string name_;
  double last_ = 0;
};

/// A record's numeric "step", which tells a new run from training continued.
std::optional<double> step_of(const std::vector<const JsonMember*>& record) {
  const JsonMember* step = find_member(record, "step");
  if (step == nullptr || step->kind != JsonKind::number) return std::nullopt;
  const double value = json_number_value(step->text);
  return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

/// A member's value as JSON, for messages.
std::string dumped(const JsonMember& member) {
  return member.kind == JsonKind::string ? nlohmann::json(member.text).dump() : member.text;
}

/// Adds the loss values of one record; `line_of` gives the file line of a value's offset.
template <typename LineOf>
std::optional<TrainingLogError> add_record(std::span<const JsonMember> members, std::size_t row, JsonXAxis& axis,
                                           LogBuilder& builder, LineOf line_of) {
  const std::vector<const JsonMember*> record = by_key(members);
  // The x and step are looked up once, at the record's first loss value: each lookup lowercases every key.
  std::optional<double> x, step;
  for (const JsonMember* member : record) {
    const std::optional<std::size_t> curve = builder.curve_for(member->key);
    if (!curve || member->kind == JsonKind::null) continue;
    const std::size_t line = line_of(member->offset);
    if (!x) {
      x = axis.x_of(record, row);
      step = step_of(record);
    }
    if (member->kind == JsonKind::number) {
      builder.record(*curve, {*x, json_number_value(member->text), line}, member->text, step);
      continue;
    }
    const Cell cell = member->kind == JsonKind::string ? parse_cell(member->text) : Cell{CellKind::invalid, 0};
    if (cell.kind == CellKind::missing) continue;
    if (cell.kind != CellKind::number) {
      const std::string_view problem = cell.kind == CellKind::too_large ? "too large for a double" : "not a number";
      return TrainingLogError{
          fmt::format("{} at line {} is {}, {}", shown(member->key), line, shown(dumped(*member)), problem), line};
    }
    builder.record(*curve, {*x, cell.value, line}, member->text, step);
  }
  return std::nullopt;
}

std::string keys_of(std::span<const JsonMember> members) {
  std::string keys;
  for (const JsonMember* member : by_key(members)) keys += (keys.empty() ? "" : ", ") + member->key;
  return shown(keys);
}

/// A row's members with the members of nested objects added as "outer/inner" ({"train":
/// {"loss": …}} gives "train/loss"), one level deep, each at its object's offset.
class FlatRow {
 public:
  explicit FlatRow(const ParseLimits& limits) : nested_(limits) {}

  std::span<const JsonMember> of(std::span<const JsonMember> members) {
    const bool nested = std::any_of(members.begin(), members.end(),
                                    [](const JsonMember& member) { return member.kind == JsonKind::object; });
    if (!nested) return members;
    flat_.assign(members.begin(), members.end());
    for (const JsonMember& member : members) {
      if (member.kind != JsonKind::object || !nested_.parse(member.text)) continue;
      for (const JsonMember& inner : nested_.members()) {
        if (inner.kind == JsonKind::object) continue;
        flat_.push_back({member.key + "/" + inner.key, inner.kind, inner.text, member.offset});
      }
    }
    return flat_;
  }

 private:
  JsonRowReader nested_;
  std::vector<JsonMember> flat_;
};

TrainingLogResult read_json_lines(LineReader& reader, JsonRowReader& rows_reader, std::size_t first_line,
                                  const ParseLimits& limits) {
  LogBuilder builder;
  JsonXAxis axis;
  FlatRow flat(limits);
  std::size_t rows = 1;
  std::size_t line_number = first_line;
  const auto line_of_row = [&line_number](std::size_t) { return line_number; };
  if (auto error = add_record(flat.of(rows_reader.members()), rows, axis, builder, line_of_row)) return *error;
  const std::string first_keys = keys_of(rows_reader.members());
  std::string_view line;
  while (next_content_line(reader, line)) {
    line_number = reader.line_number();
    if (!rows_reader.parse(line)) {
      const JsonParseError& error = rows_reader.error();
      return TrainingLogError{fmt::format("line {} is not a JSON object: {}", line_number, checked_file_message(error)),
                              line_number, static_cast<std::size_t>(error.position.column)};
    }
    if (!rows_reader.is_object()) {
      return TrainingLogError{
          fmt::format("line {} is not a JSON object: JSON Lines logs have one object per line", line_number),
          line_number};
    }
    ++rows;
    if (auto error = add_record(flat.of(rows_reader.members()), rows, axis, builder, line_of_row)) return *error;
  }
  if (!reader.error().empty()) return read_failure(reader);
  if (!builder.has_loss_columns()) {
    return TrainingLogError{fmt::format("no loss key found in the JSON Lines records (first record: {}): dlcheck looks "
                                        "for {}",
                                        first_keys, kLossNamesHint),
                            first_line};
  }
  return std::move(builder).finish(log_formats::json_lines, axis.name(), rows);
}

// The summary entry the Trainer appends holds train_loss, the mean over training: not a curve point.
bool is_trainer_summary(JsonValue entry) { return entry.contains("train_runtime") || entry.contains("total_flos"); }

TrainingLogResult read_trainer_state(const JsonDocument& document) {
  const JsonValue history = document.root().find("log_history");
  LogBuilder builder;
  JsonXAxis axis;
  const auto line_of = [&document](std::size_t offset) {
    return static_cast<std::size_t>(document.position_at(offset).line);
  };
  std::size_t i = 0;
  for (const JsonValue entry : history.elements()) {
    ++i;
    if (!entry.is_object() || is_trainer_summary(entry)) continue;
    const std::vector<JsonMember> members = members_of(entry);
    if (auto error = add_record(members, i, axis, builder, line_of)) return *error;
  }
  if (!builder.has_loss_columns()) {
    return TrainingLogError{
        "log_history has no loss or eval_loss entries: set logging_steps (and an evaluation "
        "strategy) so the Trainer logs the loss",
        static_cast<std::size_t>(document.value_position("/log_history").value_or(SourcePosition{}).line)};
  }
  return std::move(builder).finish(log_formats::huggingface_trainer_state, axis.name(), history->size());
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
  JsonParseResult parsed = parse_json(text, log_json_limits(limits));
  if (const auto* error = std::get_if<JsonParseError>(&parsed)) {
    return TrainingLogError{fmt::format("the training log starts like JSON but is not valid JSON ({} at line {}): {}",
                                        checked_file_message(*error), error->position.line, kUnderstood),
                            static_cast<std::size_t>(error->position.line),
                            static_cast<std::size_t>(error->position.column)};
  }
  const JsonDocument& document = std::get<JsonDocument>(parsed);
  if (!document.root().find("log_history").is_array()) {
    return TrainingLogError{fmt::format("this JSON document has no log_history array: {}", kUnderstood), first_line};
  }
  return read_trainer_state(document);
}

// A first line holding one object is JSON Lines; anything else is read as one document.
TrainingLogResult read_json(LineReader& reader, std::string first, std::size_t first_line,
                            const TrainingLogLimits& limits) {
  JsonRowReader rows_reader(log_json_limits(limits));
  const bool one_record = rows_reader.parse(first) && rows_reader.is_object() &&
                          std::none_of(rows_reader.members().begin(), rows_reader.members().end(),
                                       [](const JsonMember& member) { return member.key == "log_history"; });
  if (one_record) return read_json_lines(reader, rows_reader, first_line, log_json_limits(limits));
  return read_json_document(reader, first, first_line, limits);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reading

TrainingLogResult read_training_log(LineReader& reader, const TrainingLogLimits& limits) {
  std::string_view line;
  if (!next_content_line(reader, line)) {
    if (!reader.error().empty()) return read_failure(reader);
    return TrainingLogError{fmt::format("the training log is empty: {}", kUnderstood), 0};
  }
  const std::string_view start = trim(line);
  if (start.starts_with('{') || start.starts_with('[')) {
    return read_json(reader, std::string(line), reader.line_number(), limits);
  }
  reader.unread();
  return CsvLog(reader).read();
}

TrainingLogResult parse_training_log(std::string_view text, const TrainingLogLimits& limits) {
  StringLineReader reader(text);
  return read_training_log(reader, limits);
}

}  // namespace dlcheck
