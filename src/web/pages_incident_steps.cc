// The incident page's sections and the quality team's steps
// (docs/quality.md, "Running an incident"): each form posts one step to
// quality/incidents.h, which checks it before anything is written; a
// refusal shows the page again with the reason (422) and changes nothing.
// Each step is audited as `incident_<step>`.
#include <fmt/format.h>

#include "core/nhs_number.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "quality/checklist.h"
#include "report/metric_text.h"
#include "web/layout.h"
#include "web/pages_incidents.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::code_words;
using present::html_escape;

std::string options(std::span<const std::string_view> values) {
  std::string out;
  for (std::string_view v : values)
    out += fmt::format("<option value=\"{}\">{}</option>", v, code_words(v));
  return out;
}

std::string field(const char* id, const char* label, const std::string& input) {
  return fmt::format("<div class=\"field\"><label for=\"{}\">{}</label>{}</div>", id, label, input);
}

std::string text_input(const char* id, const char* name, bool required = false) {
  return fmt::format("<input type=\"text\" id=\"{}\" name=\"{}\" maxlength=\"2000\"{}>", id, name,
                     required ? " required" : "");
}

std::string date_input(const char* id) {
  return fmt::format("<input type=\"date\" id=\"{}\" name=\"date\" value=\"{}\">", id,
                     Date::today_utc().iso());
}

std::string step_form(const Ctx& ctx, int64_t id, const char* step, const char* heading,
                      const std::string& fields, const char* button) {
  return fmt::format(
      "<h3>{}</h3><form method=\"post\" action=\"/incidents/{}/{}\" class=\"incident-step\">{}{}"
      "<button type=\"submit\">{}</button></form>\n",
      heading, id, step, csrf_input(ctx), fields, button);
}

}  // namespace

