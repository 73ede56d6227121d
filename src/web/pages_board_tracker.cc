// A board's action tracker and forward plan (docs/governance.md), for
// board members and officers. The tracker as at a date, filtered by
// status, lead or overdue, with overdue actions marked in words as well
// as colour; each action's page shows its history. A board officer adds
// actions on the tracker and updates an action's progress, status and
// deadline on its page (an audited one-row
// import, kept in the action's history). The forward plan: the key
// decisions and Part 2 items of the meetings still to be held, with when
// they went on the plan against the latest day they could.
#include <fmt/format.h>

#include <map>

#include "governance/calendar.h"
#include "governance/notice.h"
#include "governance/tracker.h"
#include "ingest/board_records.h"
#include "present/csv.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr std::string_view kActionStatuses[] = {"open", "complete", "forward_plan", "unconfirmed"};

struct TrackerFilter {
  Date at;
  std::string status, lead;
  bool overdue = false;
};

Result<TrackerFilter> tracker_filter(const Ctx& ctx) {
  TrackerFilter f;
  auto at = param_or(ctx, "at");
  if (!at.ok()) return at.status();
  f.at = Date::today_utc();
  if (!at->empty()) {
    auto d = Date::parse(*at);
    if (!d.ok()) return Status::invalid_argument("at: " + d.error());
    f.at = *d;
  }
  auto status = param_or(ctx, "status");
  if (!status.ok()) return status.status();
  if (!status->empty() && std::find(std::begin(kActionStatuses), std::end(kActionStatuses),
                                    *status) == std::end(kActionStatuses)) {
    return Status::invalid_argument("status: one of open, complete, forward_plan, unconfirmed");
  }
  f.status = *status;
  auto lead = param_or(ctx, "lead");
  if (!lead.ok()) return lead.status();
  f.lead = *lead;
  auto overdue = param_or(ctx, "overdue");
  if (!overdue.ok()) return overdue.status();
  f.overdue = *overdue == "1";
  return f;
}

std::string filter_form(const BoardDef& b, const TrackerFilter& f) {
  return fmt::format(
      "<form class=\"controls tracker-filter\" method=\"get\" action=\"/board/{0}/actions\"><div "
      "class=\"field\"><label for=\"at\">As at</label><input type=\"date\" id=\"at\" name=\"at\" "
      "value=\"{1}\"></div><div class=\"field\"><label for=\"status\">Status</label><select "
      "id=\"status\" name=\"status\">{2}</select></div><div class=\"field\"><label "
      "for=\"lead\">Lead</label><input type=\"text\" id=\"lead\" name=\"lead\" value=\"{3}\">"
      "</div><div class=\"field\"><input type=\"checkbox\" id=\"overdue\" name=\"overdue\" "
      "value=\"1\"{4}><label for=\"overdue\">Overdue only</label></div><button "
      "type=\"submit\">Show</button></form>\n",
      html_escape(b.id), f.at.iso(), code_options(kActionStatuses, f.status, "any"),
      html_escape(f.lead), f.overdue ? " checked" : "");
}

// The officer's form for a new action, set at one of the board's meetings.
std::string new_action_form(const Ctx& ctx, const BoardDef& b,
                            const std::vector<MeetingRecord>& meetings) {
  std::string options;
  for (auto it = meetings.rbegin(); it != meetings.rend(); ++it) {
    options += fmt::format("<option value=\"{0}\">{0} ({1})</option>", it->meeting_date,
                           html_escape(it->status));
  }
  auto text = [](const char* id, const char* label) {
    return fmt::format(
        "<div class=\"field\"><label for=\"new-{0}\">{1}</label><input type=\"text\" "
        "id=\"new-{0}\" name=\"{0}\"></div>",
        id, label);
  };
  return fmt::format(
      "<h2>A new action</h2><form method=\"post\" action=\"/board/{}/actions\" "
      "class=\"board-edit\">{}{}<div class=\"field\"><label for=\"new-meeting\">Set at the "
      "meeting of</label><select id=\"new-meeting\" name=\"meeting_date\">{}</select></div>{}{}"
      "{}{}<div class=\"field\"><label for=\"new-deadline\">Deadline</label><input "
      "type=\"date\" id=\"new-deadline\" name=\"deadline\"></div><button type=\"submit\">Add "
      "the action</button></form>\n",
      html_escape(b.id), csrf_input(ctx), text("action_id", "Action id (e.g. JCB-A9)"), options,
      text("item", "Agenda item"), text("subject", "Subject"), text("action", "Action"),
      text("lead", "Lead"));
}

