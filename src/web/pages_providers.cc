// Care providers for commissioners (docs/quality.md): a dashboard of every
// care home and home care agency with its RAG by the quality rule
// (config/quality.toml), latest CQC rating, concerns, occupancy and the
// findings behind the RAG, as at a date; and one provider's page with its
// quality history and, for the quality team, the form that opens a
// provider failure incident. No person data: occupancy is a count,
// suppressed for those outside the quality team (web/access.h).
#include <fmt/format.h>

#include "ingest/quality_records.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "quality/failure.h"
#include "quality/provider_data.h"
#include "report/provider_quality.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::code_words;
using present::html_escape;

std::string provider_rag_cell(const std::string& rag) {
  const std::string name =
      rag.empty() ? "-" : std::string(1, static_cast<char>(rag[0] - 32)) + rag.substr(1);
  return fmt::format("<td><span class=\"rag rag-{}\">{}</span></td>", html_escape(rag),
                     html_escape(name));
}

// ?at= or the last day of the data's last month.
Result<Date> providers_at(Ctx& ctx) {
  auto text = param_or(ctx, "at");
  if (!text.ok()) return text.status();
  if (!text->empty()) {
    auto d = Date::parse(*text);
    if (!d.ok()) return Status::invalid_argument("at: " + d.error());
    return *d;
  }
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  return default_period(**snap).last();
}

// Placements in force, a count of people: suppressed for those outside
// the quality team (web/access.h).
std::string occupancy(const Ctx& ctx, const ProviderStanding& s) {
  return report::occupancy_text(s, suppress_provider_counts(ctx.user()),
                                ctx.app.config().suppression);
}

Status providers_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kProviders, "care providers"); !s.ok()) return s;
  auto at = providers_at(ctx);
  if (!at.ok()) return at.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto w = read_provider_data(**store);
  if (!w.ok()) return w.status();
  PageOptions po;
  po.title = "Care providers";
  po.period_picker = false;
  po.suppressed = suppress_provider_counts(ctx.user());
  po.period_picker = false;
  std::string body = as_at_form("/providers", *at);
  body += fmt::format(
      "<p class=\"lead\">Each care home and home care agency as at {}, rated by the quality rule "
      "(<a href=\"/providers#rule\">below</a>) from its CQC ratings, safeguarding concerns, "
      "complaints, quality visits and suspensions in the last {} months.",
      at->iso(), w->rule.window_months);
  if (may(ctx.user(), Capability::kIncidents))
    body += " <a href=\"/incidents\">Provider failure incidents</a>.";
  body += "</p>\n";
  int red = 0, amber = 0;
  std::string rows;
  for (const CareProviderRecord& p : w->providers) {
    const ProviderStanding s = w->standing(p, *at);
    red += s.rag == "red";
    amber += s.rag == "amber";
    std::string findings;
    for (const std::string& f : s.findings) findings += "<li>" + html_escape(f) + "</li>";
    rows += fmt::format(
        "<tr data-provider=\"{0}\"><td><a href=\"/providers/{0}?at={1}\">{2}</a></td><td>{3}</td>"
        "{4}<td>{5}</td><td class=\"num\">{6}</td><td class=\"num\">{7}</td><td>{8}</td>"
        "<td>{9}</td></tr>\n",
        html_escape(p.code), at->iso(), html_escape(p.name),
        html_escape(code_words(p.care_home_type.value_or(p.type))), provider_rag_cell(s.rag),
        s.latest_rating ? html_escape(code_words(s.latest_rating->rating.value_or(""))) + " (" +
                              html_escape(s.latest_rating->event_date) + ")"
                        : "none",
        s.concerns, s.complaints, occupancy(ctx, s),
        findings.empty() ? "" : "<ul class=\"findings\">" + findings + "</ul>");
  }
  body += fmt::format("<p class=\"summary\">{} providers: {} Red, {} Amber.</p>\n",
                      w->providers.size(), red, amber);
  body += rows.empty()
              ? "<p class=\"muted\">No care providers are loaded (providers.csv with "
                "provider_type care_home or home_care).</p>\n"
              : "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Care "
                "providers\"><table class=\"data providers\"><thead><tr><th "
                "scope=\"col\">Provider</th><th scope=\"col\">Type</th><th scope=\"col\">RAG</th>"
                "<th scope=\"col\">Latest CQC rating</th><th scope=\"col\">Concerns</th><th "
                "scope=\"col\">Complaints</th><th scope=\"col\">Placed</th><th "
                "scope=\"col\">Findings</th></tr></thead><tbody>\n" +
                    rows + "</tbody></table></div>\n";
  body += fmt::format(
      "<h2 id=\"rule\">The rule</h2><p>Red when the contract is suspended, the latest CQC "
      "rating is inadequate, a quality visit in the window found serious concerns, or {} or "
      "more safeguarding concerns in it were upheld. Amber when the latest rating requires "
      "improvement, there is none, a safeguarding concern is open or upheld, a visit found "
      "improvement needed, or {} or more complaints were upheld. Green otherwise.</p>\n",
      w->rule.red_upheld_concerns, w->rule.amber_upheld_complaints);
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