std::string incident_people_html(const Ctx& ctx, const IncidentView& v,
                                 const std::vector<const AffectedPerson*>& shown) {
  const AffectedCounts c = count_affected(v.people);
  const bool suppress = suppress_provider_counts(ctx.user());
  auto n_of = [&](int64_t n) {
    return report::count_text(n, suppress, ctx.app.config().suppression);
  };
  std::string out =
      fmt::format("<h2>People affected: {}</h2><p>Placed with {} on {}: {} moved, {} stayed.</p>",
                  n_of(c.total), html_escape(v.provider.name),
                  html_escape(v.incident.incident_date), n_of(c.moved), n_of(c.stayed));
  std::string counts;
  for (const auto& [responsible, n] : c.by_responsible)
    counts += fmt::format("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
                          html_escape(code_words(responsible)), n_of(n));
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"People by "
      "responsible agency\"><table class=\"data by-responsible\"><thead><tr><th "
      "scope=\"col\">Responsible</th><th scope=\"col\">People</th></tr></thead><tbody>" +
      counts + "</tbody></table></div>\n";
  const bool runs = may(ctx.user(), Capability::kIncidentRun);
  if (shown.empty()) {
    if (ctx.user().role == Role::kClinician)
      out += "<p class=\"muted\">No one affected is registered in your cluster.</p>\n";
    return out;
  }
  std::string rows, group;
  for (const AffectedPerson* p : shown) {
    const PlacementRecord& pl = p->placement;
    std::string flags;
    for (const std::string& f : p->flags) flags += (flags.empty() ? "" : ", ") + code_words(f);
    rows += fmt::format(
        "<tr data-placement=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(pl.placement_id), html_escape(code_words(p->responsible)),
        html_escape(pl.placement_id), NhsNumber::from_value_unchecked(pl.nhs_number).formatted(),
        html_escape(code_words(pl.funder)), html_escape(pl.placing_body.value_or("")),
        p->age ? std::to_string(*p->age) : "-", html_escape(p->efi_category),
        html_escape(p->care_plan.value_or("none")), html_escape(flags),
        html_escape(code_words(p->move_status)) +
            (p->move_to ? " to " + html_escape(*p->move_to) : ""));
    (void)group;
  }
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"People "
      "affected\"><table class=\"data affected\"><thead><tr><th scope=\"col\">Responsible</th>"
      "<th scope=\"col\">Placement</th><th scope=\"col\">NHS number</th><th "
      "scope=\"col\">Funder</th><th scope=\"col\">Placing body</th><th scope=\"col\">Age</th>"
      "<th scope=\"col\">eFI</th><th scope=\"col\">Care plan</th><th scope=\"col\">Flags</th>"
      "<th scope=\"col\">Move</th></tr></thead><tbody>\n" +
      rows + "</tbody></table></div>\n";
  if (!runs || v.incident.closed()) return out;
  std::string placements;
  for (const AffectedPerson* p : shown)
    placements +=
        fmt::format("<option value=\"{0}\">{0}</option>", html_escape(p->placement.placement_id));
  std::string destinations;
  for (const CareProviderRecord& p : v.elsewhere)
    destinations += fmt::format("<option value=\"{}\">{} ({}, {})</option>", html_escape(p.code),
                                html_escape(p.name), html_escape(p.code),
                                html_escape(code_words(p.care_home_type.value_or(p.type))));
  out += step_form(
      ctx, v.incident.id, "moves", "Log a move",
      field("move-placement", "Placement",
            "<select id=\"move-placement\" name=\"placement\">" + placements + "</select>") +
          field("move-step", "Step",
                "<select id=\"move-step\" name=\"step\">" + options(kMoveSteps) + "</select>") +
          field("move-to", "To provider (for a choice or a move)",
                "<select id=\"move-to\" name=\"to\"><option value=\"\">none</option>" +
                    destinations + "</select>") +
          field("move-date", "On", date_input("move-date")) +
          field("move-note", "Note", text_input("move-note", "note")),
      "Log the step");
  std::string people;
  for (const AffectedPerson* p : shown)
    people += fmt::format("<option value=\"{}\">{} ({})</option>", p->placement.nhs_number,
                          html_escape(p->placement.placement_id),
                          NhsNumber::from_value_unchecked(p->placement.nhs_number).formatted());
  out += step_form(
      ctx, v.incident.id, "flags", "Flag a person",
      field("flag-person", "Person",
            "<select id=\"flag-person\" name=\"nhs_number\">" + people + "</select>") +
          field("flag-flag", "Flag",
                "<select id=\"flag-flag\" name=\"flag\">" + options(kPersonFlags) + "</select>") +
          field("flag-note", "Note", text_input("flag-note", "note")),
      "Set the flag");
  return out;
}

