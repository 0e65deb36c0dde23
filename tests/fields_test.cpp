// The field table and what is generated from it: the schema, the init template, the field list
// of docs/evidence-format.md and the names the unknown-field rule knows.

#include "record/fields.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "check_helpers.hpp"
#include "record/templates.hpp"
#include "rules/field_checks.hpp"

using dlcheck::fields::Field;
using nlohmann::json;
using Names = std::vector<std::string_view>;

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(DLCHECK_FIELDS_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json parse_text(std::string_view text) { return json::parse(text.begin(), text.end()); }

std::vector<std::string> tokens_of(std::string_view pointer) {
  std::vector<std::string> tokens;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    tokens.emplace_back(pointer.substr(0, pointer.find('/')));
    pointer.remove_prefix(tokens.back().size());
  }
  return tokens;
}

// "/failure_cases/*/note" → "/failure_cases/0/note": the first item stands for all.
std::string first_item(std::string_view pointer) {
  std::string concrete;
  for (const std::string& token : tokens_of(pointer)) concrete += "/" + (token == "*" ? "0" : token);
  return concrete;
}

// The schema of a row, found the way a validator would: through "$ref", the object
// alternative of a "oneOf", "items" and the shorthand's "patternProperties".
const json* schema_at(const json& schema, const Field& field) {
  const json* node = &schema;
  for (const std::string& token : tokens_of(field.pointer)) {
    while (node->contains("$ref")) {
      const std::string ref = (*node)["$ref"].get<std::string>();
      node = &schema["$defs"][ref.substr(ref.rfind('/') + 1)];
    }
    if (node->contains("oneOf")) {  // a value that may be a list or an object: the alternative the token needs
      for (const json& alternative : (*node)["oneOf"]) {
        if (alternative.value("type", "") == (token == "*" ? "array" : "object")) node = &alternative;
      }
    }
    if (token == "*") {
      if (!node->contains("items")) return nullptr;
      node = &(*node)["items"];
    } else if (!field.shorthand_prefix().empty() && node == &schema) {
      const std::string key = std::string(field.shorthand_prefix()) + "accuracy";
      const json* matched = nullptr;
      for (const auto& [pattern, value] : schema["patternProperties"].items()) {
        if (std::regex_search(key, std::regex(pattern))) matched = &value;
      }
      return matched;
    } else {
      if (!node->contains("properties") || !(*node)["properties"].contains(token)) return nullptr;
      node = &(*node)["properties"][token];
    }
  }
  return node;
}

bool has_placeholder_below(const Field& field) {
  if (!field.placeholder.empty()) return true;
  for (const Field* child : dlcheck::fields::children(field.pointer)) {
    if (has_placeholder_below(*child)) return true;
  }
  return false;
}

