#include "core/hes_codes.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace bc {
namespace {

// Codes are compared exactly (after upper-casing): no trimming, so a caller
// that stores the raw field never stores a padded variant of a valid code.
constexpr std::string_view kDischargeDestinations[] = {"19", "29", "30", "37", "38", "48", "49",
                                                       "50", "51", "52", "53", "54", "65", "66",
                                                       "79", "84", "85", "87", "88", "98", "99"};

struct AdmissionMethod {
  std::string_view code;
  AdmissionMethodGroup group;
};

constexpr AdmissionMethod kAdmissionMethods[] = {
    {"11", AdmissionMethodGroup::kElective},      {"12", AdmissionMethodGroup::kElective},
    {"13", AdmissionMethodGroup::kElective},      {"21", AdmissionMethodGroup::kEmergency},
    {"22", AdmissionMethodGroup::kEmergency},     {"23", AdmissionMethodGroup::kEmergency},
    {"24", AdmissionMethodGroup::kEmergency},     {"25", AdmissionMethodGroup::kEmergency},
    {"2A", AdmissionMethodGroup::kEmergency},     {"2B", AdmissionMethodGroup::kEmergency},
    {"2C", AdmissionMethodGroup::kEmergency},     {"2D", AdmissionMethodGroup::kEmergency},
    {"28", AdmissionMethodGroup::kEmergency},     {"31", AdmissionMethodGroup::kMaternity},
    {"32", AdmissionMethodGroup::kMaternity},     {"81", AdmissionMethodGroup::kOther},
    {"82", AdmissionMethodGroup::kOther},         {"83", AdmissionMethodGroup::kOther},
    {"98", AdmissionMethodGroup::kNotApplicable}, {"99", AdmissionMethodGroup::kNotKnown},
};

}  // namespace

std::optional<AdmissionMethodGroup> admission_method_group(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  std::string upper(code);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const AdmissionMethod& m : kAdmissionMethods) {
    if (m.code == upper) return m.group;
  }
  return std::nullopt;
}

bool is_valid_discharge_destination(std::string_view code) {
  return std::ranges::find(kDischargeDestinations, code) != std::end(kDischargeDestinations);
}

bool is_valid_department_type(std::string_view code) {
  if (code.size() == 2 && code[0] == '0') code.remove_prefix(1);
  return code.size() == 1 && code[0] >= '1' && code[0] <= '4';
}

}  // namespace bc
