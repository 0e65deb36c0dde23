#include "report/report_writer.hpp"

namespace dlcheck {

std::string ReportWriter::render(const FileReport&, std::size_t) const { return {}; }

void write_report(ReportWriter& writer, const Report& report) {
  writer.begin(header_of(report));
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    writer.file(report.files[i], writer.render(report.files[i], i));
  }
  writer.end(footer_of(report));
}

}  // namespace dlcheck
