// Cluster care's pages (issue 16): a cluster's registers
// (/clusters/<code>/register[.csv]), and the pieces the cluster dashboard,
// the overview and the person page show of it. Who sees what, and the
// audit, are web/care_views.h's; the rows are the API's JSON
// (care/care_json.h), so a page shows exactly the fields the API gives.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "care/frailty.h"
#include "care/person_scores.h"
#include "present/html_escape.h"
#include "present/json_csv.h"
#include "present/labels.h"
#include "present/number_format.h"
#include "web/care_views.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using nlohmann::json;
using present::html_escape;

std::string text(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

// A count as shown: suppressed (null) as "*".
std::string count_text(const json& v) {
  if (!v.is_number_integer()) return "*";
  return present::format_thousands(v.get<int64_t>());
}

std::string percent(double risk) {
  return fmt::format("{:.1f}%", risk * 100);
}

struct Filters {
  std::string efi, band, practice;
  bool keeps(const json& e) const {
    if (!efi.empty() && text(e["efi_category"]) != efi) return false;
    if (!band.empty()) {
      const auto& bands = risk_bands();
      auto b = std::find_if(bands.begin(), bands.end(), [&](auto& x) { return x.first == band; });
      if (b == bands.end() || risk_band_words(e["risk"].get<double>()) != b->second) return false;
    }
    return practice.empty() || text(e["practice"]) == practice;
  }
};

Result<Filters> filters(const Ctx& ctx) {
  Filters f;
  auto efi = param_or(ctx, "efi");
  auto band = param_or(ctx, "band");
  auto practice = param_or(ctx, "practice");
  for (auto* p : {&efi, &band, &practice})
    if (!p->ok()) return p->status();
  f.efi = *efi;
  f.band = *band;
  f.practice = *practice;
  return f;
}

// The query parameters of the page as asked (for the CSV link).
std::vector<std::pair<std::string, std::string>> page_params(const RegisterRequest& r,
                                                             const Filters& f) {
  std::vector<std::pair<std::string, std::string>> p = {
      {"list", std::string(register_kind_name(r.kind))}, {"at", r.at.iso()}};
  if (r.kind == RegisterKind::kRisk) p.emplace_back("top", fmt::format("{}", r.top_percent));
  for (const auto& [k, v] : {std::pair{"efi", f.efi}, {"band", f.band}, {"practice", f.practice}})
    if (!v.empty()) p.emplace_back(k, v);
  return p;
}

std::string option(const std::string& value, const std::string& words, const std::string& chosen) {
  return fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(value),
                     value == chosen ? " selected" : "", html_escape(words));
}

std::string controls(const Snapshot& sn, const RegisterRequest& r, const Filters& f) {
  const size_t ci =
      static_cast<size_t>(std::find(sn.cluster_codes.begin(), sn.cluster_codes.end(), r.cluster) -
                          sn.cluster_codes.begin());
  std::string out = fmt::format(
      "<form class=\"controls register-controls\" method=\"get\" action=\"/clusters/{}/register\">",
      html_escape(r.cluster));
  const std::string list(register_kind_name(r.kind));
  out += "<label for=\"list\">Register</label> <select id=\"list\" name=\"list\">" +
         option("risk", "At risk", list) + option("frailty", "Frailty", list) + "</select> ";
  out += fmt::format(
      "<label for=\"at\">As at</label> <input type=\"date\" id=\"at\" name=\"at\" value=\"{}\" "
      "required> ",
      r.at.iso());
  out += fmt::format(
      "<label for=\"top\">Top (%, at-risk)</label> <input type=\"number\" id=\"top\" name=\"top\" "
      "min=\"0.1\" max=\"100\" step=\"0.1\" size=\"5\" value=\"{}\"> ",
      r.top_percent);
  out += "<label for=\"efi\">Frailty</label> <select id=\"efi\" name=\"efi\">" +
         option("", "any", f.efi);
  for (auto c :
       {EfiCategory::kFit, EfiCategory::kMild, EfiCategory::kModerate, EfiCategory::kSevere}) {
    const std::string n(efi_category_name(c));
    out += option(n, n, f.efi);
  }
  out += "</select> <label for=\"band\">Risk</label> <select id=\"band\" name=\"band\">" +
         option("", "any", f.band);
  for (const auto& [col, words] : risk_bands()) out += option(col, words, f.band);
  out +=
      "</select> <label for=\"practice\">Practice</label> <select id=\"practice\" "
      "name=\"practice\">" +
      option("", "any", f.practice);
  for (size_t p = 0; p < sn.practice_codes.size(); ++p) {
    if (sn.practice_cluster[p] != static_cast<int16_t>(ci)) continue;
    out +=
        option(sn.practice_codes[p], sn.practice_codes[p] + " " + sn.practice_names[p], f.practice);
  }
  out += "</select> <button type=\"submit\">Show</button></form>\n";
  return out;
}

