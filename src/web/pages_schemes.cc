// Schemes' quarterly reports: every scheme's latest report per quarter with
// its sign-off state, and each report rendered by the report module with its
// state, its history and what the user may do next:
//   scheme lead (of that scheme)  edit the text (a new draft version once the
//                                 boards have it) and submit a draft;
//   board                         record the next JCB / HWB step.
// The workflow's rules (order, dates, immutability) are the programme
// module's; a refused step comes back as InvalidData (409) and changes
// nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "present/html_escape.h"
#include "programme/scheme_report.h"
#include "programme/schemes.h"
#include "report/html.h"
#include "report/performance_report.h"
#include "report/scheme_report_html.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

std::string state_label(ReportState s) {
  switch (s) {
    case ReportState::kDraft:
      return "Draft";
    case ReportState::kSubmitted:
      return "Submitted";
    case ReportState::kReceivedByJcb:
      return "Received by the JCB";
    case ReportState::kSignedOffByJcb:
      return "Signed off by the JCB";
    case ReportState::kReceivedByHwb:
      return "Received by the HWB";
    case ReportState::kSignedOffByHwb:
      return "Signed off by the HWB";
  }
  return std::string(state_name(s));
}

std::string state_badge(ReportState s) {
  return fmt::format("<span class=\"badge state-{}\" data-state=\"{}\">{}</span>", state_name(s),
                     state_name(s), html_escape(state_label(s)));
}

// The quarter after "2017/18:Q4": "2018/19:Q1".
std::string next_quarter(const std::string& quarter) {
  auto q = Period::parse_quarter(quarter);
  if (!q.ok()) return quarter;
  const int n = q->fiscal_quarter();
  const FinancialYear fy = q->fiscal_year();
  return (n < 4 ? Period::quarter(fy, n + 1) : Period::quarter(fy.next(), 1)).label();
}

// "2017-18", "4" -> "2017/18:Q4".
std::string quarter_of_url(const std::string& year, const std::string& q) {
  std::string y = year;
  y[4] = '/';
  return y + ":Q" + q;
}

std::string report_path(const std::string& scheme, const std::string& quarter) {
  return "/schemes/" + scheme + "/" + quarter_url_part(quarter);
}

std::string step_button(ReportStep s) {
  switch (s) {
    case ReportStep::kSubmit:
      return "Submit to the boards";
    case ReportStep::kJcbReceive:
      return "Record: received by the JCB";
    case ReportStep::kJcbSignOff:
      return "Record: signed off by the JCB";
    case ReportStep::kHwbReceive:
      return "Record: received by the HWB";
    case ReportStep::kHwbSignOff:
      return "Record: signed off by the HWB";
  }
  return "";
}

// ---- GET /schemes -----------------------------------------------------------

