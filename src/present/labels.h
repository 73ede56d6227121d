// Labels of code lists: the words a person reads for a code, one table per
// list, used by every renderer (the CLI, the web pages, the board papers).
// The codes themselves live in core/ (core/dtoc_codes.h, core/hes_codes.h),
// where the importers validate against them; the tables here are indexed by
// those lists, or checked against them (tests/present/hospital_labels_test.cc:
// every code core accepts has a meaning here, and no other code has one).
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

// The meaning of a hospital code, as a reader needs it; "" for a code not
// in the list (core/hes_codes.h validates them):
// admission method (HES ADMIMETH) "21" -> "emergency: via A&E";
std::string_view admission_method_label(std::string_view code);
// discharge destination (HES DISDEST) "19" -> "usual place of residence";
std::string_view discharge_destination_label(std::string_view code);
// A&E department type "01" (or "1") -> "major A&E (consultant-led, 24 hours)".
std::string_view department_type_label(std::string_view code);

// A code of words joined by underscores, as prose: "requires_improvement"
// -> "requires improvement", "cqc_action" -> "cqc action".
std::string code_words(std::string_view code);

// "21 (emergency: via A&E)": a code with its meaning; the code alone when
// the meaning is "".
std::string with_meaning(std::string_view code, std::string_view meaning);

// A scheme's risk-share rule (DATA_FORMATS.md, schemes.csv) in words:
// "own" -> "each partner bears its own variance";
// "shared:CCG=50;SCC=50" -> "variance shared: CCG 50%, SCC 50%"; anything
// else as it is.
std::string risk_share_words(std::string_view rule);

}  // namespace bc::present