// The tracker as the filters ask, with the officer's form for a new
// action, and the form's refusal (`error`) over it.
Status render_tracker(Ctx& ctx, const BoardDef& board, const std::string& error, int status) {
  auto f = tracker_filter(ctx);
  if (!f.ok()) return f.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto actions = actions_as_at(**store, board.id, f->at, f->overdue);
  if (!actions.ok()) return actions.status();
  PageOptions po;
  po.title = board.name + ": action tracker";
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string rows;
  int shown = 0, overdue = 0;
  for (const TrackedAction& t : *actions) {
    const ActionRecord& a = t.action;
    if (!f->status.empty() && a.status != f->status) continue;
    if (!f->lead.empty() && a.lead.find(f->lead) == std::string::npos) continue;
    ++shown;
    overdue += t.overdue ? 1 : 0;
    rows += fmt::format(
        "<tr data-action=\"{0}\"{1}><td><a href=\"/board/{2}/actions/{0}\">{0}</a></td><td>{3}"
        "</td><td>{4}</td><td>{5}</td><td>{6}</td><td>{7}</td><td>{8}</td><td>{9}</td><td>{10}"
        "</td></tr>\n",
        html_escape(a.action_id), t.overdue ? " class=\"overdue\"" : "", html_escape(a.board),
        a.meeting_date, html_escape(a.item.value_or("-")), html_escape(a.action),
        html_escape(a.lead), a.deadline, html_escape(a.progress.value_or("")),
        html_escape(present::code_words(a.status)), t.overdue ? "<strong>Overdue</strong>" : "no");
  }
  std::string body = form_error_html(error) + board_links_html(board) + filter_form(board, *f);
  body += fmt::format(
      "<p class=\"summary\" data-actions=\"{0}\" data-overdue=\"{1}\"><strong>{0}</strong> "
      "actions shown as at {2}, <strong>{1}</strong> overdue (open or unconfirmed, and past "
      "their deadline).</p>\n",
      shown, overdue, f->at.iso());
  if (shown == 0) {
    body += "<p class=\"muted\">No action matches.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Action tracker\">"
        "<table class=\"data tracker\"><thead><tr><th scope=\"col\">Action</th><th "
        "scope=\"col\">Meeting</th><th scope=\"col\">Item</th><th scope=\"col\">What</th><th "
        "scope=\"col\">Lead</th><th scope=\"col\">Deadline</th><th scope=\"col\">Progress</th><th "
        "scope=\"col\">Status</th><th scope=\"col\">Overdue</th></tr></thead><tbody>\n" +
        rows + "</tbody></table></div>\n";
  }
  if (may(ctx.user(), Capability::kBoardEdit)) {
    auto meetings = read_meetings(**store, board.id);
    if (!meetings.ok()) return meetings.status();
    body += new_action_form(ctx, board, *meetings);
  }
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Status tracker_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the boards' business"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  return render_tracker(ctx, **b, "", 200);
}

// A new action: its id must be new (an existing one is updated on its own
// page), and it is open.
Status add_action(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardEdit, "the boards' business to edit"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  std::map<std::string, std::string> f;
  for (const char* name : {"action_id", "meeting_date", "item", "subject", "lead", "deadline"}) {
    auto v = long_field(ctx, name, 300);
    if (!v.ok()) return v.status();
    f[name] = v->value_or("");
  }
  auto action = long_field(ctx, "action", 2000);
  if (!action.ok()) return action.status();
  f["action"] = action->value_or("");
  bool exists = false;
  {  // the lease goes back before the import takes its own
    auto store = ctx.app.store();
    if (!store.ok()) return store.status();
    auto actions = read_actions(**store, (*b)->id);
    if (!actions.ok()) return actions.status();
    for (const ActionRecord& a : *actions) exists |= a.action_id == f["action_id"];
  }
  Status s = exists
                 ? Status::invalid_data(fmt::format(
                       "action_id: {}: already an action of {}; update it on its own page",
                       f["action_id"], (*b)->id))
                 : import_board_edit(
                       ctx, FileKind::kActions,
                       present::csv_line({"action_id", "board", "meeting_date", "item", "subject",
                                          "action", "lead", "deadline", "progress", "status"}) +
                           present::csv_line({f["action_id"], (*b)->id, f["meeting_date"],
                                              f["item"], f["subject"], f["action"], f["lead"],
                                              f["deadline"], "", "open"}),
                       "add_board_action",
                       fmt::format("{} {}: due {}", (*b)->id, f["action_id"], f["deadline"]));
  if (s.ok()) {
    see_other(ctx, fmt::format("/board/{}/actions/{}", (*b)->id, url_encode(f["action_id"])));
    return Status();
  }
  if (s.code() != StatusCode::kInvalidData) return s;
  return render_tracker(ctx, **b, s.message(), 422);
}

