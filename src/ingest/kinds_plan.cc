// The commissioning plan (bettercare's kinds, docs/data-formats.md, "The
// commissioning plan"): workstreams, their milestones, key measures of
// success with the values reported by hand for those no metric tracks, and
// savings plans by month. The column tables, then the checks they cannot
// say (kinds.h).
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "ingest/governance_importer.h"

namespace bc::ingest {
namespace {

using P = FieldType;

constexpr std::string_view kMilestoneStatuses[] = {"not_started", "on_track", "at_risk", "late",
                                                   "complete"};
constexpr std::string_view kUnits[] = {"percent", "count", "per_100k", "days"};
constexpr std::string_view kDirections[] = {"higher", "lower"};
constexpr Reference kWorkstreamRef = {"plan_workstreams", "workstream_id", "workstream"};
constexpr Reference kMeasureRef = {"plan_measures", "measure_id", "key measure"};
constexpr Reference kPlanPartnerRef = {"partners", "partner_code", "partner"};

constexpr ColumnSpec kWorkstreamCols[] = {
    {.name = "workstream_id",
     .required = true,
     .type = P::kId,
     .store = "workstream_id",
     .key = true},
    {.name = "number", .type = P::kInteger, .store = "number", .lo = 1, .hi = 999},
    {.name = "title", .required = true, .type = P::kText, .store = "title", .max_chars = 300},
    {.name = "priority", .required = true, .type = P::kText, .store = "priority", .max_chars = 100},
    {.name = "lead", .type = P::kText, .store = "lead"},
    {.name = "partners", .type = P::kCustom, .store = "partners"},
    {.name = "description", .type = P::kText, .store = "description", .max_chars = 4000},
    {.name = "outcomes", .type = P::kText, .store = "outcomes", .max_chars = 4000},
};

constexpr ColumnSpec kMilestoneCols[] = {
    {.name = "milestone_id",
     .required = true,
     .type = P::kId,
     .store = "milestone_id",
     .key = true},
    {.name = "workstream_id",
     .required = true,
     .type = P::kId,
     .store = "workstream_id",
     .reference = &kWorkstreamRef},
    {.name = "title", .required = true, .type = P::kText, .store = "title", .max_chars = 300},
    {.name = "start", .type = P::kMonth, .store = "start_month"},
    {.name = "due", .required = true, .type = P::kCustom, .store = "due", .dates_row = true},
    {.name = "status",
     .required = true,
     .type = P::kChoice,
     .store = "status",
     .choices = kMilestoneStatuses},
    {.name = "completed_date", .type = P::kDate, .store = "completed_date"},
};

constexpr ColumnSpec kMeasureCols[] = {
    {.name = "measure_id", .required = true, .type = P::kId, .store = "measure_id", .key = true},
    {.name = "workstream_id",
     .type = P::kId,
     .store = "workstream_id",
     .reference = &kWorkstreamRef},
    {.name = "title", .required = true, .type = P::kText, .store = "title", .max_chars = 300},
    {.name = "target", .type = P::kNumber, .store = "target"},
    {.name = "unit", .required = true, .type = P::kChoice, .store = "unit", .choices = kUnits},
    {.name = "direction",
     .required = true,
     .type = P::kChoice,
     .store = "direction",
     .choices = kDirections},
    {.name = "metric", .type = P::kId, .store = "metric"},
};

constexpr ColumnSpec kMeasureValueCols[] = {
    {.name = "measure_id",
     .required = true,
     .type = P::kId,
     .store = "measure_id",
     .key = true,
     .reference = &kMeasureRef},
    {.name = "month",
     .required = true,
     .type = P::kMonth,
     .store = "month",
     .key = true,
     .dates_row = true},
    {.name = "value", .required = true, .type = P::kNumber, .store = "value"},
};

constexpr ColumnSpec kSavingsCols[] = {
    {.name = "workstream_id",
     .required = true,
     .type = P::kId,
     .store = "workstream_id",
     .key = true,
     .reference = &kWorkstreamRef},
    {.name = "line", .required = true, .type = P::kText, .store = "line", .key = true},
    {.name = "partner_code",
     .required = true,
     .type = P::kId,
     .store = "partner_code",
     .reference = &kPlanPartnerRef},
    {.name = "financial_year",
     .required = true,
     .type = P::kFinancialYear,
     .store = "financial_year",
     .key = true},
    {.name = "month", .required = true, .type = P::kCustom, .store = "month", .key = true},
    {.name = "planned", .required = true, .type = P::kMoney, .store = "planned_pence"},
    {.name = "delivered", .type = P::kMoney, .store = "delivered_pence"},
};

// partners: partner codes separated by ';' (spaces around them allowed),
// each in partners.csv, stored as "CCG;SCC".
class WorkstreamsImporter : public KindImporter {
  static constexpr int kPartners = column_index(kWorkstreamCols, "partners");

