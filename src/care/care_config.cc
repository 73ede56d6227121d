#include "care/care_config.h"

#include <fmt/format.h>

#include <cstdlib>

#include "core/toml_guard.h"
#include "engine/metric_def.h"

namespace bc::embedded {
extern const std::string_view kCareToml;  // config/care.toml
}

namespace bc {

namespace {

Result<std::vector<const toml::table*>> tables_of(const toml::table& root, std::string_view key,
                                                  std::string_view src) {
  const toml::array* list = root[key].as_array();
  if (list == nullptr || list->empty())
    return Status::invalid_data(fmt::format("{}: no [[{}]] entries", src, key));
  std::vector<const toml::table*> out;
  for (const auto& node : *list) {
    const toml::table* t = node.as_table();
    if (t == nullptr)
      return Status::invalid_data(fmt::format("{}: every [[{}]] must be a table", src, key));
    out.push_back(t);
  }
  return out;
}

}  // namespace

Result<CareConfig> CareConfig::parse(std::string_view text, std::string_view src) {
  auto parsed = parse_user_toml(text, src);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  CareConfig out;
  auto types = tables_of(root, "plan_type", src);
  if (!types.ok()) return types.status();
  for (const toml::table* t : *types) {
    CarePlanTypeDef d;
    d.id = (*t)["id"].value_or(std::string());
    d.name = (*t)["name"].value_or(d.id);
    const int64_t months = (*t)["review_months"].value_or(int64_t{0});
    if (d.id.empty()) return Status::invalid_data(fmt::format("{}: a plan_type has no id", src));
    if (months < 1 || months > 6) {
      return Status::invalid_data(fmt::format(
          "{}: plan_type {}: review_months must be 1 to 6 (a review at least every six months)",
          src, d.id));
    }
    if (out.plan_type(d.id) != nullptr)
      return Status::invalid_data(fmt::format("{}: plan_type {} is given twice", src, d.id));
    d.review_months = static_cast<int>(months);
    out.plan_types.push_back(std::move(d));
  }
  return out;
}

const CareConfig& CareConfig::builtin() {
  static const CareConfig kConfig = [] {
    auto r = parse(embedded::kCareToml, "config/care.toml");
    if (!r.ok()) {
      fmt::print(stderr, "bettercare: the built-in care settings are invalid: {}\n", r.error());
      std::abort();
    }
    r->spa_standards = builtin_metric_config().spa_standards;
    if (r->standard("urgent") == nullptr || r->standard("routine") == nullptr) {
      fmt::print(stderr,
                 "bettercare: config/metrics.toml has no [[spa_standard]] for each urgency\n");
      std::abort();
    }
    return *r;
  }();
  return kConfig;
}

const CarePlanTypeDef* CareConfig::plan_type(std::string_view id) const {
  for (const auto& t : plan_types) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const SpaStandard* CareConfig::standard(std::string_view urgency) const {
  for (const auto& s : spa_standards) {
    if (s.urgency == urgency) return &s;
  }
  return nullptr;
}

}  // namespace bc
