#include "report/board_pack_parts.h"

#include <fmt/format.h>

#include <algorithm>

#include "present/html_escape.h"
#include "report/html.h"

namespace bc::report {

using present::html_escape;

namespace {

constexpr std::string_view kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

std::string_view item_for(const std::string& type) {
  if (type == "decision") return "Decision";
  if (type == "discussion") return "Discussion";
  return "Information";
}

std::string_view outcome_words(const std::string& outcome) {
  if (outcome == "agreed") return "Agreed";
  if (outcome == "agreed_with_changes") return "Agreed with changes";
  if (outcome == "deferred") return "Deferred";
  if (outcome == "referred_back") return "Referred back to the partners";
  return "Noted";
}

std::string_view status_words(const std::string& status) {
  if (status == "open") return "Open";
  if (status == "complete") return "Complete";
  if (status == "forward_plan") return "On the forward plan";
  return "Unconfirmed";
}

const BoardMemberRecord* member_by_id(const std::vector<BoardMemberRecord>& members,
                                      const std::string& id) {
  for (const auto& m : members) {
    if (m.member_id == id) return &m;
  }
  return nullptr;
}

std::string iso_to_long(const std::optional<std::string>& iso) {
  if (!iso) return "";
  auto d = Date::parse(*iso);
  return d.ok() ? pack_long_date(*d) : *iso;
}

// A table of people: name, title, organisation.
std::string people_table(std::string_view caption,
                         const std::vector<const BoardMemberRecord*>& who) {
  if (who.empty()) return "";
  std::string rows;
  for (const BoardMemberRecord* m : who) {
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", html_escape(m->name),
                        html_escape(m->title.value_or("")), html_escape(m->partner_code));
  }
  return fmt::format(
      "<table class=\"pack-people\"><caption>{}</caption><tr><th scope=\"col\">Name</th><th "
      "scope=\"col\">Title</th><th scope=\"col\">Organisation</th></tr>\n{}</table>\n",
      html_escape(caption), rows);
}

}  // namespace

std::string pack_long_date(Date d) {
  return fmt::format("{} {} {} {}", kWeekdays[d.weekday() - 1], d.day(), month_name(d.month()),
                     d.year());
}