 protected:
  void read_custom(Row& r, int col) override {
    if (col != kPartners || r.absent(kPartners)) return;
    const std::string_view v = r.get(kPartners);
    std::string out;
    for (size_t start = 0; start <= v.size();) {
      size_t end = v.find(';', start);
      if (end == std::string_view::npos) end = v.size();
      std::string_view code = v.substr(start, end - start);
      while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
      while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
      if (code.empty() ||
          r.file().codes("partners", "partner_code").count(std::string(code)) == 0) {
        return r.error(kPartners,
                       fmt::format("'{}' is not a partner (partner codes separated by ';', each in "
                                   "partners.csv, in the store or in this batch)",
                                   code));
      }
      out.append(out.empty() ? "" : ";").append(code);
      start = end + 1;
    }
    r.set(kPartners, std::move(out));
  }
};

// due: a date, or a month meaning its last day. A milestone starts no
// later than it is due; it has a completion date when, and only when, it
// is complete.
class MilestonesImporter : public KindImporter {
  static constexpr int kStart = column_index(kMilestoneCols, "start");
  static constexpr int kDue = column_index(kMilestoneCols, "due");
  static constexpr int kStatus = column_index(kMilestoneCols, "status");
  static constexpr int kCompleted = column_index(kMilestoneCols, "completed_date");

 protected:
  void read_custom(Row& r, int col) override {
    if (col == kDue && !r.absent(kDue)) governance::read_day_or_month(r, kDue, "a due date");
  }

  void rules(Row& r) override {
    if (r.has(kStart) && r.has(kDue) && r.as<YearMonth>(kStart).first_day() > r.as<Date>(kDue)) {
      r.error(kStart, fmt::format("after the milestone is due ({})", r.as<Date>(kDue).iso()));
    }
    if (!r.has(kStatus)) return;
    const bool complete = r.text_of(kStatus) == "complete";
    if (complete && r.empty(kCompleted)) {
      r.error(kCompleted, "required when the milestone is complete: the day it was");
    } else if (!complete && r.has(kCompleted)) {
      r.error(kCompleted, "only a complete milestone has a completion date");
    }
  }
};

// metric: one the import knows (config/metrics.toml through
// ImportOptions::plan_metrics), in the measure's unit. A target is not
// negative, and a percentage's is at most 100.
class MeasuresImporter : public KindImporter {
  static constexpr int kTarget = column_index(kMeasureCols, "target");
  static constexpr int kUnit = column_index(kMeasureCols, "unit");
  static constexpr int kMetric = column_index(kMeasureCols, "metric");

 public:
  explicit MeasuresImporter(std::vector<PlanMetricSpec> metrics) : metrics_(std::move(metrics)) {
    if (metrics_.empty()) metrics_ = national_plan_metrics();
  }

