// Files the record names must exist inside the project, and the README must say how to run it.

#include <fmt/format.h>

#include "artifacts/project_artifacts.hpp"
#include "record/failure_mode.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/source_text.hpp"

namespace dlcheck::rules {

bool reads_project_files(const CheckContext& evidence) { return evidence.artifacts() != nullptr; }

bool names_any_file(const CheckContext& evidence) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  return artifacts != nullptr && (artifacts->training_log_file || artifacts->predictions_file ||
                                  !artifacts->splits.empty() || !artifacts->problems.empty());
}

// Without a README the item is not checked rather than left out: it still counts.
bool looks_for_readme_and_has_run_command(const CheckContext& evidence) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  return artifacts != nullptr && artifacts->readme.checked &&
         find_text(evidence, fields::kRunCommand.pointer).has_value();
}

bool names_training_log(const CheckContext& evidence) {
  return evidence.artifacts() != nullptr && evidence.artifacts()->training_log_file.has_value();
}

// Only overfitting and no loss decrease are claims a training log can confirm or contradict: a
// self-check naming another mode gives log-self-check nothing to check, and it would otherwise
// stay not checked (and cost a point) whatever the student did.
bool names_training_log_and_self_check(const CheckContext& evidence) {
  if (!names_training_log(evidence)) return false;
  const std::optional<std::string_view> mode = find_text(evidence, fields::kSelfCheckFailureMode.pointer);
  const std::optional<FailureMode> recognised = mode ? recognise_failure_mode(*mode) : std::nullopt;
  return recognised == FailureMode::overfitting || recognised == FailureMode::no_loss_decrease;
}

bool names_predictions(const CheckContext& evidence) {
  return evidence.artifacts() != nullptr && evidence.artifacts()->predictions_file.has_value();
}

bool names_predictions_and_count(const CheckContext& evidence) {
  return names_predictions(evidence) && evidence.find(fields::kFailureCaseCount.pointer) != nullptr;
}

bool names_splits(const CheckContext& evidence) {
  return evidence.artifacts() != nullptr && !evidence.artifacts()->splits.empty();
}

std::string unopened_file_reason(const ProjectArtifacts& artifacts, const NamedFile& file, std::string_view what) {
  const std::string path = printable(file.display_path);
  for (const FileProblem& problem : artifacts.problems) {
    if (problem.file.pointer != file.pointer || problem.file.declared != file.declared) continue;
    if (problem.message == "no such file") return fmt::format("{} {} is missing (see project-file)", what, path);
    return fmt::format("{} {} could not be read: {} (see project-file)", what, path, printable(problem.message));
  }
  return fmt::format("{} {} could not be read (see project-file)", what, path);
}

ArtifactLocation at_line(const NamedFile& file, std::size_t line, std::string excerpt) {
  return {file.display_path, line, 0, std::move(excerpt)};
}

void file_not_loaded(FindingSink& sink, const ProjectArtifacts& artifacts, const NamedFile& file, bool opened,
                     std::string_view what, std::string_view reading_rule) {
  if (!opened) return sink.not_checked(unopened_file_reason(artifacts, file, what));
  sink.not_checked(fmt::format("{} {} could not be read (see {})", what, printable(file.display_path), reading_rule));
}

const RuleInfo kReadme{
    .id = "readme",
    .section = Section::deliverables,
    .severity = Severity::error,
    .summary = "the project has a README",
    .explanation =
        "The README is the first file another learner opens: what the project does and how to run "
        "it. dlcheck looks for the file `readme` names, else README.md (or README.rst, README.txt, "
        "README) next to the evidence file, else at the project root. It is only checked when "
        "dlcheck reads the project's files.",
    .hint = "add a README.md with the task, the run command and the results, or name it in \"readme\"",
    .passing_example = "",
    .failing_example = "",
};

void check_readme(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->readme.checked || artifacts->readme.file) return;
  if (const std::optional<std::string_view> declared = find_text(evidence, fields::kReadme.pointer)) {
    // A named README that cannot be opened is a project-file finding.
    sink.not_checked(fmt::format("the README {} could not be read (see project-file)", printable(*declared)));
    return;
  }
  if (evidence.find(fields::kReadme.pointer) != nullptr) {
    sink.not_checked("\"readme\" is not a path");
    return;
  }
  sink.report(fields::kReadme.pointer,
              "the project has no README: none next to the evidence file or at the project root");
}

const RuleInfo kProjectFile{
    .id = "project-file",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "every file the record names exists inside the project and can be read",
    .explanation =
        "Paths (`training_log`, `predictions`, `readme`, `dataset.ids.*`, and `model_summary` or "
        "`metric_table` when they are a path) are relative to the evidence file's folder. An "
        "absolute path, a path that leaves the project root, a symlink that resolves outside it, "
        "and anything but a regular file are refused and never opened. The project root is "
        "`--root`, else the nearest folder above the evidence file holding `.git`, else the "
        "evidence file's folder.",
    .hint = "commit the file, and name it relative to the evidence file, e.g. \"logs/train_log.csv\"",
    .passing_example = "",
    .failing_example = "",
};

void check_project_file(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr) return;
  for (const FileProblem& problem : artifacts->problems) {
    sink.report_in_file(problem.file.pointer,
                        ArtifactLocation{problem.file.display_path, problem.line, problem.column, ""},
                        fmt::format("{} names \"{}\": {}", field_name(problem.file.pointer),
                                    printable(problem.file.declared), problem.message));
  }
}

const RuleInfo kReadmeRunCommand{
    .id = "readme-run-command",
    .section = Section::verification,
    .severity = Severity::warning,
    .summary = "the README shows the run command",
    .explanation =
        "A learner who opens the README should find the exact command that reproduces the result. "
        "The check looks for `run_command` in the README, ignoring differences in white space and "
        "line continuations. Without a README the item is not checked.",
    .hint = "paste the run command into the README, in a code block",
    .passing_example = "",
    .failing_example = "",
};

void check_readme_run_command(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  const std::optional<std::string_view> command = find_text(evidence, fields::kRunCommand.pointer);
  if (artifacts == nullptr || !command) return;
  if (!artifacts->readme.file) {
    const std::optional<std::string_view> declared = find_text(evidence, fields::kReadme.pointer);
    sink.not_checked(declared ? fmt::format("the README {} could not be read (see project-file)", printable(*declared))
                              : "the project has no README (see readme)");
    return;
  }
  if (artifacts->readme.has_run_command) return;
  sink.report_in_file(fields::kRunCommand.pointer, ArtifactLocation{artifacts->readme.file->display_path, 0, 0, ""},
                      fmt::format("the README ({}) does not contain the run command \"{}\"",
                                  printable(artifacts->readme.file->display_path), printable(*command)));
}

}  // namespace dlcheck::rules
