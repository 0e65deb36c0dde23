#include "artifacts/metric_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "io/csv.hpp"
#include "metrics/catalog.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

constexpr std::size_t kMaxRows = 100000;
constexpr std::size_t kMaxKept = 200;  // bytes of a cell or line kept for messages

std::string kept(std::string_view text) { return std::string(text.substr(0, kMaxKept)); }

// The names a model column goes by, normalised.
constexpr std::array<std::string_view, 8> kModelColumns = {"model",  "method", "name",     "model_name",
                                                           "models", "system", "approach", "architecture"};

// Finds the model and metric columns of a header.
class ColumnChooser {
 public:
  explicit ColumnChooser(const std::string& metric)
      : wanted_(normalise_metric_name(metric)), known_(find_metric(metric)) {}

  bool names_metric(std::string_view cell) const {
    const std::string name = normalise_metric_name(cell);
    if (name.empty()) return false;
    if (name == wanted_) return true;
    // find_metric() tries patterns: keep it off long cells (a hostile header).
    return known_ != nullptr && name.size() <= 64 && find_metric(name) == known_;
  }

  /// The model column (a known name, else the first) and the first other column naming the metric.
  std::optional<std::pair<std::size_t, std::size_t>> choose(const std::vector<std::string_view>& header) const {
    std::size_t model = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string name = normalise_metric_name(header[i].substr(0, 64));
      if (std::find(kModelColumns.begin(), kModelColumns.end(), name) != kModelColumns.end()) {
        model = i;
        break;
      }
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i != model && names_metric(header[i])) return std::pair{model, i};
    }
    return std::nullopt;
  }

 private:
  std::string wanted_;
  const MetricInfo* known_;
};

std::string describe_columns(const std::vector<std::string_view>& header) {
  std::string out;
  for (std::size_t i = 0; i < header.size() && i < 6; ++i) {
    if (i > 0) out += ", ";
    out += printable(trim(header[i]).substr(0, 40));
  }
  if (header.size() > 6) out += fmt::format(", … ({} columns)", header.size());
  return out;
}

