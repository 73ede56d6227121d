// What the cluster teams do for a person in the synthetic city: shared care
// plans for adults at high risk of an emergency admission (versions,
// actions, reviews, some late, some closed), and referrals to the single
// point of access at a rate that rises with the same risk
// (docs/synthetic-city.md, "Cluster care").
//
// Drawn from a random stream of their own per person (not the person's
// stream, which draws everything else), so that the rest of the city is
// the same with or without them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/age.h"
#include "synth/city_parts.h"

namespace bc::synth::city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

namespace {

// The stream of the care draws: person i's is Rng(seed ^ kCareStream, i + 1).
constexpr uint64_t kCareStream = 0xCA2E'0000'0017ull;

// An adult whose yearly emergency admission rate is at least this has a
// plan with probability kPlanShare; below it, kPlanShareBelow (a team also
// plans for people it knows the register does not flag).
constexpr double kPlanRateThreshold = 0.25;
constexpr double kPlanShare = 0.85;
constexpr double kPlanShareBelow = 0.002;

// The accountable professionals: about one per 7,000 people in each
// cluster (at least four), so that a caseload is a list of some fifty
// plans; named from these lists, their roles in turn.
constexpr std::string_view kFirstNames[] = {"Sam",  "Jo",   "Priya", "Tom", "Ade",  "Lucy",
                                            "Mark", "Rosa", "Helen", "Dan", "Amir", "Kate",
                                            "Nina", "Femi", "Ruth",  "Ian"};
constexpr std::string_view kLastNames[] = {
    "Patel", "Smith", "Shah",     "Evans", "Okafor", "Green", "Hughes", "Lima", "Walsh", "Clarke",
    "Khan",  "Brown", "Kowalska", "Ade",   "Bell",   "Ford",  "Obi",    "Reid", "Iyer",  "Hart"};
struct Role {
  std::string_view role, org;
};
constexpr Role kRoles[] = {{"Community matron", "R1C"},
                           {"Social worker", "SCC"},
                           {"GP", "CCG"},
                           {"Care coordinator", "R1C"}};

constexpr std::string_view kGoals[] = {
    "To stay in my own home",
    "To walk to the shops again",
    "To have fewer trips to hospital",
    "To manage my breathing without calling 999",
    "To see my grandchildren every week",
    "To keep looking after my wife",
    "To know who to call when things get bad",
    "To get back to the lunch club on Thursdays",
    "To feel less alone",
    "To stay out of a care home",
};
constexpr std::string_view kContingency[] = {
    "Call the rapid response team before 999",
    "Daughter to call the care coordinator; rescue medicines are in the kitchen",
    "Out of hours: call 111 and show this plan",
    "If breathless: start the rescue pack and call the practice",
};
struct ActionText {
  std::string_view what, who;
};
constexpr ActionText kActions[] = {
    {"Falls assessment at home", "Solent falls team"},
    {"Medicines review", "Practice pharmacist"},
    {"Weekly check-in call", "Community navigator"},
    {"Carer's assessment", "Adult social care"},
    {"Key safe fitted", "Telecare service"},
    {"Pendant alarm", "Telecare service"},
    {"Respiratory rescue pack", "GP"},
    {"Reablement after discharge", "City reablement team"},
    {"Referral to memory clinic", "GP"},
    {"Benefits check", "Citizens Advice"},
};

// Referrals to the single point of access: a yearly rate of
// kSpaBase + kSpaPerAdmission x the person's emergency admission rate.
constexpr double kSpaBase = 0.004;
constexpr double kSpaPerAdmission = 0.3;

}  // namespace

void CityGenerator::write_care(const Person& p) {
  Rng rng(o_.seed ^ kCareStream, static_cast<uint64_t>(p.index) + 1);
  const Date window = o_.first_year.first_day();
  const Date adult = turns(p, 18);
  const Date from = std::max({p.registered, window, adult});
  const Date to = p.died ? std::min(*p.died, w1_) : w1_;
  if (!(from < to)) return;
  write_referrals(p, rng, from, to);
  const int last_fy = o_.first_year.start_year() + o_.years - 1;
  const double rate = yearly_rate(p, kAdmission, last_fy);
  if (!rng.chance(rate >= kPlanRateThreshold ? kPlanShare : kPlanShareBelow)) return;
  // Agreed in the last 30 months, at least a fortnight before the extract.
  const Date earliest = std::max(from, add_months(w1_, -30));
  const Date latest = std::min(to, w1_.add_days(-14));
  if (!(earliest < latest)) return;
  write_plan(p, rng,
             earliest.add_days(static_cast<int>(rng.below(latest.days() - earliest.days()))), to);
}