Status schemes_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kSchemeReports, "the schemes' reports"); !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto schemes = list_schemes(**store);
  if (!schemes.ok()) return schemes.status();
  auto reports = list_scheme_reports(**store, std::nullopt, std::nullopt);
  if (!reports.ok()) return reports.status();
  const std::string pt = period_text(ctx);
  const User& u = ctx.user();

  std::set<std::string, std::greater<>> quarters;
  std::map<std::pair<std::string, std::string>, const SchemeReportVersion*> by_cell;
  for (const SchemeReportVersion& r : *reports) {
    quarters.insert(r.quarter);
    by_cell[{r.scheme, r.quarter}] = &r;
  }
  // A lead also sees the quarter after the newest, to start its reports.
  std::string suggested = quarters.empty() ? "" : *quarters.begin();
  if (u.role == Role::kSchemeLead && !quarters.empty()) {
    suggested = next_quarter(*quarters.begin());
    quarters.insert(suggested);
  }

  std::string body =
      "<p class=\"lead\">Each scheme's quarterly report and where it is in the sign-off: draft, "
      "submitted, received and signed off by the Joint Commissioning Board (JCB), then by the "
      "Health and Wellbeing Board (HWB).</p>\n";
  if (u.role == Role::kSchemeLead) {
    std::string mine;
    for (const auto& c : u.schemes) mine += (mine.empty() ? "" : ", ") + c;
    body += "<p class=\"notice info\">You lead " + html_escape(mine) +
            ": open a quarter to write or edit its report, then submit it.</p>\n";
  } else if (may(u, Capability::kBoardSteps)) {
    body +=
        "<p class=\"notice info\">Open a submitted report to record that the JCB or HWB "
        "received or signed it off.</p>\n";
  }

  if (quarters.empty()) {
    body += "<p class=\"muted\">No scheme has a quarterly report yet.</p>\n";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Scheme "
        "reports\"><table class=\"data scheme-reports\"><thead><tr><th "
        "scope=\"col\">Scheme</th>";
    for (const auto& q : quarters) body += "<th scope=\"col\">" + html_escape(q) + "</th>";
    body += "</tr></thead><tbody>\n";
    for (const SchemeInfo& s : *schemes) {
      body += fmt::format("<tr data-scheme=\"{}\"><th scope=\"row\">{} {}</th>",
                          html_escape(s.code), html_escape(s.code), html_escape(s.name));
      for (const auto& q : quarters) {
        auto it = by_cell.find({s.code, q});
        if (it != by_cell.end()) {
          const SchemeReportVersion& r = *it->second;
          body += fmt::format(
              "<td data-quarter=\"{}\" data-state=\"{}\"><a href=\"{}\">{}</a>{}</td>",
              html_escape(q), state_name(r.state), href_attr(report_path(s.code, q), pt),
              state_badge(r.state),
              r.version > 1 ? fmt::format(" <span class=\"note\">v{}</span>", r.version) : "");
        } else if (may_edit_scheme_report(u, s.code)) {
          body += fmt::format("<td data-quarter=\"{}\"><a href=\"{}\">Write</a></td>",
                              html_escape(q), href_attr(report_path(s.code, q), pt));
        } else {
          body += "<td class=\"muted\">-</td>";
        }
      }
      body += "</tr>\n";
    }
    body += "</tbody></table></div>\n";
  }

  // Any scheme and quarter, including one with no report yet.
  body +=
      "<h2>Open a report</h2>\n<form class=\"controls\" method=\"get\" "
      "action=\"/schemes/open\"><input type=\"hidden\" name=\"period\" value=\"" +
      html_escape(pt) +
      "\"><label for=\"scheme\">Scheme</label> <select id=\"scheme\" "
      "name=\"scheme\">";
  bool chosen = false;
  for (const SchemeInfo& s : *schemes) {
    bool mine = may_edit_scheme_report(u, s.code);
    body += fmt::format("<option value=\"{}\"{}>{} {}{}</option>", html_escape(s.code),
                        mine && !chosen ? " selected" : "", html_escape(s.code),
                        html_escape(s.name), mine ? " (yours)" : "");
    chosen |= mine;
  }
  body +=
      "</select> <label for=\"quarter\">Quarter</label> <input id=\"quarter\" "
      "name=\"quarter\" placeholder=\"2017/18:Q4\" size=\"12\" value=\"" +
      html_escape(suggested) + "\"> <button type=\"submit\">Open</button></form>\n";

  PageOptions po;
  po.title = "Schemes";
  po.section = Section::kSchemes;
  po.period_picker = false;  // every quarter is listed, whatever the period
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

// ---- GET /schemes/open ------------------------------------------------------

Status open_report(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kSchemeReports, "the schemes' reports"); !s.ok())
    return s;
  auto scheme = param_or(ctx, "scheme");
  if (!scheme.ok()) return scheme.status();
  auto quarter = param_or(ctx, "quarter");
  if (!quarter.ok()) return quarter.status();
  if (scheme->empty()) return Status::invalid_argument("choose a scheme");
  auto q = Period::parse_quarter(*quarter);
  if (!q.ok()) {
    return Status::invalid_argument(fmt::format("quarter '{}': write it as 2017/18:Q4", *quarter));
  }
  for (char c : *scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      return Status::invalid_argument("a scheme code is letters, digits, '_' or '-'");
  }
  see_other(ctx, link(report_path(*scheme, q->label()), period_text(ctx)));
  return Status();
}

