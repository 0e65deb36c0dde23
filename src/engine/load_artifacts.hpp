#pragma once
// Reading the project files an evidence record names, once per record before the rules run.

#include "artifacts/project_artifacts.hpp"
#include "record/evidence.hpp"

namespace dlcheck {

struct ArtifactOptions {
  ArtifactLimits limits;
  bool check_readme = true;       ///< the roadmap profile requires a README
  TrainingLogLimits json_limits;  ///< JSON nesting in logs and predictions; the size of a log read whole
  std::size_t threads = 0;        ///< for one large file, split in chunks; 0: one per core
};

/// Reads every file the record names. Never throws for bad files: they become `problems`.
ProjectArtifacts load_artifacts(const Evidence& evidence, const ProjectPaths& paths, const ArtifactOptions& options);

}  // namespace dlcheck
