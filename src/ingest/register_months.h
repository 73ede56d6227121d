// The at-risk registers as they stood at each month's end (table
// register_months, migration 0012).
//
// A register is drawn by care from the fitted risk model (care/register.h)
// as at a month's last day; saving it here fixes who was on it, so the
// month's coverage figure (the share of the register with a care plan in
// force, the engine's careplan_coverage) does not move when a later model
// is fitted. Saving a month again replaces that month's registers whole,
// in one transaction. ingest owns the table because the engine, which
// reads it, may read only ingest's tables.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

struct RegisterMember {
  std::string cluster_code;
  int64_t nhs_number = 0;
  int64_t rank = 1;  // 1 = highest risk in the cluster
};

struct RegisterMonth {
  YearMonth month;
  int64_t model_id = 0;
  double top_percent = 5;
  std::vector<RegisterMember> members;  // every cluster's
};

// Replaces the saved registers of r.month with r.members. InvalidArgument
// for a share outside (0, 100], a rank below 1 or one person listed twice
// in a cluster; nothing is written then.
Status save_register_month(Store& store, const RegisterMonth& r, const std::string& actor);

// Every saved member, by month, cluster and rank.
struct RegisterMonthRecord {
  std::string month;  // YYYY-MM
  std::string cluster_code;
  int64_t nhs_number = 0, rank = 0, model_id = 0;
};
// A fingerprint of the saved registers ("<rows>@<latest saved_at>#<sum>"): it
// changes whenever a month is saved, as a cue for copies to be rebuilt.
Result<std::string> saved_registers_version(Store& store);

Status for_each_register_member(Store& store,
                                const std::function<void(const RegisterMonthRecord&)>& each);

}  // namespace bc
