#pragma once
// A streaming JSON writer that prints what nlohmann's dump(2) prints, byte for byte, without
// building a tree first: for a class of a thousand files, building and dumping an
// ordered_json report cost more than checking the files.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlcheck {

class JsonWriter {
 public:
  /// Appends to `out`. `indent` spaces a level; a negative indent prints everything on one line.
  /// A writer at `depth` > 0 indents its lines as if inside that many objects or arrays, so that
  /// what it writes can be placed there whole (rendered_value).
  explicit JsonWriter(std::string& out, int indent = 2, std::size_t depth = 0)
      : out_(out), indent_(indent), base_depth_(depth) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  /// The name of the next member; the value, object or array written next is its value.
  JsonWriter& key(std::string_view name);

  /// Invalid UTF-8 is replaced by U+FFFD, as nlohmann's error_handler_t::replace does.
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(double number);  ///< NaN and infinities are null, as in nlohmann
  JsonWriter& value(std::nullptr_t);
  template <std::integral T>
  JsonWriter& value(T number) {
    if constexpr (std::same_as<T, bool>) {
      return value(static_cast<bool>(number));
    } else if constexpr (std::is_signed_v<T>) {
      return integer(static_cast<std::int64_t>(number));
    } else {
      return unsigned_integer(static_cast<std::uint64_t>(number));
    }
  }
  template <typename T>
  JsonWriter& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : value(nullptr);
  }

  /// How deep the next value is: the depth a separate writer needs for rendered_value.
  std::size_t depth() const { return base_depth_ + has_items_.size(); }
  /// A value rendered by another JsonWriter with the same indent at depth(), copied as it is:
  /// values rendered on worker threads are joined without being indented again.
  JsonWriter& rendered_value(std::string_view json);

  /// key(name) then value(v).
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void before_value();
  void new_line();
  JsonWriter& integer(std::int64_t number);
  JsonWriter& unsigned_integer(std::uint64_t number);
  void string(std::string_view text);

  std::string& out_;
  int indent_;
  std::size_t base_depth_;
  std::vector<bool> has_items_;  // one per open object or array
  bool after_key_ = false;
};

}  // namespace dlcheck
