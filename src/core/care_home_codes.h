// The code lists of care home admissions, as the import contract
// (docs/formats.md) defines them: the setting and who funds the placement.
// The one copy of these lists: the importer and the metric definitions
// validate against them, the snapshot encodes by their position and the
// breakdowns label by them.
//
// Thread safety: constants.
#pragma once

#include <algorithm>
#include <iterator>
#include <string_view>

namespace bc {

// The setting; the snapshot encodes it as its position (0 residential,
// 1 nursing).
inline constexpr std::string_view kCareHomeSettings[] = {"residential", "nursing"};

// Who funds the placement (ASCOF 2A counts the council-funded ones); the
// snapshot encodes it as its position.
inline constexpr std::string_view kCareHomeFunders[] = {"council", "nhs", "self", "other_la"};

// The position of `code` in a code list; the list's size when absent.
template <size_t N>
constexpr size_t code_position(const std::string_view (&list)[N], std::string_view code) {
  return static_cast<size_t>(std::find(std::begin(list), std::end(list), code) - std::begin(list));
}

}  // namespace bc