void CityGenerator::write_plan(const Person& p, Rng& rng, Date agreed, Date to) {
  const std::string plan = fmt::format("CP{:07}", ++plan_seq_);
  const int64_t per_cluster = std::max<int64_t>(4, o_.persons / 7000);
  const auto j = static_cast<size_t>(p.practice / 5 * per_cluster + rng.below(per_cluster));
  constexpr size_t kNames = std::size(kFirstNames) * std::size(kLastNames);
  const std::string name =
      fmt::format("{} {}{}", kFirstNames[j % std::size(kFirstNames)],
                  kLastNames[j / std::size(kFirstNames) % std::size(kLastNames)],
                  j < kNames ? "" : fmt::format(" ({})", j / kNames + 1));
  const Role& role = kRoles[j % std::size(kRoles)];
  struct {
    std::string_view name, role, org;
  } who = {name, role.role, role.org};
  mdt_candidates_.push_back(
      {p.practice / 5, std::string(p.nhs.digits()), agreed, p.registered, p.died, name});
  const bool frail = age_at(p.born, agreed) >= 75 && p.deficits.size() >= 8;
  const std::string_view type = frail ? "frailty" : "general";
  std::string goals(kGoals[rng.below(std::size(kGoals))]);
  if (rng.chance(0.5)) goals += fmt::format("; {}", kGoals[rng.below(std::size(kGoals))]);
  const std::string_view contingency = kContingency[rng.below(std::size(kContingency))];

  int version = 0;
  auto write_version = [&](Date on, Date due, std::string_view status, std::string_view closed_on,
                           std::string_view reason, bool current) {
    ++version;
    const bool draft_row = status == "draft";
    care_plans_->row("{},{},{},{},{},{},{},{},\"{}\",{},{},{},{},{},{},{}", plan, p.nhs.digits(),
                     version, status, type, who.name, who.role, who.org, goals, contingency,
                     draft_row ? "" : on.iso(), draft_row ? "" : who.name,
                     draft_row ? "" : on.iso(), draft_row ? "" : due.iso(), closed_on, reason);
    const int n = 1 + static_cast<int>(rng.below(3));
    for (int a = 1; a <= n; ++a) {
      const ActionText& act = kActions[rng.below(std::size(kActions))];
      const Date by = on.add_days(14 + static_cast<int>(rng.below(60)));
      std::string_view state = !current                 ? "done"
                               : by < w1_.add_days(-30) ? (rng.chance(0.8) ? "done" : "in_progress")
                               : rng.chance(0.5)        ? "in_progress"
                                                        : "planned";
      care_plan_actions_->row("{},{},{},{},{},{},{}", plan, version, a, act.what, act.who, by.iso(),
                              state);
    }
  };

  // Reviews about every six months (three for frailty plans' first), most
  // a little early, one in five late by up to three months.
  Date version_agreed = agreed;
  Date due = add_months(agreed, 6);
  struct Pending {
    Date agreed, due;
  };
  std::vector<Pending> versions = {{agreed, due}};
  std::string closed_on, reason;
  bool draft = false;
  for (;;) {
    const int shift =
        rng.chance(0.2) ? 1 + static_cast<int>(rng.below(90)) : -static_cast<int>(rng.below(21));
    const Date reviewed = std::max(due.add_days(shift), version_agreed.add_days(1));
    if (!(reviewed < to)) break;
    const double u = rng.uniform();
    const std::string_view outcome = u < 0.7 ? "continue" : u < 0.95 ? "changed" : "closed";
    const Date next = add_months(reviewed, 6);
    care_plan_reviews_->row("RV{:08},{},{},{},{},{}", ++review_seq_, plan, reviewed.iso(), who.name,
                            outcome, outcome == "closed" ? "" : next.iso());
    if (outcome == "closed") {
      closed_on = reviewed.iso();
      reason = "Goals met: no longer needs a plan";
      break;
    }
    due = next;
    if (outcome == "changed") {
      const Date again = reviewed.add_days(static_cast<int>(rng.below(15)));
      if (!(again < to)) {
        draft = true;  // the change is still being drafted at the extract
        break;
      }
      version_agreed = again;
      versions.push_back({again, next});
    }
  }
  if (closed_on.empty() && p.died && *p.died < w1_) {
    closed_on = p.died->iso();
    reason = "Died";
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    const bool last = i + 1 == versions.size();
    const bool closes = last && !closed_on.empty() && !draft;
    write_version(versions[i].agreed, versions[i].due, closes ? "closed" : "agreed",
                  closes ? closed_on : "", closes ? reason : "", last && !draft);
  }
  if (draft) write_version(due, due, "draft", "", "", true);
}

