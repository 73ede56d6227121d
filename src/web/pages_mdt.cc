// A cluster's multidisciplinary team (MDT) meetings, for its care team:
// the case list for the next meeting (care/mdt.h: who on the at-risk
// register is new, overdue a review, or was in hospital or A&E since the
// last meeting), a plain form to record the meeting (attendees by
// profession; each person discussed with the outcome and the actions),
// and the meetings held. Clinicians of the cluster only; every view and
// every record is audited first.
#include <fmt/format.h>

#include <map>

#include "care/care_plan.h"
#include "care/mdt.h"
#include "care/person_scores.h"
#include "core/nhs_number.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "web/care_plan_access.h"
#include "web/care_views.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr size_t kAttendeeRows = 8;

const std::map<std::string, std::string> kReasonWords = {
    {"new", "new on the register"},
    {"overdue", "care plan review overdue"},
    {"emergency", "emergency admission"},
    {"ae", "A&E attendance"},
    {"discharged", "discharged from hospital"}};

// The page: the case list as at `at` with the meeting form over it, and
// the meetings held. `error` (a refusal of the form) is shown first.
Status render_mdt(Ctx& ctx, const std::string& code, Date at, const std::string& error,
                  const std::map<std::string, std::string>& typed, int status) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  PageOptions po;
  po.title = "MDT, cluster " + code;
  po.section = Section::kClusters;
  po.period_picker = false;
  po.suppressed = false;
  std::string body = fmt::format(
      "<p class=\"lead\">The cluster's multidisciplinary team works through its at-risk register: "
      "the case list names who is new, overdue a care plan review, or was in hospital or A&E "
      "since the last meeting. <a href=\"{}\">The registers</a> &middot; <a href=\"{}\">Care plan "
      "reviews due</a>.</p>\n",
      href_attr("/clusters/" + code + "/register", ""),
      href_attr("/clusters/" + code + "/care-plans", ""));
  if (!data->model) {
    body += "<p class=\"note no-model\" role=\"status\">" +
            html_escape(std::string(kNoModelMessage)) + "</p>\n";
    send_html(ctx.res, render_page(ctx, po, body), status);
    return Status();
  }
  auto reg = cluster_register(ctx, *data, RegisterRequest{RegisterKind::kRisk, code, at});
  if (!reg.ok()) return reg.status();
  if (Status s = ctx.audit("view_mdt_cases", fmt::format("{} at {}", code, at.iso())); !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto cases = mdt_case_list(**store, *data->snap, *reg);
  if (!cases.ok()) return cases.status();
  auto states = plan_states(**store, at);
  if (!states.ok()) return states.status();
  auto typed_or = [&](const std::string& k, const std::string& d) {
    auto it = typed.find(k);
    return it == typed.end() ? d : it->second;
  };
  body += form_error_html(error);
  body += fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/clusters/{}/mdt\"><label for=\"at\">Case "
      "list as at</label> <input type=\"date\" id=\"at\" name=\"at\" value=\"{}\"> <button "
      "type=\"submit\">Show</button></form>\n",
      html_escape(code), at.iso());
  body += fmt::format(
      "<p class=\"summary\" data-cases=\"{}\"><strong>{}</strong> people on the case list "
      "(recent: since {}{}).</p>\n",
      cases->entries.size(), cases->entries.size(), cases->since.iso(),
      cases->last_meeting ? ", the last meeting" : ", 28 days before");
  body += fmt::format("<form method=\"post\" action=\"/clusters/{}/mdt\" novalidate>",
                      html_escape(code)) +
          csrf_input(ctx);
  body += "<h2>Record the meeting</h2>";
  body += fmt::format(
      "<div class=\"field\"><label for=\"mdt-date\">Date of the meeting</label><input "
      "type=\"date\" id=\"mdt-date\" name=\"date\" value=\"{}\"></div>",
      html_escape(typed_or("date", at.iso())));
  body += "<fieldset><legend>Who came</legend>";
  for (size_t i = 1; i <= kAttendeeRows; ++i) {
    const std::string n = std::to_string(i);
    body += fmt::format(
        "<div class=\"action-row\" role=\"group\" aria-label=\"Attendee {0}\"><div "
        "class=\"field\"><label for=\"name-{0}\">Attendee {0}</label><input type=\"text\" "
        "id=\"name-{0}\" name=\"name_{0}\" value=\"{1}\"></div><div class=\"field\"><label "
        "for=\"profession-{0}\">Profession</label><select id=\"profession-{0}\" "
        "name=\"profession_{0}\">{2}</select></div></div>",
        n, html_escape(typed_or("name_" + n, "")),
        code_options(mdt_professions(), typed_or("profession_" + n, ""), "choose"));
  }
  body += "</fieldset><h2>Case list</h2>";
  if (cases->entries.empty()) {
    body += "<p class=\"muted\">Nobody on the register needs the team's attention.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Case list\"><table "
        "class=\"data cases\"><thead><tr><th scope=\"col\" class=\"num\">Rank</th><th "
        "scope=\"col\">Person</th><th scope=\"col\">Why</th><th scope=\"col\">Care plan</th><th "
        "scope=\"col\">Outcome</th><th scope=\"col\">Actions agreed</th></tr></thead><tbody>\n";
    for (const CaseListEntry& e : cases->entries) {
      const std::string nhs = NhsNumber::from_value_unchecked(e.nhs_number).digits();
      std::string why;
      for (const auto& r : e.reasons) why += (why.empty() ? "" : "; ") + kReasonWords.at(r);
      auto st = states->find(e.nhs_number);
      const std::string plan =
          st == states->end() ? "none" : present::code_words(plan_state_name(st->second));
      body += fmt::format(
          "<tr data-nhs=\"{0}\"><td class=\"num\">{1}</td><td><a href=\"/person?nhs={0}\">{0}</a>"
          "</td><td>{2}</td><td><a href=\"/care-plans?nhs={0}\">{3}</a></td><td><label "
          "class=\"visually-hidden\" for=\"outcome-{0}\">Outcome for {0}</label><select "
          "id=\"outcome-{0}\" name=\"outcome_{0}\">{4}</select></td><td><label "
          "class=\"visually-hidden\" for=\"actions-{0}\">Actions for {0}</label><input "
          "type=\"text\" id=\"actions-{0}\" name=\"actions_{0}\" value=\"{5}\"></td></tr>\n",
          nhs, e.rank, html_escape(why), html_escape(plan),
          code_options(mdt_outcomes(), typed_or("outcome_" + nhs, ""), "not discussed"),
          html_escape(typed_or("actions_" + nhs, "")));
    }
    body += "</tbody></table></div>\n";
  }
  body += fmt::format("<input type=\"hidden\" name=\"at\" value=\"{}\">", at.iso());
  body += "<button type=\"submit\">Record the meeting</button></form>\n";

  auto meetings = mdt_meetings(**store, code);
  if (!meetings.ok()) return meetings.status();
  body += "<h2>Meetings held</h2>";
  if (meetings->empty()) body += "<p class=\"muted\">No meeting is recorded yet.</p>";
  for (const MdtMeeting& m : *meetings) {
    std::string who;
    for (const auto& a : m.attendees)
      who += (who.empty() ? "" : ", ") + a.name + " (" + a.profession + ")";
    body += fmt::format(
        "<details class=\"meeting\" data-meeting=\"{}\"><summary>{}: {} people "
        "discussed</summary><p>{}</p><ul>",
        m.id, m.date.iso(), m.discussions.size(), html_escape(who));
    for (const auto& d : m.discussions) {
      const std::string nhs = NhsNumber::from_value_unchecked(d.nhs_number).digits();
      const std::string outcome = present::code_words(d.outcome);
      body +=
          fmt::format("<li><a href=\"/person?nhs={0}\">{0}</a>: {1}{2}</li>", nhs,
                      html_escape(outcome), d.actions.empty() ? "" : "; " + html_escape(d.actions));
    }
    body += "</ul></details>\n";
  }
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Result<Date> mdt_at_of(Ctx& ctx, const std::string& value) {
  if (value.empty()) {
    auto data = care_data(ctx);
    if (!data.ok()) return data.status();
    return scores_date(*data->snap);
  }
  auto d = Date::parse(value);
  if (!d.ok()) return Status::invalid_argument("at: " + d.error());
  return *d;
}

