// Labels of code lists: the words a person reads for a code, one table per
// list, used by every renderer (the CLI, the web pages, the board papers).
// The codes themselves live in core/ (core/dtoc_codes.h, core/hes_codes.h),
// where the importers validate against them; the tables here are indexed by
// those lists.
//
// Thread safety: pure functions over constant tables.
#pragma once

#include <string>
#include <string_view>

namespace bc::present {

// A breakdown dimension as a column heading: "age_band" -> "Age band",
// "department_type" -> "A&E department type"; "Group" for one not known.
std::string_view dimension_label(std::string_view dim);

// A DToC reason: "D(i)" -> "Residential home placement"; the code itself
// when it is not in the list.
std::string_view dtoc_reason_label(std::string_view code);

// A DToC responsible organisation as prose writes it: "Social Care" ->
// "Social care"; the code itself when it is not in the list.
std::string_view dtoc_agency_label(std::string_view code);

}  // namespace bc::present
