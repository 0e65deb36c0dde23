#pragma once
// Judging one metric claim against a predictions file, through the whole checker.

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/checker.hpp"
#include "temp_project.hpp"

namespace dlcheck::testing {

struct Claim {
  std::string metric;
  std::string value;       ///< as written in the record
  std::string extra = "";  ///< more members of "metric", with a leading comma
};

/// The predictions-metric messages for a record claiming `claim` on `predictions`; a claim that
/// is not checked gives its reason, after "not checked: ".
inline std::vector<std::string> judge(std::string_view predictions, const Claim& claim, double tolerance = 0.001) {
  TempProject project;
  project.write("preds.csv", std::string(predictions));
  const auto path =
      project.write("evidence.json", fmt::format(R"({{"metric": {{"name": "{}"{}}}, "baseline": {{"value": 0.1}},
                                      "current": {{"value": {}}}, "predictions": "preds.csv"}})",
                                                 claim.metric, claim.extra, claim.value));
  CheckOptions options;
  options.profile = Profile::record;
  options.thresholds.metric_tolerance = tolerance;
  std::vector<std::string> out;
  const std::string file = (project.root() / "preds.csv").string();
  const auto shortened = [&](std::string message) {
    if (const auto at = message.find(file); at != std::string::npos) message.replace(at, file.size(), "preds.csv");
    return message;
  };
  const FileReport report = check_file(path.string(), options);
  for (const auto& finding : report.findings) {
    if (finding.rule == "predictions-metric") out.push_back(shortened(finding.message));
  }
  for (const auto& entry : report.checklist) {
    if (entry.rule->id == "predictions-metric" && entry.status == ItemStatus::not_checked) {
      out.push_back("not checked: " + shortened(entry.reason));
    }
  }
  return out;
}

}  // namespace dlcheck::testing
