// evaluate_metric: the scan (compute.cc), then the finishing step
// (finish.cc); evaluate_parts.h says what each promises.
#include "engine/evaluate.h"

#include "engine/evaluate_parts.h"

namespace bc {

std::optional<int64_t> suppress_count(int64_t n, const SuppressionRule& rule) {
  if (n == 0) return 0;
  if (n > 0 && n < rule.hide_below) return std::nullopt;
  int64_t r = rule.round_to > 1 ? (n + rule.round_to / 2) / rule.round_to * rule.round_to : n;
  return r;
}

std::vector<DataSource> sources_of(const MetricDef& m) {
  switch (m.source) {
    case MetricSource::kSpells:
      return {DataSource::kSpells};
    case MetricSource::kAeAttendances:
      return {DataSource::kAeAttendances};
    case MetricSource::kDelayedDays:
      if (m.kind == MetricKind::kRatio) return {DataSource::kDelayedDays, DataSource::kBedDays};
      return {DataSource::kDelayedDays};
    case MetricSource::kCareHomeAdmissions:
      return {DataSource::kCareHomeAdmissions};
    case MetricSource::kReablement:
      return {DataSource::kReablement};
    case MetricSource::kRegisters:  // who was on the register, and their plans
      return {DataSource::kRegisters, DataSource::kCarePlans};
    case MetricSource::kCarePlanReviews:
      return {DataSource::kCarePlans};
    case MetricSource::kSpaReferrals:
      return {DataSource::kSpaReferrals};
  }
  return {};
}

Result<std::vector<MetricRow>> evaluate_metric(const Snapshot& s, const MetricConfig& config,
                                               const MetricDef& m, const Period& period,
                                               const EvaluateOptions& options) {
  using engine::Exact;
  const SuppressionRule* protect =
      options.suppress && m.counts_people() ? &config.suppression : nullptr;
  auto rows = engine::compute_rows(s, m, period, options.by, protect);
  if (!rows.ok()) return rows.status();
  std::vector<Exact> previous;
  if (options.compare) {
    engine::attach_plans(s, config, m, period, *rows);
    auto prev = engine::compute_rows(s, m, period.previous_year(), options.by, protect);
    if (!prev.ok()) return prev.status();
    previous = std::move(*prev);
    engine::attach_previous(config, m, *rows, previous);
  }
  if (protect != nullptr) engine::suppress_rows(config, m, *rows, previous);
  std::vector<MetricRow> out;
  out.reserve(rows->size());
  for (Exact& x : *rows) out.push_back(std::move(x.row));
  return out;
}

}  // namespace bc
