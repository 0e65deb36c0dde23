#pragma once
// Texts dlcheck writes for users, generated from the field table (record/fields.hpp): the `init`
// template, the `schema` JSON Schema and the field list of docs/evidence-format.md.

#include <string>
#include <string_view>

namespace dlcheck {

/// A complete evidence.json with every roadmap field, filled with placeholders that the
/// checker flags (rule `placeholder`) until they are replaced.
std::string_view evidence_template();

/// A JSON Schema (draft 2020-12) of the evidence format, for editors.
std::string_view evidence_schema();

/// The field list of docs/evidence-format.md, between its `fields:begin` and `fields:end` markers.
std::string evidence_fields_markdown();

/// True when a string is a template placeholder: "TODO", "TBD", "FIXME", "<fill in …>", "…".
bool is_placeholder(std::string_view text);

}  // namespace dlcheck
