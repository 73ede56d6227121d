// The single point of access for a cluster's care team: the referrals of
// the cluster's people still open at the end of a date, each with a plain
// triage form; those sent to a service and not yet contacted, each with a
// first-contact form; a form for a new referral; and the times of the
// last four weeks against the response standards (care/spa.h). Clinicians
// of the cluster only; every view and write is audited first.
#include <fmt/format.h>

#include <map>

#include "care/care_config.h"
#include "care/person_scores.h"
#include "care/spa.h"
#include "core/nhs_number.h"
#include "present/html_escape.h"
#include "web/care_plan_access.h"
#include "web/care_views.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr std::string_view kSources[] = {"gp",   "hospital",  "social_care",
                                         "self", "ambulance", "other"};
constexpr std::string_view kTriageOutcomes[] = {"advice",         "community_team", "reablement",
                                                "rapid_response", "signposted",     "declined"};

std::string hours(const std::optional<double>& h) {
  return h ? fmt::format("{:.1f}", *h) : std::string("-");
}

Status render_spa(Ctx& ctx, const std::string& code, Date at, const std::string& error,
                  int status) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (Status s = ctx.audit("view_spa_referrals", fmt::format("{} at {}", code, at.iso())); !s.ok())
    return s;
  const CareConfig& config = CareConfig::builtin();
  auto summary = spa_summary(**store, config, at.add_days(-27), at, code);
  if (!summary.ok()) return summary.status();
  auto open = spa_open(**store, at, code);
  if (!open.ok()) return open.status();
  std::string body = fmt::format(
      "<p class=\"lead\">Referrals of cluster {}'s people to the single point of access: the "
      "standards are triage within {} hours (urgent) or {} (routine), and the first contact "
      "within {} and {} hours.</p>\n",
      html_escape(code), config.standard("urgent")->triage_hours,
      config.standard("routine")->triage_hours, config.standard("urgent")->first_contact_hours,
      config.standard("routine")->first_contact_hours);
  body += form_error_html(error);
  body += fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/clusters/{}/spa\"><label for=\"at\">As "
      "at the end of</label> <input type=\"date\" id=\"at\" name=\"at\" value=\"{}\"> <button "
      "type=\"submit\">Show</button></form>\n",
      html_escape(code), at.iso());
  body += fmt::format(
      "<h2>The last four weeks</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Times\"><table class=\"data spa-times\"><caption>Referrals received {} to "
      "{}</caption><thead><tr><th scope=\"col\">Urgency</th><th scope=\"col\" "
      "class=\"num\">Received</th><th scope=\"col\" class=\"num\">Triaged within "
      "standard</th><th scope=\"col\" class=\"num\">Median hours to triage</th><th scope=\"col\" "
      "class=\"num\">Contacted within standard</th><th scope=\"col\" class=\"num\">Median hours "
      "to first contact</th><th scope=\"col\" class=\"num\">Still open</th></tr></thead><tbody>",
      at.add_days(-27).iso(), at.iso());
  for (const auto& r : *summary) {
    body += fmt::format(
        "<tr data-urgency=\"{0}\"><th scope=\"row\">{0}</th><td class=\"num\">{1}</td><td "
        "class=\"num\">{2} of {3}</td><td class=\"num\">{4}</td><td class=\"num\">{5} of "
        "{6}</td><td class=\"num\">{7}</td><td class=\"num\">{8}</td></tr>",
        r.urgency, r.received, r.triaged_within, r.triaged, hours(r.median_hours_to_triage),
        r.contacted_within, r.contacted, hours(r.median_hours_to_contact), r.open);
  }
  body += "</tbody></table></div>\n";

  body += fmt::format("<h2>Open at the end of {}</h2>", at.iso());
  if (open->empty()) body += "<p class=\"muted\">No referral is waiting for triage.</p>";
  for (const auto& r : *open) {
    const std::string nhs = NhsNumber::from_value_unchecked(r.nhs_number).digits();
    body += fmt::format(
        "<section class=\"referral\" aria-labelledby=\"ref-{0}\"><h3 id=\"ref-{0}\">{0}: {1} "
        "referral from {2}</h3><p>Received {3} for <a href=\"/person?nhs={4}\">{4}</a>: {5}</p>"
        "<form class=\"form-row\" method=\"post\" action=\"/clusters/{6}/spa/triage\" "
        "novalidate>{7}<input type=\"hidden\" name=\"referral\" value=\"{0}\"><input "
        "type=\"hidden\" name=\"at\" value=\"{8}\"><div class=\"field\"><label "
        "for=\"triaged-{0}\">Triaged at</label><input type=\"datetime-local\" id=\"triaged-{0}\" "
        "name=\"triaged\"></div><div class=\"field\"><label for=\"outcome-{0}\">Outcome</label>"
        "<select id=\"outcome-{0}\" name=\"outcome\">{9}</select></div><div class=\"field\"><label "
        "for=\"declined-{0}\">Reason, if declined</label><input type=\"text\" id=\"declined-{0}\" "
        "name=\"declined_reason\"></div><button type=\"submit\">Record the triage</button></form>"
        "</section>\n",
        html_escape(r.referral_id), html_escape(r.urgency), html_escape(r.source),
        html_escape(r.received), nhs, html_escape(r.reason), html_escape(code), csrf_input(ctx),
        at.iso(), code_options(kTriageOutcomes));
  }
  auto waiting = spa_awaiting_contact(**store, at, code);
  if (!waiting.ok()) return waiting.status();
  body += fmt::format("<h2>Sent to a service, not yet contacted at the end of {}</h2>", at.iso());
  if (waiting->empty()) body += "<p class=\"muted\">Nobody is waiting for a first contact.</p>";
  for (const auto& r : *waiting) {
    body += fmt::format(
        "<section class=\"referral\" aria-labelledby=\"wait-{0}\"><h3 id=\"wait-{0}\">{0}: {1}, "
        "{2}</h3><p>Received {3}, triaged {4}.</p><form class=\"form-row\" method=\"post\" "
        "action=\"/clusters/{5}/spa/contact\" novalidate>{6}<input type=\"hidden\" "
        "name=\"referral\" value=\"{0}\"><input type=\"hidden\" name=\"at\" value=\"{7}\"><div "
        "class=\"field\"><label for=\"contact-{0}\">First contact at</label><input "
        "type=\"datetime-local\" id=\"contact-{0}\" name=\"first_contact\"></div><button "
        "type=\"submit\">Record the first contact</button></form></section>\n",
        html_escape(r.referral_id), html_escape(r.urgency), html_escape(r.outcome.value_or("")),
        html_escape(r.received), html_escape(r.triaged.value_or("")), html_escape(code),
        csrf_input(ctx), at.iso());
  }
  body += fmt::format(
      "<h2>A new referral</h2><form method=\"post\" action=\"/clusters/{}/spa/refer\" "
      "novalidate>{}<input type=\"hidden\" name=\"at\" value=\"{}\"><div class=\"field\"><label "
      "for=\"new-nhs\">NHS number</label><input type=\"text\" id=\"new-nhs\" name=\"nhs\" "
      "inputmode=\"numeric\" autocomplete=\"off\"></div><div class=\"field\"><label "
      "for=\"new-received\">Received at</label><input type=\"datetime-local\" id=\"new-received\" "
      "name=\"received\"></div><div class=\"field\"><label for=\"new-source\">From</label><select "
      "id=\"new-source\" name=\"source\">{}</select></div><div class=\"field\"><label "
      "for=\"new-urgency\">Urgency</label><select id=\"new-urgency\" name=\"urgency\"><option "
      "value=\"urgent\">urgent</option><option value=\"routine\">routine</option></select></div>"
      "<div class=\"field\"><label for=\"new-reason\">Reason</label><textarea class=\"plain\" "
      "id=\"new-reason\" name=\"reason\" rows=\"3\"></textarea></div><button "
      "type=\"submit\">Record the referral</button></form>\n",
      html_escape(code), csrf_input(ctx), at.iso(), code_options(kSources));
  PageOptions po;
  po.title = "Single point of access, cluster " + code;
  po.section = Section::kClusters;
  po.period_picker = false;
  po.suppressed = false;
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Result<Date> spa_at_of(Ctx& ctx) {
  auto text = param_or(ctx, "at");
  if (!text.ok()) return text.status();
  if (text->empty()) {
    auto data = care_data(ctx);
    if (!data.ok()) return data.status();
    return scores_date(*data->snap).add_days(-1);
  }
  auto d = Date::parse(*text);
  if (!d.ok()) return Status::invalid_argument("at: " + d.error());
  return *d;
}

