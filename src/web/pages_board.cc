// The boards' business for board members and officers
// (docs/governance.md): each board's meetings; a meeting's agenda with
// its notice checks, quorum per item, attendance, declarations, decisions
// and minutes. A board officer records attendance, declarations of
// interest and each item's decision and minute here: each change is a one-row import with every
// import's checks (a decision at a meeting inquorate for it is refused),
// audited, and kept in the import history.
#include <fmt/format.h>

#include "governance/calendar.h"
#include "governance/notice.h"
#include "governance/quorum.h"
#include "ingest/board_records.h"
#include "ingest/importer.h"
#include "present/csv.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "report/import_options.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr std::string_view kOutcomes[] = {"agreed", "agreed_with_changes", "deferred",
                                          "referred_back", "noted"};
constexpr std::string_view kAttended[] = {"present", "apologies", "absent"};
constexpr size_t kMaxMinute = 20000;

Status board_index(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the boards' business"); !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  PageOptions po;
  po.title = "Boards";
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string body =
      "<p class=\"lead\">The boards' meetings, agendas, attendance, declarations and "
      "decisions, their action trackers and forward plans; and <a href=\"/plan\">the "
      "commissioning plan's workstreams</a>.</p>\n";
  for (const BoardDef& b : BoardsConfig::builtin().boards) {
    auto meetings = read_meetings(**store, b.id);
    if (!meetings.ok()) return meetings.status();
    body += board_links_html(b);
    if (meetings->empty()) {
      body += "<p class=\"muted\">No meeting is recorded.</p>\n";
      continue;
    }
    body += fmt::format(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{} meetings\">"
        "<table class=\"data meetings\"><thead><tr><th scope=\"col\">Meeting</th><th "
        "scope=\"col\">Status</th><th scope=\"col\">Location</th></tr></thead><tbody>\n",
        html_escape(b.id));
    for (auto it = meetings->rbegin(); it != meetings->rend(); ++it) {
      body += fmt::format(
          "<tr data-meeting=\"{0}\"><td><a href=\"/board/{1}/meetings/{0}\">{0}</a></td><td>{2}"
          "</td><td>{3}</td></tr>\n",
          it->meeting_date, html_escape(b.id), html_escape(it->status),
          html_escape(it->location.value_or("")));
    }
    body += "</tbody></table></div>\n";
  }
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

std::string agenda_html(const std::vector<AgendaItemRecord>& items, const MeetingNotice& notice,
                        const MeetingQuorum& quorum) {
  std::string out =
      "<h2>Agenda</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Agenda\"><table class=\"data agenda\"><thead><tr><th "
      "scope=\"col\">Item</th><th scope=\"col\">Title</th><th scope=\"col\">Type</th><th "
      "scope=\"col\">Paper published</th><th scope=\"col\">Notice</th><th "
      "scope=\"col\">Quorate</th><th scope=\"col\">Outcome</th></tr></thead><tbody>\n";
  for (const AgendaItemRecord& a : items) {
    std::string notes;
    for (const ItemNotice& n : notice.items) {
      if (n.item != a.item) continue;
      for (const std::string& w : n.warnings) notes += "<li>" + html_escape(w) + "</li>";
    }
    std::string quorate = "-";
    for (const ItemQuorum& q : quorum.items) {
      if (q.item == a.item)
        quorate = q.quorate ? "yes" : "<strong>no</strong>: " + html_escape(q.reason);
    }
    std::string type = html_escape(a.type);
    if (a.key_decision) type += ", key decision";
    if (a.part2) type += ", Part 2 (" + html_escape(a.exemption.value_or("")) + ")";
    out += fmt::format(
        "<tr data-item=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td>"
        "<td>{5}</td><td>{6}</td></tr>\n",
        html_escape(a.item), html_escape(a.title), type,
        html_escape(a.published_date.value_or("-")),
        notes.empty() ? "in time" : "<ul class=\"warnings\">" + notes + "</ul>", quorate,
        html_escape(present::code_words(a.outcome.value_or("-"))));
  }
  return out + "</tbody></table></div>\n";
}

std::string attendance_html(const std::vector<BoardMemberRecord>& members,
                            const std::vector<AttendanceRecord>& attendance) {
  std::string out =
      "<h2>Attendance</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Attendance\"><table class=\"data attendance\"><thead><tr><th "
      "scope=\"col\">Member</th><th scope=\"col\">Partner</th><th scope=\"col\">Role</th><th "
      "scope=\"col\">Attended</th></tr></thead><tbody>\n";
  for (const AttendanceRecord& a : attendance) {
    std::string name = a.member_id, partner, role;
    for (const BoardMemberRecord& m : members) {
      if (m.member_id != a.member_id) continue;
      name = m.name;
      partner = m.partner_code;
      role = present::code_words(m.role) + (m.deputy_for ? " for " + *m.deputy_for : "");
    }
    out += fmt::format("<tr data-member=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       html_escape(a.member_id), html_escape(name), html_escape(partner),
                       html_escape(role), html_escape(a.attended));
  }
  return out + "</tbody></table></div>\n";
}

// The officer's forms: one member's attendance, a declaration of interest,
// and each item's decision and minute.
std::string officer_forms(const Ctx& ctx, const BoardDef& b, const std::string& date,
                          const std::vector<AgendaItemRecord>& items,
                          const std::vector<BoardMemberRecord>& members) {
  const std::string base = fmt::format("/board/{}/meetings/{}", html_escape(b.id), date);
  std::string out = "<h2>Record the meeting</h2>";
  std::string options;
  for (const BoardMemberRecord& m : members) {
    options += fmt::format("<option value=\"{}\">{} ({})</option>", html_escape(m.member_id),
                           html_escape(m.name), html_escape(present::code_words(m.role)));
  }
  out += fmt::format(
      "<form method=\"post\" action=\"{}/attendance\" class=\"board-edit\">{}<fieldset><legend>"
      "Attendance</legend><div class=\"field\"><label for=\"att-member\">Member</label><select "
      "id=\"att-member\" name=\"member_id\">{}</select></div><div class=\"field\"><label "
      "for=\"att-attended\">Attended</label><select id=\"att-attended\" "
      "name=\"attended\">{}</select></div></fieldset><button type=\"submit\">Record "
      "attendance</button></form>\n",
      base, csrf_input(ctx), options, code_options(kAttended));
  std::string item_options;
  for (const AgendaItemRecord& a : items) {
    item_options += fmt::format("<option value=\"{0}\">{0}: {1}</option>", html_escape(a.item),
                                html_escape(a.title));
  }
  out += fmt::format(
      "<form method=\"post\" action=\"{}/declarations\" class=\"board-edit\">{}<fieldset>"
      "<legend>Declaration of interest</legend><div class=\"field\"><label for=\"dec-item\">"
      "Item</label><select id=\"dec-item\" name=\"item\">{}</select></div><div "
      "class=\"field\"><label for=\"dec-member\">Member</label><select id=\"dec-member\" "
      "name=\"member_id\">{}</select></div><div class=\"field\"><label "
      "for=\"dec-interest\">Interest</label><input type=\"text\" id=\"dec-interest\" "
      "name=\"interest\"></div><div class=\"field\"><input type=\"checkbox\" "
      "id=\"dec-prejudicial\" name=\"prejudicial\" value=\"Y\"><label "
      "for=\"dec-prejudicial\">Prejudicial: the member withdraws from the item</label></div>"
      "</fieldset><button type=\"submit\">Record the declaration</button></form>\n",
      base, csrf_input(ctx), item_options, options);
  for (const AgendaItemRecord& a : items) {
    const std::string id = "item-" + html_escape(a.item);
    out += fmt::format(
        "<form method=\"post\" action=\"{0}/items/{1}\" class=\"board-edit\">{2}<fieldset>"
        "<legend>Item {1}: {3}</legend><div class=\"field\"><label for=\"{4}-outcome\">Outcome"
        "</label><select id=\"{4}-outcome\" name=\"outcome\">{5}</select></div><div "
        "class=\"field\"><label for=\"{4}-minute\">Minute</label><textarea id=\"{4}-minute\" "
        "name=\"minute\" rows=\"4\">{6}</textarea></div></fieldset><button "
        "type=\"submit\">Record item {1}</button></form>\n",
        base, html_escape(a.item), csrf_input(ctx), html_escape(a.title), id,
        code_options(kOutcomes, a.outcome.value_or(""), "none yet"),
        html_escape(a.minute.value_or("")));
  }
  return out;
}

Status render_meeting(Ctx& ctx, const BoardDef& b, const std::string& date,
                      const std::string& error, int status) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto meeting = find_meeting(**store, b.id, date);
  if (!meeting.ok()) return meeting.status();
  if (!*meeting) {
    return Status::not_found(fmt::format("no {} meeting on {}", b.id, html_escape(date)));
  }
  auto items = read_agenda(**store, b.id, date);
  if (!items.ok()) return items.status();
  auto members = read_board_members(**store, b.id);
  if (!members.ok()) return members.status();
  auto attendance = read_attendance(**store, b.id, date);
  if (!attendance.ok()) return attendance.status();
  auto declarations = read_declarations(**store, b.id, date);
  if (!declarations.ok()) return declarations.status();
  auto quorum = meeting_quorum(**store, b, date);
  if (!quorum.ok()) return quorum.status();
  auto day = Date::parse(date);
  if (!day.ok()) return day.status();
  auto notice = meeting_notice(**store, b, WorkingCalendar::england(), *day, Date::today_utc());
  if (!notice.ok()) return notice.status();

  PageOptions po;
  po.title = fmt::format("{}: meeting of {}", b.name, date);
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string body = form_error_html(error) + board_links_html(b);
  body += fmt::format(
      "<p class=\"summary\">Status: <strong>{}</strong>{}{}. Quorum: <strong>{}</strong> "
      "({}).</p>\n",
      html_escape((*meeting)->status),
      (*meeting)->location ? ", at " + html_escape(*(*meeting)->location) : "",
      (*meeting)->chair ? ", chaired by " + html_escape(*(*meeting)->chair) : "",
      quorum->quorate ? "quorate" : "inquorate", html_escape(quorum->reason));
  body += agenda_html(*items, *notice, *quorum);
  body += "<h2>Decisions and minutes</h2>";
  bool any = false;
  for (const AgendaItemRecord& a : *items) {
    if (!a.outcome && !a.minute) continue;
    any = true;
    body += fmt::format("<h3>Item {}: {}</h3><p>Outcome: <strong>{}</strong></p>",
                        html_escape(a.item), html_escape(a.title),
                        html_escape(present::code_words(a.outcome.value_or("none recorded"))));
    if (a.minute) body += "<p class=\"minute\">" + html_escape(*a.minute) + "</p>";
  }
  if (!any) body += "<p class=\"muted\">No decision or minute is recorded.</p>";
  body += attendance_html(*members, *attendance);
  body += "<h2>Declarations of interest</h2>";
  if (declarations->empty()) body += "<p class=\"muted\">None declared.</p>";
  for (const DeclarationRecord& d : *declarations) {
    body += fmt::format("<p>Item {}: {} declared {}{}.</p>", html_escape(d.item),
                        html_escape(d.member_id), html_escape(d.interest),
                        d.prejudicial ? " (prejudicial: withdrew from the item)" : "");
  }
  if (may(ctx.user(), Capability::kBoardEdit)) {
    body += officer_forms(ctx, b, date, *items, *members);
  }
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Status meeting_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the boards' business"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  return render_meeting(ctx, **b, ctx.req.matches[2].str(), "", 200);
}

