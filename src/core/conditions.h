// The documented list of condition codes accepted in conditions.csv.
//
// Two kinds of code share one list: the 36 deficits of the electronic
// Frailty Index (eFI; score = deficits / 36) and further long-term
// conditions used for risk stratification. Several eFI deficits are
// long-term conditions too (diabetes, heart failure ...); each code appears
// once, marked with whether it counts towards the eFI. docs/data-formats.md
// lists the same table (a test keeps the two in step).
//
// Thread safety: immutable data.
#pragma once

#include <span>
#include <string_view>

namespace bc {

struct ConditionInfo {
  std::string_view code;  // lower_snake_case, as written in conditions.csv
  std::string_view name;  // plain English
  bool efi_deficit;       // counts towards the electronic Frailty Index
};

// Every accepted condition, in documentation order.
std::span<const ConditionInfo> all_conditions();
// The entry for a code (case-insensitive), or nullptr when unknown.
const ConditionInfo* find_condition(std::string_view code);
// 36: the eFI's denominator.
inline constexpr int kEfiDeficitCount = 36;

}  // namespace bc
