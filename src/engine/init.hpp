#pragma once
// `dlcheck init`: writing the evidence template without ever losing a file.

#include <string>
#include <variant>

namespace dlcheck {

struct InitDone {
  std::string written;  ///< the evidence file written
  std::string backup;   ///< the copy kept of a file that was replaced, or empty
};

struct InitRefused {
  std::string message;
};

/// Writes DIR/evidence.json from the template, creating DIR (one level: its parent must exist)
/// when it does not exist. An existing file is never overwritten unless
/// `force`, and then a .bak copy (.bak.2, .bak.3, … when taken) is kept first.
std::variant<InitDone, InitRefused> init_evidence(const std::string& folder, bool force);

}  // namespace dlcheck