void CityGenerator::write_referrals(const Person& p, Rng& rng, Date from, Date to) {
  const int first = FinancialYear::containing(from).start_year();
  for (int fy = first; fy < o_.first_year.start_year() + o_.years; ++fy) {
    const Date a = std::max(from, FinancialYear::from_start_year(fy)->first_day());
    const Date b = std::min(to, FinancialYear::from_start_year(fy)->last_day().add_days(1));
    if (!(a < b)) continue;
    const double years = (b.days() - a.days()) / 365.25;
    const int n =
        rng.poisson((kSpaBase + kSpaPerAdmission * yearly_rate(p, kAdmission, fy)) * years);
    for (int k = 0; k < n; ++k)
      write_referral(p, rng, a.add_days(static_cast<int>(rng.below(b.days() - a.days()))));
  }
}

void CityGenerator::write_referral(const Person& p, Rng& rng, Date day) {
  static constexpr std::string_view kSources[] = {"gp",   "hospital",  "social_care",
                                                  "self", "ambulance", "other"};
  static constexpr double kSourceW[] = {40, 25, 15, 10, 5, 5};
  static constexpr std::string_view kReasons[] = {
      "Falls at home",         "Struggling after discharge",    "Carer breakdown",
      "Increasing confusion",  "Not coping with personal care", "Breathless and wants support",
      "Self-neglect concerns", "Needs equipment at home"};
  static constexpr std::string_view kOutcomes[] = {"advice",         "community_team", "reablement",
                                                   "rapid_response", "signposted",     "declined"};
  const bool urgent = rng.chance(0.3);
  const int slot = YearMonth::of(day).index() - YearMonth::of(g0_).index();
  if (slot >= 0 && slot < months_) spa_referrals_per_month_[static_cast<size_t>(slot)] += 1;
  // Received in working hours mostly: 08:00 to 18:00, minutes at random.
  const int minute = 8 * 60 + static_cast<int>(rng.below(10 * 60));
  const DateTime received = *DateTime::from_parts(day, minute / 60, minute % 60, 0);
  const std::string_view source = kSources[rng.pick(kSourceW)];
  const std::string_view reason = kReasons[rng.below(std::size(kReasons))];
  // Hours to triage: urgent mostly within 2 (the standard), routine within 24.
  const double standard = urgent ? 2 : 24;
  const double hours =
      rng.chance(0.88) ? rng.uniform() * standard : standard * (1 + 2 * rng.uniform());
  const int64_t triage_s = static_cast<int64_t>(hours * 3600);
  const DateTime triaged = received.plus_seconds(triage_s);
  std::string t = triaged.iso(), outcome, declined, contact;
  if (!(triaged.date() < w1_)) {
    t.clear();  // not yet triaged at the extract
  } else {
    static constexpr double kUrgentW[] = {5, 20, 10, 55, 5, 5};
    static constexpr double kRoutineW[] = {20, 35, 15, 5, 15, 10};
    outcome = kOutcomes[rng.pick(urgent ? std::span<const double>(kUrgentW)
                                        : std::span<const double>(kRoutineW))];
    if (outcome == "declined") declined = "Outside the service's criteria";
    if (outcome == "community_team" || outcome == "reablement" || outcome == "rapid_response") {
      // First contact: urgent within 24 hours mostly, routine within 7 days.
      const double limit = urgent ? 24 : 168;
      const double after = rng.chance(0.85) ? rng.uniform() * limit : limit * (1 + rng.uniform());
      const DateTime met = received.plus_seconds(
          std::max<int64_t>(triage_s + 600, static_cast<int64_t>(after * 3600)));
      if (met.date() < w1_) contact = met.iso();
    }
  }
  spa_referrals_->row("SPA{:08},{},{},{},{},{},{},{},{},{}", ++referral_seq_, p.nhs.digits(),
                      received.iso(), source, urgent ? "urgent" : "routine", reason, t, outcome,
                      declined, contact);
}

