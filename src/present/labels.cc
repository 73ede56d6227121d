#include "present/labels.h"

#include <iterator>
#include <utility>

#include "core/dtoc_codes.h"

namespace bc::present {
namespace {

// DOMAIN.md's DToC reasons, in the order of kDtocReasons.
constexpr std::string_view kReasonLabels[] = {"Completion of assessment",
                                              "Public funding",
                                              "Further non-acute NHS care",
                                              "Residential home placement",
                                              "Nursing home placement",
                                              "Care package in own home",
                                              "Community equipment and adaptations",
                                              "Patient or family choice",
                                              "Disputes",
                                              "Housing"};
static_assert(std::size(kReasonLabels) == std::size(kDtocReasons));

// In the order of kDtocAgencies.
constexpr std::string_view kAgencyLabels[] = {"NHS", "Social care", "Both"};
static_assert(std::size(kAgencyLabels) == std::size(kDtocAgencies));

constexpr std::pair<std::string_view, std::string_view> kDimensionLabels[] = {
    {"month", "Month"},
    {"quarter", "Quarter"},
    {"cluster", "Cluster"},
    {"practice", "Practice"},
    {"age_band", "Age band"},
    {"sex", "Sex"},
    {"provider", "Provider"},
    {"responsible_org", "Responsible organisation"},
    {"reason", "Reason"},
    {"diagnosis_group", "Diagnosis group"},
    {"stay_length", "Stay length"},
    {"department_type", "A&E department type"},
    {"setting", "Setting"}};

template <size_t N>
std::string_view label_of(std::string_view code, const std::string_view (&codes)[N],
                          const std::string_view (&labels)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (codes[i] == code) return labels[i];
  }
  return code;
}

}  // namespace

std::string_view dimension_label(std::string_view dim) {
  for (const auto& [id, label] : kDimensionLabels) {
    if (dim == id) return label;
  }
  return "Group";
}

std::string_view dtoc_reason_label(std::string_view code) {
  return label_of(code, kDtocReasons, kReasonLabels);
}

std::string_view dtoc_agency_label(std::string_view code) {
  return label_of(code, kDtocAgencies, kAgencyLabels);
}

}  // namespace bc::present
