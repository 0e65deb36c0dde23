#pragma once
// Where something is in a text.

#include <cstddef>

namespace dlcheck {

/// A place in a text: 1-based line and column (columns count characters, not bytes).
struct SourcePosition {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;  ///< byte offset into the text, after any byte-order mark
};

}  // namespace dlcheck
