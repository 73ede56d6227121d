#include "engine/diagnosis_groups.h"

#include <fmt/format.h>

#include <cstdlib>

#include "core/toml_guard.h"

namespace bc::embedded {
extern const std::string_view kDiagnosisGroupsToml;  // config/diagnosis_groups.toml
}

namespace bc {

bool icd10_in_range(std::string_view code, std::string_view lo, std::string_view hi) {
  return code.substr(0, lo.size()) >= lo && code.substr(0, hi.size()) <= hi;
}

Result<DiagnosisGroups> DiagnosisGroups::parse(std::string_view text, std::string_view src) {
  auto parsed = parse_user_toml(text, src);  // ours, but read as carefully as a user's
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  DiagnosisGroups out;
  const toml::array* list = root["group"].as_array();
  if (list == nullptr) return Status::invalid_data(fmt::format("{}: no [[group]] entries", src));
  for (const auto& node : *list) {
    const toml::table* t = node.as_table();
    if (t == nullptr)
      return Status::invalid_data(fmt::format("{}: every [[group]] must be a table", src));
    DiagnosisGroup g;
    g.id = (*t)["id"].value_or(std::string());
    g.name = (*t)["name"].value_or(g.id);
    if (g.id.empty()) return Status::invalid_data(fmt::format("{}: a group has no id", src));
    const toml::array* ranges = (*t)["icd10"].as_array();
    if (ranges == nullptr)
      return Status::invalid_data(fmt::format("{}: group {} has no icd10 ranges", src, g.id));
    for (const auto& r : *ranges) {
      const toml::array* pair = r.as_array();
      if (pair == nullptr || pair->size() != 2 || !pair->get(0)->is_string() ||
          !pair->get(1)->is_string()) {
        return Status::invalid_data(
            fmt::format("{}: group {}: each range is [low, high]", src, g.id));
      }
      g.icd10.emplace_back(*pair->get(0)->value<std::string>(),
                           *pair->get(1)->value<std::string>());
    }
    out.groups_.push_back(std::move(g));
  }
  return out;
}

const DiagnosisGroups& DiagnosisGroups::builtin() {
  static const DiagnosisGroups kGroups = [] {
    auto r = parse(embedded::kDiagnosisGroupsToml, "config/diagnosis_groups.toml");
    if (!r.ok()) {
      fmt::print(stderr, "bettercare: the built-in diagnosis groups are invalid: {}\n", r.error());
      std::abort();
    }
    return *r;
  }();
  return kGroups;
}

size_t DiagnosisGroups::group_of(std::string_view code) const {
  for (size_t i = 0; i < groups_.size(); ++i) {
    for (const auto& [lo, hi] : groups_[i].icd10) {
      if (icd10_in_range(code, lo, hi)) return i;
    }
  }
  return groups_.size();
}

std::string_view DiagnosisGroups::name_of(std::string_view id) const {
  for (const auto& g : groups_) {
    if (g.id == id) return g.name;
  }
  return id == "other" ? std::string_view("Other") : id;
}

}  // namespace bc