std::string person_link(const json& row) {
  if (row.contains("pseudonym")) {
    const std::string p = text(row["pseudonym"]);
    return fmt::format("<a href=\"/person?pseudonym={}\">{}</a>", url_encode(p), html_escape(p));
  }
  const std::string n = text(row["nhs_number"]);
  return fmt::format("<a href=\"/person?nhs={}\">{}</a>", url_encode(n), html_escape(n));
}

// The person's care plan, for the care team (identified rows carry it):
// its state, linked to the plan.
std::string plan_cell(const json& e) {
  if (!e.contains("care_plan") || !e.contains("nhs_number")) return "-";
  const std::string state = present::code_words(text(e["care_plan"]));
  return fmt::format("<a href=\"/care-plans?nhs={}\">{}</a>", url_encode(text(e["nhs_number"])),
                     html_escape(state == "none" ? "write one" : state));
}

// "Care plans: X of the Y people on the register have a plan in force (P%)".
std::string coverage_html(const json& c, const std::string& at) {
  return fmt::format(
      "<p class=\"coverage\" data-count=\"careplan_coverage\" data-with-plan=\"{}\" "
      "data-register=\"{}\">Care plans: <strong>{}</strong> of the {} people on the at-risk "
      "register have an agreed care plan on {} ({}).</p>\n",
      html_escape(count_text(c["with_plan"])), html_escape(count_text(c["register"])),
      count_text(c["with_plan"]), count_text(c["register"]), html_escape(at),
      c["percent"].is_null() ? std::string("*")
                             : fmt::format("{:.1f}%", c["percent"].get<double>()));
}

std::string register_table(const json& entries) {
  std::string out =
      // A wide table scrolls in its own region, focusable so by keyboard too.
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"The register\">"
      "<table class=\"data register\"><thead><tr>"
      "<th scope=\"col\" class=\"num\">Rank</th><th scope=\"col\">Person</th>"
      "<th scope=\"col\">Practice</th><th scope=\"col\" class=\"num\">Age</th>"
      "<th scope=\"col\" class=\"num\">Risk</th><th scope=\"col\">eFI</th>"
      "<th scope=\"col\">HFRS</th><th scope=\"col\">What raises the risk</th>"
      "<th scope=\"col\">Last emergency admission</th><th scope=\"col\">New</th>"
      "<th scope=\"col\">Care plan</th></tr></thead><tbody>\n";
  for (const json& e : entries) {
    std::string factors;
    for (const auto& w : e["factors"])
      factors += (factors.empty() ? "" : "; ") + html_escape(w.get<std::string>());
    out += fmt::format(
        "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td data-field=\"care_plan\">{}</td></tr>\n",
        text(e["rank"]), person_link(e), html_escape(text(e["practice"])),
        html_escape(text(e["age"])), percent(e["risk"].get<double>()), text(e["efi_deficits"]),
        html_escape(text(e["efi_category"])),
        e["hfrs"].is_null() ? std::string("-")
                            : html_escape(text(e["hfrs"]) + " (" + text(e["hfrs_band"]) + ")"),
        factors, html_escape(text(e["last_emergency_admission"])),
        e["joined"].get<bool>() ? "new" : "", plan_cell(e));
  }
  out += "</tbody></table></div>\n";
  return out;
}

std::string register_title(const json& j) {
  return j["kind"] == "risk"
             ? fmt::format("At-risk register (top {}%)", j["top_percent"].get<double>())
             : std::string("Frailty register");
}

