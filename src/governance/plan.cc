#include "governance/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/fiscal.h"
#include "core/money.h"
#include "core/period.h"

namespace bc::governance {
namespace {

int severity(PlanRag r) {
  switch (r) {
    case PlanRag::kNotAssessed:
      return 0;
    case PlanRag::kGreen:
      return 1;
    case PlanRag::kAmber:
      return 2;
    case PlanRag::kRed:
      return 3;
  }
  return 0;
}

PlanRag band(double variance, const RagBands& bands) {
  if (variance <= bands.green_max) return PlanRag::kGreen;
  if (variance < bands.amber_below) return PlanRag::kAmber;
  return PlanRag::kRed;
}

// A metric's count or rate per 100,000 grows through the year; its annual
// target is compared pro rata. A percentage or a number of days is not.
bool pro_rata(const KeyMeasureRecord& m) {
  return m.metric && (m.unit == "count" || m.unit == "per_100k");
}

// A measure's value in its unit, for a finding's text: "4.1%", "9.8 days",
// "31351", "732.5".
std::string value_text(double v, std::string_view unit) {
  const std::string n = v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v)
                                                                  : fmt::format("{:.1f}", v);
  if (unit == "percent") return n + "%";
  if (unit == "days") return n + " days";
  return n;
}

MeasureStatus judge_measure(const KeyMeasureRecord& m,
                            const std::vector<MeasureValueRecord>& reported, const PlanStatus& at,
                            const MetricReader& read_metric, const RagBands& bands) {
  MeasureStatus s;
  s.measure = m;
  s.target = m.target;
  if (m.metric) {
    s.source = "metric";
    s.period = Period::year_to_date(at.year, at.financial_month).label();
    MetricReading r = read_metric(*m.metric, at.year, at.financial_month);
    s.value = r.value;
    s.note = r.note;
    if (m.target && pro_rata(m)) s.target = *m.target * at.financial_month / 12.0;
  } else {
    s.source = "none";
    const std::string last = at.month.iso();
    for (const MeasureValueRecord& v : reported) {
      if (v.measure_id != m.measure_id || v.month > last) continue;
      s.source = "reported";
      s.value = v.value;  // by month, so the last one kept is the latest
      s.period = v.month;
    }
    if (!s.value) s.note = fmt::format("no value reported for {} or before", last);
  }
  if (!s.value) return s;
  if (!s.target) {
    s.note = "no target";
    return s;
  }
  s.rag = judge_value(*s.value, *s.target, m.direction == "lower", bands, &s.variance_pct);
  return s;
}

std::string measure_reason(const MeasureStatus& m) {
  return fmt::format("{} {}: {} against {} ({} is better)", m.measure.measure_id,
                     plan_rag_name(m.rag), value_text(*m.value, m.measure.unit),
                     value_text(*m.target, m.measure.unit), m.measure.direction);
}

std::string money_text(int64_t pence) {
  return Money::from_pence(pence).format_pounds();
}

void judge_workstream(WorkstreamStatus& w) {
  struct Finding {
    PlanRag rag;
    std::string text;
  };
  std::vector<Finding> findings;
  for (const MilestoneStatus& m : w.milestones) {
    if (m.milestone.status == "complete") ++w.complete;
    if (m.overdue) ++w.overdue;
    w.rag = worst(w.rag, m.rag);
    if (severity(m.rag) >= 2) {
      findings.push_back({m.rag, fmt::format("{} {}: {}", m.milestone.milestone_id,
                                             plan_rag_name(m.rag), m.reason)});
    }
  }
  for (const MeasureStatus& m : w.measures) {
    w.rag = worst(w.rag, m.rag);
    if (severity(m.rag) >= 2) findings.push_back({m.rag, measure_reason(m)});
  }
  const SavingsStatus& sv = w.savings;
  w.rag = worst(w.rag, sv.rag);
  if (severity(sv.rag) >= 2) {
    findings.push_back({sv.rag, fmt::format("savings {}: {} delivered of {} planned to date",
                                            plan_rag_name(sv.rag), money_text(sv.delivered_pence),
                                            money_text(sv.planned_pence))});
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return severity(a.rag) > severity(b.rag);
  });
  for (Finding& f : findings) w.reasons.push_back(std::move(f.text));
}

}  // namespace

std::string_view plan_rag_name(PlanRag rag) {
  switch (rag) {
    case PlanRag::kGreen:
      return "Green";
    case PlanRag::kAmber:
      return "Amber";
    case PlanRag::kRed:
      return "Red";
    case PlanRag::kNotAssessed:
      break;
  }
  return "Not assessed";
}

std::string_view plan_rag_code(PlanRag rag) {
  switch (rag) {
    case PlanRag::kGreen:
      return "green";
    case PlanRag::kAmber:
      return "amber";
    case PlanRag::kRed:
      return "red";
    case PlanRag::kNotAssessed:
      break;
  }
  return "";
}