// ---- GET /schemes/<code>/<yyyy-yy>/Q<n> -------------------------------------

struct ReportAddress {
  std::string scheme;   // "CAR"
  Period period;        // 2017/18:Q4
  std::string quarter;  // its label, "2017/18:Q4"
  std::string scheme_name;
};

Result<ReportAddress> address(Ctx& ctx) {
  const std::string scheme_code = ctx.req.matches[1].str();
  auto q =
      Period::parse_quarter(quarter_of_url(ctx.req.matches[2].str(), ctx.req.matches[3].str()));
  if (!q.ok()) return q.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto scheme = find_scheme(**store, scheme_code);
  if (!scheme.ok()) return scheme.status();
  return ReportAddress{scheme_code, *q, q->label(), scheme->name};
}

// The editors: the plain form (holding what was posted, when it was
// refused, else the latest version), and the text form to import a file.
std::string editors(const Ctx& ctx, const ReportAddress& a, const std::string& pt,
                    const SchemeReportVersion* rep, const FormState* posted) {
  const std::string path = report_path(a.scheme, a.quarter);
  std::string out = "<section id=\"edit\" aria-labelledby=\"edit-h\"><h2 id=\"edit-h\">" +
                    std::string(rep ? "Edit the report" : "Write the report") + "</h2>\n";
  if (rep && rep->state != ReportState::kDraft) {
    out += fmt::format(
        "<p class=\"notice info\">Version {} has been {}: it no longer changes. Saving makes "
        "version {}, a new draft, to submit again.</p>\n",
        rep->version, html_escape(std::string(state_description(rep->state))), rep->version + 1);
  }
  const FormState st =
      posted ? *posted : scheme_form_of(rep ? rep->content : SchemeReportContent{});
  out += scheme_form_html(ctx, link(path + "/form", pt, {}), pt, st, ctx.app.config());
  out += scheme_import_form(ctx, link(path + "/edit", pt, {}), pt, rep, a.scheme, a.quarter);
  return out + "</section>\n";
}

std::string step_form(const Ctx& ctx, const ReportAddress& a, const std::string& pt,
                      ReportStep step, bool submit) {
  const std::string action = report_path(a.scheme, a.quarter) + (submit ? "/submit" : "/step");
  std::string out = fmt::format(
      "<form method=\"post\" action=\"{}\" data-confirm=\"{}?\">{}<input type=\"hidden\" "
      "name=\"period\" value=\"{}\">",
      html_escape(action), html_escape(step_button(step)), csrf_input(ctx), html_escape(pt));
  if (!submit)
    out += "<input type=\"hidden\" name=\"step\" value=\"" +
           html_escape(std::string(step_name(step))) + "\">";
  out += fmt::format(
      "<div class=\"form-row\"><label for=\"date-{0}\">Date</label> <input id=\"date-{0}\" "
      "type=\"date\" name=\"date\" value=\"{1}\" max=\"{1}\" required> <label "
      "for=\"note-{0}\">Note</label> <input id=\"note-{0}\" name=\"note\" maxlength=\"200\" "
      "size=\"30\"> <button type=\"submit\">{2}</button></div></form>\n",
      step_name(step), Date::today_utc().iso(), html_escape(step_button(step)));
  return out;
}