Status mdt_page(Ctx& ctx) {
  const std::string code = ctx.req.matches[1].str();
  if (Status s =
          require_care_team(ctx, code, "view_mdt_cases", "a cluster's MDT case list and meetings");
      !s.ok())
    return s;
  auto at_text = param_or(ctx, "at");
  if (!at_text.ok()) return at_text.status();
  auto at = mdt_at_of(ctx, *at_text);
  if (!at.ok()) return at.status();
  return render_mdt(ctx, code, *at, "", {}, 200);
}

Status record(Ctx& ctx) {
  const std::string code = ctx.req.matches[1].str();
  if (Status s =
          require_care_team(ctx, code, "record_mdt", "a cluster's MDT case list and meetings");
      !s.ok())
    return s;
  std::map<std::string, std::string> typed;
  for (const auto& [k, v] : ctx.req.params) {
    if (v.size() > 2000) return Status::invalid_argument("a field of the form is too long");
    typed[k] = v;
  }
  if (typed.size() > 2000) return Status::invalid_argument("the form has too many fields");
  auto at = mdt_at_of(ctx, typed["at"]);
  if (!at.ok()) return at.status();
  MdtMeeting m;
  m.cluster_code = code;
  auto date = Date::parse(typed["date"]);
  if (!date.ok()) return render_mdt(ctx, code, *at, "date: " + date.error(), typed, 422);
  m.date = *date;
  for (size_t i = 1; i <= kAttendeeRows; ++i) {
    const std::string n = std::to_string(i);
    const std::string name = typed["name_" + n], prof = typed["profession_" + n];
    if (name.empty() && prof.empty()) continue;
    m.attendees.push_back({name, prof});
  }
  for (const auto& [k, v] : typed) {
    if (k.rfind("outcome_", 0) != 0 || v.empty()) continue;
    auto nhs = NhsNumber::parse(k.substr(8));
    if (!nhs.ok())
      return Status::invalid_argument("the form names a person with no valid NHS number");
    m.discussions.push_back({nhs->value(), v, typed["actions_" + k.substr(8)]});
  }
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (Status s = ctx.audit("record_mdt", fmt::format("{} on {}", code, m.date.iso())); !s.ok())
    return s;
  auto id = record_mdt_meeting(**store, *data->snap, m, ctx.user().name);
  if (!id.ok()) {
    if (id.status().code() != StatusCode::kInvalidData) return id.status();
    return render_mdt(ctx, code, *at, id.status().message(), typed, 422);
  }
  see_other(ctx, fmt::format("/clusters/{}/mdt?at={}&recorded={}", code, at->iso(), *id));
  return Status();
}

}  // namespace

void add_mdt_pages(Router& r) {
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32})/mdt)", mdt_page);
  r.post(R"(/clusters/([A-Za-z0-9_-]{1,32})/mdt)", record);
}

}  // namespace bc::web