std::string person_level_body(const RegisterView& v, const RegisterRequest& r, const Filters& f,
                              const std::string& csv_href) {
  const json& j = v.json;
  json shown = json::array();
  for (const json& e : j["entries"])
    if (f.keeps(e)) shown.push_back(e);
  std::string out = fmt::format(
      "<p class=\"summary\" data-size=\"{}\">{}: <strong>{}</strong> people of a registered "
      "population of {}; <strong>{}</strong> joined and <strong>{}</strong> left since {}.</p>\n",
      text(j["size"]), html_escape(register_title(j)), text(j["size"]), count_text(j["population"]),
      text(j["joined"]), text(j["left_count"]), html_escape(text(j["previous"])));
  if (shown.size() != j["entries"].size())
    out += fmt::format("<p>{} of them match the filters.</p>\n", shown.size());
  out += fmt::format("<p><a href=\"{}\" download>Download these rows (CSV)</a></p>\n",
                     html_escape(csv_href));
  if (shown.empty()) {
    out += "<p class=\"muted\">Nobody on the register matches.</p>\n";
  } else {
    out += register_table(shown);
  }
  out += fmt::format("<h2>Left since {}</h2>\n", html_escape(text(j["previous"])));
  if (j["left"].empty()) {
    out += "<p class=\"muted\">Nobody left.</p>\n";
  } else {
    out += "<ul class=\"leavers\">";
    for (const json& l : j["left"])
      out += "<li>" + person_link(l) + ": " + html_escape(text(l["reason"])) + "</li>";
    out += "</ul>\n";
  }
  (void)r;
  return out;
}

Status register_page(Ctx& ctx, bool csv) {
  if (Status s = require(ctx, Capability::kAggregates, "registers"); !s.ok()) return s;
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  const Snapshot& sn = *data->snap;
  const std::string code = ctx.req.matches[1].str();
  auto request = register_request(ctx, sn, code);
  if (!request.ok()) return request.status();
  if (!may_view_cluster(ctx.user(), code))
    return Status::permission_denied("a clinician sees the dashboard of their own cluster only");
  auto f = filters(ctx);
  if (!f.ok()) return f.status();
  const size_t ci = static_cast<size_t>(
      std::find(sn.cluster_codes.begin(), sn.cluster_codes.end(), code) - sn.cluster_codes.begin());
  PageOptions po;
  po.title = "Registers, cluster " + code + " " + sn.cluster_names[ci];
  po.section = Section::kClusters;
  po.period_picker = false;
  po.suppressed = suppress_for(ctx.user(), code);
  std::string body = fmt::format(
      "<p class=\"lead\">The people the cluster's multidisciplinary team case-manages: the "
      "at-risk register (the top share of the registered population by risk of an emergency "
      "admission in the next 12 months) or the frailty register, as at a date. <a "
      "href=\"{}\">Back to the cluster's dashboard</a>.</p>\n",
      href_attr("/clusters/" + code, period_text(ctx)));
  body += controls(sn, *request, *f);
  if (!data->model) {
    if (csv) return Status::not_found(std::string(kNoModelMessage));
    body += "<p class=\"note no-model\" role=\"status\">" +
            html_escape(std::string(kNoModelMessage)) + "</p>\n";
    send_html(ctx.res, render_page(ctx, po, body));
    return Status();
  }
  // A register's rows are for the care team and analysts: a CSV is
  // refused to the others before anything is built or audited.
  if (auto form = person_form(ctx.user(), code); csv && form.ok() && *form == PersonForm::kCounts)
    return Status::permission_denied("a register's rows are for the care team and analysts");
  auto view = open_register(ctx, *data, *request, csv ? "csv" : "page");
  if (!view.ok()) return view.status();
  const auto params = page_params(*request, *f);
  std::string coverage;
  if (!csv && request->kind == RegisterKind::kRisk) {
    // The care team sees each person's plan; everyone the coverage counts.
    std::vector<std::string> states;
    const bool identified = view->form == PersonForm::kIdentified;
    auto c = register_plan_coverage(ctx, *data, view->reg, suppress_for(ctx.user(), code),
                                    identified ? &states : nullptr);
    if (!c.ok()) return c.status();
    coverage = coverage_html(*c, request->at.iso());
    for (size_t i = 0; identified && i < states.size() && i < view->json["entries"].size(); ++i)
      view->json["entries"][i]["care_plan"] = states[i];
  }
  if (csv) {
    json shown = json::array();
    for (const json& e : view->json["entries"])
      if (f->keeps(e)) shown.push_back(e);
    std::vector<std::string> cols = register_columns();
    if (view->form == PersonForm::kPseudonymised)
      std::replace(cols.begin(), cols.end(), std::string("nhs_number"), std::string("pseudonym"));
    send_file(ctx.res, present::json_rows_csv(shown, cols), kCsvType,
              fmt::format("register-{}-{}-{}.csv", code, register_kind_name(request->kind),
                          request->at.iso()));
    return Status();
  }
  // The model's date to the month for analysts, as every date they see.
  body +=
      fmt::format("<p>Model {} (trained as at {}).</p>\n", data->model->id,
                  view->form == PersonForm::kPseudonymised ? data->model->index.iso().substr(0, 7)
                                                           : data->model->index.iso());
  body += coverage;
  if (view->form == PersonForm::kCounts) {
    const json& j = view->json;
    body += fmt::format(
        "<p class=\"summary\">{}: <strong>{}</strong> people of a registered population of {}; "
        "{} joined and {} left since {}.</p>\n<p class=\"note\">Your role sees the register's "
        "counts only, with small numbers suppressed (*); the people on it are for the "
        "cluster's care team.</p>\n",
        html_escape(register_title(j)), count_text(j["size"]), count_text(j["population"]),
        count_text(j["joined"]), count_text(j["left_count"]), html_escape(text(j["previous"])));
  } else {
    body += person_level_body(*view, *request, *f,
                              link("/clusters/" + code + "/register.csv", "", params));
  }
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

std::string counts_table(Ctx& ctx, const CountTable& t,
                         const std::vector<std::pair<std::string, std::string>>& columns,
                         const std::string& caption, const char* cls) {
  std::string out = fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table "
      "class=\"data {}\"><caption>{}</caption><thead><tr><th scope=\"col\">Cluster</th>",
      html_escape(caption), cls, html_escape(caption));
  for (const auto& [col, words] : columns)
    out += "<th scope=\"col\" class=\"num\">" + html_escape(words) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& row : t.rows) {
    const std::optional<std::string> c =
        row.cluster_code.empty() ? std::nullopt : std::optional(row.cluster_code);
    const json j = counts_json(CountTable{t.columns, {row}}, suppress_for(ctx.user(), c),
                               ctx.app.config().suppression)
                       .at(0);
    out += fmt::format("<tr><th scope=\"row\">{}</th>",
                       html_escape(c ? *c + " " + row.cluster_name : row.cluster_name));
    for (const auto& [col, words] : columns)
      out += fmt::format("<td class=\"num\" data-count=\"{}\">{}</td>", html_escape(col),
                         count_text(j[col]));
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  return out;
}

}  // namespace