// A form field of at most `max` bytes ("" when absent).
Result<std::string> field(const Ctx& ctx, const std::string& name, size_t max) {
  auto v = long_field(ctx, name, max);
  if (!v.ok()) return v.status();
  return v->value_or("");
}

// The refusal of an edit, shown on the meeting page; anything else is the
// router's to answer.
Status edit_result(Ctx& ctx, const BoardDef& b, const std::string& date, Status s) {
  if (s.ok()) {
    see_other(ctx, fmt::format("/board/{}/meetings/{}", b.id, date));
    return Status();
  }
  if (s.code() != StatusCode::kInvalidData) return s;
  return render_meeting(ctx, b, date, s.message(), 422);
}

Status record_item(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardEdit, "the boards' business to edit"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  const std::string date = ctx.req.matches[2].str(), item = ctx.req.matches[3].str();
  auto outcome = field(ctx, "outcome", 40);
  if (!outcome.ok()) return outcome.status();
  auto minute = field(ctx, "minute", kMaxMinute);
  if (!minute.ok()) return minute.status();
  std::vector<AgendaItemRecord> items;
  {  // the lease goes back before the import takes its own
    auto store = ctx.app.store();
    if (!store.ok()) return store.status();
    auto read = read_agenda(**store, (*b)->id, date);
    if (!read.ok()) return read.status();
    items = std::move(*read);
  }
  const AgendaItemRecord* a = nullptr;
  for (const AgendaItemRecord& i : items) a = i.item == item ? &i : a;
  if (a == nullptr) {
    return Status::not_found(
        fmt::format("no item {} on the agenda of {} {}", item, (*b)->id, date));
  }
  auto yn = [](bool v) { return std::string(v ? "Y" : "N"); };
  std::string csv = present::csv_line({"board", "meeting_date", "item", "title", "type",
                                       "key_decision", "part2", "exemption", "published_date",
                                       "forward_plan_date", "outcome", "lead", "paper", "author",
                                       "minute", "attachment", "scheme_code", "report_quarter"});
  csv += present::csv_line(
      {a->board, a->meeting_date, a->item, a->title, a->type, yn(a->key_decision), yn(a->part2),
       a->exemption.value_or(""), a->published_date.value_or(""), a->forward_plan_date.value_or(""),
       *outcome, a->lead.value_or(""), a->paper.value_or(""), a->author.value_or(""), *minute,
       a->attachment.value_or(""), a->scheme_code.value_or(""), a->report_quarter.value_or("")});
  Status s = import_board_edit(ctx, FileKind::kAgendaItems, csv, "record_board_decision",
                               fmt::format("{} {} item {}: {}", (*b)->id, date, item,
                                           outcome->empty() ? "no outcome" : *outcome));
  return edit_result(ctx, **b, date, s);
}