std::string incident_checklist_html(const Ctx& ctx, const IncidentView& v) {
  auto checklist = failure_checklist();
  if (!checklist.ok()) return "<p>" + html_escape(checklist.error()) + "</p>";
  const ChecklistTally t = tally_checklist(v.provider.type, v.incident.checklist);
  std::string rows, items;
  for (const ChecklistItem& item : checklist->items) {
    if (!checklist_applies(item.scope, v.provider.type)) continue;
    const ChecklistProgress* p = nullptr;
    for (const ChecklistProgress& x : v.incident.checklist) p = x.item == item.number ? &x : p;
    rows += fmt::format(
        "<tr data-item=\"{}\"{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(item.number), p && p->status == "done" ? " class=\"done\"" : "",
        html_escape(item.number), html_escape(item.text), html_escape(item.scope),
        html_escape(code_words(p ? p->status : "not_started")),
        p ? html_escape(fmt::format("{} {} {}", p->party.value_or(""), p->owner.value_or(""),
                                    p->status_date))
          : "");
    items += fmt::format("<option value=\"{0}\">{0}</option>", html_escape(item.number));
  }
  std::string out = fmt::format(
      "<h2>Management checklist: {} of {} done</h2><p>{} in progress, {} not applicable, {} not "
      "started (the items for {}).</p>\n",
      t.done, t.applicable, t.in_progress, t.not_applicable, t.not_started,
      v.provider.type == "care_home" ? "care homes" : "home care");
  if (may(ctx.user(), Capability::kIncidentRun) && !v.incident.closed()) {
    static constexpr std::string_view kParties[] = {"scc", "ccg", "provider"};
    std::string parties = "<option value=\"\">not given</option>";
    for (std::string_view p : kParties) parties += fmt::format("<option>{}</option>", p);
    out += step_form(
        ctx, v.incident.id, "checklist", "Record an item",
        field("item", "Item", "<select id=\"item\" name=\"item\">" + items + "</select>") +
            field("item-status", "Status",
                  "<select id=\"item-status\" name=\"status\">" + options(kChecklistStatuses) +
                      "</select>") +
            field("item-party", "Responsible",
                  "<select id=\"item-party\" name=\"party\">" + parties + "</select>") +
            field("item-owner", "Owner", text_input("item-owner", "owner")) +
            field("item-date", "On", date_input("item-date")) +
            field("item-note", "Note", text_input("item-note", "note")),
        "Record the item");
  }
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Management "
      "checklist\"><table class=\"data checklist\"><thead><tr><th scope=\"col\">Item</th><th "
      "scope=\"col\">Action</th><th scope=\"col\">Scope</th><th scope=\"col\">Status</th><th "
      "scope=\"col\">Who and when</th></tr></thead><tbody>\n" +
      rows + "</tbody></table></div>\n";
  return out;
}

std::string incident_logs_html(const Ctx& ctx, const IncidentView& v) {
  const Incident& i = v.incident;
  std::string out = "<h2>Notifications</h2>";
  if (i.notifications.empty())
    out += "<p class=\"muted\">None recorded.</p>";
  else
    out += "<ul>";
  for (const IncidentNotification& n : i.notifications)
    out += fmt::format("<li>{}: {} ({}) by {}{}</li>", html_escape(n.notified_date),
                       html_escape(n.name), html_escape(n.party), html_escape(n.method),
                       n.acknowledged ? ", acknowledged" : "");
  if (!i.notifications.empty()) out += "</ul>";
  out += "<h2>Risks</h2>";
  if (i.risks.empty()) out += "<p class=\"muted\">None recorded.</p>";
  for (const IncidentRisk& r : i.risks)
    out += fmt::format("<p>Risk {} ({}, score {}): {}{}</p>", r.risk_no, html_escape(r.status),
                       r.likelihood * r.impact, html_escape(r.risk),
                       r.mitigation ? ". Mitigation: " + html_escape(*r.mitigation) : "");
  const bool runs = may(ctx.user(), Capability::kIncidentRun) && !i.closed();
  if (runs) {
    static constexpr std::string_view kMethods[] = {"telephone", "email", "in_person", "letter"};
    out += step_form(
        ctx, i.id, "notifications", "Record a notification",
        field("notify-party", "Party",
              "<select id=\"notify-party\" name=\"party\">" + options(kNotifiedParties) +
                  "</select>") +
            field("notify-name", "Who was told", text_input("notify-name", "name", true)) +
            field(
                "notify-method", "How",
                "<select id=\"notify-method\" name=\"method\">" + options(kMethods) + "</select>") +
            field("notify-ack", "Acknowledged",
                  "<input type=\"checkbox\" id=\"notify-ack\" name=\"acknowledged\" "
                  "value=\"Y\">") +
            field("notify-date", "On", date_input("notify-date")),
        "Record the notification");
    out += step_form(
        ctx, i.id, "risks", "Add a risk",
        field("risk-text", "Risk", text_input("risk-text", "risk", true)) +
            field("risk-likelihood", "Likelihood (1 to 5)",
                  "<input type=\"number\" id=\"risk-likelihood\" name=\"likelihood\" min=\"1\" "
                  "max=\"5\" value=\"3\">") +
            field("risk-impact", "Impact (1 to 5)",
                  "<input type=\"number\" id=\"risk-impact\" name=\"impact\" min=\"1\" max=\"5\" "
                  "value=\"3\">") +
            field("risk-mitigation", "Mitigation", text_input("risk-mitigation", "mitigation")) +
            field("risk-owner", "Owner", text_input("risk-owner", "owner")),
        "Add the risk");
    if (!i.jisg_met_date)
      out += step_form(ctx, i.id, "jisg", "The steering group's first meeting",
                       field("jisg-date", "Held on", date_input("jisg-date")), "Record it");
    out += step_form(ctx, i.id, "close", "Close the incident",
                     field("close-lessons", "Lessons learned",
                           "<textarea id=\"close-lessons\" name=\"lessons\" rows=\"3\" "
                           "required></textarea>") +
                         field("close-date", "On", date_input("close-date")),
                     "Close it");
  }
  // The steps about one placement are for those who see the people.
  const bool all_steps = may(ctx.user(), Capability::kIncidentRun);
  out += "<h2>Log</h2><ol class=\"incident-log\">";
  int64_t held_back = 0;
  for (const IncidentLogEntry& e : i.log) {
    if (!all_steps && e.names_placement()) {
      ++held_back;
      continue;
    }
    out += fmt::format("<li>{} {}: {}</li>", html_escape(e.at), html_escape(e.actor),
                       html_escape(e.detail));
  }
  out += "</ol>\n";
  if (held_back > 0)
    out +=
        "<p class=\"muted\">The steps about individual placements (flags and moves) are "
        "shown to the quality team only.</p>\n";
  return out;
}

