#pragma once
// The failure modes the roadmap asks a self-check to name.

#include <optional>
#include <span>
#include <string_view>

namespace dlcheck {

enum class FailureMode { shape_mismatch, no_loss_decrease, overfitting, data_leakage, attention_without_data_flow };

std::string_view format_as(FailureMode mode);

/// All modes, in the roadmap's order.
std::span<const FailureMode> all_failure_modes();

/// The mode a free-text `failure_mode` names ("val loss rises: overfitting" → overfitting), if any;
/// never for a placeholder.
std::optional<FailureMode> recognise_failure_mode(std::string_view text);

/// Whether a self-check says its failure mode happened.
enum class Observed { yes, no, unsaid };

/// What the texts of a self-check say, for `self_check.observed` left out: a plain negation ("no
/// overfitting", "ruled out", "none seen") is no; a statement that it happened ("val loss rises",
/// "observed") is yes; anything else is unsaid, never guessed.
Observed read_observed(FailureMode mode, std::string_view failure_mode, std::string_view evidence);

}  // namespace dlcheck
