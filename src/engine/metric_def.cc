#include "engine/metric_def.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/care_home_codes.h"
#include "core/date.h"
#include "core/toml_guard.h"

namespace bc::embedded {
extern const std::string_view kMetricsToml;  // config/metrics.toml
}

namespace bc {
namespace {

Status bad(std::string_view src, std::string_view metric, std::string_view why) {
  return Status::invalid_data(
      fmt::format("{}: metric {}: {}", src, metric.empty() ? "?" : metric, why));
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& n) {
  std::vector<std::string> out;
  if (const auto* arr = n.as_array()) {
    for (const auto& e : *arr) {
      if (auto s = e.value<std::string>()) out.push_back(*s);
    }
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> ranges(
    const toml::node_view<const toml::node>& n) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!n) return out;
  const auto* arr = n.as_array();
  if (arr == nullptr)
    return Status::invalid_data("an ICD-10 filter is a list of [low, high] pairs");
  for (const auto& e : *arr) {
    const auto* pair = e.as_array();
    if (pair == nullptr || pair->size() != 2 || !pair->get(0)->is_string() ||
        !pair->get(1)->is_string()) {
      return Status::invalid_data("an ICD-10 filter is a list of [low, high] pairs");
    }
    out.emplace_back(*pair->get(0)->value<std::string>(), *pair->get(1)->value<std::string>());
  }
  return out;
}

// "10-01" -> 1 October; nullopt unless a real day (29 February allowed).
std::optional<MonthDay> parse_month_day(const std::string& text) {
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  auto two = [&](size_t at) -> int {
    char a = text[at], b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  int month = two(0), day = two(3);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(2000, month)) return std::nullopt;
  return MonthDay{month, day};
}

// [[spa_standard]]: at most one for each urgency, urgent and routine (a
// metric of spa_referrals needs both).
Status read_spa_standards(const toml::table& root, std::string_view src, MetricConfig& cfg) {
  const toml::array* list = root["spa_standard"].as_array();
  for (size_t i = 0; list != nullptr && i < list->size(); ++i) {
    const toml::node_view<const toml::node> e{list->get(i)};
    SpaStandard sd;
    sd.urgency = e["urgency"].value_or(std::string());
    const int64_t triage = e["triage_hours"].value_or(int64_t{0});
    const int64_t contact = e["first_contact_hours"].value_or(int64_t{0});
    if (sd.urgency != "urgent" && sd.urgency != "routine")
      return Status::invalid_data(
          fmt::format("{}: spa_standard urgency '{}': must be urgent or routine", src, sd.urgency));
    if (cfg.spa_standard(sd.urgency) != nullptr)
      return Status::invalid_data(
          fmt::format("{}: spa_standard {} is given twice", src, sd.urgency));
    if (triage < 1 || triage > 24 * 28 || contact < 1 || contact > 24 * 28)
      return Status::invalid_data(
          fmt::format("{}: spa_standard {}: triage_hours and first_contact_hours must be 1 to 672",
                      src, sd.urgency));
    sd.triage_hours = static_cast<int>(triage);
    sd.first_contact_hours = static_cast<int>(contact);
    cfg.spa_standards.push_back(std::move(sd));
  }
  return Status();
}

// [rag], [suppression] and [[spa_standard]].
Status read_rules(const toml::table& root, std::string_view src, MetricConfig& cfg) {
  cfg.rag.green_max = root["rag"]["green_max"].value_or(0.0);
  cfg.rag.amber_below = root["rag"]["amber_below"].value_or(10.0);
  cfg.rag.flat_band = root["rag"]["flat_band"].value_or(0.0);
  cfg.suppression.hide_below =
      static_cast<int>(root["suppression"]["hide_below"].value_or(int64_t{8}));
  cfg.suppression.round_to = static_cast<int>(root["suppression"]["round_to"].value_or(int64_t{5}));
  cfg.suppression.cell_key = root["suppression"]["cell_key"].value_or(true);
  cfg.suppression.money_round_to =
      static_cast<int>(root["suppression"]["money_round_to"].value_or(int64_t{1000}));
  if (cfg.suppression.hide_below < 1 || cfg.suppression.round_to < 1 ||
      cfg.suppression.money_round_to < 1) {
    return Status::invalid_data(fmt::format(
        "{}: suppression: hide_below, round_to and money_round_to must be 1 or more", src));
  }
  if (!(cfg.rag.green_max < cfg.rag.amber_below)) {
    return Status::invalid_data(fmt::format("{}: rag: green_max must be below amber_below", src));
  }
  return read_spa_standards(root, src, cfg);
}

// Every key of a [[metric]] (and of its filter) is one bettercare reads: a
// misspelt key would otherwise be silently ignored.
Status check_keys(const toml::table& t, std::string_view src, const MetricDef& d) {
  static const std::vector<std::string_view> kKeys = {"id",
                                                      "name",
                                                      "short_name",
                                                      "description",
                                                      "unit",
                                                      "better",
                                                      "kind",
                                                      "source",
                                                      "date",
                                                      "filter",
                                                      "sum",
                                                      "of",
                                                      "per",
                                                      "population_min_age",
                                                      "population_max_age",
                                                      "year_cohort",
                                                      "national_source",
                                                      "deviation",
                                                      "numerator_outcomes",
                                                      "breakdowns",
                                                      "summary",
                                                      "return"};
  static const std::vector<std::string_view> kFilterKeys = {
      "admission_methods", "department_types", "min_age",         "max_age",
      "permanent",         "primary_icd10",    "secondary_icd10", "funders"};
  for (const auto& [key, value] : t) {
    if (std::find(kKeys.begin(), kKeys.end(), key.str()) == kKeys.end())
      return bad(src, d.id, fmt::format("unknown key '{}'", key.str()));
    if (key.str() == "filter" && value.is_table()) {
      for (const auto& [fkey, fvalue] : *value.as_table()) {
        if (std::find(kFilterKeys.begin(), kFilterKeys.end(), fkey.str()) == kFilterKeys.end())
          return bad(src, d.id, fmt::format("unknown filter key '{}'", fkey.str()));
      }
    }
  }
  return Status();
}

// The outcomes a proportion of the source may count; nullptr when the
// source has none.
const std::vector<std::string_view>* proportion_outcomes(MetricSource s) {
  static const std::vector<std::string_view> kReablement = {"at_home", "not_at_home", "died"},
                                             kRegisters = {"covered"},
                                             kReviews = {"on_time", "late"},
                                             kSpa = {"triaged_within_standard"};
  switch (s) {
    case MetricSource::kReablement:
      return &kReablement;
    case MetricSource::kRegisters:
      return &kRegisters;
    case MetricSource::kCarePlanReviews:
      return &kReviews;
    case MetricSource::kSpaReferrals:
      return &kSpa;
    default:
      return nullptr;
  }
}

// unit, better, kind and source, and the kinds' own rules.
Status read_kind(const toml::node_view<const toml::node>& m, std::string_view src, MetricDef& d) {
  std::string unit = m["unit"].value_or(std::string());
  if (unit == "count")
    d.unit = MetricUnit::kCount;
  else if (unit == "percent")
    d.unit = MetricUnit::kPercent;
  else if (unit == "per_100k")
    d.unit = MetricUnit::kPer100k;
  else if (unit == "pounds")
    d.unit = MetricUnit::kPounds;
  else
    return bad(src, d.id, "unit must be count, percent, per_100k or pounds");
  std::string better = m["better"].value_or(std::string());
  if (better != "lower" && better != "higher")
    return bad(src, d.id, "better must be lower or higher");
  d.lower_is_better = better == "lower";
  std::string kind = m["kind"].value_or(std::string("count"));
  std::string source = m["source"].value_or(std::string());
  if (kind == "count")
    d.kind = MetricKind::kCount;
  else if (kind == "rate")
    d.kind = MetricKind::kRate;
  else if (kind == "ratio")
    d.kind = MetricKind::kRatio;
  else if (kind == "proportion")
    d.kind = MetricKind::kProportion;
  else if (kind == "daily_rate")
    d.kind = MetricKind::kDailyRate;
  else if (kind == "standardised_rate")
    d.kind = MetricKind::kStandardisedRate;
  else
    return bad(src, d.id,
               "kind must be count, rate, ratio, proportion, daily_rate or standardised_rate");
  const bool of_a_count = d.of_a_count();
  if (!of_a_count) {
    if (source == "spells")
      d.source = MetricSource::kSpells;
    else if (source == "ae_attendances")
      d.source = MetricSource::kAeAttendances;
    else if (source == "delayed_days")
      d.source = MetricSource::kDelayedDays;
    else if (source == "care_home_admissions")
      d.source = MetricSource::kCareHomeAdmissions;
    else if (source == "reablement")
      d.source = MetricSource::kReablement;
    else if (source == "registers")
      d.source = MetricSource::kRegisters;
    else if (source == "care_plan_reviews")
      d.source = MetricSource::kCarePlanReviews;
    else if (source == "spa_referrals")
      d.source = MetricSource::kSpaReferrals;
    else
      return bad(src, d.id,
                 "source must be spells, ae_attendances, delayed_days, care_home_admissions, "
                 "reablement, registers, care_plan_reviews or spa_referrals");
  }
  if (d.kind == MetricKind::kRatio && d.source != MetricSource::kDelayedDays) {
    return bad(src, d.id, "a ratio is delayed days over occupied bed days (source = delayed_days)");
  }
  if (d.kind == MetricKind::kDailyRate && d.source != MetricSource::kDelayedDays) {
    return bad(src, d.id, "a daily rate is delayed days per day (source = delayed_days)");
  }
  if ((d.source == MetricSource::kRegisters || d.source == MetricSource::kCarePlanReviews) &&
      d.kind != MetricKind::kProportion)
    return bad(src, d.id, "registers and care_plan_reviews are counted as a proportion");
  if (d.kind == MetricKind::kProportion) {
    const std::vector<std::string_view>* allowed = proportion_outcomes(d.source);
    if (allowed == nullptr)
      return bad(src, d.id,
                 "a proportion needs source = reablement, registers, care_plan_reviews or "
                 "spa_referrals");
    d.numerator_outcomes = strings(m["numerator_outcomes"]);
    if (d.numerator_outcomes.empty())
      return bad(src, d.id, "a proportion needs numerator_outcomes");
    for (const auto& o : d.numerator_outcomes) {
      if (std::find(allowed->begin(), allowed->end(), o) == allowed->end())
        return bad(src, d.id, fmt::format("'{}' is not an outcome of source {}", o, source));
    }
  }
  return Status();
}

// A rate's population (ages, per) and the count it is of.
Status read_population(const toml::node_view<const toml::node>& m, std::string_view src,
                       const MetricConfig& cfg, MetricDef& d) {
  const bool of_a_count = d.of_a_count();
  if (of_a_count || d.kind == MetricKind::kDailyRate) {
    d.per = m["per"].value_or(100000.0);
    if (!(d.per > 0)) return bad(src, d.id, "per must be above zero");
    d.population_min_age = static_cast<int>(m["population_min_age"].value_or(int64_t{0}));
    if (auto v = m["population_max_age"].value<int64_t>()) d.population_max_age = *v;
    if (d.population_min_age < 0 || d.population_min_age > 90 ||
        (d.population_max_age &&
         (*d.population_max_age < d.population_min_age || *d.population_max_age > 120))) {
      return bad(src, d.id,
                 "the population's ages must be 0 to 90, the maximum not below the minimum");
    }
  }
  if (of_a_count) {
    d.rate_of = m["of"].value_or(std::string());
    const MetricDef* of = cfg.find(d.rate_of);
    if (of == nullptr || of->kind != MetricKind::kCount || of->sum_cost) {
      return bad(src, d.id, "a rate needs `of` = a count metric defined before it");
    }
    d.source = of->source;
    d.filter = of->filter;
  }
  if (d.kind == MetricKind::kStandardisedRate) {
    // Five-year bands: the range must start and (if it ends) end on a band.
    if (d.population_min_age % 5 != 0 || (d.population_max_age && *d.population_max_age % 5 != 4)) {
      return bad(src, d.id,
                 "a standardised rate's ages are whole five-year bands (e.g. 65 to 79, or 80 "
                 "with no maximum)");
    }
  }
  return Status();
}

// A proportion's year cohort, e.g. ["10-01", "12-31"].
Status read_cohort(const toml::node_view<const toml::node>& m, std::string_view src, MetricDef& d) {
  if (const auto cohort = m["year_cohort"]; cohort) {
    auto pair = strings(cohort);
    std::optional<MonthDay> a, b;
    if (pair.size() == 2) a = parse_month_day(pair[0]), b = parse_month_day(pair[1]);
    if (!a || !b || (b->month < a->month) || (b->month == a->month && b->day < a->day))
      return bad(src, d.id, "year_cohort is [\"MM-DD\", \"MM-DD\"], the first not after the last");
    if (d.kind != MetricKind::kProportion) return bad(src, d.id, "year_cohort is for a proportion");
    d.year_cohort = std::make_pair(*a, *b);
  }
  return Status();
}

// [metric.filter]: which events count.
Status read_filter(const toml::node_view<const toml::node>& m, std::string_view src, MetricDef& d) {
  const auto f = m["filter"];
  if (f) {
    d.filter.admission_methods = strings(f["admission_methods"]);
    d.filter.department_types = strings(f["department_types"]);
    if (auto v = f["min_age"].value<int64_t>()) d.filter.min_age = static_cast<int>(*v);
    if (auto v = f["max_age"].value<int64_t>()) d.filter.max_age = static_cast<int>(*v);
    if (auto v = f["permanent"].value<bool>()) d.filter.permanent = *v;
    d.filter.funders = strings(f["funders"]);
    for (const auto& funder : d.filter.funders) {
      if (code_position(kCareHomeFunders, funder) == std::size(kCareHomeFunders))
        return bad(src, d.id, "funders are council, nhs, self or other_la");
    }
    if (!d.filter.funders.empty() && d.source != MetricSource::kCareHomeAdmissions)
      return bad(src, d.id, "a funders filter is for care home admissions");
    auto p = ranges(f["primary_icd10"]);
    if (!p.ok()) return bad(src, d.id, p.error());
    auto s = ranges(f["secondary_icd10"]);
    if (!s.ok()) return bad(src, d.id, s.error());
    d.filter.primary_icd10 = std::move(*p);
    d.filter.secondary_icd10 = std::move(*s);
  }
  return Status();
}

// sum = "cost", the short name, the summary form and the breakdowns.
Status read_presentation(const toml::node_view<const toml::node>& m, std::string_view src,
                         MetricDef& d) {
  std::string sum = m["sum"].value_or(std::string());
  if (!sum.empty()) {
    if (sum != "cost" || d.kind != MetricKind::kCount || d.source != MetricSource::kSpells) {
      return bad(src, d.id, "sum = \"cost\" is for a count of spells");
    }
    d.sum_cost = true;
  }
  if ((d.unit == MetricUnit::kPounds) != d.sum_cost) {
    return bad(src, d.id, "unit pounds goes with sum = \"cost\"");
  }
  d.short_name = m["short_name"].value_or(d.name);
  std::string summary = m["summary"].value_or(std::string("none"));
  if (summary == "ytd") {
    d.summary = SummaryForm::kYearToDate;
  } else if (summary == "month") {
    d.summary = SummaryForm::kMonth;
  } else if (summary != "none") {
    return bad(src, d.id, "summary must be \"ytd\", \"month\" or \"none\"");
  }
  d.in_return = m["return"].value_or(true);
  d.breakdowns = strings(m["breakdowns"]);
  for (const auto& b : d.breakdowns) {
    const auto& dims = all_dimensions();
    if (std::find(dims.begin(), dims.end(), b) == dims.end()) {
      return bad(src, d.id, fmt::format("unknown breakdown '{}'", b));
    }
  }
  return Status();
}

// One [[metric]] table; `cfg` holds the metrics defined before it.
Result<MetricDef> read_metric(const toml::table* t, std::string_view src, const MetricConfig& cfg) {
  if (t == nullptr)
    return Status::invalid_data(fmt::format("{}: every [[metric]] must be a table", src));
  const toml::node_view<const toml::node> m{t};
  MetricDef d;
  d.id = m["id"].value_or(std::string());
  if (d.id.empty()) return bad(src, "", "has no id");
  if (cfg.find(d.id) != nullptr) return bad(src, d.id, "is defined twice");
  if (Status st = check_keys(*t, src, d); !st.ok()) return st;
  d.name = m["name"].value_or(d.id);
  d.description = m["description"].value_or(std::string());
  d.national_source = m["national_source"].value_or(std::string());
  d.deviation = m["deviation"].value_or(std::string());
  Status st = read_kind(m, src, d);
  if (st.ok()) st = read_population(m, src, cfg, d);
  if (st.ok()) st = read_cohort(m, src, d);
  if (st.ok()) st = read_filter(m, src, d);
  if (st.ok()) st = read_presentation(m, src, d);
  if (!st.ok()) return st;
  if (d.source == MetricSource::kSpaReferrals) {
    if (cfg.spa_standard("urgent") == nullptr || cfg.spa_standard("routine") == nullptr)
      return bad(src, d.id, "referrals need a [[spa_standard]] for urgent and for routine");
    d.triage_hours = {cfg.spa_standard("urgent")->triage_hours,
                      cfg.spa_standard("routine")->triage_hours};
  }
  return d;
}

}  // namespace

std::string_view unit_name(MetricUnit unit) {
  switch (unit) {
    case MetricUnit::kCount:
      return "count";
    case MetricUnit::kPercent:
      return "percent";
    case MetricUnit::kPer100k:
      return "per_100k";
    case MetricUnit::kPounds:
      return "pounds";
  }
  return "count";
}

std::string_view MetricDef::unit_name() const {
  return bc::unit_name(unit);
}

bool MetricDef::allows(std::string_view dimension) const {
  return std::find(breakdowns.begin(), breakdowns.end(), dimension) != breakdowns.end();
}

const MetricDef* MetricConfig::find(std::string_view id) const {
  for (const auto& m : metrics) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const SpaStandard* MetricConfig::spa_standard(std::string_view urgency) const {
  for (const auto& sd : spa_standards) {
    if (sd.urgency == urgency) return &sd;
  }
  return nullptr;
}

Result<MetricConfig> parse_metric_config(std::string_view text, std::string_view src) {
  auto parsed = parse_user_toml(text, src);  // ours, but read as carefully as a user's
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  MetricConfig cfg;
  if (Status st = read_rules(root, src, cfg); !st.ok()) return st;
  const toml::array* list = root["metric"].as_array();
  if (list == nullptr || list->empty())
    return Status::invalid_data(fmt::format("{}: no [[metric]] entries", src));
  for (const auto& node : *list) {
    auto d = read_metric(node.as_table(), src, cfg);
    if (!d.ok()) return d.status();
    cfg.metrics.push_back(std::move(*d));
  }
  return cfg;
}

const MetricConfig& builtin_metric_config() {
  static const MetricConfig kConfig = [] {
    auto r = parse_metric_config(embedded::kMetricsToml, "config/metrics.toml");
    if (!r.ok()) {
      fmt::print(stderr, "bettercare: the built-in metric config is invalid: {}\n", r.error());
      std::abort();  // a build with a broken config must never ship; tests catch it
    }
    return *r;
  }();
  return kConfig;
}

}  // namespace bc
