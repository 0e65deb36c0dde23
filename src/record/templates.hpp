#pragma once
// Texts dlcheck writes for users: the `init` template and the `schema` JSON Schema.

#include <string_view>

namespace dlcheck {

/// A complete evidence.json with every roadmap field, filled with placeholders that the
/// checker flags (rule `placeholder`) until they are replaced.
std::string_view evidence_template();

/// A JSON Schema (draft 2020-12) of the evidence format, for editors.
std::string_view evidence_schema();

/// True when a string is a template placeholder: "TODO", "TBD", "FIXME", "<fill in …>", "…".
bool is_placeholder(std::string_view text);

}  // namespace dlcheck
