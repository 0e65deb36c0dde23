#include "text/source_text.hpp"

#include <fmt/format.h>

namespace dlcheck {
namespace {

// Length of the valid UTF-8 sequence at `offset`, or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
std::size_t valid_sequence_length(std::string_view text, std::size_t offset) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(offset);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;
  if (at(offset + 1) < low || at(offset + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((at(offset + i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

unsigned decode_three_bytes(std::string_view bytes) {
  return ((static_cast<unsigned char>(bytes[0]) & 0x0Fu) << 12) |
         ((static_cast<unsigned char>(bytes[1]) & 0x3Fu) << 6) | (static_cast<unsigned char>(bytes[2]) & 0x3Fu);
}

// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make a
// line display differently from what it says ("Trojan Source"), so they are shown escaped.
bool is_bidi_control(std::string_view bytes) {
  const unsigned code_point = decode_three_bytes(bytes);
  return (code_point >= 0x202A && code_point <= 0x202E) || (code_point >= 0x2066 && code_point <= 0x2069);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t offset) {
  return valid_sequence_length(text, offset);
}

SourcePosition position_at(std::string_view text, std::size_t offset) {
  SourcePosition position;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool crlf = byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (byte == '\n' || (byte == '\r' && !crlf)) {
      ++position.line;
      position.column = 1;
    } else if (!crlf && (byte & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  position.offset = offset;
  return position;
}

std::string_view line_text(std::string_view text, int line) {
  std::size_t start = 0;
  for (int current = 1; current < line; ++current) {
    const std::size_t next = text.find_first_of("\r\n", start);
    if (next == std::string_view::npos) return {};
    start = next + ((text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1);
  }
  const std::size_t end = text.find_first_of("\r\n", start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // Runs of printable ASCII, nearly all of any text, are copied at once.
    std::size_t run = i;
    while (run < text.size() && text[run] >= 0x20 && text[run] < 0x7F) ++run;
    out.append(text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));  // C1 control
    } else if (length == 3 && is_bidi_control(text.substr(i, 3))) {
      out += fmt::format("\\u{:04x}", decode_three_bytes(text.substr(i, 3)));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string printable_excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return printable(text);
  // Back to the first byte of the character the cut falls in (a character has at most three
  // continuation bytes; more are invalid UTF-8 and are shown as such).
  std::size_t cut = max_bytes;
  for (int back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++back) --cut;
  return printable(text.substr(0, cut)) + "…";
}

}  // namespace dlcheck
