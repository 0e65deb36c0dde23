#pragma once
// Turning byte offsets into line:column and showing a line of student text safely.

#include <cstddef>
#include <string>
#include <string_view>

#include "text/position.hpp"

namespace dlcheck {

/// The line and column of a byte offset; columns count UTF-8 characters.
SourcePosition position_at(std::string_view text, std::size_t offset);

/// Length of the valid UTF-8 sequence starting at `offset`, or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t offset);

/// The text of 1-based line `line`, without its line ending; empty past the end.
std::string_view line_text(std::string_view text, int line);

/// Makes untrusted text safe for a terminal or log: control characters (including ESC,
/// DEL and C1 controls) become visible escapes such as "\x1b", and invalid UTF-8 becomes U+FFFD.
std::string printable(std::string_view text);

/// printable() of at most the first `max_bytes` bytes of untrusted text, for quoting it in a
/// message; when it is longer, the cut falls between two UTF-8 characters and "…" follows.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes);

/// Replaces invalid UTF-8 sequences with U+FFFD, leaving everything else untouched.
std::string valid_utf8(std::string_view text);

}  // namespace dlcheck