Status spa_page(Ctx& ctx) {
  const std::string code = ctx.req.matches[1].str();
  if (Status s = require_care_team(ctx, code, "view_spa_referrals", "a cluster's referrals");
      !s.ok())
    return s;
  auto at = spa_at_of(ctx);
  if (!at.ok()) return at.status();
  return render_spa(ctx, code, *at, "", 200);
}

// A write: the referral's person must be registered in the cluster.
Status spa_write(Ctx& ctx, const std::string& what) {
  const std::string code = ctx.req.matches[1].str();
  if (Status s = require_care_team(ctx, code, "write_spa_referral", "a cluster's referrals");
      !s.ok())
    return s;
  auto at = spa_at_of(ctx);
  if (!at.ok()) return at.status();
  std::map<std::string, std::string> f;
  for (const char* k : {"nhs", "received", "source", "urgency", "reason", "referral", "triaged",
                        "outcome", "declined_reason", "first_contact"}) {
    auto v = long_field(ctx, k, 2000);
    if (!v.ok()) return v.status();
    f[k] = v->value_or("");
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  // The person, new or of the referral, must be one of the cluster's.
  int64_t nhs = 0;
  if (what == "refer") {
    auto n = NhsNumber::parse(f["nhs"]);
    if (!n.ok()) return render_spa(ctx, code, *at, "nhs: " + n.error(), 422);
    nhs = n->value();
  } else {
    auto r = find_spa_referral(**store, f["referral"]);
    if (!r.ok()) return r.status();
    if (!*r) return Status::not_found("there is no such referral");
    nhs = (*r)->nhs_number;
  }
  const int32_t p = data->snap->find_person(nhs);
  const int16_t practice = p < 0 ? -1 : data->snap->persons.practice[static_cast<size_t>(p)];
  if (practice < 0 || data->snap->cluster_codes[static_cast<size_t>(
                          data->snap->practice_cluster[static_cast<size_t>(practice)])] != code) {
    if (Status s = ctx.audit("write_spa_referral_denied", std::to_string(nhs)); !s.ok()) return s;
    return Status::permission_denied("this is not a person registered in your cluster");
  }
  if (Status s = ctx.audit("write_spa_referral", fmt::format("{} {}", nhs, what)); !s.ok())
    return s;
  const WriteContext w{ctx.user().name, nullptr};
  Result<WriteResult> done =
      what == "refer"
          ? spa_refer(**store, w, nhs, f["received"], f["source"], f["urgency"], f["reason"])
      : what == "triage"
          ? spa_triage(**store, w, f["referral"], f["triaged"], f["outcome"], f["declined_reason"])
          : spa_contact(**store, w, f["referral"], f["first_contact"]);
  if (!done.ok()) return done.status();
  if (!done->ok()) {
    std::string msg;
    for (const auto& e : done->errors)
      msg += (msg.empty() ? "" : "\n") + e.field + ": " + e.message;
    return render_spa(ctx, code, *at, msg, 422);
  }
  see_other(ctx, fmt::format("/clusters/{}/spa?at={}", code, at->iso()));
  return Status();
}

}  // namespace

void add_spa_pages(Router& r) {
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32})/spa)", spa_page);
  r.post(R"(/clusters/([A-Za-z0-9_-]{1,32})/spa/refer)",
         [](Ctx& ctx) { return spa_write(ctx, "refer"); });
  r.post(R"(/clusters/([A-Za-z0-9_-]{1,32})/spa/triage)",
         [](Ctx& ctx) { return spa_write(ctx, "triage"); });
  r.post(R"(/clusters/([A-Za-z0-9_-]{1,32})/spa/contact)",
         [](Ctx& ctx) { return spa_write(ctx, "contact"); });
}

}  // namespace bc::web
