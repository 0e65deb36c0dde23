#pragma once
// Reading a results table kept as a file: CSV/TSV with a header, or a Markdown pipe table (the
// only one of a .md file, or the first under a named heading). A `model` column (or the first
// column) names the rows; the metric column is found through the metric catalog's aliases.

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "io/line_reader.hpp"

namespace dlcheck {

struct MetricTableRequest {
  std::string metric;     ///< the record's metric name; the first column naming it is read
  bool markdown = false;  ///< a pipe table rather than CSV/TSV
  std::string heading;    ///< Markdown: read the first table under this heading; empty: the first table
};

/// One row of the table. "82.1%" is 82.1 with `percent`; "0.82 ± 0.01" is 0.82 (the spread is not read).
struct MetricTableRow {
  std::string model;
  std::optional<double> value;  ///< as written, before a percent is taken off; nullopt for an empty or "-" cell
  bool percent = false;         ///< the cell ends in %, or the column's name has %
  int decimals = 0;             ///< decimals written, for the precision the table claims
  std::string cell;             ///< the metric cell as written (at most 200 bytes)
  std::string excerpt;          ///< the row's line (at most 200 bytes)
  std::size_t line = 0;
};

struct MetricTable {
  std::string model_column;
  std::string metric_column;
  std::size_t header_line = 0;
  std::vector<MetricTableRow> rows;
};

struct MetricTableError {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
  bool no_metric_column = false;  ///< the table was read, but no column names the metric
};

using MetricTableResult = std::variant<MetricTable, MetricTableError>;

/// Reads the table; at most 100,000 rows.
MetricTableResult read_metric_table(LineReader& lines, const MetricTableRequest& request);

/// A number read from a results cell.
struct MetricCell {
  double value = 0;
  bool percent = false;
  int decimals = 0;
};

/// A results cell: "0.82", "82.1%", "**0.84**", "0.82 ± 0.01", "0.82 +- 0.01"; nullopt when it holds no number.
std::optional<MetricCell> parse_metric_cell(std::string_view cell);

}  // namespace dlcheck