bool ancestor_has_placeholder(const Field& field) {
  for (const Field* other : dlcheck::fields::kAll) {
    if (!other->placeholder.empty() && field.pointer.starts_with(std::string(other->pointer) + "/")) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("fields: the schema is the one written by hand before the table, as a JSON value", "[fields]") {
  CHECK(parse_text(dlcheck::evidence_schema()) == json::parse(read_fixture("schema-before.json")));
}

TEST_CASE("fields: the init template is the one written by hand before the table, as a JSON value", "[fields]") {
  CHECK(parse_text(dlcheck::evidence_template()) == json::parse(read_fixture("init-before.json")));
}

TEST_CASE("fields: every row appears in the schema, a leaf with its own schema", "[fields]") {
  const json schema = parse_text(dlcheck::evidence_schema());
  for (const Field* field : dlcheck::fields::kAll) {
    INFO(field->pointer);
    const json* found = schema_at(schema, *field);
    REQUIRE(found != nullptr);
    if (dlcheck::fields::children(field->pointer).empty()) CHECK(*found == parse_text(field->schema));
  }
}

TEST_CASE("fields: every placeholder appears in the template, and fields without one do not", "[fields]") {
  const json filled = parse_text(dlcheck::evidence_template());
  std::size_t placeholders = 0;
  for (const Field* field : dlcheck::fields::kAll) {
    INFO(field->pointer);
    if (ancestor_has_placeholder(*field)) continue;  // written as part of the value above it
    if (!field->shorthand_prefix().empty()) {
      for (const auto& [key, value] : filled.items()) CHECK_FALSE(key.starts_with(field->shorthand_prefix()));
      continue;
    }
    const json::json_pointer pointer(first_item(field->pointer));
    if (!field->placeholder.empty()) {
      REQUIRE(filled.contains(pointer));
      CHECK(filled[pointer] == parse_text(field->placeholder));
      ++placeholders;
    } else {
      CHECK(filled.contains(pointer) == has_placeholder_below(*field));
    }
  }
  CHECK(placeholders == 32);
  CHECK(filled["failure_cases"].size() == 3);
  CHECK(filled["success_samples"].size() == 1);
  CHECK(filled["shape_checks"].size() == 1);
}

TEST_CASE("fields: pointers, keys, parents and names", "[fields]") {
  using namespace dlcheck::fields;
  CHECK(kTrainingLog.pointer == "/training_log");
  CHECK(kNextStepChange.key() == "change");
  CHECK(kNextStepChange.parent() == "/next_step");
  CHECK(kTask.parent().empty());
  CHECK(kFailureCaseNote.parent() == "/failure_cases/*");
  CHECK(kBaselineShorthand.shorthand_prefix() == "baseline_");
  CHECK(kBaselineValue.shorthand_prefix().empty());
  CHECK(display_name(kDatasetSplitMethod) == "dataset.split_method");
  CHECK(display_name(kFailureCaseNote) == "failure_cases[].note");
  CHECK(display_name(kFailureCase) == "failure_cases[]");
  CHECK(display_name(kSchemaUrl) == "$schema");
  CHECK(display_name(kCurrentShorthand) == "current_<metric>");
  CHECK(Names(shorthand_prefixes().begin(), shorthand_prefixes().end()) == Names{"baseline_", "current_"});
  const auto dataset = member_names("/dataset");
  CHECK(Names(dataset.begin(), dataset.end()) == Names{"name", "source", "split", "split_method", "ids"});
  const auto sample = member_names("/failure_cases/*");
  CHECK(Names(sample.begin(), sample.end()) == Names{"input", "label", "prediction", "note"});
  const auto top = member_names("");
  CHECK(std::find(top.begin(), top.end(), "baseline_<metric>") == top.end());
  CHECK(std::find(top.begin(), top.end(), "self_check") != top.end());
  CHECK(member_names("/task").empty());
  CHECK(children("/no_such_field").empty());
}

TEST_CASE("fields: unknown-field suggests names in every object the table marks", "[fields][rules]") {
  std::size_t checked = 0;
  for (const Field* field : dlcheck::fields::kAll) {
    if (!field->names_are_checked) continue;
    INFO(field->pointer);
    const std::string object = first_item(field->pointer);
    const std::string_view meant = dlcheck::fields::member_names(field->pointer).front();
    json record;
    record[json::json_pointer(object)][std::string(meant) + "x"] = "typo";
    const std::string expected = "unknown field \"" + std::string(meant) + "x\" in " +
                                 dlcheck::rules::field_name(object) + "; did you mean \"" + std::string(meant) + "\"?";
    CHECK(dlcheck::testing::messages("unknown-field", record.dump()) == std::vector<std::string>{expected});
    ++checked;
  }
  CHECK(checked == 11);
}

TEST_CASE("fields: the markdown field list has one row per field, between its markers", "[fields]") {
  const std::string markdown = dlcheck::evidence_fields_markdown();
  CHECK(markdown.starts_with("<!-- fields:begin"));
  CHECK(markdown.ends_with("<!-- fields:end -->\n"));
  CHECK(static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '\n')) ==
        dlcheck::fields::kAll.size() + 4);
  CHECK(markdown.find("| `dataset.split` | non-empty object: name → integer ≥ 0 | `roadmap` | ") != std::string::npos);
  CHECK(markdown.find("| `shape_checks[].expected` | array of integers ≥ 0 or non-empty strings | `roadmap` | ") !=
        std::string::npos);
  CHECK(markdown.find("| `next_step` | non-empty string or object | `record`, `roadmap` | ") != std::string::npos);
  CHECK(markdown.find("| `failure_cases` | array of objects | `roadmap` | ") != std::string::npos);
  CHECK(markdown.find("| `success_samples[].label` | any JSON value | — | ") != std::string::npos);
}