// The report's page; `posted`: a refused form to show again, as typed, with
// its refusals under `refused` (status 422).
Status render_report(Ctx& ctx, const FormState* posted, int status,
                     const std::string& refused = "") {
  if (Status s = require(ctx, Capability::kSchemeReports, "the schemes' reports"); !s.ok())
    return s;
  auto a = address(ctx);
  if (!a.ok()) return a.status();
  auto version_text = param_or(ctx, "version");
  if (!version_text.ok()) return version_text.status();
  std::optional<int> version;
  if (!version_text->empty()) {
    const std::string& t = *version_text;
    int v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || v < 1)
      return Status::invalid_argument("version: a whole number from 1");
    version = v;
  }
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  const User& u = ctx.user();
  const std::string pt = period_text(ctx);
  const bool may_edit = may_edit_scheme_report(u, a->scheme);

  std::string body = "<p><a href=\"" + href_attr("/schemes", pt) + "\">All schemes</a>";
  if (may(u, Capability::kFinance))
    body += " &middot; <a href=\"" +
            href_attr("/finance/schemes/" + a->scheme, pt,
                      {{"year", a->period.fiscal_year().label()}}) +
            "\">The scheme's finance</a>";
  body += "</p>\n";
  if (posted != nullptr) {
    body += error_summary_html(*posted, scheme_form_labels(*posted), refused);
  } else if (auto saved = param_or(ctx, "saved"); saved.ok() && !saved->empty()) {
    body += "<p class=\"confirm\" role=\"status\">The draft was saved.</p>\n";
  }

  auto history = scheme_report_history(**store, a->scheme, a->period);
  if (!history.ok() && history.status().code() != StatusCode::kNotFound) return history.status();
  if (!history.ok() || history->empty()) {
    if (!may_edit) {
      return Status::not_found(fmt::format("{} has no report for {} yet", a->scheme, a->quarter));
    }
    body +=
        "<p class=\"notice info\">There is no report for this quarter yet: write it below "
        "and save it as a draft.</p>\n";
    body += editors(ctx, *a, pt, nullptr, posted);
  } else {
    const SchemeReportVersion& latest = history->back();
    body += "<section class=\"report-state\" aria-label=\"State\"><dl class=\"facts\">";
    body += fmt::format("<dt>State</dt><dd data-state=\"{}\">{} (version {}: {})</dd>",
                        state_name(latest.state), state_badge(latest.state), latest.version,
                        html_escape(std::string(state_description(latest.state))));
    body += fmt::format("<dt>Last changed</dt><dd>{} by {}</dd>", html_escape(latest.updated_at),
                        html_escape(latest.updated_by));
    if (history->size() > 1) {
      body += "<dt>Versions</dt><dd><ul class=\"inline-list\">";
      for (const auto& v : *history) {
        bool shown = version ? v.version == *version : &v == &latest;
        std::string label = fmt::format("{} ({})", v.version, state_label(v.state));
        body += shown ? "<li><strong>" + html_escape(label) + "</strong></li>"
                      : "<li><a href=\"" +
                            href_attr(report_path(a->scheme, a->quarter), pt,
                                      {{"version", std::to_string(v.version)}}) +
                            "\">" + html_escape(label) + "</a></li>";
      }
      body += "</ul></dd>";
    }
    body += "</dl>\n<h2>Steps</h2>\n<ol class=\"steps\">";
    bool any_step = false;
    for (const auto& v : *history) {
      for (const ReportStepRecord& st : v.steps) {
        any_step = true;
        body += fmt::format(
            "<li data-step=\"{}\" data-version=\"{}\">{} on {} (version {}), recorded by {} at "
            "{}{}</li>",
            step_name(st.step), v.version, html_escape(step_description(st.step)), st.on.iso(),
            v.version, html_escape(st.by), html_escape(st.recorded_at),
            st.note.empty() ? "" : ": " + html_escape(st.note));
      }
    }
    if (!any_step) body += "<li class=\"muted\">None yet: the report is a draft.</li>";
    body += "</ol>\n";

    // What this user may do next.
    std::optional<ReportStep> next = next_step(latest.state);
    if (may_edit && latest.state == ReportState::kDraft) {
      body += "<h2>Submit</h2>\n<p>Submitting sends version " + std::to_string(latest.version) +
              " to the boards; it cannot change afterwards. It needs the author, the report "
              "date, the aims, the evidence and the priorities.</p>\n";
      body += step_form(ctx, *a, pt, ReportStep::kSubmit, true);
    }
    if (may(u, Capability::kBoardSteps)) {
      if (next && *next != ReportStep::kSubmit) {
        body += "<h2>Record the next step</h2>\n";
        body += step_form(ctx, *a, pt, *next, false);
      } else if (!next) {
        body += "<p class=\"note\">Signed off by both boards: nothing left to record.</p>\n";
      } else {
        body +=
            "<p class=\"note\">The boards' steps start once the scheme lead submits the "
            "report.</p>\n";
      }
    }
    body += "</section>\n";

    report::ReportContext rc;
    rc.store = &**store;
    rc.snapshot = snap->get();
    rc.metrics = &ctx.app.config();
    rc.suppress = suppress_for(u, std::nullopt);
    rc.generated_on = Date::today_utc();
    auto fragment = report::scheme_report_fragment(rc, a->scheme, a->period, version);
    if (!fragment.ok()) return fragment.status();
    body += *fragment;
    if (may_edit) body += editors(ctx, *a, pt, &latest, posted);
  }

  PageOptions po;
  po.title = a->scheme + " " + a->scheme_name + ": " + a->quarter;
  po.keep = {{"version", *version_text}};
  po.section = Section::kSchemes;
  po.period_picker = false;  // the report is of its quarter, in the address
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Status report_page(Ctx& ctx) {
  return render_report(ctx, nullptr, 200);
}

