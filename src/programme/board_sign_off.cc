#include "programme/board_sign_off.h"

#include <fmt/format.h>

#include "ingest/board_records.h"
#include "programme/scheme_report.h"

namespace bc {
namespace {

// The position of a state in the workflow.
size_t rank(ReportState s) {
  const auto& all = all_report_states();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i] == s) return i;
  }
  return all.size();
}

struct Item {
  std::string board, date;
  const AgendaItemRecord* a = nullptr;
};

Problem problem(const Item& it, const std::string& why) {
  return Problem{"(batch)", 0, "scheme_code",
                 fmt::format("{} {}", *it.a->scheme_code, *it.a->report_quarter),
                 fmt::format("{} meeting of {}, item {}: {}", it.board, it.date, it.a->item, why)};
}

// Records `step` on the meeting's date unless the report is already past
// it; nullopt when done (or nothing to do), else why not.
std::optional<std::string> take_step(Store& store, const Item& it, const Period& quarter,
                                     ReportStep step, Date day) {
  auto report = get_scheme_report(store, *it.a->scheme_code, quarter);
  if (!report.ok()) return report.error();
  if (rank(report->state) >= rank(state_after(step))) {
    // Already taken: at this meeting (a re-import) or, for a receipt, at an
    // earlier one; a sign-off on another day is a contradiction.
    const auto on = report->date_of(step);
    if (step == ReportStep::kJcbSignOff || step == ReportStep::kHwbSignOff) {
      if (on && *on != day) {
        return fmt::format("the report was already {} on {}", state_description(state_after(step)),
                           on->iso());
      }
    }
    return std::nullopt;
  }
  auto done = advance_scheme_report_in_transaction(
      store, *it.a->scheme_code, quarter, step, day,
      fmt::format("{} meeting of {}, item {}", it.board, it.date, it.a->item), "");
  if (!done.ok()) return done.error();
  return std::nullopt;
}

}  // namespace

Result<std::vector<Problem>> record_board_report_steps(
    Store& store, int64_t batch_id, const std::map<std::string, ReportBoard>& boards) {
  auto meetings = meetings_of_batch(store, batch_id);
  if (!meetings.ok()) return meetings.status();
  std::vector<Problem> out;
  for (const auto& [board, date] : *meetings) {
    auto agenda = read_agenda(store, board, date);
    if (!agenda.ok()) return agenda.status();
    const Date day = *Date::parse(date);  // stored dates always parse
    for (const AgendaItemRecord& a : *agenda) {
      if (!a.scheme_code || !a.report_quarter) continue;
      const Item it{board, date, &a};
      auto role = boards.find(board);
      if (role == boards.end()) {
        out.push_back(problem(it, fmt::format("the {} takes no step of a scheme report (its "
                                              "`reports` in config/boards.toml)",
                                              board)));
        continue;
      }
      auto quarter = Period::parse_quarter(*a.report_quarter);
      if (!quarter.ok()) return quarter.status();  // the importer stores only valid quarters
      const bool jcb = role->second == ReportBoard::kJcb;
      const bool decided =
          a.outcome && (*a.outcome == "agreed" || *a.outcome == "agreed_with_changes");
      if (!a.outcome) continue;  // not yet met: nothing received
      if (auto why = take_step(store, it, *quarter,
                               jcb ? ReportStep::kJcbReceive : ReportStep::kHwbReceive, day)) {
        out.push_back(problem(it, *why));
        continue;
      }
      if (!decided) continue;
      if (auto why = take_step(store, it, *quarter,
                               jcb ? ReportStep::kJcbSignOff : ReportStep::kHwbSignOff, day)) {
        out.push_back(problem(it, *why));
      }
    }
  }
  return out;
}

}  // namespace bc