PlanRag worst(PlanRag a, PlanRag b) {
  return severity(a) >= severity(b) ? a : b;
}

MilestoneStatus judge_milestone(const MilestoneRecord& m, Date at) {
  MilestoneStatus s;
  s.milestone = m;
  if (m.status == "complete") {
    s.rag = PlanRag::kGreen;
    return s;
  }
  s.overdue = m.due < at.iso();
  const std::string this_month = YearMonth::of(at).iso();
  if (s.overdue) {
    s.rag = PlanRag::kRed;
    s.reason = fmt::format("overdue: due {}, {}", m.due, m.status);
  } else if (m.status == "late") {
    s.rag = PlanRag::kRed;
    s.reason = fmt::format("reported late (due {})", m.due);
  } else if (m.status == "at_risk") {
    s.rag = PlanRag::kAmber;
    s.reason = fmt::format("reported at risk (due {})", m.due);
  } else if (m.status == "on_track") {
    s.rag = PlanRag::kGreen;
  } else if (m.start_month && *m.start_month < this_month) {
    s.rag = PlanRag::kAmber;
    s.reason = fmt::format("not started; due to start {}", *m.start_month);
  }
  return s;
}

PlanRag judge_value(double value, double target, bool lower_is_better, const RagBands& bands,
                    std::optional<double>* variance_pct) {
  variance_pct->reset();
  if (target == 0) {
    // Only zero meets "zero cases"; with higher better, anything does.
    if (!lower_is_better || value <= 0) return PlanRag::kGreen;
    return PlanRag::kRed;
  }
  const double v = (value - target) / target * 100 * (lower_is_better ? 1 : -1);
  *variance_pct = v;
  return band(v, bands);
}

SavingsStatus judge_savings(const std::vector<SavingsRecord>& lines, FinancialYear fy,
                            int financial_month, const RagBands& bands) {
  SavingsStatus s;
  const std::string year = fy.label();
  std::map<std::string, bool> seen;
  for (const SavingsRecord& r : lines) {
    if (r.financial_year != year) continue;
    if (!seen[r.line]) ++s.lines;
    seen[r.line] = true;
    s.planned_year_pence += r.planned_pence;
    if (r.month > financial_month) continue;
    s.planned_pence += r.planned_pence;
    s.delivered_pence += r.delivered_pence.value_or(0);
  }
  if (s.planned_pence <= 0) return s;
  const double planned = static_cast<double>(s.planned_pence);
  s.variance_pct = (planned - static_cast<double>(s.delivered_pence)) / planned * 100;
  s.rag = band(*s.variance_pct, bands);
  return s;
}

Result<PlanStatus> plan_status(Store& store, Date at, const MetricReader& read_metric,
                               const RagBands& bands) {
  auto workstreams = read_workstreams(store);
  if (!workstreams.ok()) return workstreams.status();
  auto milestones = read_milestones(store);
  if (!milestones.ok()) return milestones.status();
  auto measures = read_key_measures(store);
  if (!measures.ok()) return measures.status();
  auto values = read_measure_values(store);
  if (!values.ok()) return values.status();
  auto savings = read_savings(store);
  if (!savings.ok()) return savings.status();

  PlanStatus out;
  out.at = at;
  out.month = YearMonth::of(at).add_months(-1);
  out.year = FinancialYear::containing(out.month);
  out.financial_month = financial_month_of(out.month);
  std::map<std::string, size_t> index;
  for (WorkstreamRecord& w : *workstreams) {
    index[w.workstream_id] = out.workstreams.size();
    WorkstreamStatus status;
    status.workstream = std::move(w);
    out.workstreams.push_back(std::move(status));
  }
  for (const MilestoneRecord& m : *milestones) {
    auto it = index.find(m.workstream_id);
    if (it != index.end()) out.workstreams[it->second].milestones.push_back(judge_milestone(m, at));
  }
  for (const KeyMeasureRecord& m : *measures) {
    MeasureStatus s = judge_measure(m, *values, out, read_metric, bands);
    auto it = m.workstream_id ? index.find(*m.workstream_id) : index.end();
    if (it == index.end()) {
      out.plan_measures.push_back(std::move(s));
    } else {
      out.workstreams[it->second].measures.push_back(std::move(s));
    }
  }
  std::map<std::string, std::vector<SavingsRecord>> by_workstream;
  for (SavingsRecord& r : *savings) by_workstream[r.workstream_id].push_back(std::move(r));
  for (WorkstreamStatus& w : out.workstreams) {
    w.savings = judge_savings(by_workstream[w.workstream.workstream_id], out.year,
                              out.financial_month, bands);
    judge_workstream(w);
  }
  return out;
}

}  // namespace bc::governance
