// The code lists of delayed transfers of care (DToC), as the NHS England
// monthly return and the import contract (docs/formats.md) define them: the
// organisation responsible for a delay and the reason for it. The one copy
// of these lists: the importer validates against them, the snapshot encodes
// by their position, the synthetic city draws from them and
// present/labels.h names them.
//
// Thread safety: constants.
#pragma once

#include <string_view>

namespace bc {

// The responsible organisation ("agency").
inline constexpr std::string_view kDtocAgencies[] = {"NHS", "Social Care", "Both"};

// The reason for the delay, A to I (D split into residential and nursing
// home placements).
inline constexpr std::string_view kDtocReasons[] = {"A", "B", "C", "D(i)", "D(ii)",
                                                    "E", "F", "G", "H",    "I"};

}  // namespace bc