Status render_action(Ctx& ctx, const BoardDef& b, const std::string& id, const std::string& error,
                     int status) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto actions = read_actions(**store, b.id);
  if (!actions.ok()) return actions.status();
  const ActionRecord* a = nullptr;
  for (const ActionRecord& x : *actions) a = x.action_id == id ? &x : a;
  if (a == nullptr) return Status::not_found(fmt::format("no action {} of {}", id, b.id));
  auto history = read_action_history(**store, id);
  if (!history.ok()) return history.status();
  PageOptions po;
  po.title = fmt::format("{}: action {}", b.name, id);
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string body = form_error_html(error) + board_links_html(b);
  body += fmt::format(
      "<dl class=\"action\"><dt>Set at</dt><dd><a href=\"/board/{0}/meetings/{1}\">{1}</a>, item "
      "{2}</dd><dt>Subject</dt><dd>{3}</dd><dt>Action</dt><dd>{4}</dd><dt>Lead</dt><dd>{5}</dd>"
      "<dt>Deadline</dt><dd>{6}</dd><dt>Progress</dt><dd>{7}</dd><dt>Status</dt><dd>{8}</dd></"
      "dl>\n",
      html_escape(b.id), a->meeting_date, html_escape(a->item.value_or("-")),
      html_escape(a->subject), html_escape(a->action), html_escape(a->lead), a->deadline,
      html_escape(a->progress.value_or("")), html_escape(present::code_words(a->status)));
  body +=
      "<h2>History</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"History\"><table class=\"data history\"><thead><tr><th "
      "scope=\"col\">Recorded</th><th scope=\"col\">By</th><th scope=\"col\">Deadline</th><th "
      "scope=\"col\">Progress</th><th scope=\"col\">Status</th></tr></thead><tbody>\n";
  for (const ActionHistoryRecord& h : *history) {
    body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        html_escape(h.imported_at), html_escape(h.imported_by), h.deadline,
                        html_escape(h.progress.value_or("")),
                        html_escape(present::code_words(h.status)));
  }
  body += "</tbody></table></div>\n";
  if (may(ctx.user(), Capability::kBoardEdit)) {
    body += fmt::format(
        "<h2>Update the action</h2><form method=\"post\" action=\"/board/{0}/actions/{1}\" "
        "class=\"board-edit\">{2}<div class=\"field\"><label for=\"progress\">Progress</label>"
        "<textarea id=\"progress\" name=\"progress\" rows=\"3\">{3}</textarea></div><div "
        "class=\"field\"><label for=\"action-status\">Status</label><select id=\"action-status\" "
        "name=\"status\">{4}</select></div><div class=\"field\"><label "
        "for=\"deadline\">Deadline</label><input type=\"date\" id=\"deadline\" name=\"deadline\" "
        "value=\"{5}\"></div><button type=\"submit\">Update action {1}</button></form>\n",
        html_escape(b.id), html_escape(id), csrf_input(ctx), html_escape(a->progress.value_or("")),
        code_options(kActionStatuses, a->status), a->deadline);
  }
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Status action_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the boards' business"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  return render_action(ctx, **b, ctx.req.matches[2].str(), "", 200);
}

