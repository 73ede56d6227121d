// A person's joined record: a clinician asks by NHS number for people
// registered in their own cluster; an analyst asks by pseudonym and sees the
// pseudonymised form only. Who may see what, and the audit entry written
// before anything is shown, are web/person_access.h's; this page renders
// the JSON shape it returns (care/person_json.h), so the page shows exactly
// the fields that form holds and no others.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "care/care_plan.h"
#include "core/icd10.h"
#include "engine/diagnosis_groups.h"
#include "engine/snapshot.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "report/html.h"
#include "web/care_views.h"
#include "web/layout.h"
#include "web/pages_internal.h"
#include "web/person_access.h"

namespace bc::web {
namespace {

using present::html_escape;

std::string words(const std::string& key) {
  static const std::map<std::string, std::string> kWords = {
      {"nhs_number", "NHS number"},
      {"pseudonym", "Pseudonym"},
      {"date_of_birth", "Date of birth"},
      {"age_band", "Age band"},
      {"sex", "Sex"},
      {"practice_code", "Practice code"},
      {"practice_name", "Practice"},
      {"cluster_code", "Cluster code"},
      {"cluster_name", "Cluster"},
      {"postcode_district", "Postcode district"},
      {"date_of_death", "Date of death"},
      {"died", "Died"},
      {"registered_date", "Registered"},
      {"registered_year", "Registered in"},
      {"spell", "Hospital spell"},
      {"ae_attendance", "A&E attendance"},
      {"care_home_admission", "Care home admission"},
      {"reablement", "Reablement"},
      {"condition", "Long-term condition"}};
  auto it = kWords.find(key);
  if (it != kWords.end()) return it->second;
  std::string out = key;
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string json_text(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

std::string search_form(const Ctx& ctx, const std::string& value) {
  const bool pseudo = sees_pseudonyms(ctx.user());
  std::string out =
      "<form class=\"controls\" method=\"get\" action=\"/person\" role=\"search\"><input "
      "type=\"hidden\" name=\"period\" value=\"" +
      html_escape(period_text(ctx)) + "\">";
  if (pseudo) {
    out +=
        "<label for=\"pseudonym\">Pseudonym</label> <input id=\"pseudonym\" "
        "name=\"pseudonym\" placeholder=\"P0123456789abcdef\" size=\"20\" maxlength=\"17\" "
        "pattern=\"P[0-9a-f]{16}\" required value=\"" +
        html_escape(value) + "\">";
  } else {
    out +=
        "<label for=\"nhs\">NHS number</label> <input id=\"nhs\" name=\"nhs\" "
        "inputmode=\"numeric\" autocomplete=\"off\" size=\"14\" maxlength=\"14\" "
        "placeholder=\"999 000 0018\" required value=\"" +
        html_escape(value) + "\">";
  }
  out += " <button type=\"submit\">Open the record</button></form>\n";
  if (pseudo) {
    out +=
        "<p class=\"note\">Analysts see person-level data only pseudonymised: no NHS "
        "number, date of birth or postcode. Every look is written to the audit log.</p>\n"
        "<p>To find people, list <a href=\"/cohort\">everyone with an event of a metric in a "
        "period</a> (a cohort), or open a cluster's register.</p>\n";
  } else {
    out +=
        "<p class=\"note\">You can open the records of people registered in your cluster "
        "" +
        html_escape(ctx.user().cluster.value_or("")) +
        ", for their direct care. Every look is written to the audit log.</p>\n";
  }
  return out;
}

// A detail of a timeline event as a reader needs it: a hospital code with
// its meaning ("21 (emergency: via A&E)"), a provider with its name, a
// diagnosis with its group ("N39.0 (diagnosis group: ...)").
std::string detail_text(const std::string& key, const std::string& value, const Snapshot& snap) {
  if (key == "admission method")
    return present::with_meaning(value, present::admission_method_label(value));
  if (key == "discharge destination")
    return present::with_meaning(value, present::discharge_destination_label(value));
  if (key == "department type")
    return present::with_meaning(value, present::department_type_label(value));
  if (key == "provider") {
    for (size_t i = 0; i < snap.provider_codes.size() && i < snap.provider_names.size(); ++i) {
      if (snap.provider_codes[i] == value && !snap.provider_names[i].empty())
        return present::with_meaning(value, snap.provider_names[i]);
    }
  }
  if (key == "primary diagnosis") {
    if (auto code = Icd10::parse(value); code.ok()) {
      const DiagnosisGroups& groups = DiagnosisGroups::builtin();
      const size_t g = groups.group_of(code->code());
      return g == groups.size()
                 ? code->dotted()
                 : code->dotted() + " (diagnosis group: " + std::string(groups.name(g)) + ")";
    }
  }
  return value;
}

std::string render_record(const PersonView& view, const Snapshot& snap) {
  const nlohmann::json& j = view.json;
  std::string out = "<section class=\"person\" aria-label=\"Person\"><dl class=\"facts\">";
  for (const char* key : {"pseudonym", "nhs_number"}) {
    if (j.contains(key)) {
      out += fmt::format("<dt>{}</dt><dd data-field=\"{}\"><strong>{}</strong></dd>",
                         html_escape(words(key)), key, html_escape(json_text(j[key])));
    }
  }
  if (j.contains("person") && j["person"].is_object()) {
    const nlohmann::json& p = j["person"];
    // The fields in reading order, then any the shape gains later.
    static const char* const kOrder[] = {"date_of_birth",     "age_band",        "sex",
                                         "practice_code",     "practice_name",   "cluster_code",
                                         "cluster_name",      "registered_date", "registered_year",
                                         "postcode_district", "date_of_death",   "died"};
    std::vector<std::string> keys;
    for (const char* k : kOrder) {
      if (p.contains(k)) keys.push_back(k);
    }
    for (const auto& [k, v] : p.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    // A person registered with no GP practice is in no practice or cluster.
    const bool no_practice = p.contains("practice_code") && p["practice_code"].is_null();
    for (const auto& k : keys) {
      if (no_practice && k == "practice_code") {
        out +=
            "<dt>Practice</dt><dd data-field=\"practice_code\">None: not registered with a GP "
            "practice (counts city-wide, in no cluster)</dd>";
        continue;
      }
      if (no_practice && (k == "practice_name" || k == "cluster_code" || k == "cluster_name")) {
        continue;
      }
      out += fmt::format("<dt>{}</dt><dd data-field=\"{}\">{}</dd>", html_escape(words(k)),
                         html_escape(k), html_escape(json_text(p[k])));
    }
  } else {
    out += "<dt>Register</dt><dd>Not in the persons register: activity is unlinked.</dd>";
  }
  out += "</dl></section>\n";

  const nlohmann::json& timeline = j.contains("timeline") ? j["timeline"] : nlohmann::json();
  out += "<section><h2>Timeline</h2>\n";
  if (!timeline.is_array() || timeline.empty()) {
    out += "<p class=\"muted\">No activity recorded.</p></section>\n";
    return out;
  }
  std::map<std::string, int> counts;
  for (const auto& e : timeline) counts[json_text(e.value("kind", nlohmann::json()))] += 1;
  out += "<ul class=\"inline-list\">";
  for (const auto& [kind, n] : counts)
    out += fmt::format("<li>{}: <strong>{}</strong></li>", html_escape(words(kind)), n);
  out += "</ul>\n";
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Events\"><table "
      "class=\"data timeline\"><thead><tr><th "
      "scope=\"col\">Date</th><th scope=\"col\">Event</th><th scope=\"col\">Id</th><th "
      "scope=\"col\">Details</th></tr></thead><tbody>\n";
  for (const auto& e : timeline) {
    std::string details;
    if (e.contains("details") && e["details"].is_object()) {
      for (const auto& [k, v] : e["details"].items()) {
        details += (details.empty() ? "" : "; ") + html_escape(k) + ": " +
                   html_escape(detail_text(k, json_text(v), snap));
      }
    }
    std::string kind = json_text(e.value("kind", nlohmann::json()));
    out += fmt::format("<tr data-kind=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       html_escape(kind), html_escape(json_text(e.value("date", nlohmann::json()))),
                       html_escape(words(kind)),
                       html_escape(json_text(e.value("id", nlohmann::json()))), details);
  }
  out += "</tbody></table></div>\n</section>\n";
  return out;
}

Status person_page(Ctx& ctx) {
  auto nhs = param_or(ctx, "nhs");
  if (!nhs.ok()) return nhs.status();
  auto pseudonym = param_or(ctx, "pseudonym");
  if (!pseudonym.ok()) return pseudonym.status();
  const std::string key = !nhs->empty() ? *nhs : *pseudonym;

  PageOptions po;
  po.period_picker = false;  // a person's record is not of a period
  po.title = "Person";
  po.section = Section::kPerson;
  po.suppressed = false;
  if (key.empty()) {
    if (Status s = require(ctx, Capability::kPersonRecord, "person records"); !s.ok()) return s;
    send_html(ctx.res, render_page(ctx, po, search_form(ctx, "")));
    return Status();
  }
  if (!nhs->empty() && !pseudonym->empty())
    return Status::invalid_argument("ask by NHS number or by pseudonym, not both");
  // Access (a refusal is audited too), the audit entry and the form of the
  // record: person_access.h.
  auto view = open_person_record(ctx, key);
  if (!view.ok()) return view.status();
  auto scores = person_scores(ctx, view->record.nhs_number.value());
  if (!scores.ok()) return scores.status();
  std::string body = search_form(ctx, "");
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  body += render_record(*view, **snap);
  body += person_scores_html(*scores);
  if (!view->pseudonymised) {
    // The care team's plan for the person, beside their record.
    auto store = ctx.app.store();
    if (!store.ok()) return store.status();
    auto plans = care_plans_of(**store, view->record.nhs_number.value());
    if (!plans.ok()) return plans.status();
    const Date today = Date::today_utc();
    const CarePlan* plan = current_plan(*plans, today);
    std::string state = "No care plan yet.";
    if (plan != nullptr) {
      const PlanAsAt a = plan_as_at(*plan, today);
      const std::string name = present::code_words(plan_state_name(a.state));
      state = fmt::format("Plan {}: {}{}.", plan->plan_id, name,
                          a.review_due ? ", review due " + a.review_due->iso() : "");
    }
    body += fmt::format(
        "<section aria-labelledby=\"care-plan-h\"><h2 id=\"care-plan-h\">Care plan</h2><p "
        "data-field=\"care_plan\">{} <a href=\"/care-plans?nhs={}\">{}</a></p></section>\n",
        html_escape(state), view->record.nhs_number.digits(),
        plan ? "Open the care plan" : "Write a care plan");
  }
  po.title = view->pseudonymised ? "Person " + view->pseudonym
                                 : "Person " + view->record.nhs_number.formatted();
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_person_pages(Router& r) {
  r.get("/person", person_page);
}

}  // namespace bc::web