std::string pack_cover_html(const PackMeeting& m, const std::vector<std::string>& items_with_parts,
                            const std::map<std::string, std::pair<int, int>>& pages,
                            bool placeholder, const std::vector<std::string>& appendices) {
  const BoardDef& board = *m.board;
  const Date day = *Date::parse(m.meeting.meeting_date);
  std::string out = fmt::format(
      "<header class=\"cover\"><h1>{}</h1><p class=\"pack-when\"><strong>{}{}</strong>{}</p>\n",
      html_escape(board.name), pack_long_date(day),
      m.meeting.start_time ? " at " + html_escape(*m.meeting.start_time) : "",
      m.meeting.location ? "<br>" + html_escape(*m.meeting.location) : "");
  if (m.meeting.status == "cancelled") {
    out += "<p class=\"pack-warning\"><strong>This meeting is cancelled.</strong></p>\n";
  }
  std::vector<std::string> names;
  for (const auto& mem : m.members) {
    const bool in_term = mem.from_date <= m.meeting.meeting_date &&
                         (!mem.to_date || m.meeting.meeting_date <= *mem.to_date);
    if (mem.role == "member" && in_term) names.push_back(html_escape(mem.name));
  }
  if (!names.empty()) {
    out += fmt::format("<h2>Members</h2><p>{}</p>\n", fmt::join(names, "; "));
  }
  out += fmt::format("<p class=\"note\">Quorum: {}.</p></header>\n",
                     html_escape(describe(board.quorum, board.partners)));

  // Notice: what is late, said on the agenda before the meeting, not after.
  std::string warnings;
  for (const ItemNotice& n : m.notice.items) {
    for (const std::string& w : n.warnings) {
      warnings += fmt::format("<li>Item {}: {}</li>\n", html_escape(n.item), html_escape(w));
    }
  }
  out += "<section class=\"pack-agenda\"><h2>Agenda</h2>\n";
  if (!warnings.empty()) {
    out += fmt::format(
        "<div class=\"pack-notice\" role=\"note\"><p><strong>Notice</strong> ({} clear working "
        "days for papers; {} days on the forward plan for key decisions and Part 2 items):</p>"
        "<ul>{}</ul></div>\n",
        board.notice.papers_clear_working_days, board.notice.key_decision_days, warnings);
  }
  out +=
      "<table class=\"pack-agenda-items\"><caption>Agenda</caption><tr><th scope=\"col\">Item"
      "</th><th scope=\"col\">Title</th><th scope=\"col\">Lead</th><th scope=\"col\">For</th>"
      "<th scope=\"col\">Pages</th></tr>\n";
  for (const AgendaItemRecord& a : m.agenda) {
    const bool has_part = std::find(items_with_parts.begin(), items_with_parts.end(), a.item) !=
                          items_with_parts.end();
    std::string where = "None";
    if (has_part && placeholder) {
      where = "Pages 000 - 000";
    } else if (has_part && pages.count(a.item)) {
      const auto [first, last] = pages.at(a.item);
      where =
          first == last ? fmt::format("Page {}", first) : fmt::format("Pages {} - {}", first, last);
    } else if (has_part) {
      where = fmt::format("<a href=\"#item-{0}\">Item {0}</a>", html_escape(a.item));
    }
    std::string flags;
    if (a.key_decision) flags += " <span class=\"pack-flag\">Key decision</span>";
    if (a.part2) {
      flags += fmt::format(" <span class=\"pack-flag\">Part 2: confidential ({})</span>",
                           html_escape(a.exemption.value_or("")));
    }
    out += fmt::format(
        "<tr data-item=\"{0}\"><td>{0}</td><td>{1}{2}</td><td>{3}</td><td>{4}</td><td "
        "class=\"pack-pages\">{5}</td></tr>\n",
        html_escape(a.item), html_escape(a.title), flags, html_escape(a.lead.value_or("")),
        item_for(a.type), where);
  }
  out += "</table>\n";
  if (!appendices.empty()) {
    out +=
        "<p>Appendices: " + html_escape(fmt::format("{}", fmt::join(appendices, "; "))) + ".</p>\n";
  }
  out += "</section>\n";
  return out;
}

std::string pack_front_sheet_html(const PackMeeting& m, const AgendaItemRecord& item) {
  const ItemNotice* notice = nullptr;
  for (const ItemNotice& n : m.notice.items) {
    if (n.item == item.item) notice = &n;
  }
  std::string published = item.published_date ? iso_to_long(item.published_date) : "Not yet";
  if (notice && item.published_date) {
    published += notice->late_paper ? fmt::format(" (late: the last compliant day was {})",
                                                  pack_long_date(notice->latest_publication))
                                    : " (in time)";
  }
  std::string out = fmt::format(
      "<p class=\"pack-marker\">Agenda item {}</p>\n<h2>{}</h2>\n<dl class=\"header "
      "pack-front\">\n",
      html_escape(item.item), html_escape(item.title));
  auto row = [&out](std::string_view dt, const std::string& dd) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", dt, dd);
  };
  row("Decision-maker", html_escape(m.board->name));
  row("Subject", html_escape(item.title));
  row("Date of meeting", html_escape(iso_to_long(m.meeting.meeting_date)));
  row("Report of", html_escape(item.lead.value_or("-")));
  row("Author", html_escape(item.author.value_or("-")));
  row("Item for", std::string(item_for(item.type)));
  row("Key decision", item.key_decision ? "Yes" : "No");
  row("Statement of confidentiality",
      item.part2 ? html_escape("Confidential (Part 2): " + item.exemption.value_or(""))
                 : "Not applicable");
  if (item.paper) row("Paper", html_escape(*item.paper));
  row("Published", html_escape(published));
  out += "</dl>\n";
  if (item.part2) {
    out +=
        "<p class=\"pack-warning\">The papers for this item are exempt from publication and are "
        "circulated to members separately.</p>\n";
  }
  return out;
}

