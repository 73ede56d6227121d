// Referrals to the single point of access (DATA_FORMATS.md version 2,
// "Cluster care"): the column table, then the checks it cannot say
// (kinds.h). The rest of cluster care is in kinds_care.cc.
#include <fmt/format.h>

#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using T = FieldType;

constexpr std::string_view kSpaSources[] = {"gp",   "hospital",  "social_care",
                                            "self", "ambulance", "other"};
constexpr std::string_view kUrgencies[] = {"urgent", "routine"};
constexpr std::string_view kTriageOutcomes[] = {"advice",         "community_team", "reablement",
                                                "rapid_response", "signposted",     "declined"};
constexpr ColumnSpec kSpaCols[] = {
    {.name = "referral_id", .required = true, .type = T::kId, .store = "referral_id", .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "received",
     .required = true,
     .type = T::kDateTime,
     .store = "received",
     .dates_row = true},
    {.name = "source",
     .required = true,
     .type = T::kChoice,
     .store = "source",
     .choices = kSpaSources},
    {.name = "urgency",
     .required = true,
     .type = T::kChoice,
     .store = "urgency",
     .choices = kUrgencies},
    {.name = "reason", .required = true, .type = T::kText, .store = "reason", .max_chars = 2000},
    {.name = "triaged", .type = T::kDateTime, .store = "triaged"},
    {.name = "outcome", .type = T::kChoice, .store = "outcome", .choices = kTriageOutcomes},
    {.name = "declined_reason", .type = T::kText, .store = "declined_reason", .max_chars = 1000},
    {.name = "first_contact", .type = T::kDateTime, .store = "first_contact"},
};

// Times in order (received, then triaged and first contact), an outcome
// only with the triage's time, and a declined_reason only when declined.
class SpaReferralsImporter : public KindImporter {
  static constexpr int kReceived = column_index(kSpaCols, "received");
  static constexpr int kTriaged = column_index(kSpaCols, "triaged");
  static constexpr int kOutcome = column_index(kSpaCols, "outcome");
  static constexpr int kDeclined = column_index(kSpaCols, "declined_reason");
  static constexpr int kContact = column_index(kSpaCols, "first_contact");

 protected:
  void rules(Row& r) override {
    const DateTime* received = r.has(kReceived) ? &r.as<DateTime>(kReceived) : nullptr;
    if (received && r.has(kTriaged) && r.as<DateTime>(kTriaged) < *received) {
      r.error(kTriaged,
              fmt::format("the triage is before the referral was received ({})", received->iso()));
    }
    if (received && r.has(kContact) && r.as<DateTime>(kContact) < *received) {
      r.error(kContact, fmt::format("the first contact is before the referral was received ({})",
                                    received->iso()));
    }
    if (r.has(kOutcome) && r.empty(kTriaged)) {
      r.error(kTriaged, "required with an outcome: when the referral was triaged");
    }
    if (!r.empty(kDeclined) && !(r.has(kOutcome) && r.text_of(kOutcome) == "declined")) {
      r.error(kDeclined, "only a declined referral has a declined_reason");
    }
  }
};

}  // namespace

std::span<const ColumnSpec> spa_columns(FileKind kind) {
  return kind == FileKind::kSpaReferrals ? std::span<const ColumnSpec>(kSpaCols)
                                         : std::span<const ColumnSpec>();
}

std::unique_ptr<KindImporter> make_spa_importer(FileKind kind) {
  if (kind == FileKind::kSpaReferrals) return std::make_unique<SpaReferralsImporter>();
  return nullptr;
}

}  // namespace bc::ingest