namespace {

// One step: the quality team only; the form's fields to `take`; a refusal
// (InvalidData) shows the page again with its reason.
template <typename Take>
Status incident_step(Ctx& ctx, const char* action, Take&& take) {
  if (Status s = require(ctx, Capability::kIncidentRun, "running incidents"); !s.ok()) return s;
  const int64_t id = std::stoll(ctx.req.matches[1].str());
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  Status s = take(**store, id);
  if (s.ok()) {
    if (Status a =
            ctx.app.audit(ctx.user().name, action, fmt::format("incident {}", id), ctx.origin);
        !a.ok())
      return a;
    see_other(ctx, fmt::format("/incidents/{}", id));
    return Status();
  }
  if (s.code() != StatusCode::kInvalidData) return s;
  auto v = load_incident_view(ctx, id);
  if (!v.ok()) return v.status();
  return render_incident(ctx, *v, s.message(), 422);
}

std::optional<std::string> given(const Result<std::string>& r) {
  return r.ok() && !r->empty() ? std::optional<std::string>(*r) : std::nullopt;
}

Result<int> one_to_five(const Ctx& ctx, const char* name) {
  auto v = param_or(ctx, name);
  if (!v.ok()) return v.status();
  if (v->size() != 1 || (*v)[0] < '1' || (*v)[0] > '5')
    return Status::invalid_data(fmt::format("{} is 1 to 5", name));
  return (*v)[0] - '0';
}

Status notify_post(Ctx& ctx) {
  return incident_step(ctx, "incident_notify", [&](Store& s, int64_t id) {
    auto party = param_or(ctx, "party"), name = param_or(ctx, "name"),
         method = param_or(ctx, "method"), date = param_or(ctx, "date"),
         ack = param_or(ctx, "acknowledged");
    for (const auto* r : {&party, &name, &method, &date, &ack})
      if (!r->ok()) return r->status();
    return record_notification(s, id, {0, *date, *party, *name, *method, *ack == "Y"},
                               ctx.user().name);
  });
}

Status jisg_post(Ctx& ctx) {
  return incident_step(ctx, "incident_jisg", [&](Store& s, int64_t id) {
    auto date = param_or(ctx, "date");
    if (!date.ok()) return date.status();
    auto day = Date::parse(*date);
    if (!day.ok()) return Status::invalid_data("the date: " + day.error());
    return record_jisg_meeting(s, id, *day, ctx.user().name);
  });
}

Status checklist_post(Ctx& ctx) {
  return incident_step(ctx, "incident_checklist", [&](Store& s, int64_t id) {
    auto item = param_or(ctx, "item"), status = param_or(ctx, "status"),
         date = param_or(ctx, "date");
    for (const auto* r : {&item, &status, &date})
      if (!r->ok()) return r->status();
    return record_checklist(s, id,
                            {*item, *status, given(param_or(ctx, "party")),
                             given(param_or(ctx, "owner")), *date, given(param_or(ctx, "note"))},
                            ctx.user().name);
  });
}

Status flag_post(Ctx& ctx) {
  return incident_step(ctx, "incident_flag", [&](Store& s, int64_t id) {
    auto nhs = param_or(ctx, "nhs_number"), flag = param_or(ctx, "flag");
    for (const auto* r : {&nhs, &flag})
      if (!r->ok()) return r->status();
    auto n = NhsNumber::parse(*nhs);
    if (!n.ok()) return Status::invalid_data("the NHS number: " + n.error());
    return record_flag(s, id, {n->value(), *flag, given(param_or(ctx, "note"))}, true,
                       ctx.user().name);
  });
}

Status move_post(Ctx& ctx) {
  return incident_step(ctx, "incident_move", [&](Store& s, int64_t id) {
    auto placement = param_or(ctx, "placement"), step = param_or(ctx, "step"),
         date = param_or(ctx, "date");
    for (const auto* r : {&placement, &step, &date})
      if (!r->ok()) return r->status();
    return record_move(
        s, id,
        {0, *placement, 0, *step, *date, given(param_or(ctx, "to")), given(param_or(ctx, "note"))},
        ctx.user().name);
  });
}

Status risk_post(Ctx& ctx) {
  return incident_step(ctx, "incident_risk", [&](Store& s, int64_t id) -> Status {
    auto risk = param_or(ctx, "risk");
    if (!risk.ok()) return risk.status();
    auto likelihood = one_to_five(ctx, "likelihood"), impact = one_to_five(ctx, "impact");
    if (!likelihood.ok()) return likelihood.status();
    if (!impact.ok()) return impact.status();
    auto no = record_risk(s, id,
                          {0, *risk, *likelihood, *impact, given(param_or(ctx, "mitigation")),
                           given(param_or(ctx, "owner")), "open"},
                          ctx.user().name);
    return no.ok() ? Status() : no.status();
  });
}

Status close_post(Ctx& ctx) {
  return incident_step(ctx, "incident_close", [&](Store& s, int64_t id) {
    auto date = param_or(ctx, "date");
    auto lessons = long_field(ctx, "lessons", 8000);
    if (!date.ok()) return date.status();
    if (!lessons.ok()) return lessons.status();
    auto day = Date::parse(*date);
    if (!day.ok()) return Status::invalid_data("the date: " + day.error());
    return close_incident(s, id, *day, lessons->value_or(""), ctx.user().name);
  });
}

}  // namespace

void add_incident_step_routes(Router& r) {
  r.post(R"(/incidents/([0-9]{1,9})/notifications)", notify_post);
  r.post(R"(/incidents/([0-9]{1,9})/jisg)", jisg_post);
  r.post(R"(/incidents/([0-9]{1,9})/checklist)", checklist_post);
  r.post(R"(/incidents/([0-9]{1,9})/flags)", flag_post);
  r.post(R"(/incidents/([0-9]{1,9})/moves)", move_post);
  r.post(R"(/incidents/([0-9]{1,9})/risks)", risk_post);
  r.post(R"(/incidents/([0-9]{1,9})/close)", close_post);
}

}  // namespace bc::web