Status update_action(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardEdit, "the boards' business to edit"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  const std::string id = ctx.req.matches[2].str();
  auto progress = long_field(ctx, "progress", 2000);
  if (!progress.ok()) return progress.status();
  auto status = param_or(ctx, "status");
  if (!status.ok()) return status.status();
  auto deadline = param_or(ctx, "deadline");
  if (!deadline.ok()) return deadline.status();
  std::optional<ActionRecord> found;
  {  // the lease goes back before the import takes its own
    auto store = ctx.app.store();
    if (!store.ok()) return store.status();
    auto actions = read_actions(**store, (*b)->id);
    if (!actions.ok()) return actions.status();
    for (const ActionRecord& x : *actions) {
      if (x.action_id == id) found = x;
    }
  }
  if (!found) return Status::not_found(fmt::format("no action {} of {}", id, (*b)->id));
  const ActionRecord& a = *found;
  const std::string csv =
      present::csv_line({"action_id", "board", "meeting_date", "item", "subject", "action", "lead",
                         "deadline", "progress", "status"}) +
      present::csv_line({a.action_id, a.board, a.meeting_date, a.item.value_or(""), a.subject,
                         a.action, a.lead, *deadline, progress->value_or(""), *status});
  Status s = import_board_edit(ctx, FileKind::kActions, csv, "update_board_action",
                               fmt::format("{} {}: {}, due {}", (*b)->id, id, *status, *deadline));
  if (s.ok()) {
    see_other(ctx, fmt::format("/board/{}/actions/{}", (*b)->id, id));
    return Status();
  }
  if (s.code() != StatusCode::kInvalidData) return s;
  return render_action(ctx, **b, id, s.message(), 422);
}

Status forward_plan_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the boards' business"); !s.ok())
    return s;
  auto b = board_in_path(ctx.req.matches[1].str());
  if (!b.ok()) return b.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto meetings = read_meetings(**store, (*b)->id);
  if (!meetings.ok()) return meetings.status();
  PageOptions po;
  po.title = (*b)->name + ": forward plan";
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string body = board_links_html(**b);
  body += fmt::format(
      "<p class=\"lead\">Key decisions and private (Part 2) items of the meetings still to be "
      "held: each must be on the forward plan {} days before its meeting.</p>\n",
      (*b)->notice.key_decision_days);
  std::string rows;
  for (const MeetingRecord& m : *meetings) {
    if (m.status != "scheduled") continue;
    auto day = Date::parse(m.meeting_date);
    if (!day.ok()) return day.status();
    auto notice = meeting_notice(**store, **b, WorkingCalendar::england(), *day, Date::today_utc());
    if (!notice.ok()) return notice.status();
    for (const ItemNotice& n : notice->items) {
      if (!n.key_decision && !n.part2) continue;
      rows += fmt::format(
          "<tr{0}><td><a href=\"/board/{1}/meetings/{2}\">{2}</a></td><td>{3}</td><td>{4}</td>"
          "<td>{5}</td><td>{6}</td><td>{7}</td><td>{8}</td></tr>\n",
          n.late_notice ? " class=\"overdue\"" : "", html_escape((*b)->id), m.meeting_date,
          html_escape(n.item), html_escape(n.title),
          n.key_decision && n.part2 ? "key decision, Part 2"
          : n.key_decision          ? "key decision"
                                    : "Part 2",
          n.forward_plan ? n.forward_plan->iso() : "not on the plan",
          n.latest_notice ? n.latest_notice->iso() : "-",
          n.late_notice ? "<strong>Late</strong>" : "in time");
    }
  }
  if (rows.empty()) {
    body +=
        "<p class=\"muted\">No key decision or Part 2 item is on a meeting still to be held.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Forward plan\">"
        "<table class=\"data forward-plan\"><thead><tr><th scope=\"col\">Meeting</th><th "
        "scope=\"col\">Item</th><th scope=\"col\">Title</th><th scope=\"col\">Kind</th><th "
        "scope=\"col\">On the plan</th><th scope=\"col\">Latest</th><th "
        "scope=\"col\">Notice</th></tr></thead><tbody>\n" +
        rows + "</tbody></table></div>\n";
  }
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_board_tracker_pages(Router& r) {
  r.get(R"(/board/([A-Za-z0-9_-]{1,32})/actions)", tracker_page);
  r.post(R"(/board/([A-Za-z0-9_-]{1,32})/actions)", add_action);
  r.get(R"(/board/([A-Za-z0-9_-]{1,32})/actions/([A-Za-z0-9_.-]{1,64}))", action_page);
  r.post(R"(/board/([A-Za-z0-9_-]{1,32})/actions/([A-Za-z0-9_.-]{1,64}))", update_action);
  r.get(R"(/board/([A-Za-z0-9_-]{1,32})/forward-plan)", forward_plan_page);
}

}  // namespace bc::web
