#pragma once
// Test helpers: run the checker on inline JSON and look at one rule's findings.

#include <string>
#include <vector>

#include "engine/checker.hpp"

namespace dlcheck::testing {

inline FileReport check(const std::string& json, Profile profile = Profile::roadmap) {
  CheckOptions options;
  options.profile = profile;
  options.read_project_files = false;  // inline records name no real files
  return check_text("evidence.json", json, options);
}

inline std::vector<Finding> findings(const std::string& rule, const std::string& json) {
  std::vector<Finding> found;
  for (const auto& finding : check(json).findings) {
    if (finding.rule == rule) found.push_back(finding);
  }
  return found;
}

/// The messages of one rule's findings, for exact comparisons.
inline std::vector<std::string> messages(const std::string& rule, const std::string& json) {
  std::vector<std::string> out;
  for (const auto& finding : findings(rule, json)) out.push_back(finding.message);
  return out;
}

inline bool catches(const std::string& rule, const std::string& json) { return !findings(rule, json).empty(); }

}  // namespace dlcheck::testing