 protected:
  void rules(Row& r) override {
    if (r.has(kTarget)) {
      const double t = r.as<double>(kTarget);
      if (t < 0) r.error(kTarget, "a target is not negative");
      if (r.has(kUnit) && r.text_of(kUnit) == "percent" && t > 100) {
        r.error(kTarget, "a percentage's target is at most 100");
      }
    }
    if (!r.has(kMetric)) return;
    for (const PlanMetricSpec& m : metrics_) {
      if (m.id != r.text_of(kMetric)) continue;
      if (r.has(kUnit) && m.unit != r.text_of(kUnit)) {
        r.error(kUnit, fmt::format("the metric {} is in {}: a measure tracked from it is too", m.id,
                                   m.unit));
      }
      return;
    }
    r.error(kMetric, "not a metric of config/metrics.toml (docs/metrics.md lists them)");
  }

 private:
  std::vector<PlanMetricSpec> metrics_;
};

// A value is reported by hand only for a measure no metric tracks; it is
// not negative, and a percentage is at most 100.
class MeasureValuesImporter : public KindImporter {
  static constexpr int kMeasure = column_index(kMeasureValueCols, "measure_id");
  static constexpr int kValue = column_index(kMeasureValueCols, "value");

 protected:
  void rules(Row& r) override {
    r.check_references();
    if (!r.has(kMeasure)) return;
    const std::string id(r.text_of(kMeasure));
    auto& f = r.file();
    if (f.codes("plan_measures", "CASE WHEN metric IS NULL THEN '' ELSE measure_id END")
            .count(id)) {
      return r.error(kMeasure,
                     "tracked from a metric of config/metrics.toml, so it takes no values by hand");
    }
    if (!r.has(kValue)) return;
    const double v = r.as<double>(kValue);
    if (v < 0) r.error(kValue, "a measure's value is not negative");
    if (v > 100 &&
        f.codes("plan_measures", "CASE WHEN unit = 'percent' THEN measure_id ELSE '' END")
            .count(id)) {
      r.error(kValue, "a percentage is at most 100");
    }
  }
};

// month: of the financial year, 1 to 12 (1 = April) or M1 to M12. Savings
// are amounts saved, so neither the plan nor what was delivered is
// negative.
class SavingsImporter : public KindImporter {
  static constexpr int kYear = column_index(kSavingsCols, "financial_year");
  static constexpr int kMonth = column_index(kSavingsCols, "month");
  static constexpr int kPlanned = column_index(kSavingsCols, "planned");
  static constexpr int kDelivered = column_index(kSavingsCols, "delivered");

 protected:
  void read_custom(Row& r, int col) override {
    if (col == kMonth && !r.absent(kMonth)) read_financial_month(r, kMonth);
  }

  void check(Row& r, int col) override {
    if ((col == kPlanned || col == kDelivered) && r.as<Money>(col).pence() < 0) {
      r.error(col, "a saving is not negative: write the amount saved");
    }
  }

  void note_date(Row& r) override { note_financial_month(r, kYear, kMonth); }
};

}  // namespace

std::span<const ColumnSpec> plan_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kWorkstreams:
      return kWorkstreamCols;
    case FileKind::kMilestones:
      return kMilestoneCols;
    case FileKind::kKeyMeasures:
      return kMeasureCols;
    case FileKind::kMeasureValues:
      return kMeasureValueCols;
    case FileKind::kSavings:
      return kSavingsCols;
    default:
      return {};
  }
}

std::unique_ptr<KindImporter> make_plan_importer(FileKind kind, const ImportOptions& options) {
  switch (kind) {
    case FileKind::kWorkstreams:
      return std::make_unique<WorkstreamsImporter>();
    case FileKind::kMilestones:
      return std::make_unique<MilestonesImporter>();
    case FileKind::kKeyMeasures:
      return std::make_unique<MeasuresImporter>(options.plan_metrics);
    case FileKind::kMeasureValues:
      return std::make_unique<MeasureValuesImporter>();
    case FileKind::kSavings:
      return std::make_unique<SavingsImporter>();
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
