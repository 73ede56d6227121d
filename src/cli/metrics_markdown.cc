#include "cli/metrics_markdown.h"

#include <fmt/format.h>

#include <vector>

namespace bc::cli {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::string ranges(const std::vector<std::pair<std::string, std::string>>& r) {
  std::vector<std::string> parts;
  for (const auto& [lo, hi] : r) parts.push_back(lo == hi ? lo : lo + "-" + hi);
  return join(parts, " or ");
}

std::string ages(const MetricDef& m) {
  return m.population_max_age
             ? fmt::format("aged {} to {}", m.population_min_age, *m.population_max_age)
             : fmt::format("aged {}+", m.population_min_age);
}

std::string kind_line(const MetricDef& m) {
  switch (m.kind) {
    case MetricKind::kCount:
      return m.sum_cost ? "the sum of the events' cost (pounds)" : "a count of events";
    case MetricKind::kRate:
      return fmt::format("{} per {:.0f} people {} (not annualised)", m.rate_of, m.per, ages(m));
    case MetricKind::kStandardisedRate:
      return fmt::format(
          "{} directly age-standardised per {:.0f} people {}, over five-year bands with the 2013 "
          "European Standard Population's weights (config/reference/esp2013.csv); 95% confidence "
          "interval by Dobson's method with Byar's; no value for fewer than 10 events",
          m.rate_of, m.per, ages(m));
    case MetricKind::kDailyRate:
      return fmt::format("the delayed days / the days in the period / the population {} x {:.0f}",
                         ages(m), m.per);
    case MetricKind::kRatio:
      return "a ratio: delayed days / occupied bed days x 100";
    case MetricKind::kProportion:
      return "a proportion x 100";
  }
  return "";
}

const char* source_line(MetricSource s) {
  switch (s) {
    case MetricSource::kSpells:
      return "hospital spells (spells.csv)";
    case MetricSource::kAeAttendances:
      return "A&E attendances (ae_attendances.csv)";
    case MetricSource::kDelayedDays:
      return "the DToC return (delayed_days.csv; bed_days.csv for the rate)";
    case MetricSource::kCareHomeAdmissions:
      return "care home admissions (care_home_admissions.csv)";
    case MetricSource::kReablement:
      return "reablement (reablement.csv)";
    case MetricSource::kRegisters:
      return "the at-risk registers saved at each month's end (bettercare risk registers) and "
             "the care plans (care_plans.csv, care_plan_reviews.csv)";
    case MetricSource::kCarePlanReviews:
      return "the care plans and their reviews (care_plans.csv, care_plan_reviews.csv)";
    case MetricSource::kSpaReferrals:
      return "referrals to the single point of access (spa_referrals.csv)";
  }
  return "";
}

}  // namespace