Status CityGenerator::write_mdt_log() {
  std::error_code ec;
  fs::create_directories(dir_ / "mdt", ec);
  if (ec) {
    return Status::io_error(
        fmt::format("cannot create {}: {}", (dir_ / "mdt").string(), ec.message()));
  }
  Csv log(dir_ / "mdt" / "mdt_log.csv",
          "cluster_code,meeting_date,attendees,nhs_number,outcome,actions");
  if (!log.ok()) return Status::io_error(fmt::format("cannot write {}", log.path()));
  // The professions of kRoles, in the words of the MDT record (care/mdt.h).
  auto profession = [](std::string_view role) -> std::string_view {
    return role == "GP"                 ? "GP"
           : role == "Community matron" ? "community matron"
           : role == "Social worker"    ? "social worker"
                                        : "care coordinator";
  };
  const int64_t per_cluster = std::max<int64_t>(4, o_.persons / 7000);
  // Each meeting discusses the people whose plan was agreed in the
  // fortnight after it (the MDT asked for the plan), at most 60.
  std::sort(mdt_candidates_.begin(), mdt_candidates_.end(),
            [](const MdtCandidate& a, const MdtCandidate& b) { return a.agreed < b.agreed; });
  // From the fortnight before the first plan (the MDTs began with the plans).
  Date first = o_.first_year.first_day();
  if (!mdt_candidates_.empty() && first < mdt_candidates_.front().agreed.add_days(-14))
    first = mdt_candidates_.front().agreed.add_days(-14);
  while (first.weekday() != 2) first = first.add_days(1);  // a Tuesday
  for (int c = 0; c < static_cast<int>(std::size(kClusters)); ++c) {
    std::string team;
    for (int64_t k = 0; k < 4; ++k) {
      const auto j = static_cast<size_t>(c * per_cluster + k);
      team += fmt::format("{}{} {} ({})", team.empty() ? "" : "; ",
                          kFirstNames[j % std::size(kFirstNames)],
                          kLastNames[j / std::size(kFirstNames) % std::size(kLastNames)],
                          profession(kRoles[j % std::size(kRoles)].role));
    }
    int n = 0;
    for (Date meeting = first; meeting < w1_.add_days(-14); meeting = meeting.add_days(14), ++n) {
      // A pharmacist comes to every other meeting.
      const std::string attendees =
          n % 2 == 0 ? team : team + fmt::format("; {} Iyer (pharmacist)", kFirstNames[c]);
      auto from = std::upper_bound(mdt_candidates_.begin(), mdt_candidates_.end(), meeting,
                                   [](Date d, const MdtCandidate& x) { return d < x.agreed; });
      int discussed = 0;
      for (auto it = from;
           it != mdt_candidates_.end() && !(meeting.add_days(14) < it->agreed) && discussed < 60;
           ++it) {
        if (it->cluster != c || meeting < it->registered || (it->died && !(meeting < *it->died)))
          continue;
        log.row("{},{},\"{}\",{},new_plan,\"Agree a care plan with the person; {} to lead\"",
                kClusters[static_cast<size_t>(c)].code, meeting.iso(), attendees, it->nhs,
                it->accountable);
        ++discussed;
      }
      if (discussed == 0)
        log.row("{},{},\"{}\",,,", kClusters[static_cast<size_t>(c)].code, meeting.iso(),
                attendees);
    }
  }
  summary_.mdt_log_rows = log.rows();
  if (!log.close()) return Status::io_error(fmt::format("writing {} failed", log.path()));
  return Status();
}

}  // namespace bc::synth::city_parts
