// Care providers' kinds (version 2, "Care providers"; docs/data-formats.md):
// providers' quality events and placements. The providers' own
// care-provider columns are in kinds_reference.cc with the rest of
// providers.csv. The column tables, then the checks they cannot say
// (kinds.h).
#include <fmt/format.h>

#include <string>

#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using Q = FieldType;

constexpr std::string_view kEventKinds[] = {"cqc_rating",    "safeguarding", "complaint",
                                            "quality_visit", "suspension",   "suspension_lifted"};
constexpr std::string_view kRatings[] = {"outstanding", "good", "requires_improvement",
                                         "inadequate"};
// A quality visit's outcome, then a safeguarding concern's or a complaint's.
constexpr std::string_view kVisitOutcomes[] = {"good", "improvement_needed", "serious_concerns"};
constexpr std::string_view kConcernOutcomes[] = {"open", "upheld", "not_upheld"};
constexpr std::string_view kEventOutcomes[] = {
    "good", "improvement_needed", "serious_concerns", "open", "upheld", "not_upheld"};
constexpr std::string_view kFunders[] = {"ccg",  "council",   "joint",
                                         "self", "other_ccg", "other_la"};
constexpr Reference kQualityProviderRef = {"providers", "provider_code", "provider"};

constexpr ColumnSpec kQualityEventCols[] = {
    {.name = "event_id", .required = true, .type = Q::kId, .store = "event_id", .key = true},
    {.name = "provider_code",
     .required = true,
     .type = Q::kOdsCode,
     .store = "provider_code",
     .reference = &kQualityProviderRef},
    {.name = "event_date",
     .required = true,
     .type = Q::kDate,
     .store = "event_date",
     .dates_row = true},
    {.name = "kind", .required = true, .type = Q::kChoice, .store = "kind", .choices = kEventKinds},
    {.name = "rating", .type = Q::kChoice, .store = "rating", .choices = kRatings},
    // The CQC's five key questions (bettercare's columns).
    {.name = "safe", .type = Q::kChoice, .store = "safe", .choices = kRatings},
    {.name = "effective", .type = Q::kChoice, .store = "effective", .choices = kRatings},
    {.name = "caring", .type = Q::kChoice, .store = "caring", .choices = kRatings},
    {.name = "responsive", .type = Q::kChoice, .store = "responsive", .choices = kRatings},
    {.name = "well_led", .type = Q::kChoice, .store = "well_led", .choices = kRatings},
    {.name = "outcome", .type = Q::kChoice, .store = "outcome", .choices = kEventOutcomes},
    {.name = "details", .type = Q::kText, .store = "details", .max_chars = 2000},
};

constexpr ColumnSpec kPlacementCols[] = {
    {.name = "placement_id",
     .required = true,
     .type = Q::kId,
     .store = "placement_id",
     .key = true},
    {.name = "nhs_number", .required = true, .type = Q::kNhsNumber, .store = "nhs_number"},
    {.name = "provider_code",
     .required = true,
     .type = Q::kOdsCode,
     .store = "provider_code",
     .reference = &kQualityProviderRef},
    {.name = "start_date",
     .required = true,
     .type = Q::kDate,
     .store = "start_date",
     .dates_row = true},
    {.name = "end_date", .type = Q::kDate, .store = "end_date"},
    {.name = "weekly_cost", .type = Q::kMoney, .store = "weekly_cost_pence"},
    {.name = "weekly_hours", .type = Q::kNumber, .store = "weekly_hours"},
    {.name = "funder",
     .required = true,
     .type = Q::kChoice,
     .store = "funder",
     .choices = kFunders},
    {.name = "placing_body", .type = Q::kId, .store = "placing_body"},
};

bool one_of(std::string_view v, std::span<const std::string_view> allowed) {
  for (std::string_view a : allowed)
    if (a == v) return true;
  return false;
}

// A rating, and the five key questions, belong to a CQC rating, which must
// have its overall rating; an outcome is a visit's, a concern's or a
// complaint's, from that kind's list. Nothing is dated after today.
class QualityEventsImporter : public KindImporter {
  static constexpr int kDate = column_index(kQualityEventCols, "event_date");
  static constexpr int kKind = column_index(kQualityEventCols, "kind");
  static constexpr int kRating = column_index(kQualityEventCols, "rating");
  static constexpr int kSafe = column_index(kQualityEventCols, "safe");
  static constexpr int kWellLed = column_index(kQualityEventCols, "well_led");
  static constexpr int kOutcome = column_index(kQualityEventCols, "outcome");