Result<std::string> register_counts_html(Ctx& ctx, const std::string& cluster, bool suppress) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  std::string out = fmt::format(
      "<h2>Registers</h2>\n<p><a href=\"{}\">The cluster's at-risk and frailty "
      "registers</a>{}</p>\n",
      href_attr("/clusters/" + cluster + "/register", ""),
      ctx.user().role == Role::kClinician
          ? fmt::format(" &middot; <a href=\"{}\">Care plan reviews due</a> &middot; <a "
                        "href=\"{}\">MDT case list and meetings</a> &middot; <a "
                        "href=\"{}\">Single point of access</a>",
                        href_attr("/clusters/" + cluster + "/care-plans", ""),
                        href_attr("/clusters/" + cluster + "/mdt", ""),
                        href_attr("/clusters/" + cluster + "/spa", ""))
          : std::string());
  if (!data->model)
    return out + "<p class=\"note no-model\">" + html_escape(std::string(kNoModelMessage)) +
           "</p>\n";
  RegisterRequest r{RegisterKind::kRisk, cluster, scores_date(*data->snap)};
  auto coverage = register_plan_coverage(ctx, *data, r, suppress);
  if (!coverage.ok()) return coverage.status();
  out += coverage_html(*coverage, r.at.iso());
  out += fmt::format("<ul class=\"register-counts\" data-at=\"{}\">", r.at.iso());
  for (RegisterKind k : {RegisterKind::kRisk, RegisterKind::kFrailty}) {
    r.kind = k;
    auto j = register_counts_json(ctx, *data, r, suppress);
    if (!j.ok()) return j.status();
    out += fmt::format(
        "<li data-register=\"{}\">{} register on {}: <strong data-count=\"size\">{}</strong> "
        "people; <span data-count=\"joined\">{}</span> joined and <span "
        "data-count=\"left_count\">{}</span> left since a month earlier</li>",
        register_kind_name(k), k == RegisterKind::kRisk ? "At-risk (top 5%)" : "Frailty",
        r.at.iso(), count_text((*j)["size"]), count_text((*j)["joined"]),
        count_text((*j)["left_count"]));
  }
  out += "</ul>\n";
  return out;
}

