#include "report/provider_quality.h"

#include <fmt/format.h>

#include <algorithm>

#include "present/html_escape.h"
#include "present/labels.h"
#include "quality/failure.h"
#include "quality/incidents.h"
#include "quality/provider_data.h"
#include "report/html.h"
#include "report/metric_text.h"

namespace bc::report {
namespace {

using present::code_words;
using present::html_escape;

std::string day_words(Date d) {
  return fmt::format("{} {} {}", d.day(), month_name(d.month()), d.year());
}

std::string rag_html(const std::string& rag) {
  return rag_badge(rag == "red"     ? std::optional<Rag>(Rag::kRed)
                   : rag == "amber" ? std::optional<Rag>(Rag::kAmber)
                   : rag == "green" ? std::optional<Rag>(Rag::kGreen)
                                    : std::nullopt);
}

struct Tally {
  int red = 0, amber = 0, green = 0;
  void add(const std::string& rag) {
    red += rag == "red";
    amber += rag == "amber";
    green += rag == "green";
  }
};

std::string providers_part(const ProviderData& d, const ProviderQualityOptions& o) {
  Tally now, then;
  int homes = 0;
  std::string rows;
  for (const CareProviderRecord& p : d.providers) {
    homes += p.type == "care_home";
    const ProviderStanding s = d.standing(p, o.at);
    const ProviderStanding earlier = d.standing(p, o.before);
    now.add(s.rag);
    then.add(earlier.rag);
    if (s.rag == "green") continue;
    std::string findings;
    for (const std::string& f : s.findings) findings += "<li>" + html_escape(f) + "</li>";
    rows += fmt::format(
        "<tr data-provider=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td data-rag=\"{}\">{}</td>"
        "<td data-rag=\"{}\">{}</td><td>{}</td><td><ul>{}</ul></td><td class=\"num\">{}</td>"
        "</tr>\n",
        html_escape(p.code), html_escape(p.name),
        html_escape(code_words(p.care_home_type.value_or(p.type))), html_escape(s.rag),
        rag_html(s.rag), html_escape(earlier.rag), rag_html(earlier.rag),
        s.latest_rating ? html_escape(code_words(s.latest_rating->rating.value_or(""))) + " (" +
                              html_escape(s.latest_rating->event_date) + ")"
                        : "none",
        findings, occupancy_text(s, o.suppress, o.rule));
  }
  const int agencies = static_cast<int>(d.providers.size()) - homes;
  std::string out = fmt::format(
      "<p data-field=\"standing\">{} and {} as at {}: <strong>{} Red, {} Amber, {} "
      "Green</strong> by the quality rule. At {}: {} Red, {} Amber, {} Green.</p>\n",
      homes == 1 ? "1 care home" : fmt::format("{} care homes", homes),
      agencies == 1 ? "1 home care agency" : fmt::format("{} home care agencies", agencies),
      day_words(o.at), now.red, now.amber, now.green, day_words(o.before), then.red, then.amber,
      then.green);
  if (rows.empty()) return out + "<p>Every provider is Green.</p>\n";
  return out +
         scroll_region("Red and Amber care providers",
                       "<table class=\"providers\"><thead><tr><th scope=\"col\">Provider</th><th "
                       "scope=\"col\">Type</th><th scope=\"col\">RAG</th><th scope=\"col\">Three "
                       "months before</th><th scope=\"col\">Latest CQC rating</th><th "
                       "scope=\"col\">Findings</th><th class=\"num\" "
                       "scope=\"col\">Placed</th></tr></thead><tbody>\n" +
                           rows + "</tbody></table>") +
         (now.green == 0   ? std::string()
          : now.green == 1 ? std::string("<p>The other provider is Green.</p>\n")
                           : fmt::format("<p>The other {} providers are Green.</p>\n", now.green));
}

Result<std::string> incidents_part(Store& store, const ProviderData& d,
                                   const ProviderQualityOptions& o) {
  auto all = list_incidents(store);
  if (!all.ok()) return all.status();
  std::string rows;
  for (auto it = all->rbegin(); it != all->rend(); ++it) {  // oldest first
    const Incident& i = *it;
    const Date day = *Date::parse(i.incident_date);
    std::optional<Date> closed;
    if (i.closed_date) closed = *Date::parse(*i.closed_date);
    if (day > o.at || (closed && *closed < o.from)) continue;
    int64_t people = 0;
    for (const PlacementRecord& p : d.placements)
      people += p.provider_code == i.provider_code && placement_in_force(p, day);
    std::string name = i.provider_code;
    for (const CareProviderRecord& p : d.providers)
      if (p.code == i.provider_code) name = p.name;
    const Date due = jisg_due(*Date::parse(i.notified_date));
    std::optional<Date> met;
    if (i.jisg_met_date && *Date::parse(*i.jisg_met_date) <= o.at)
      met = *Date::parse(*i.jisg_met_date);
    const std::string_view state = jisg_state(due, met, o.at);
    std::string jisg = fmt::format("to meet by {}", due.iso());
    if (state == "overdue") jisg = fmt::format("overdue: due by {}", due.iso());
    if (state == "met") jisg = fmt::format("first met {}", met->iso());
    if (state == "met_late")
      jisg = fmt::format("first met {}, late (due by {})", met->iso(), due.iso());
    rows += fmt::format(
        "<tr data-incident=\"{}\"><th scope=\"row\">{} ({})</th><td>{}</td><td>{}</td><td "
        "class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        i.id, html_escape(name), html_escape(i.provider_code), html_escape(code_words(i.trigger)),
        html_escape(i.incident_date), count_text(people, o.suppress, o.rule), html_escape(jisg),
        closed && *closed <= o.at ? "closed " + closed->iso() : std::string("open"));
  }
  if (rows.empty())
    return std::string("<p>No provider failure incidents in the year to date.</p>\n");
  return scroll_region("Provider failure incidents",
                       "<table class=\"incidents\"><thead><tr><th scope=\"col\">Provider</th><th "
                       "scope=\"col\">Trigger</th><th scope=\"col\">Date</th><th class=\"num\" "
                       "scope=\"col\">People affected</th><th scope=\"col\">Steering group</th>"
                       "<th scope=\"col\">Status</th></tr></thead><tbody>\n" +
                           rows + "</tbody></table>");
}

}  // namespace

std::string occupancy_text(const ProviderStanding& s, bool suppress, const SuppressionRule& rule) {
  const std::string placed = count_text(s.placed, suppress, rule);
  const std::optional<double> occ = s.occupancy();
  if (!occ) return placed;
  if (placed == "*") return fmt::format("* of {} beds", *s.beds);
  return fmt::format("{} of {} beds ({:.0f}%)", placed, *s.beds, *occ);
}

Result<std::string> provider_quality_html(Store& store, const ProviderQualityOptions& o) {
  std::string out = fmt::format(
      "<section class=\"page\" id=\"{}-providers\"><h2>Care provider quality</h2>\n", o.id);
  auto d = read_provider_data(store);
  if (!d.ok()) return d.status();
  if (d->providers.empty())
    return out +
           "<p>No care providers are loaded (providers.csv with provider_type care_home or "
           "home_care).</p>\n</section>\n";
  out += providers_part(*d, o);
  out += "<h3>Provider failure incidents</h3>\n";
  auto incidents = incidents_part(store, *d, o);
  if (!incidents.ok()) return incidents.status();
  out += *incidents;
  return out + "</section>\n";
}

}  // namespace bc::report