Status record_attendance(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardEdit, "the boards' business to edit"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  const std::string date = ctx.req.matches[2].str();
  auto member = field(ctx, "member_id", 64);
  if (!member.ok()) return member.status();
  auto attended = field(ctx, "attended", 20);
  if (!attended.ok()) return attended.status();
  const std::string csv = present::csv_line({"board", "meeting_date", "member_id", "attended"}) +
                          present::csv_line({(*b)->id, date, *member, *attended});
  Status s = import_board_edit(ctx, FileKind::kAttendance, csv, "record_board_attendance",
                               fmt::format("{} {}: {} {}", (*b)->id, date, *member, *attended));
  return edit_result(ctx, **b, date, s);
}

Status record_declaration(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardEdit, "the boards' business to edit"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  const std::string date = ctx.req.matches[2].str();
  auto item = field(ctx, "item", 16);
  if (!item.ok()) return item.status();
  auto member = field(ctx, "member_id", 64);
  if (!member.ok()) return member.status();
  auto interest = field(ctx, "interest", 1000);
  if (!interest.ok()) return interest.status();
  auto prejudicial = field(ctx, "prejudicial", 1);
  if (!prejudicial.ok()) return prejudicial.status();
  const std::string yn = *prejudicial == "Y" ? "Y" : "N";
  const std::string csv =
      present::csv_line({"board", "meeting_date", "item", "member_id", "interest", "prejudicial"}) +
      present::csv_line({(*b)->id, date, *item, *member, *interest, yn});
  Status s = import_board_edit(ctx, FileKind::kDeclarations, csv, "record_board_declaration",
                               fmt::format("{} {} item {}: {}{}", (*b)->id, date, *item, *member,
                                           yn == "Y" ? " (prejudicial)" : ""));
  return edit_result(ctx, **b, date, s);
}

}  // namespace