// The cells of a pipe-table line: "| a | b \| c |" → {"a", "b \| c"}; outer pipes are optional.
std::vector<std::string_view> split_pipes(std::string_view line) {
  line = trim(line, " \t\r");
  std::vector<std::string_view> cells;
  if (line.starts_with('|')) line.remove_prefix(1);
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;  // an escaped pipe is text
    } else if (line[i] == '|') {
      cells.push_back(trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (start < line.size()) cells.push_back(trim(line.substr(start)));
  return cells;
}

bool is_delimiter_row(const std::vector<std::string_view>& cells) {
  if (cells.empty()) return false;
  for (std::string_view cell : cells) {
    cell = trim(cell, ":");
    if (cell.empty() || cell.find_first_not_of('-') != std::string_view::npos) return false;
  }
  return true;
}

// "## Results ##" → "Results"; empty for a line that is not an ATX heading.
std::string_view heading_text(std::string_view line) {
  line = trim(line, " \t\r");
  const std::size_t hashes = line.find_first_not_of('#');
  if (hashes == 0 || hashes > 6 || hashes == std::string_view::npos || line[hashes] != ' ') return {};
  return trim(trim(line.substr(hashes), " \t#"));
}

class TableBuilder {
 public:
  TableBuilder(const MetricTableRequest& request) : chooser_(request.metric), metric_(request.metric) {}

  std::optional<MetricTableError> header(const std::vector<std::string_view>& cells, std::size_t line) {
    const auto columns = chooser_.choose(cells);
    if (!columns) {
      return MetricTableError{
          fmt::format("no column names the metric \"{}\" (columns: {})", printable(metric_), describe_columns(cells)),
          line, 0, true};
    }
    model_ = columns->first;
    metric_column_ = columns->second;
    table_.model_column = kept(cells[model_]);
    table_.metric_column = kept(cells[metric_column_]);
    table_.header_line = line;
    percent_column_ = cells[metric_column_].find('%') != std::string_view::npos;
    return std::nullopt;
  }

  /// False when the table has too many rows.
  bool row(const std::vector<std::string_view>& cells, std::string_view text, std::size_t line) {
    if (table_.rows.size() >= kMaxRows) return false;
    MetricTableRow row;
    row.model = model_ < cells.size() ? kept(trim(cells[model_], " \t*_`")) : std::string();
    const std::string_view cell = metric_column_ < cells.size() ? trim(cells[metric_column_]) : std::string_view();
    row.cell = kept(cell);
    row.excerpt = kept(text);
    row.line = line;
    if (const std::optional<MetricCell> value = parse_metric_cell(cell)) {
      row.value = value->value;
      row.percent = value->percent || percent_column_;
      row.decimals = value->decimals;
    }
    table_.rows.push_back(std::move(row));
    return true;
  }

  MetricTable take() { return std::move(table_); }

 private:
  ColumnChooser chooser_;
  std::string metric_;
  MetricTable table_;
  std::size_t model_ = 0, metric_column_ = 0;
  bool percent_column_ = false;
};

MetricTableError too_many_rows(std::size_t line) {
  return {fmt::format("the table has more than {} rows", kMaxRows), line, 0, false};
}

MetricTableResult read_csv_table(LineReader& lines, const MetricTableRequest& request) {
  CsvReader csv(lines);
  TableBuilder builder(request);
  bool have_header = false;
  while (csv.next()) {
    if (!have_header) {
      if (auto error = builder.header(csv.fields(), csv.line())) return *error;
      have_header = true;
    } else if (!builder.row(csv.fields(), csv.text(), csv.line())) {
      return too_many_rows(csv.line());
    }
  }
  if (const auto& error = csv.error()) return MetricTableError{error->message, error->place.line, error->place.column};
  if (!lines.error().empty()) return MetricTableError{lines.error(), lines.line_number() + 1, lines.error_column()};
  if (!have_header) return MetricTableError{"the file is empty: no header row", 0, 0};
  return builder.take();
}

MetricTableResult read_markdown_table(LineReader& lines, const MetricTableRequest& request) {
  TableBuilder builder(request);
  const std::string wanted = ascii_lower(trim(request.heading));
  bool under_heading = wanted.empty();
  bool in_table = false;
  std::string previous;  // the line before, a candidate header row
  std::size_t previous_line = 0;
  std::string_view line;
  while (lines.next(line)) {
    const std::size_t number = lines.line_number();
    if (in_table) {
      if (is_blank(line) || line.find('|') == std::string_view::npos) return builder.take();
      if (!builder.row(split_pipes(line), line, number)) return too_many_rows(number);
      continue;
    }
    if (const std::string_view heading = heading_text(line); !heading.empty()) {
      if (!wanted.empty()) under_heading = ascii_lower(heading) == wanted;
      previous.clear();
      continue;
    }
    if (!under_heading) continue;
    if (!previous.empty() && line.find('-') != std::string_view::npos) {
      const std::vector<std::string_view> delimiter = split_pipes(line);
      if (is_delimiter_row(delimiter)) {
        const std::vector<std::string_view> header = split_pipes(previous);
        if (header.size() != delimiter.size()) {
          return MetricTableError{fmt::format("the table's header row has {} cells but its delimiter row has {}",
                                              header.size(), delimiter.size()),
                                  number, 0};
        }
        if (auto error = builder.header(header, previous_line)) return *error;
        in_table = true;
        continue;
      }
    }
    previous = line.find('|') == std::string_view::npos ? std::string() : std::string(line);
    previous_line = number;
  }
  if (!lines.error().empty()) return MetricTableError{lines.error(), lines.line_number() + 1, lines.error_column()};
  if (in_table) return builder.take();
  if (!wanted.empty()) {
    return MetricTableError{fmt::format("no pipe table under a heading \"{}\"", printable(request.heading)), 0, 0};
  }
  return MetricTableError{"no pipe table (a header row, then a row of ---)", 0, 0};
}

}  // namespace

std::optional<MetricCell> parse_metric_cell(std::string_view cell) {
  cell = trim(cell, " \t*_`");
  // The spread after the value is not read: "0.82 ± 0.01", "0.82 +- 0.01", "0.82 +/- 0.01", "0.82 (0.01)".
  for (const std::string_view spread : {"\xC2\xB1", "+-", "+/-", "("}) {
    if (const std::size_t at = cell.find(spread); at != std::string_view::npos && at > 0) cell = cell.substr(0, at);
  }
  cell = trim(cell, " \t*_`");
  MetricCell out;
  if (cell.ends_with('%')) {
    out.percent = true;
    cell = trim(cell.substr(0, cell.size() - 1));
  }
  if (cell.starts_with('+')) cell.remove_prefix(1);
  if (cell.empty() || cell.size() > 40) return std::nullopt;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), out.value);
  if (error != std::errc() || end != cell.data() + cell.size()) return std::nullopt;
  if (const std::size_t dot = cell.find('.'); dot != std::string_view::npos) {
    out.decimals = static_cast<int>(cell.size() - dot - 1);
  }
  if (cell.find_first_of("eEnN") != std::string_view::npos) return std::nullopt;  // no exponents, nan or inf
  return out;
}

MetricTableResult read_metric_table(LineReader& lines, const MetricTableRequest& request) {
  return request.markdown ? read_markdown_table(lines, request) : read_csv_table(lines, request);
}

}  // namespace dlcheck
