#include "ingest/file_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>

namespace bc {
namespace {

constexpr ColumnSpec kPartnerCols[] = {
    {"partner_code", true}, {"partner_name", true}, {"kind", true}};
constexpr ColumnSpec kPracticeCols[] = {{"practice_code", true},
                                        {"practice_name", true},
                                        {"cluster_code", true},
                                        {"cluster_name", true}};
constexpr ColumnSpec kProviderCols[] = {
    {"provider_code", true}, {"provider_name", true}, {"provider_type", true}};
constexpr ColumnSpec kPopulationCols[] = {
    {"year", true}, {"age", true}, {"sex", true}, {"population", true}};
constexpr ColumnSpec kPersonCols[] = {
    {"nhs_number", true},      {"date_of_birth", true},      {"sex", true},
    {"practice_code", true},   {"postcode_district", false}, {"date_of_death", false},
    {"registered_date", false}};
constexpr ColumnSpec kConditionCols[] = {
    {"nhs_number", true}, {"condition", true}, {"recorded_date", true}};
constexpr ColumnSpec kSchemeCols[] = {{"scheme_code", true},
                                      {"scheme_name", true},
                                      {"host", true},
                                      {"pooled_budget_manager", false},
                                      {"risk_share", true}};
constexpr ColumnSpec kBudgetCols[] = {{"financial_year", true}, {"scheme_code", true},
                                      {"partner_code", true},   {"funding_stream", true},
                                      {"amount", true},         {"profile", false}};
constexpr ColumnSpec kLedgerCols[] = {{"financial_year", true}, {"month", true},
                                      {"scheme_code", true},    {"partner_code", true},
                                      {"actual", true},         {"forecast_outturn", false}};
constexpr ColumnSpec kPlanCols[] = {{"metric", true}, {"month", true}, {"value", true}};
constexpr ColumnSpec kSpellCols[] = {{"spell_id", true},
                                     {"nhs_number", true},
                                     {"provider_code", true},
                                     {"admission_date", true},
                                     {"discharge_date", false},
                                     {"admission_method", true},
                                     {"primary_diagnosis", true},
                                     {"secondary_diagnoses", false},
                                     {"discharge_destination", false},
                                     {"cost", false}};
constexpr ColumnSpec kAeCols[] = {{"attendance_id", true},   {"nhs_number", true},
                                  {"provider_code", true},   {"arrival", true},
                                  {"department_type", true}, {"disposal", false}};
constexpr ColumnSpec kDelayedCols[] = {{"month", true},
                                       {"provider_code", true},
                                       {"responsible_org", true},
                                       {"reason", true},
                                       {"delayed_days", true}};
constexpr ColumnSpec kBedDayCols[] = {
    {"month", true}, {"provider_code", true}, {"occupied_bed_days", true}};
constexpr ColumnSpec kCareHomeCols[] = {{"admission_id", true},   {"nhs_number", true},
                                        {"admission_date", true}, {"setting", true},
                                        {"permanent", true},      {"funder", true}};
constexpr ColumnSpec kReablementCols[] = {{"episode_id", true},
                                          {"nhs_number", true},
                                          {"discharge_date", true},
                                          {"outcome_91_days", true}};

// Columns: kind, name, table, columns, key, about_a_person, activity.
constexpr std::array kKinds = {
    KindSpec{FileKind::kPartners, "partners", "partners", kPartnerCols, "partner_code", false,
             false},
    KindSpec{FileKind::kPractices, "practices", "practices", kPracticeCols, "practice_code", false,
             false},
    KindSpec{FileKind::kProviders, "providers", "providers", kProviderCols, "provider_code", false,
             false},
    KindSpec{FileKind::kPopulation, "population", "population", kPopulationCols,
             "year, age and sex", false, false},
    KindSpec{FileKind::kPersons, "persons", "persons", kPersonCols, "nhs_number", false, false},
    KindSpec{FileKind::kConditions, "conditions", "conditions", kConditionCols,
             "nhs_number and condition", true, false},
    KindSpec{FileKind::kSchemes, "schemes", "schemes", kSchemeCols, "scheme_code", false, false},
    KindSpec{FileKind::kBudgets, "budgets", "budgets", kBudgetCols,
             "financial_year, scheme_code, partner_code and funding_stream", false, false},
    KindSpec{FileKind::kLedger, "ledger", "ledger", kLedgerCols,
             "financial_year, month, scheme_code and partner_code", false, false},
    KindSpec{FileKind::kPlans, "plans", "plans", kPlanCols, "metric and month", false, false},
    KindSpec{FileKind::kSpells, "spells", "spells", kSpellCols, "spell_id", true, true},
    KindSpec{FileKind::kAeAttendances, "ae_attendances", "ae_attendances", kAeCols, "attendance_id",
             true, true},
    KindSpec{FileKind::kDelayedDays, "delayed_days", "delayed_days", kDelayedCols,
             "month, provider_code, responsible_org and reason", false, true},
    KindSpec{FileKind::kBedDays, "bed_days", "bed_days", kBedDayCols, "month and provider_code",
             false, true},
    KindSpec{FileKind::kCareHomeAdmissions, "care_home_admissions", "care_home_admissions",
             kCareHomeCols, "admission_id", true, true},
    KindSpec{FileKind::kReablement, "reablement", "reablement", kReablementCols, "episode_id", true,
             true},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::span<const KindSpec> all_kinds() {
  return kKinds;
}

const KindSpec& spec_of(FileKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k;
  }
  return kKinds[0];  // unreachable: every enumerator has an entry
}

std::optional<FileKind> kind_from_name(std::string_view name) {
  std::string n = lower(name);
  for (const auto& k : kKinds) {
    if (n == k.name) return k.kind;
  }
  return std::nullopt;
}

std::optional<FileKind> kind_from_path(std::string_view path) {
  std::string file = lower(std::filesystem::path(std::string(path)).filename().string());
  if (file.size() < 5 || file.substr(file.size() - 4) != ".csv") return std::nullopt;
  std::string stem = file.substr(0, file.size() - 4);
  // The longest kind name that fits wins, so no name can shadow another.
  const KindSpec* best = nullptr;
  for (const auto& k : kKinds) {
    bool exact = stem == k.name;
    bool prefixed =
        stem.size() > k.name.size() && stem.compare(0, k.name.size(), k.name) == 0 &&
        (stem[k.name.size()] == '_' || stem[k.name.size()] == '-' || stem[k.name.size()] == '.');
    if ((exact || prefixed) && (best == nullptr || k.name.size() > best->name.size())) best = &k;
  }
  if (best == nullptr) return std::nullopt;
  return best->kind;
}

}  // namespace bc