std::string open_incident_form(const Ctx& ctx, const CareProviderRecord& p, Date at) {
  std::string triggers;
  for (std::string_view t : kIncidentTriggers)
    triggers += fmt::format("<option value=\"{0}\">{1}</option>", t, code_words(t));
  return fmt::format(
      "<h2>Open a provider failure incident</h2><form method=\"post\" action=\"/incidents\" "
      "class=\"incident-open\">{0}<input type=\"hidden\" name=\"provider\" value=\"{1}\">"
      "<div class=\"field\"><label for=\"trigger\">Trigger</label><select id=\"trigger\" "
      "name=\"trigger\">{2}</select></div><div class=\"field\"><label for=\"incident-date\">"
      "Incident date</label><input type=\"date\" id=\"incident-date\" name=\"date\" value=\"{3}\" "
      "required></div><div class=\"field\"><label for=\"notified\">Leads notified on</label>"
      "<input type=\"date\" id=\"notified\" name=\"notified\" value=\"{3}\"></div><div "
      "class=\"field\"><label for=\"summary\">Summary</label><input type=\"text\" id=\"summary\" "
      "name=\"summary\" maxlength=\"2000\"></div><button type=\"submit\">Open the "
      "incident</button></form>\n",
      csrf_input(ctx), html_escape(p.code), triggers, at.iso());
}

Status provider_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kProviders, "care providers"); !s.ok()) return s;
  const std::string code = ctx.req.matches[1].str();
  auto at = providers_at(ctx);
  if (!at.ok()) return at.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto w = read_provider_data(**store);
  if (!w.ok()) return w.status();
  const CareProviderRecord* p = nullptr;
  for (const CareProviderRecord& x : w->providers) p = x.code == code ? &x : p;
  if (p == nullptr) return Status::not_found(fmt::format("no care provider {}", code));
  const ProviderStanding s = w->standing(*p, *at);
  PageOptions po;
  po.title = p->name;
  po.section = Section::kProviders;
  po.period_picker = false;
  po.suppressed = suppress_provider_counts(ctx.user());
  std::string body = as_at_form("/providers/" + code, *at);
  std::string findings;
  for (const std::string& f : s.findings) findings += "<li>" + html_escape(f) + "</li>";
  body += fmt::format(
      "<p class=\"summary\">As at {}: <span class=\"rag rag-{}\">{}</span>. {}; CQC location "
      "{}; owner {}; {}; contract {}. Placed: {}. <a href=\"/providers?at={}\">Every "
      "provider</a>.</p>{}\n",
      at->iso(), html_escape(s.rag), html_escape(s.rag), html_escape(code_words(p->type)),
      html_escape(p->cqc_location_id.value_or("-")), html_escape(p->owner.value_or("-")),
      html_escape(p->postcode_district.value_or("-")),
      html_escape(code_words(p->contract_status.value_or("-"))), occupancy(ctx, s), at->iso(),
      findings.empty() ? "" : "<ul class=\"findings\">" + findings + "</ul>");
  std::string rows;
  for (const QualityEventRecord& e : w->events) {
    if (e.provider_code != p->code) continue;
    std::string what = code_words(e.kind);
    if (e.rating) what += ": " + code_words(*e.rating);
    if (e.outcome) what += " (" + code_words(*e.outcome) + ")";
    std::string questions;
    if (e.safe)
      questions = fmt::format(
          "safe {}, effective {}, caring {}, responsive {}, well-led {}", code_words(*e.safe),
          code_words(e.effective.value_or("-")), code_words(e.caring.value_or("-")),
          code_words(e.responsive.value_or("-")), code_words(e.well_led.value_or("-")));
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        html_escape(e.event_date), html_escape(what), html_escape(questions),
                        html_escape(e.details.value_or("")));
  }
  body +=
      "<h2>Quality history</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Quality history\"><table class=\"data quality-events\"><thead><tr><th "
      "scope=\"col\">Date</th><th scope=\"col\">Event</th><th scope=\"col\">Key "
      "questions</th><th scope=\"col\">Details</th></tr></thead><tbody>\n" +
      rows + "</tbody></table></div>\n";
  if (may(ctx.user(), Capability::kIncidentRun)) body += open_incident_form(ctx, *p, *at);
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_provider_pages(Router& r) {
  r.get(R"(/providers)", providers_page);
  r.get(R"(/providers/([A-Za-z0-9]{1,16}))", provider_page);
}

}  // namespace bc::web
