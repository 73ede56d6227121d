// Care providers as imported (version 2, "Care providers";
// docs/data-formats.md): the care-provider columns of providers, quality
// events and placements. The one way any module reads quality_events and
// placements, and providers' care-provider columns.
//
// ingest owns those tables (src/store/README.md, "Who owns which table");
// quality/ judges providers and runs the failure procedure from these
// records. Dates come back as ISO text, as stored; money in pence; NULL as
// nullopt.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

struct CareProviderRecord {
  std::string code, name, type;  // type: care_home or home_care
  std::optional<std::string> cqc_location_id;
  std::optional<int64_t> registered_beds;
  std::optional<std::string> owner, postcode_district;
  std::optional<std::string> care_home_type;   // residential or nursing
  std::optional<std::string> contract_status;  // contracted, spot, not_contracted, ended
};

struct QualityEventRecord {
  std::string event_id, provider_code, event_date, kind;
  std::optional<std::string> rating;
  // The five key questions of a CQC rating.
  std::optional<std::string> safe, effective, caring, responsive, well_led;
  std::optional<std::string> outcome, details;
};

struct PlacementRecord {
  std::string placement_id;
  int64_t nhs_number = 0;
  std::string provider_code, start_date;
  std::optional<std::string> end_date;  // the last day; none: continuing
  std::optional<int64_t> weekly_cost_pence;
  std::optional<double> weekly_hours;
  std::string funder;  // ccg, council, joint, self, other_ccg, other_la
  std::optional<std::string> placing_body;
};

// Every care home and home care agency, by code.
Result<std::vector<CareProviderRecord>> read_care_providers(Store& store);
// One provider of any type with its care-provider columns; nullopt when
// there is no such code.
Result<std::optional<CareProviderRecord>> find_care_provider(Store& store, const std::string& code);

// A provider's quality events (every provider's when `provider` is
// nullopt), by provider, date and id.
Result<std::vector<QualityEventRecord>> read_quality_events(
    Store& store, const std::optional<std::string>& provider);

// A provider's placements (every provider's when nullopt), by provider,
// start date and id.
Result<std::vector<PlacementRecord>> read_placements(Store& store,
                                                     const std::optional<std::string>& provider);
// One person's placements, by start date.
Result<std::vector<PlacementRecord>> read_placements_of(Store& store, int64_t nhs_number);

}  // namespace bc
