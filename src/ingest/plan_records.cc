#include "ingest/plan_records.h"

#include <string_view>

#include "ingest/scan.h"

namespace bc {
namespace {

using ingest_internal::scan_rows;

std::vector<std::string> split_codes(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<double> opt_real(const Stmt& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.real(col);
}

}  // namespace

Result<std::vector<WorkstreamRecord>> read_workstreams(Store& store) {
  std::vector<WorkstreamRecord> out;
  Status s =
      scan_rows(store,
                "SELECT workstream_id, number, title, priority, lead, partners, description, "
                "outcomes FROM plan_workstreams ORDER BY number IS NULL, number, workstream_id",
                {}, [&](Stmt& r) {
                  out.push_back(WorkstreamRecord{
                      r.text(0), r.opt_int64(1), r.text(2), r.text(3), r.opt_text(4),
                      split_codes(r.opt_text(5).value_or("")), r.opt_text(6), r.opt_text(7)});
                });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<MilestoneRecord>> read_milestones(Store& store) {
  std::vector<MilestoneRecord> out;
  Status s =
      scan_rows(store,
                "SELECT milestone_id, workstream_id, title, start_month, due, status, "
                "completed_date FROM plan_milestones ORDER BY workstream_id, due, milestone_id",
                {}, [&](Stmt& r) {
                  out.push_back(MilestoneRecord{r.text(0), r.text(1), r.text(2), r.opt_text(3),
                                                r.text(4), r.text(5), r.opt_text(6)});
                });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<KeyMeasureRecord>> read_key_measures(Store& store) {
  std::vector<KeyMeasureRecord> out;
  Status s = scan_rows(
      store,
      "SELECT measure_id, workstream_id, title, target, unit, direction, metric "
      "FROM plan_measures ORDER BY measure_id",
      {}, [&](Stmt& r) {
        out.push_back(KeyMeasureRecord{r.text(0), r.opt_text(1), r.text(2), opt_real(r, 3),
                                       r.text(4), r.text(5), r.opt_text(6)});
      });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<MeasureValueRecord>> read_measure_values(Store& store) {
  std::vector<MeasureValueRecord> out;
  Status s = scan_rows(store,
                       "SELECT measure_id, month, value FROM plan_measure_values "
                       "ORDER BY measure_id, month",
                       {}, [&](Stmt& r) {
                         out.push_back({r.text(0), r.text(1), r.real(2)});
                       });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<SavingsRecord>> read_savings(Store& store) {
  std::vector<SavingsRecord> out;
  Status s = scan_rows(
      store,
      "SELECT workstream_id, line, partner_code, financial_year, month, planned_pence, "
      "delivered_pence FROM plan_savings "
      "ORDER BY workstream_id, line, financial_year, month",
      {}, [&](Stmt& r) {
        out.push_back(SavingsRecord{r.text(0), r.text(1), r.text(2), r.text(3),
                                    static_cast<int>(r.int64(4)), r.int64(5), r.opt_int64(6)});
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
