#include "io/csv.hpp"

#include <algorithm>

namespace dlcheck {

char detect_delimiter(std::string_view header) {
  if (header.find('\t') != std::string_view::npos) return '\t';
  const auto commas = std::count(header.begin(), header.end(), ',');
  const auto semicolons = std::count(header.begin(), header.end(), ';');
  return semicolons > commas ? ';' : ',';
}

bool split_csv_line(std::string_view line, char delimiter, std::vector<std::string_view>& fields,
                    std::string& scratch) {
  fields.clear();
  if (line.find('"') == std::string_view::npos) {
    // Fast path: no quotes anywhere.
    std::size_t start = 0;
    while (true) {
      const std::size_t end = line.find(delimiter, start);
      fields.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
      if (end == std::string_view::npos) return true;
      start = end + 1;
    }
  }
  // Reserve first so views into scratch are not invalidated by reallocation.
  scratch.clear();
  scratch.reserve(line.size());
  std::size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      const std::size_t begin = scratch.size();
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        scratch += line[i++];
      }
      if (!closed) return false;
      // Anything between the closing quote and the delimiter is kept, as spreadsheet tools do.
      while (i < line.size() && line[i] != delimiter) scratch += line[i++];
      fields.emplace_back(scratch.data() + begin, scratch.size() - begin);
    } else {
      const std::size_t end = line.find(delimiter, i);
      fields.push_back(line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      i = end == std::string_view::npos ? line.size() : end;
    }
    if (i >= line.size()) return true;
    ++i;  // delimiter
    if (i == line.size()) {
      fields.emplace_back();
      return true;
    }
  }
}

}  // namespace dlcheck