// ---- POST /schemes/<code>/<yyyy-yy>/Q<n>/{edit,submit,step} ----------------

Result<Date> date_field(const Ctx& ctx) {
  auto d = param_or(ctx, "date");
  if (!d.ok()) return d.status();
  if (d->empty()) return Date::today_utc();
  auto parsed = Date::parse(*d);
  if (!parsed.ok())
    return Status::invalid_argument(fmt::format("date '{}': write it as YYYY-MM-DD", *d));
  return *parsed;
}

void back_to_report(Ctx& ctx, const ReportAddress& a) {
  see_other(ctx, link(report_path(a.scheme, a.quarter), period_text(ctx)));
}

// The report a POST edits, if this user leads its scheme.
Result<ReportAddress> editable(Ctx& ctx) {
  auto a = address(ctx);
  if (!a.ok()) return a.status();
  if (!may_edit_scheme_report(ctx.user(), a->scheme)) {
    return Status::permission_denied(
        fmt::format("only a lead of scheme {} edits its reports", a->scheme));
  }
  return a;
}

// An edit that changed the report is audited, with the version it made.
Status audit_edit(Ctx& ctx, const ReportAddress& a, const SetResult& set) {
  if (set.what == SetResult::kUnchanged) return Status();
  return ctx.audit("edit_scheme_report",
                   fmt::format("{} {} v{}", a.scheme, a.quarter, set.version));
}

Status edit_report(Ctx& ctx) {
  auto a = editable(ctx);
  if (!a.ok()) return a.status();
  auto format = long_field(ctx, "format", 20);
  if (!format.ok()) return format.status();
  std::string f = format->value_or("toml");
  std::string file_name;
  if (f == "toml") {
    file_name = "web.toml";
  } else if (f == "markdown" || f == "md") {
    file_name = "web.md";
  } else {
    return Status::invalid_argument("format: toml or markdown");
  }
  auto source = long_field(ctx, "source", kMaxReportFileBytes);
  if (!source.ok()) return source.status();
  if (!*source) return Status::invalid_argument("the form has no report text (field 'source')");
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto set = set_scheme_report_from_file(**store, a->scheme, a->period, **source, file_name,
                                         ctx.user().name);
  if (!set.ok()) return set.status();
  if (Status s = audit_edit(ctx, *a, *set); !s.ok()) return s;
  back_to_report(ctx, *a);
  return Status();
}

