#include "report/import_options.h"

#include <map>
#include <utility>

#include "care/care_config.h"
#include "engine/metric_def.h"
#include "governance/board_config.h"
#include "governance/quorum.h"
#include "programme/board_sign_off.h"

namespace bc::report {

ImportOptions standard_import_options(std::string actor) {
  ImportOptions io;
  io.actor = std::move(actor);
  for (const MetricDef& m : builtin_metric_config().metrics) {
    io.plan_metrics.push_back({m.id, std::string(m.unit_name())});
  }
  for (const CarePlanTypeDef& t : CareConfig::builtin().plan_types) {
    io.care_plan_types.push_back({t.id, t.review_months});
  }
  io.boards = BoardsConfig::builtin().ids();
  io.check_batch = [](Store& s, int64_t batch) -> Result<std::vector<Problem>> {
    const BoardsConfig& boards = BoardsConfig::builtin();
    auto problems = check_decisions(s, batch, boards);
    if (!problems.ok() || !problems->empty()) return problems;
    std::map<std::string, ReportBoard> takes;
    for (const BoardDef& b : boards.boards) {
      if (b.reports == "jcb") takes[b.id] = ReportBoard::kJcb;
      if (b.reports == "hwb") takes[b.id] = ReportBoard::kHwb;
    }
    return record_board_report_steps(s, batch, takes);
  };
  return io;
}

}  // namespace bc::report