std::string metrics_markdown(const MetricConfig& cfg) {
  std::string out =
      "# Metric definitions\n\n"
      "Generated from `config/metrics.toml` by `bettercare metrics list --format markdown`;\n"
      "a test fails when this page and the config disagree. To change a definition, edit\n"
      "the config and regenerate this page. Each metric names the national definition it\n"
      "follows and every way bettercare departs from it.\n\n"
      "## Rules for every metric\n\n"
      "- **Periods**: `2017/18` (financial year), `2017/18:M6` (a month, M1 = April),\n"
      "  `2017/18:YTD6` (April to M6), `2017/18:Q3`, `R12:2018-03` (12 months to March\n"
      "  2018), `2017-04-01..2017-06-30`. Events count in the period of their date:\n"
      "  admission for spells, arrival for A&E, admission for care homes, discharge into\n"
      "  reablement, the month of the return for delayed days and bed days.\n"
      "- **Age** is whole years at the event; someone whose 65th birthday is the day of\n"
      "  admission is 65. An NHS number not in the persons register has no age, practice\n"
      "  or cluster: it counts in city-wide figures, in no cluster (shown as null), and\n"
      "  never in a 65+ metric.\n"
      "- **Populations**: a rate for the whole area divides by the ONS mid-year estimate\n"
      "  (`population.csv`) of the year its financial year starts in (2017/18: mid-2017);\n"
      "  when that year is not loaded, by the nearest loaded year, and says so; when no\n"
      "  estimate is loaded, by the registered population alive and registered at the\n"
      "  period's mid-point (each month's or quarter's, when broken down by them), and\n"
      "  says so (`population` in JSON). Clusters and practices are registered people,\n"
      "  so their rates always divide by the registered population. A period's rate is\n"
      "  not annualised: a month's rate is that month's count over the population.\n"
      "- **Plans** for a period: the sum of its monthly plans for a count or a rate of\n"
      "  events per 100,000 (a rate is not annualised, so its monthly plans add up like\n"
      "  the counts they stand for), the mean for a percentage, the mean weighted by the\n"
      "  months' days for a rate per day; no plan unless every month has one. Plans are\n"
      "  for the whole area, so rows broken down by anything but month or quarter have\n"
      "  none.\n"
      "- **Completeness**: a month counts as loaded for a source (spells, A&E, delayed\n"
      "  days, bed days, care home admissions, reablement) when the store holds rows of\n"
      "  that source dated in it, or when an import declared it covers the month\n"
      "  (`bettercare import --covers`). A figure over a period that includes a month not\n"
      "  loaded for a source it uses is incomplete (`complete: false`, `missing:\n"
      "  [\"2018-03 spells\"]`): it is shown, but has no variance, no RAG and no\n"
      "  comparison with last year, and the board documents print no RAG for it.\n";
  out += fmt::format(
      "- **Variance** = (actual - plan) / plan x 100, signed so that positive is worse.\n"
      "  **RAG**: Green when the variance is at most {}%, Amber above that and below {}%,\n"
      "  Red from {}%.\n"
      "- **Against last year**: the same period a year earlier, compared only when its\n"
      "  months were loaded. The change of a percentage is in percentage points\n"
      "  (`change_pp`: \"2.2 points lower\"), of anything else in per cent (`change_pct`,\n"
      "  also given for percentages); Better, Flat (a change of at most {} per cent, or points)\n"
      "  or Worse.\n"
      "- **Small numbers** (`--suppress`, for people outside the care team): statistical\n"
      "  disclosure control that survives differencing (docs/security.md, \"Disclosure\n"
      "  control\"). Periods are whole months, quarters, years, years to date and rolling\n"
      "  12 months only. {}Counts of people from 1 to {} are shown as `*`, others rounded\n"
      "  to the nearest {}; zero stays zero. Every figure derived from counts (a rate, a\n"
      "  percentage, a standardised rate, a cost, a variance, a change on last year) is\n"
      "  made from the same {} counts, and is shown as `*` itself when any count it is\n"
      "  made of is from 1 to {}: a rate's count and population; a proportion's\n"
      "  numerator, its denominator and the difference between them; a standardised\n"
      "  rate's count in each age band; a cost's count of admissions. Money shown\n"
      "  suppressed is rounded to the nearest {} pounds. Delayed days are a return of\n"
      "  days by provider, not counts of people, and are not suppressed.\n"
      "- **Funnel plots** (the web's metric page, when a count is broken down by\n"
      "  cluster or by practice alone; `engine/funnel.h`): each group's count per\n"
      "  1,000 of its registered people of the metric's ages (its filter's: 65 and\n"
      "  over for the 65+ counts) on the period's middle day, against the area's\n"
      "  rate, the headline count over everyone registered of those ages. Under the\n"
      "  area's rate θ (per person) a group of n people has a Poisson count of mean\n"
      "  θn, so chance alone keeps its rate within θ ± z·√(θ/n), per 1,000: z =\n"
      "  1.96 for the 95% limits and 3.09 for the 99.8% (the normal approximation\n"
      "  of Spiegelhalter, Statistics in Medicine 2005; good when a group expects\n"
      "  ten events or more, rough below that). A group beyond the 99.8%\n"
      "  limits differs from the area by more than chance; between 95% and 99.8%,\n"
      "  by perhaps more. Counts hidden by suppression have no rate, and a group\n"
      "  of fewer than 8 registered people has none for anyone. The rates are of\n"
      "  the period, not annualised.\n"
      "\n",
      cfg.rag.green_max, cfg.rag.amber_below, cfg.rag.amber_below, cfg.rag.flat_band,
      cfg.suppression.cell_key
          ? "Each count is first moved\n  by its cell key (a small, keyed amount, the same "
            "for the same records however\n  they are asked for; a count of 8 or more whose "
            "moved value is below 8 is\n  hidden too). "
          : "",
      cfg.suppression.hide_below - 1, cfg.suppression.round_to,
      cfg.suppression.cell_key ? "perturbed" : "exact", cfg.suppression.hide_below - 1,
      cfg.suppression.money_round_to);
  out += "## The metrics\n";
  for (const MetricDef& m : cfg.metrics) {
    out += fmt::format("\n### `{}`: {}\n\n{}\n\n", m.id, m.name, m.description);
    out += fmt::format("- unit: {}; {} is better\n", m.unit_name(),
                       m.lower_is_better ? "lower" : "higher");
    if (m.short_name != m.name) out += fmt::format("- on board papers: {}\n", m.short_name);
    if (m.summary != SummaryForm::kNone) {
      out += fmt::format("- on the performance report's summary: {}\n",
                         m.summary == SummaryForm::kMonth ? "the month's own value (a snapshot)"
                                                          : "the year to date");
    }
    out += "- kind: " + kind_line(m) + "\n";
    if (m.kind != MetricKind::kRate && m.kind != MetricKind::kStandardisedRate) {
      out += fmt::format("- from: {}\n", source_line(m.source));
      const MetricFilter& f = m.filter;
      if (!f.admission_methods.empty())
        out += "- admission method (ADMIMETH): " + join(f.admission_methods) + "\n";
      if (f.min_age) out += fmt::format("- aged {} or over at the event\n", *f.min_age);
      if (f.max_age) out += fmt::format("- aged {} or under at the event\n", *f.max_age);
      if (!f.primary_icd10.empty())
        out += "- primary diagnosis ICD-10 " + ranges(f.primary_icd10) + "\n";
      if (!f.secondary_icd10.empty())
        out += "- a secondary diagnosis (any position) ICD-10 " + ranges(f.secondary_icd10) + "\n";
      if (!f.department_types.empty())
        out += "- A&E department type " + join(f.department_types) + "\n";
      if (f.permanent)
        out += *f.permanent ? "- permanent admissions only\n" : "- temporary admissions only\n";
      if (!f.funders.empty()) out += "- funded by: " + join(f.funders) + "\n";
      if (!m.numerator_outcomes.empty()) {
        out += "- numerator: outcome " + join(m.numerator_outcomes) +
               (m.source == MetricSource::kReablement
                    ? "; denominator: everyone counted (deaths included); an outcome not yet known "
                    : "; denominator: every one counted; an outcome not yet known ") +
               "counts as not achieved and makes the figure provisional (`provisional`, "
               "`unknown`)\n";
      }
      if (m.source == MetricSource::kSpaReferrals && m.kind == MetricKind::kProportion) {
        out += fmt::format(
            "- triage standard ([[spa_standard]]): urgent within {} hours, routine within {} "
            "hours of being received\n",
            m.triage_hours[0], m.triage_hours[1]);
      }
      if (m.year_cohort) {
        out += fmt::format(
            "- for a financial year: the cohort of the events dated {:02}-{:02} to {:02}-{:02} "
            "(`cohort`); for any other period, that period's events, as local monitoring "
            "(`local_monitoring`)\n",
            m.year_cohort->first.month, m.year_cohort->first.day, m.year_cohort->second.month,
            m.year_cohort->second.day);
      }
    }
    out += "- breakdowns: " + join(m.breakdowns) + "\n";
    if (!m.national_source.empty()) out += "- national source: " + m.national_source + "\n";
    if (!m.deviation.empty()) out += "- local deviation: " + m.deviation + "\n";
  }
  return out;
}

}  // namespace bc::cli