Result<const BoardDef*> board_in_path(const std::string& id) {
  if (const BoardDef* b = BoardsConfig::builtin().find(id)) return b;
  return Status::not_found(fmt::format("no board {}", id));
}

std::string board_links_html(const BoardDef& b) {
  const std::string id = html_escape(b.id);
  return fmt::format(
      "<h2 id=\"board-{0}\">{1}</h2><p class=\"board-links\"><a href=\"/board#board-{0}\">Meetings"
      "</a> &middot; <a href=\"/board/{0}/actions\">Action tracker</a> &middot; <a "
      "href=\"/board/{0}/forward-plan\">Forward plan</a></p>\n",
      id, html_escape(b.name));
}

Status import_board_edit(Ctx& ctx, FileKind kind, const std::string& csv, const std::string& action,
                         const std::string& subject) {
  if (Status s = ctx.audit(action, subject); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  const std::string name = std::string(spec_of(kind).name) + ".csv";
  auto r = import_batch(**store, {{name, kind, csv}},
                        report::standard_import_options("web:" + ctx.user().name));
  if (!r.ok()) return r.status();
  if (r->committed) return Status();
  std::string problems;
  for (const Problem& p : r->errors) problems += (problems.empty() ? "" : "\n") + p.to_string();
  return Status::invalid_data(problems);
}

void add_board_pages(Router& r) {
  r.get(R"(/board)", board_index);
  r.get(R"(/board/([A-Za-z0-9_-]{1,32})/meetings/(\d{4}-\d{2}-\d{2}))", meeting_page);
  r.post(
      R"(/board/([A-Za-z0-9_-]{1,32})/meetings/(\d{4}-\d{2}-\d{2})/items/([0-9][0-9A-Za-z.]{0,15}))",
      record_item);
  r.post(R"(/board/([A-Za-z0-9_-]{1,32})/meetings/(\d{4}-\d{2}-\d{2})/attendance)",
         record_attendance);
  r.post(R"(/board/([A-Za-z0-9_-]{1,32})/meetings/(\d{4}-\d{2}-\d{2})/declarations)",
         record_declaration);
}

}  // namespace bc::web