// The plain form's save: the draft, or the page again with each refusal
// beside its field and nothing saved.
Status save_form(Ctx& ctx) {
  auto a = editable(ctx);
  if (!a.ok()) return a.status();
  auto st = read_scheme_form(ctx);
  if (!st.ok()) return st.status();
  auto content = scheme_content_of(*st, ctx.app.config());
  if (!content) return render_report(ctx, &*st, 422, "Nothing was saved");
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto set =
      set_scheme_report(**store, a->scheme, a->period, *content,
                        content_to_toml(*content, a->scheme, a->quarter), "toml", ctx.user().name);
  if (!set.ok()) return set.status();
  if (Status s = audit_edit(ctx, *a, *set); !s.ok()) return s;
  see_other(ctx, link(report_path(a->scheme, a->quarter), period_text(ctx), {{"saved", "1"}}));
  return Status();
}

Status record_step(Ctx& ctx, const ReportAddress& a, ReportStep step) {
  auto on = date_field(ctx);
  if (!on.ok()) return on.status();
  auto note = param_or(ctx, "note");
  if (!note.ok()) return note.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto done = advance_scheme_report(**store, a.scheme, a.period, step, *on, ctx.user().name, *note);
  if (!done.ok()) return done.status();
  if (Status s =
          ctx.audit(step == ReportStep::kSubmit ? "submit_scheme_report" : "scheme_report_step",
                    fmt::format("{} {} v{} {} {}", a.scheme, a.quarter, done->version,
                                step_name(step), on->iso()));
      !s.ok())
    return s;
  back_to_report(ctx, a);
  return Status();
}

Status submit_report(Ctx& ctx) {
  auto a = address(ctx);
  if (!a.ok()) return a.status();
  if (!may_edit_scheme_report(ctx.user(), a->scheme)) {
    return Status::permission_denied(
        fmt::format("only a lead of scheme {} submits its reports", a->scheme));
  }
  // A draft without what submission needs: the page again, each missing
  // field marked in the form.
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto latest = get_scheme_report(**store, a->scheme, a->period);
  if (latest.ok() && latest->state == ReportState::kDraft &&
      !missing_for_submission(latest->content).empty()) {
    FormState st = scheme_form_of(latest->content);
    mark_missing_for_submission(st, latest->content);
    return render_report(ctx, &st, 422, "The report was not submitted");
  }
  return record_step(ctx, *a, ReportStep::kSubmit);
}

Status board_step(Ctx& ctx) {
  auto a = address(ctx);
  if (!a.ok()) return a.status();
  if (!may(ctx.user(), Capability::kBoardSteps)) {
    return Status::permission_denied(
        "only the board role records that the JCB or HWB received or signed off a report");
  }
  auto text = param_or(ctx, "step");
  if (!text.ok()) return text.status();
  if (text->empty())
    return Status::invalid_argument(
        "step: one of jcb_receive, jcb_sign_off, hwb_receive, hwb_sign_off");
  auto step = parse_step(*text);
  if (!step.ok()) return Status::invalid_argument(step.status().message());
  if (*step == ReportStep::kSubmit)
    return Status::permission_denied("submitting is the scheme lead's step");
  return record_step(ctx, *a, *step);
}

constexpr const char* kReport = R"(/schemes/([A-Za-z0-9_-]{1,32})/(\d{4}-\d{2})/[Qq]([1-4]))";

}  // namespace

void add_scheme_pages(Router& r) {
  r.get("/schemes", schemes_page);
  r.get("/schemes/open", open_report);
  r.get(kReport, report_page);
  r.post(std::string(kReport) + "/form", save_form);
  r.post(std::string(kReport) + "/edit", edit_report);
  r.post(std::string(kReport) + "/submit", submit_report);
  r.post(std::string(kReport) + "/step", board_step);
}

}  // namespace bc::web