 protected:
  Status prepare_more(FileContext&) override {
    today_ = Date::today_utc();
    return Status();
  }
  void rules(Row& r) override {
    if (r.has(kDate) && r.as<Date>(kDate) > today_) r.error(kDate, "the event is in the future");
    if (!r.has(kKind)) return;
    const std::string_view kind = r.text_of(kKind);
    const bool rating = kind == "cqc_rating";
    if (rating && r.empty(kRating)) r.error(kRating, "required for a CQC rating: the overall one");
    if (!rating && r.has(kRating)) r.error(kRating, "only a CQC rating has a rating");
    for (int q = kSafe; q <= kWellLed; ++q) {
      if (!rating && r.has(q)) r.error(q, "only a CQC rating rates the key questions");
    }
    if (!r.has(kOutcome)) return;
    const std::string_view outcome = r.text_of(kOutcome);
    if (kind == "quality_visit") {
      if (!one_of(outcome, kVisitOutcomes))
        r.error(kOutcome, "a visit's outcome is good, improvement_needed or serious_concerns");
    } else if (kind == "safeguarding" || kind == "complaint") {
      if (!one_of(outcome, kConcernOutcomes))
        r.error(kOutcome, fmt::format("a {}'s outcome is open, upheld or not_upheld",
                                      kind == "complaint" ? "complaint" : "concern"));
    } else {
      r.error(kOutcome, "only a quality visit, a safeguarding concern or a complaint has one");
    }
  }

 private:
  Date today_;
};

// The provider is a care home or a home care agency; hours are home care's;
// the placement ends no earlier than it starts; an other CCG's or council's
// placement names its placing body, and no other does.
class PlacementsImporter : public KindImporter {
  static constexpr int kProvider = column_index(kPlacementCols, "provider_code");
  static constexpr int kStart = column_index(kPlacementCols, "start_date");
  static constexpr int kEnd = column_index(kPlacementCols, "end_date");
  static constexpr int kCost = column_index(kPlacementCols, "weekly_cost");
  static constexpr int kHours = column_index(kPlacementCols, "weekly_hours");
  static constexpr int kFunder = column_index(kPlacementCols, "funder");
  static constexpr int kPlacingBody = column_index(kPlacementCols, "placing_body");

 protected:
  void check(Row& r, int col) override {
    if (col == kCost && r.as<Money>(kCost).pence() < 0) r.error(kCost, "a cost is not negative");
    if (col == kHours && !(r.as<double>(kHours) > 0 && r.as<double>(kHours) <= 168))
      r.error(kHours, "hours a week are more than 0 and at most 168");
  }
  void rules(Row& r) override {
    if (r.has(kStart) && r.has(kEnd) && r.as<Date>(kEnd) < r.as<Date>(kStart))
      r.error(kEnd, "before the placement starts (the end date is its last day)");
    if (r.has(kFunder)) {
      const std::string_view f = r.text_of(kFunder);
      const bool placed = f == "other_ccg" || f == "other_la";
      if (placed && r.empty(kPlacingBody)) {
        r.error(kPlacingBody, fmt::format("required when the funder is {}: the {}'s code", f,
                                          f == "other_ccg" ? "placing CCG" : "placing council"));
      } else if (!placed && r.has(kPlacingBody)) {
        r.error(kPlacingBody, "only another CCG's or council's placement has a placing body");
      }
    }
    r.check_references();
    if (!r.has(kProvider)) return;
    const std::string code(r.text_of(kProvider));
    auto& f = r.file();
    const bool home = f.codes("providers",
                              "CASE WHEN provider_type = 'care_home' "
                              "THEN provider_code ELSE '' END")
                          .count(code) > 0;
    const bool agency = f.codes("providers",
                                "CASE WHEN provider_type = 'home_care' "
                                "THEN provider_code ELSE '' END")
                            .count(code) > 0;
    if (!home && !agency && f.codes("providers", "provider_code").count(code)) {
      r.error(kProvider, "not a care home or a home care agency (provider_type in providers.csv)");
    }
    if (home && r.has(kHours)) r.error(kHours, "hours are home care's: a care home has none");
  }
};

}  // namespace

std::span<const ColumnSpec> quality_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kQualityEvents:
      return kQualityEventCols;
    case FileKind::kPlacements:
      return kPlacementCols;
    default:
      return {};
  }
}

std::unique_ptr<KindImporter> make_quality_importer(FileKind kind) {
  switch (kind) {
    case FileKind::kQualityEvents:
      return std::make_unique<QualityEventsImporter>();
    case FileKind::kPlacements:
      return std::make_unique<PlacementsImporter>();
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
