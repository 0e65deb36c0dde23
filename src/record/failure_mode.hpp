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

/// The mode a free-text `failure_mode` names ("val loss rises: overfitting" → overfitting), if any.
std::optional<FailureMode> recognise_failure_mode(std::string_view text);

}  // namespace dlcheck