Result<std::string> care_distributions_html(Ctx& ctx) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  const Date at = scores_date(*data->snap);
  auto scores = data->scores(ctx, at);
  std::string out = fmt::format(
      "<section class=\"care-distributions\"><h2>Frailty and risk by cluster</h2>\n<p>The "
      "registered living population as at {}: the electronic Frailty Index's categories, the "
      "Hospital Frailty Risk Score's bands (people aged 75 and over) and the predicted risk of "
      "an emergency admission in the next 12 months (docs/risk.md).</p>\n",
      at.iso());
  out += counts_table(ctx, frailty_distribution(*data->snap, scores->features),
                      {{"population", "Population"},
                       {"fit", "Fit"},
                       {"mild", "Mild"},
                       {"moderate", "Moderate"},
                       {"severe", "Severe"},
                       {"aged_75_plus", "Aged 75+"},
                       {"hfrs_low", "HFRS low"},
                       {"hfrs_intermediate", "HFRS intermediate"},
                       {"hfrs_high", "HFRS high"}},
                      "Frailty by cluster", "frailty-distribution");
  if (!data->model) {
    out += "<p class=\"note no-model\">" + html_escape(std::string(kNoModelMessage)) + "</p>\n";
  } else {
    std::vector<std::pair<std::string, std::string>> cols = {{"population", "Population"}};
    for (const auto& b : risk_bands()) cols.push_back(b);
    out += counts_table(ctx, risk_distribution(*data->snap, scores->features, scores->risk), cols,
                        fmt::format("Predicted risk by cluster (model {})", data->model->id),
                        "risk-distribution");
  }
  out += "</section>\n";
  return out;
}

std::string person_scores_html(const json& s) {
  if (s.is_null()) return "";
  std::string out = fmt::format(
      "<section class=\"scores\" aria-label=\"Frailty and risk\"><h2>Frailty and risk as at "
      "{}</h2>\n<dl class=\"facts\">",
      html_escape(text(s["at"])));
  if (!s["in_population"].get<bool>())
    out += "<dt>Population</dt><dd>Not registered and alive on this date.</dd>";
  out += fmt::format("<dt>eFI</dt><dd data-field=\"efi\">{} ({} deficits, {})</dd>",
                     html_escape(text(s["efi_score"])), html_escape(text(s["efi_deficits"])),
                     html_escape(text(s["efi_category"])));
  out += fmt::format("<dt>HFRS</dt><dd data-field=\"hfrs\">{}</dd>",
                     s["hfrs"].is_null()
                         ? std::string("not scored (under 75)")
                         : html_escape(text(s["hfrs"]) + " (" + text(s["hfrs_band"]) + ")"));
  const json& r = s["risk"];
  if (r.is_null()) {
    out += "<dt>Risk</dt><dd data-field=\"risk\">not scored</dd>";
  } else {
    std::string factors;
    for (const auto& w : r["factors"])
      factors += (factors.empty() ? "" : "; ") + html_escape(w.get<std::string>());
    out += fmt::format(
        "<dt>Risk of an emergency admission in 12 months</dt><dd data-field=\"risk\">{} "
        "<span class=\"note\">(model {}, trained as at {})</span></dd><dt>What raises "
        "it</dt><dd>{}</dd>",
        percent(r["risk"].get<double>()), text(r["model_id"]),
        html_escape(text(r["model_index_date"])), factors.empty() ? "-" : factors);
  }
  out += "</dl></section>\n";
  return out;
}

void add_care_pages(Router& r) {
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32})/register)",
        [](Ctx& ctx) { return register_page(ctx, false); });
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32})/register\.csv)",
        [](Ctx& ctx) { return register_page(ctx, true); });
}

}  // namespace bc::web
