// The single point of access (SPA): referrals as at a date, their times
// against the response standards of config/care.toml, and writing a
// referral, its triage and its first contact (docs/care-plans.md,
// "Referrals to the single point of access").
//
// As at a date-time T a referral received at or before T is open when it
// was not triaged by T. Its time to triage is triaged - received; its time
// to first contact is first_contact - received, counted for referrals that
// sent a service (community_team, reablement, rapid_response). Each is
// within standard when at most the urgency's hours of config/care.toml.
//
// Writes go through the import (spa_referrals.csv) like every plan write
// (care/care_plan_write.h), so a typed referral obeys the contract's rules.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "care/care_config.h"
#include "care/care_plan_write.h"
#include "core/date.h"
#include "core/status.h"
#include "ingest/records.h"
#include "store/store.h"

namespace bc {

// True for an outcome that sends a service, whose first contact counts.
bool spa_outcome_sends_a_service(std::string_view outcome);

struct SpaTimes {
  std::optional<double> hours_to_triage, hours_to_contact;
  std::optional<bool> triage_within, contact_within;  // against the urgency's standard
};
SpaTimes spa_times(const SpaReferralRecord& r, const CareConfig& config);

// One cluster's (or, with no cluster, everyone's) referrals received from
// `from` to `to` (dates, inclusive), by urgency: how many, how many
// triaged and within standard, how many contacted (of those sent a
// service) and within standard, and the median hours of each. A person not
// in the persons register has no cluster: counted only city-wide.
struct SpaSummaryRow {
  std::string urgency;
  int64_t received = 0, triaged = 0, triaged_within = 0, sent = 0, contacted = 0,
          contacted_within = 0, open = 0;  // open: not triaged by the end of `to`
  std::optional<double> median_hours_to_triage, median_hours_to_contact;
  int triage_standard_hours = 0, contact_standard_hours = 0;
};
Result<std::vector<SpaSummaryRow>> spa_summary(Store& store, const CareConfig& config, Date from,
                                               Date to, const std::optional<std::string>& cluster);

// The referrals open at the end of `at` (received on or before it, not
// triaged by then), oldest first, of a cluster's people (or everyone's).
Result<std::vector<SpaReferralRecord>> spa_open(Store& store, Date at,
                                                const std::optional<std::string>& cluster);

// The referrals triaged by the end of `at` and sent to a service whose
// first contact had not happened by then, oldest first.
Result<std::vector<SpaReferralRecord>> spa_awaiting_contact(
    Store& store, Date at, const std::optional<std::string>& cluster);

// A new referral (its id made from the NHS number and the time received),
// a triage of a referral, a first contact. Refusals by field, as
// care/care_plan_write.h's; NotFound for an unknown referral id.
Result<WriteResult> spa_refer(Store& store, const WriteContext& w, int64_t nhs,
                              const std::string& received, const std::string& source,
                              const std::string& urgency, const std::string& reason);
Result<WriteResult> spa_triage(Store& store, const WriteContext& w, const std::string& id,
                               const std::string& triaged, const std::string& outcome,
                               const std::string& declined_reason);
Result<WriteResult> spa_contact(Store& store, const WriteContext& w, const std::string& id,
                                const std::string& first_contact);

}  // namespace bc
