// The documentation of what dlcheck says about a rubric config (.dlcheck.json) found beside an
// evidence file: the engine reports these when it resolves each file's options, not a check.

#include "rules/rules.hpp"

namespace dlcheck::rules {

const RuleInfo kInvalidConfig{
    .id = "invalid-config",
    .section = Section::input,
    .severity = Severity::error,
    .summary = "the .dlcheck.json found for the evidence file can be read and used",
    .explanation =
        "A .dlcheck.json found above an evidence file is read before the file is checked. When it "
        "cannot be read (over --max-file-size, not a regular file) or is not a valid config (bad "
        "JSON, an unknown key or rule, a value out of range), the evidence file is not checked: its "
        "row is an error naming the config's path:line:col, and the exit code is 2. The other "
        "files of the run are still checked. A config named with --config is the instructor's own: "
        "a mistake in it stops the whole run instead (a usage error, exit 2). For example "
        "{\"profile\": \"strict\"} is refused: the profile is \"roadmap\" or \"record\".",
    .hint = "fix the config at the position given, or delete it",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kLocalConfigIgnored{
    .id = "local-config-ignored",
    .section = Section::consistency,
    .severity = Severity::warning,
    .summary = "no .dlcheck.json is left unapplied beside the evidence file",
    .explanation =
        "When dlcheck checks several evidence files (a class), a .dlcheck.json found by searching "
        "upward from each file is not applied: a student could otherwise turn rules off, choose "
        "the record profile or raise the limits for their own work. The class's rubric is given "
        "with --config; --trust-local-configs applies the configs found instead. The warning names "
        "the config and what it would change. It is a warning, so it does not fail the file on its "
        "own: with --fail-on warning it does. A single evidence file (a student checking their own "
        "work) still gets the config found for it.",
    .hint = "the rubric for a class goes in --config; pass --trust-local-configs to apply each folder's own",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kLocalConfigLimit{
    .id = "local-config-limit",
    .section = Section::consistency,
    .severity = Severity::info,
    .summary = "a .dlcheck.json found beside the evidence file raises no limit",
    .explanation =
        "A config found beside the evidence may lower the limits on untrusted input "
        "(max_file_size, max_depth, max_line_length, max_findings) but never raise them past their "
        "defaults: the files it governs are the ones the limits guard against. A higher value is "
        "capped at the default, and this note says so. --config and the command-line options may "
        "raise a limit up to its ceiling.",
    .hint = "raise the limit with its command-line option or in the config given with --config",
    .passing_example = "",
    .failing_example = "",
};

}  // namespace dlcheck::rules
