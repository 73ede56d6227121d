#include "engine/dimensions.h"

#include <utility>

namespace bc {
namespace {

constexpr std::pair<std::string_view, DimId> kDimensions[] = {
    {"month", DimId::kMonth},
    {"quarter", DimId::kQuarter},
    {"cluster", DimId::kCluster},
    {"practice", DimId::kPractice},
    {"age_band", DimId::kAgeBand},
    {"sex", DimId::kSex},
    {"provider", DimId::kProvider},
    {"responsible_org", DimId::kOrg},
    {"reason", DimId::kReason},
    {"diagnosis_group", DimId::kDiagnosisGroup},
    {"stay_length", DimId::kStayLength},
    {"department_type", DimId::kDepartmentType},
    {"setting", DimId::kSetting},
    {"funder", DimId::kFunder},
};

}  // namespace

const std::vector<std::string>& all_dimensions() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& [name, id] : kDimensions) v.emplace_back(name);
    return v;
  }();
  return kNames;
}

std::optional<DimId> dimension_named(std::string_view name) {
  for (const auto& [n, id] : kDimensions) {
    if (n == name) return id;
  }
  return std::nullopt;
}

std::string_view dimension_name(DimId id) {
  for (const auto& [n, d] : kDimensions) {
    if (d == id) return n;
  }
  return id == DimId::kPerson ? "person" : "age_5y";
}

}  // namespace bc
