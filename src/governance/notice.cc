#include "governance/notice.h"

#include <fmt/format.h>

namespace bc {
namespace {

std::optional<Date> date_of(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  auto d = Date::parse(*iso);
  if (!d.ok()) return std::nullopt;  // the importer stores only valid dates
  return *d;
}

}  // namespace

MeetingNotice assess_notice(const BoardDef& board, const WorkingCalendar& calendar, Date meeting,
                            const std::vector<AgendaItemRecord>& agenda, Date today) {
  MeetingNotice out;
  out.meeting = meeting;
  const NoticeRule& rule = board.notice;
  for (const AgendaItemRecord& a : agenda) {
    ItemNotice n;
    n.item = a.item;
    n.title = a.title;
    n.key_decision = a.key_decision;
    n.part2 = a.part2;
    n.published = date_of(a.published_date);
    n.forward_plan = date_of(a.forward_plan_date);
    n.latest_publication = calendar.latest_publication(meeting, rule.papers_clear_working_days);
    if (n.published) {
      n.late_paper = *n.published > n.latest_publication;
      if (n.late_paper) {
        n.warnings.push_back(fmt::format(
            "paper published {} ({} clear working days before the meeting); the last compliant "
            "day was {}",
            n.published->iso(), calendar.clear_working_days_between(*n.published, meeting),
            n.latest_publication.iso()));
      }
    } else if (a.paper && today <= meeting) {
      n.paper_due = today > n.latest_publication;
      n.warnings.push_back(
          n.paper_due ? fmt::format("paper not yet published; the last compliant day was {}",
                                    n.latest_publication.iso())
                      : fmt::format("paper to be published by {}", n.latest_publication.iso()));
    }
    if (a.key_decision || a.part2) {
      int days = 0;
      if (a.key_decision) days = rule.key_decision_days;
      if (a.part2) days = std::max(days, rule.part2_days);
      n.latest_notice = meeting.add_days(-days);
      const std::string what = a.key_decision && a.part2
                                   ? "key decision and Part 2 item"
                                   : (a.key_decision ? "key decision" : "Part 2 item");
      if (!n.forward_plan) {
        n.late_notice = today > *n.latest_notice;
        n.warnings.push_back(
            n.late_notice
                ? fmt::format("{} not on the forward plan; it had to be by {} ({} days' notice)",
                              what, n.latest_notice->iso(), days)
                : fmt::format("{} to go on the forward plan by {} ({} days' notice)", what,
                              n.latest_notice->iso(), days));
      } else if (*n.forward_plan > *n.latest_notice) {
        n.late_notice = true;
        n.warnings.push_back(fmt::format(
            "{} on the forward plan {} days before the meeting ({}); {} days' notice needed, by {}",
            what, meeting.days() - n.forward_plan->days(), n.forward_plan->iso(), days,
            n.latest_notice->iso()));
      }
    }
    out.compliant = out.compliant && !n.late_paper && !n.late_notice && !n.paper_due;
    out.items.push_back(std::move(n));
  }
  return out;
}

Result<MeetingNotice> meeting_notice(Store& store, const BoardDef& board,
                                     const WorkingCalendar& calendar, Date meeting, Date today) {
  auto m = find_meeting(store, board.id, meeting.iso());
  if (!m.ok()) return m.status();
  if (!*m)
    return Status::not_found(fmt::format("{} has no meeting on {}", board.id, meeting.iso()));
  auto agenda = read_agenda(store, board.id, meeting.iso());
  if (!agenda.ok()) return agenda.status();
  return assess_notice(board, calendar, meeting, *agenda, today);
}

}  // namespace bc
