#include "quality/provider_rag.h"

#include <fmt/format.h>

#include "core/toml_guard.h"
#include "quality/failure.h"

namespace bc::embedded {
extern const std::string_view kQualityToml;  // config/quality.toml
}

namespace bc {
namespace {

Result<int> threshold(const toml::table& t, std::string_view key, int lo, int hi) {
  const toml::node* n = t.get(key);
  const auto v = n ? n->value<int64_t>() : std::nullopt;
  if (!n || !n->is_integer() || !v || *v < lo || *v > hi)
    return Status::invalid_data(fmt::format(
        "quality.toml: [provider_rag] {} must be a whole number from {} to {}", key, lo, hi));
  return static_cast<int>(*v);
}

std::string rating_words(const std::string& r) {
  std::string out = r;
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

}  // namespace

Result<ProviderRule> parse_provider_rule(std::string_view toml_text) {
  auto t = parse_user_toml(toml_text, "quality.toml");
  if (!t.ok()) return t.status();
  const toml::table* r = (*t)["provider_rag"].as_table();
  if (r == nullptr) return Status::invalid_data("quality.toml: no [provider_rag]");
  auto window = threshold(*r, "window_months", 1, 60);
  auto red = threshold(*r, "red_upheld_concerns", 1, 100);
  auto amber = threshold(*r, "amber_upheld_complaints", 1, 100);
  for (const auto* x : {&window, &red, &amber})
    if (!x->ok()) return x->status();
  return ProviderRule{*window, *red, *amber};
}

Result<ProviderRule> provider_rule() {
  return parse_provider_rule(embedded::kQualityToml);
}

std::optional<double> ProviderStanding::occupancy() const {
  if (!beds || *beds <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(placed) / static_cast<double>(*beds);
}

ProviderStanding judge_provider(const CareProviderRecord& provider,
                                const std::vector<QualityEventRecord>& events,
                                const std::vector<PlacementRecord>& placements, Date at,
                                const ProviderRule& rule) {
  ProviderStanding s;
  s.beds = provider.registered_beds;
  // The window: the rule's months up to and including `at`.
  const Date from = add_months(at, -rule.window_months).add_days(1);
  bool serious_visit = false, improvement_visit = false, open_concern = false;
  for (const QualityEventRecord& e : events) {
    if (e.provider_code != provider.code) continue;
    auto day = Date::parse(e.event_date);
    if (!day.ok() || at < *day) continue;
    if (e.kind == "cqc_rating") s.latest_rating = e;
    if (e.kind == "suspension") s.suspended = true;
    if (e.kind == "suspension_lifted") s.suspended = false;
    if (*day < from) continue;
    const std::string outcome = e.outcome.value_or("");
    if (e.kind == "safeguarding") {
      ++s.concerns;
      s.upheld_concerns += outcome == "upheld";
      open_concern |= outcome == "upheld" || outcome == "open" || outcome.empty();
    } else if (e.kind == "complaint") {
      ++s.complaints;
      s.upheld_complaints += outcome == "upheld";
    } else if (e.kind == "quality_visit") {
      s.last_visit_outcome = e.outcome;
      serious_visit |= outcome == "serious_concerns";
      improvement_visit |= outcome == "improvement_needed";
    }
  }
  for (const PlacementRecord& p : placements)
    s.placed += p.provider_code == provider.code && placement_in_force(p, at);

  std::vector<std::string> red, amber;
  const std::string rating = s.latest_rating ? s.latest_rating->rating.value_or("") : "";
  const std::string window = fmt::format("in the last {} months", rule.window_months);
  if (s.suspended) red.push_back("the contract is suspended");
  if (rating == "inadequate")
    red.push_back(fmt::format("rated inadequate by the CQC on {}", s.latest_rating->event_date));
  if (serious_visit)
    red.push_back(fmt::format("a quality visit found serious concerns {}", window));
  if (s.upheld_concerns >= rule.red_upheld_concerns)
    red.push_back(fmt::format("{} safeguarding concerns upheld {}", s.upheld_concerns, window));
  if (rating == "requires_improvement")
    amber.push_back(fmt::format("rated {} by the CQC on {}", rating_words(rating),
                                s.latest_rating->event_date));
  if (!s.latest_rating) amber.push_back("no CQC rating");
  if (open_concern && s.upheld_concerns < rule.red_upheld_concerns)
    amber.push_back(fmt::format("a safeguarding concern open or upheld {}", window));
  if (improvement_visit)
    amber.push_back(fmt::format("a quality visit found improvement needed {}", window));
  if (s.upheld_complaints >= rule.amber_upheld_complaints)
    amber.push_back(fmt::format("{} complaints upheld {}", s.upheld_complaints, window));
  s.rag = !red.empty() ? "red" : !amber.empty() ? "amber" : "green";
  s.findings = std::move(red);
  s.findings.insert(s.findings.end(), amber.begin(), amber.end());
  return s;
}

}  // namespace bc
