#include "care/spa.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "care/form_import.h"

namespace bc {

namespace {

using care_internal::csv_field;

constexpr const char* kSpaHeader =
    "referral_id,nhs_number,received,source,urgency,reason,triaged,outcome,declined_reason,"
    "first_contact\n";

std::optional<DateTime> time_of(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  auto t = DateTime::parse(*iso);
  return t.ok() ? std::optional<DateTime>(*t) : std::nullopt;
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Each registered person's cluster into *out (people not registered have
// none).
Status clusters_of_people(Store& store, std::unordered_map<int64_t, std::string>* out) {
  std::map<std::string, std::string> cluster_of;
  Status s = for_each_practice(
      store, [&](const PracticeRecord& p) { cluster_of[p.code] = p.cluster_code; });
  if (!s.ok()) return s;
  return for_each_person(
      store, [&](const PersonRecordRow& p) { (*out)[p.nhs_number] = cluster_of[p.practice_code]; });
}

// Every referral into *out, of one cluster's people when asked. (Out
// parameters here: GCC 12 warns, wrongly, -Wfree-nonheap-object, when
// these containers are moved out of a Result.)
Status referrals(Store& store, const std::optional<std::string>& cluster,
                 std::vector<SpaReferralRecord>* out) {
  std::unordered_map<int64_t, std::string> clusters;
  if (cluster) {
    if (Status s = clusters_of_people(store, &clusters); !s.ok()) return s;
  }
  return for_each_spa_referral(store, std::nullopt, [&](const SpaReferralRecord& r) {
    if (cluster) {
      auto it = clusters.find(r.nhs_number);
      if (it == clusters.end() || it->second != *cluster) return;
    }
    out->push_back(r);
  });
}

std::string row(const SpaReferralRecord& r) {
  return fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_field(r.referral_id), r.nhs_number,
                     csv_field(r.received), csv_field(r.source), csv_field(r.urgency),
                     csv_field(r.reason), csv_field(r.triaged), csv_field(r.outcome),
                     csv_field(r.declined_reason), csv_field(r.first_contact));
}

Result<WriteResult> write_referral(Store& store, const WriteContext& w,
                                   const SpaReferralRecord& r) {
  return care_internal::import_form(
      store, w, {{"referral form", FileKind::kSpaReferrals, kSpaHeader, row(r), ""}},
      WriteResult{r.referral_id, 0, {}});
}

std::optional<std::string> unless_empty_text(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

bool spa_outcome_sends_a_service(std::string_view outcome) {
  return outcome == "community_team" || outcome == "reablement" || outcome == "rapid_response";
}

SpaTimes spa_times(const SpaReferralRecord& r, const CareConfig& config) {
  SpaTimes t;
  const auto received = time_of(r.received);
  const SpaStandard* standard = config.standard(r.urgency);
  if (!received || standard == nullptr) return t;
  if (auto triaged = time_of(r.triaged)) {
    t.hours_to_triage = triaged->seconds_since(*received) / 3600.0;
    t.triage_within = *t.hours_to_triage <= standard->triage_hours;
  }
  if (r.outcome && spa_outcome_sends_a_service(*r.outcome)) {
    if (auto met = time_of(r.first_contact)) {
      t.hours_to_contact = met->seconds_since(*received) / 3600.0;
      t.contact_within = *t.hours_to_contact <= standard->first_contact_hours;
    }
  }
  return t;
}

Result<std::vector<SpaSummaryRow>> spa_summary(Store& store, const CareConfig& config, Date from,
                                               Date to, const std::optional<std::string>& cluster) {
  std::vector<SpaReferralRecord> all;
  if (Status s = referrals(store, cluster, &all); !s.ok()) return s;
  const std::string lo = from.iso(), hi = to.add_days(1).iso();  // received in [lo, hi)
  std::vector<SpaSummaryRow> out;
  for (const char* urgency : {"urgent", "routine"}) {
    SpaSummaryRow row;
    row.urgency = urgency;
    const SpaStandard* standard = config.standard(urgency);
    row.triage_standard_hours = standard ? standard->triage_hours : 0;
    row.contact_standard_hours = standard ? standard->first_contact_hours : 0;
    std::vector<double> to_triage, to_contact;
    for (const SpaReferralRecord& r : all) {
      if (r.urgency != urgency || r.received < lo || r.received >= hi) continue;
      ++row.received;
      const SpaTimes t = spa_times(r, config);
      if (!r.triaged || *r.triaged >= hi) ++row.open;
      if (t.hours_to_triage) {
        ++row.triaged;
        row.triaged_within += *t.triage_within ? 1 : 0;
        to_triage.push_back(*t.hours_to_triage);
      }
      if (r.outcome && spa_outcome_sends_a_service(*r.outcome)) ++row.sent;
      if (t.hours_to_contact) {
        ++row.contacted;
        row.contacted_within += *t.contact_within ? 1 : 0;
        to_contact.push_back(*t.hours_to_contact);
      }
    }
    row.median_hours_to_triage = median(std::move(to_triage));
    row.median_hours_to_contact = median(std::move(to_contact));
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<SpaReferralRecord>> spa_open(Store& store, Date at,
                                                const std::optional<std::string>& cluster) {
  std::vector<SpaReferralRecord> all;
  if (Status s = referrals(store, cluster, &all); !s.ok()) return s;
  const std::string end = at.add_days(1).iso();  // the end of `at`
  std::vector<SpaReferralRecord> out;
  for (SpaReferralRecord& r : all) {
    if (r.received < end && (!r.triaged || *r.triaged >= end)) out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<SpaReferralRecord>> spa_awaiting_contact(
    Store& store, Date at, const std::optional<std::string>& cluster) {
  std::vector<SpaReferralRecord> all;
  if (Status s = referrals(store, cluster, &all); !s.ok()) return s;
  const std::string end = at.add_days(1).iso();
  std::vector<SpaReferralRecord> out;
  for (SpaReferralRecord& r : all) {
    if (r.triaged && *r.triaged < end && r.outcome && spa_outcome_sends_a_service(*r.outcome) &&
        (!r.first_contact || *r.first_contact >= end))
      out.push_back(std::move(r));
  }
  return out;
}

Result<WriteResult> spa_refer(Store& store, const WriteContext& w, int64_t nhs,
                              const std::string& received, const std::string& source,
                              const std::string& urgency, const std::string& reason) {
  SpaReferralRecord r;
  auto t = DateTime::parse(received);
  if (!t.ok()) {
    WriteResult bad;
    bad.errors.push_back({"received", t.error()});
    return bad;
  }
  // An id from who and when: the same referral typed twice is one.
  std::string stamp = t->iso();
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':' || c == 'T'; });
  r.referral_id = fmt::format("S{}-{}", nhs, stamp);
  r.nhs_number = nhs;
  r.received = t->iso();
  r.source = source;
  r.urgency = urgency;
  r.reason = reason;
  return write_referral(store, w, r);
}

Result<WriteResult> spa_triage(Store& store, const WriteContext& w, const std::string& id,
                               const std::string& triaged, const std::string& outcome,
                               const std::string& declined_reason) {
  auto r = find_spa_referral(store, id);
  if (!r.ok()) return r.status();
  if (!*r) return Status::not_found("there is no referral " + id);
  SpaReferralRecord v = **r;
  v.triaged = unless_empty_text(triaged);
  v.outcome = unless_empty_text(outcome);
  v.declined_reason = unless_empty_text(declined_reason);
  WriteResult check;
  if (triaged.empty()) check.errors.push_back({"triaged", "required: when it was triaged"});
  if (outcome.empty()) check.errors.push_back({"outcome", "required: what the triage decided"});
  if (outcome == "declined" && declined_reason.empty())
    check.errors.push_back({"declined_reason", "required when the referral is declined"});
  if (!check.ok()) return check;
  return write_referral(store, w, v);
}

Result<WriteResult> spa_contact(Store& store, const WriteContext& w, const std::string& id,
                                const std::string& first_contact) {
  auto r = find_spa_referral(store, id);
  if (!r.ok()) return r.status();
  if (!*r) return Status::not_found("there is no referral " + id);
  SpaReferralRecord v = **r;
  if (first_contact.empty()) {
    WriteResult bad;
    bad.errors.push_back({"first_contact", "required: when the person was first contacted"});
    return bad;
  }
  v.first_contact = first_contact;
  return write_referral(store, w, v);
}

}  // namespace bc
