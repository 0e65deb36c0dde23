#pragma once
// Metric documentation rendered from the catalog: `dlcheck metrics` and docs/metrics.md.

#include <ostream>

namespace dlcheck {

/// One line per metric: name, direction, range, target kind, whether it is recomputed.
void write_metric_list(std::ostream& out);

/// The whole metric reference as Markdown; docs/metrics.md is this output, checked by a test.
void write_metrics_markdown(std::ostream& out);

}  // namespace dlcheck
