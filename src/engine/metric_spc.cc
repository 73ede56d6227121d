#include "engine/metric_spc.h"

#include <fmt/format.h>

#include <map>

#include "engine/metric_query.h"

namespace bc {
namespace {

// Why a month's row has no figure to chart, or "" when it has one.
std::string left_out_reason(const MetricRow& r) {
  if (!r.complete) {
    std::string missing;
    for (const std::string& m : r.missing) missing += (missing.empty() ? "" : ", ") + m;
    return "not loaded (" + missing + ")";
  }
  if (r.suppressed) return "hidden (small numbers)";
  if (!r.value) return r.note.empty() ? "no figure" : r.note;
  return "";
}

}  // namespace

std::vector<std::string> MetricSpc::month_labels() const {
  std::vector<std::string> out;
  for (const YearMonth& m : months) out.push_back(m.iso());
  return out;
}

Result<std::vector<MetricSpc>> metric_spc(const MetricConfig& config, const Snapshot& snap,
                                          const MetricSpcRequest& request, const MonthRunner& run) {
  if (request.to < request.from)
    return Status::invalid_argument(
        fmt::format("the months run from {} to {}: --to is before --from", request.from.iso(),
                    request.to.iso()));
  const int span = request.to.index() - request.from.index() + 1;
  if (span > kMaxSpcMonths)
    return Status::invalid_argument(
        fmt::format("{} months asked for; an SPC chart takes at most {}", span, kMaxSpcMonths));
  if (request.by && (*request.by == "month" || *request.by == "quarter"))
    return Status::invalid_argument(
        "an SPC chart is already month by month: --by names a group "
        "to chart separately, e.g. cluster");
  for (const YearMonth& m : request.process_changes) {
    if (!(request.from < m) || request.to < m)
      return Status::invalid_argument(
          fmt::format("the process change {} is not after {} and within {} to {}", m.iso(),
                      request.from.iso(), request.from.iso(), request.to.iso()));
  }
  // Month by month, each its own period: the figures `metrics --period
  // 2017/18:M6` gives, and the only ones suppressed figures may be given
  // for (engine/disclosure.h: a range of months could be differenced).
  MetricRequest q;
  q.metrics = {request.metric};
  if (request.by) q.by.push_back(*request.by);
  q.cluster = request.cluster;
  q.suppress = request.suppress;
  const MetricDef* def = nullptr;
  std::vector<MetricRow> rows;
  std::vector<YearMonth> row_month;
  for (YearMonth m = request.from; !(request.to < m); m = m.add_months(1)) {
    q.period = Period::month(m);
    auto query = MetricQuery::bind(config, snap, q);
    if (!query.ok()) return query.status();
    def = query->metrics().front();
    auto month_rows = run ? run(*query) : query->run(snap);
    if (!month_rows.ok()) return month_rows.status();
    for (MetricRow& r : *month_rows) {
      rows.push_back(std::move(r));
      row_month.push_back(m);
    }
  }

  // Each group's rows by month, groups in the engine's order.
  std::vector<std::optional<GroupValue>> groups;
  std::map<std::optional<GroupValue>, std::map<YearMonth, const MetricRow*>> by_group;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::optional<GroupValue> group;
    if (request.by) {
      for (const GroupValue& g : rows[i].group) group = g;
    }
    if (!by_group.count(group)) groups.push_back(group);
    by_group[group][row_month[i]] = &rows[i];
  }
  if (groups.empty()) groups.push_back(std::nullopt);

  std::vector<MetricSpc> out;
  for (const auto& group : groups) {
    MetricSpc chart;
    chart.group = group;
    std::vector<double> values;
    SpcOptions options;
    options.improvement = def->lower_is_better ? Improvement::kDecrease : Improvement::kIncrease;
    options.baseline = request.baseline;
    options.screen_outliers = request.screen_outliers;
    options.trend_length = request.trend_length;
    options.shift_length = request.shift_length;
    const auto& months = by_group[group];
    for (YearMonth m = request.from; !(request.to < m); m = m.add_months(1)) {
      auto it = months.find(m);
      std::string why = it == months.end() ? "no figure" : left_out_reason(*it->second);
      if (!why.empty()) {
        chart.left_out.push_back(m.iso() + ": " + why);
        continue;
      }
      for (const YearMonth& change : request.process_changes) {
        if (change <= m && !values.empty() && chart.months.back() < change &&
            (options.process_changes.empty() || options.process_changes.back() != values.size()))
          options.process_changes.push_back(values.size());
      }
      chart.months.push_back(m);
      chart.plans.push_back(it->second->plan);
      values.push_back(*it->second->value);
    }
    chart.target =
        request.target ? request.target : (chart.plans.empty() ? std::nullopt : chart.plans.back());
    options.target = chart.target;
    chart.options = options;
    if (!values.empty()) {
      auto spc = spc_chart(values, options);
      if (!spc.ok()) return spc.status();
      chart.chart = std::move(*spc);
    }
    out.push_back(std::move(chart));
  }
  return out;
}

}  // namespace bc
