#pragma once
// Numbers as dlcheck shows them to people.

#include <string>

namespace dlcheck {

/// Rounds to 3 decimals and prints the shortest form that reads back the same ("0.11", not "0.110").
std::string format_rounded(double value, int decimals = 3);

}  // namespace dlcheck
