#include "record/fields.hpp"

#include <map>
#include <vector>

namespace dlcheck::fields {

namespace {

constexpr bool parents_come_first() {
  for (std::size_t i = 0; i < kAll.size(); ++i) {
    const std::string_view parent = kAll[i]->parent();
    if (parent.empty()) continue;
    bool seen = false;
    for (std::size_t j = 0; j < i; ++j) seen = seen || kAll[j]->pointer == parent;
    if (!seen) return false;
  }
  return true;
}
static_assert(parents_come_first(), "every row must come after the row of its parent");

struct Index {
  std::map<std::string_view, std::vector<const Field*>, std::less<>> children;
  std::map<std::string_view, std::vector<std::string_view>, std::less<>> member_names;
  std::vector<std::string_view> shorthand_prefixes;
};

// Built once, on first use; the rules ask for member names on every record.
const Index& index() {
  static const Index built = [] {
    Index index;
    for (const Field* field : kAll) {
      index.children[field->parent()].push_back(field);
      if (!field->shorthand_prefix().empty()) {
        index.shorthand_prefixes.push_back(field->shorthand_prefix());
      } else if (field->key() != "*") {
        index.member_names[field->parent()].push_back(field->key());
      }
    }
    return index;
  }();
  return built;
}

template <typename T>
std::span<const T> find_or_empty(const std::map<std::string_view, std::vector<T>, std::less<>>& map,
                                 std::string_view key) {
  const auto it = map.find(key);
  return it == map.end() ? std::span<const T>{} : std::span<const T>(it->second);
}

}  // namespace

std::span<const Field* const> children(std::string_view pointer) { return find_or_empty(index().children, pointer); }

std::span<const std::string_view> member_names(std::string_view pointer) {
  return find_or_empty(index().member_names, pointer);
}

std::span<const std::string_view> shorthand_prefixes() { return index().shorthand_prefixes; }

std::string display_name(const Field& field) {
  std::string name;
  std::string_view rest = field.pointer;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::string_view token = rest.substr(0, rest.find('/'));
    rest.remove_prefix(token.size());
    if (token == "*") {
      name += "[]";
    } else {
      if (!name.empty()) name += '.';
      name += token;
    }
  }
  return name;
}

}  // namespace dlcheck::fields
