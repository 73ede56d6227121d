// Hospital Episode Statistics (HES) code lists used by the import contract.
//
// Admission method (ADMIMETH): elective 11, 12, 13; emergency 21, 22, 23,
// 24, 25, 2A, 2B, 2C, 2D, 28; maternity 31, 32; other 81, 82, 83; 98 not
// applicable; 99 not known. Anything else is invalid.
// Discharge destination (DISDEST): 19, 29, 30, 37, 38, 48-54, 65, 66, 79,
// 84, 85, 87, 88, 98, 99.
// A&E department type: 01, 02, 03, 04 (04 = walk-in centre).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace bc {

enum class AdmissionMethodGroup {
  kElective,
  kEmergency,
  kMaternity,
  kOther,
  kNotApplicable,
  kNotKnown
};

// The group of an ADMIMETH code ("21", "2a" and "2A" alike), or nullopt if
// the code is not in the list.
std::optional<AdmissionMethodGroup> admission_method_group(std::string_view code);
// True for a DISDEST code in the list above.
bool is_valid_discharge_destination(std::string_view code);
// The A&E department types as stored and broken down by.
inline constexpr std::string_view kDepartmentTypes[] = {"01", "02", "03", "04"};
// True for "01".."04" (kDepartmentTypes); a bare "1".."4" is accepted too.
bool is_valid_department_type(std::string_view code);

}  // namespace bc
