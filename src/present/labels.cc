#include "present/labels.h"

#include <cctype>
#include <iterator>
#include <span>
#include <string>
#include <utility>

#include "core/dtoc_codes.h"
#include "core/hes_codes.h"

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

namespace {

// HES ADMIMETH (NHS Data Dictionary, "admission method"); every code
// core/hes_codes.h accepts, and only those (Labels.EveryHesCodeHasAMeaning).
constexpr std::pair<std::string_view, std::string_view> kAdmissionMethods[] = {
    {"11", "elective: from the waiting list"},
    {"12", "elective: booked"},
    {"13", "elective: planned"},
    {"21", "emergency: via A&E"},
    {"22", "emergency: via the GP"},
    {"23", "emergency: via the bed bureau"},
    {"24", "emergency: via a consultant outpatient clinic"},
    {"25", "emergency: via a mental health crisis team"},
    {"2A", "emergency: via another provider's A&E"},
    {"2B", "emergency: transfer from another hospital"},
    {"2C", "emergency: baby born at home as intended"},
    {"2D", "emergency: other"},
    {"28", "emergency: other means"},
    {"31", "maternity: before the birth"},
    {"32", "maternity: after the birth"},
    {"81", "transfer from another hospital (not an emergency)"},
    {"82", "born in this hospital"},
    {"83", "born outside a hospital, not at home"},
    {"98", "not applicable"},
    {"99", "not known"}};

// HES DISDEST (NHS Data Dictionary, "discharge destination").
constexpr std::pair<std::string_view, std::string_view> kDischargeDestinations[] = {
    {"19", "usual place of residence"},
    {"29", "temporary place of residence"},
    {"30", "repatriation from a high security psychiatric hospital"},
    {"37", "court"},
    {"38", "penal establishment or police station"},
    {"48", "high security psychiatric hospital, Scotland"},
    {"49", "another NHS hospital: high security psychiatric"},
    {"50", "another NHS hospital: medium secure unit"},
    {"51", "another NHS hospital: general ward"},
    {"52", "another NHS hospital: maternity"},
    {"53", "another NHS hospital: mental health or learning disabilities"},
    {"54", "NHS-run care home"},
    {"65", "local authority residential accommodation"},
    {"66", "local authority foster care"},
    {"79", "died"},
    {"84", "non-NHS hospital: medium secure unit"},
    {"85", "non-NHS care home"},
    {"87", "non-NHS hospital"},
    {"88", "non-NHS hospice"},
    {"98", "not applicable"},
    {"99", "not known"}};

// A&E department types, in the order of kDepartmentTypes.
constexpr std::string_view kDepartmentTypeLabels[] = {
    "major A&E (consultant-led, 24 hours)", "single-specialty A&E (e.g. eye, dental)",
    "other A&E or minor injury unit", "walk-in centre"};
static_assert(std::size(kDepartmentTypeLabels) == std::size(kDepartmentTypes));

std::string_view lookup(std::string_view code,
                        std::span<const std::pair<std::string_view, std::string_view>> table) {
  std::string upper(code);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [k, label] : table) {
    if (k == upper) return label;
  }
  return {};
}

}  // namespace

std::string_view admission_method_label(std::string_view code) {
  return lookup(code, kAdmissionMethods);
}

std::string_view discharge_destination_label(std::string_view code) {
  return lookup(code, kDischargeDestinations);
}

std::string_view department_type_label(std::string_view code) {
  std::string two = code.size() == 1 ? std::string("0").append(code) : std::string(code);
  for (size_t i = 0; i < std::size(kDepartmentTypes); ++i) {
    if (kDepartmentTypes[i] == two) return kDepartmentTypeLabels[i];
  }
  return {};
}

std::string with_meaning(std::string_view code, std::string_view meaning) {
  if (meaning.empty()) return std::string(code);
  return std::string(code) + " (" + std::string(meaning) + ")";
}

std::string risk_share_words(std::string_view rule) {
  if (rule == "own") return "each partner bears its own variance";
  constexpr std::string_view kShared = "shared:";
  if (rule.substr(0, kShared.size()) != kShared) return std::string(rule);
  std::string out;
  std::string_view rest = rule.substr(kShared.size());
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size()) return std::string(rule);
    out += (out.empty() ? "" : ", ") + std::string(part.substr(0, eq)) + " " +
           std::string(part.substr(eq + 1)) + "%";
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return out.empty() ? std::string(rule) : "variance shared: " + out;
}

std::string code_words(std::string_view code) {
  std::string out(code);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

}  // namespace bc::present