std::string pack_minutes_html(const BoardDef& board, const std::vector<BoardMemberRecord>& members,
                              const std::optional<MeetingRecord>& previous,
                              const std::vector<AgendaItemRecord>& agenda,
                              const std::vector<AttendanceRecord>& attendance,
                              const std::vector<DeclarationRecord>& declarations) {
  if (!previous) {
    return fmt::format(
        "<h3>Minutes of the previous meeting</h3><p>No earlier meeting of the {} "
        "is recorded.</p>\n",
        html_escape(board.name));
  }
  std::string out = fmt::format("<h3>Minutes of the meeting held on {}{}</h3>\n",
                                html_escape(iso_to_long(previous->meeting_date)),
                                previous->location ? ", " + html_escape(*previous->location) : "");
  std::vector<const BoardMemberRecord*> present, in_attendance, apologies;
  for (const AttendanceRecord& a : attendance) {
    const BoardMemberRecord* mem = member_by_id(members, a.member_id);
    if (mem == nullptr) continue;
    const bool votes = mem->role == "member" || mem->role == "deputy";
    if (a.attended == "present") (votes ? present : in_attendance).push_back(mem);
    if (a.attended == "apologies") apologies.push_back(mem);
  }
  out += people_table("Present", present) + people_table("In attendance", in_attendance) +
         people_table("Apologies", apologies);
  if (attendance.empty()) out += "<p class=\"muted\">No attendance is recorded.</p>\n";
  if (declarations.empty()) {
    out += "<p>No declarations of interest were made in relation to the agenda.</p>\n";
  } else {
    out += "<h4>Declarations of interest</h4><ul>\n";
    for (const DeclarationRecord& d : declarations) {
      const BoardMemberRecord* mem = member_by_id(members, d.member_id);
      out += fmt::format("<li>Item {}: {}: {}{}</li>\n", html_escape(d.item),
                         html_escape(mem ? mem->name : d.member_id), html_escape(d.interest),
                         d.prejudicial ? " (prejudicial: took no part in the item)" : "");
    }
    out += "</ul>\n";
  }
  for (const AgendaItemRecord& a : agenda) {
    out += fmt::format("<div class=\"pack-minute avoid-break\"><h4>{}. {}</h4>\n",
                       html_escape(a.item), html_escape(a.title));
    if (a.minute) out += text_to_html(*a.minute);
    if (a.outcome) {
      out += fmt::format("<p><strong>Outcome:</strong> {}.</p>\n", outcome_words(*a.outcome));
    }
    out += "</div>\n";
  }
  return out;
}

std::string pack_tracker_html(const BoardDef& board, Date at,
                              const std::vector<TrackedAction>& actions) {
  int overdue = 0;
  for (const auto& t : actions) overdue += t.overdue ? 1 : 0;
  std::string out = fmt::format(
      "<h3>{} action tracker</h3>\n<p>{} actions as at {}; {} overdue (open or unconfirmed past "
      "their deadline).</p>\n",
      html_escape(board.name), actions.size(), html_escape(pack_long_date(at)), overdue);
  if (actions.empty()) return out;
  std::string rows;
  for (const TrackedAction& t : actions) {
    const ActionRecord& a = t.action;
    rows += fmt::format(
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}{}</td></tr>\n",
        t.overdue ? " class=\"pack-overdue\"" : "", html_escape(a.item.value_or("")),
        html_escape(a.meeting_date), html_escape(a.subject), html_escape(a.action),
        html_escape(a.lead), html_escape(a.deadline), html_escape(a.progress.value_or("")),
        status_words(a.status), t.overdue ? " <strong>(overdue)</strong>" : "");
  }
  out += scroll_region(
      "Action tracker",
      fmt::format("<table class=\"pack-tracker\"><caption>Action tracker</caption><tr><th "
                  "scope=\"col\">Agenda item</th><th scope=\"col\">Meeting</th><th "
                  "scope=\"col\">Subject</th><th scope=\"col\">Action</th><th "
                  "scope=\"col\">Lead</th><th scope=\"col\">Deadline</th><th "
                  "scope=\"col\">Progress</th><th scope=\"col\">Status</th></tr>\n{}</table>\n",
                  rows));
  return out;
}

}  // namespace bc::report
