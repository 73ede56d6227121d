#include "ingest/quality_records.h"

#include <fmt/format.h>

#include "ingest/scan.h"

namespace bc {
namespace {

using ingest_internal::scan;

constexpr std::string_view kProviderColumns =
    "SELECT provider_code, provider_name, provider_type, cqc_location_id, registered_beds, owner, "
    "postcode_district, care_home_type, contract_status FROM providers";

CareProviderRecord provider_of(Stmt& r) {
  return CareProviderRecord{r.text(0),     r.text(1),      r.text(2),
                            r.opt_text(3), r.opt_int64(4), r.opt_text(5),
                            r.opt_text(6), r.opt_text(7),  r.opt_text(8)};
}

constexpr std::string_view kPlacementColumns =
    "SELECT placement_id, nhs_number, provider_code, start_date, end_date, weekly_cost_pence, "
    "weekly_hours, funder, placing_body FROM placements";

PlacementRecord placement_of(Stmt& r) {
  PlacementRecord p;
  p.placement_id = r.text(0);
  p.nhs_number = r.int64(1);
  p.provider_code = r.text(2);
  p.start_date = r.text(3);
  p.end_date = r.opt_text(4);
  p.weekly_cost_pence = r.opt_int64(5);
  if (!r.is_null(6)) p.weekly_hours = r.real(6);
  p.funder = r.text(7);
  p.placing_body = r.opt_text(8);
  return p;
}

// Binds `code` as the first parameter when there is one.
auto bind_code(const std::optional<std::string>& code) {
  return [&code](Stmt& st) {
    if (code) st.bind(1, *code);
  };
}

}  // namespace

Result<std::vector<CareProviderRecord>> read_care_providers(Store& store) {
  std::vector<CareProviderRecord> out;
  Status s = scan(
      store,
      fmt::format("{} WHERE provider_type IN ('care_home', 'home_care') ORDER BY provider_code",
                  kProviderColumns),
      [](Stmt&) {}, [&](Stmt& r) { out.push_back(provider_of(r)); });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<CareProviderRecord>> find_care_provider(Store& store,
                                                             const std::string& code) {
  std::optional<CareProviderRecord> out;
  Status s = scan(
      store, fmt::format("{} WHERE provider_code = ?", kProviderColumns),
      [&](Stmt& st) { st.bind(1, code); }, [&](Stmt& r) { out = provider_of(r); });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<QualityEventRecord>> read_quality_events(
    Store& store, const std::optional<std::string>& provider) {
  std::vector<QualityEventRecord> out;
  Status s = scan(
      store,
      fmt::format("SELECT event_id, provider_code, event_date, kind, rating, safe, effective, "
                  "caring, responsive, well_led, outcome, details FROM quality_events{} "
                  "ORDER BY provider_code, event_date, event_id",
                  provider ? " WHERE provider_code = ?" : ""),
      bind_code(provider), [&](Stmt& r) {
        out.push_back(QualityEventRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.opt_text(4),
                                         r.opt_text(5), r.opt_text(6), r.opt_text(7), r.opt_text(8),
                                         r.opt_text(9), r.opt_text(10), r.opt_text(11)});
      });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<PlacementRecord>> read_placements(Store& store,
                                                     const std::optional<std::string>& provider) {
  std::vector<PlacementRecord> out;
  Status s = scan(store,
                  fmt::format("{}{} ORDER BY provider_code, start_date, placement_id",
                              kPlacementColumns, provider ? " WHERE provider_code = ?" : ""),
                  bind_code(provider), [&](Stmt& r) { out.push_back(placement_of(r)); });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<PlacementRecord>> read_placements_of(Store& store, int64_t nhs_number) {
  std::vector<PlacementRecord> out;
  Status s = scan(
      store,
      fmt::format("{} WHERE nhs_number = ? ORDER BY start_date, placement_id", kPlacementColumns),
      [&](Stmt& st) { st.bind(1, nhs_number); }, [&](Stmt& r) { out.push_back(placement_of(r)); });
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
