// A cluster's registers as at a date: the people its multidisciplinary
// team case-manages.
//
// The at-risk register is the top share (5% by default) of the cluster's
// registered living population (features.h) by risk of an emergency
// admission in the next 12 months (risk_model.h): the number of people is
// the share of the population rounded up, equal risks ordered by NHS
// number. The frailty register is everyone in the cluster's population
// with moderate or severe frailty (eFI 9 or more deficits) or a high
// Hospital Frailty Risk Score (over 15), most deficits first.
//
// Each register says what changed since the previous month (the same day a
// month earlier, the same model): who joined, and who left and why: died,
// no longer registered in the cluster, or no longer in the top share (for
// the frailty register this cannot happen: deficits are never unrecorded).
// A person's cluster is that of the practice they are registered with now
// (the store keeps one practice per person).
//
// Person-identifiable: whoever shows a register writes an audit entry
// first; people outside the care team see counts only, suppressed.
//
// Thread safety: pure functions over immutable inputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "care/features.h"
#include "care/risk_model.h"
#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"

namespace bc {

enum class RegisterKind { kRisk, kFrailty };
// "risk", "frailty".
std::string_view register_kind_name(RegisterKind k);

struct RegisterRequest {
  RegisterKind kind = RegisterKind::kRisk;
  std::string cluster;  // a cluster code
  Date at;
  double top_percent = 5;  // the at-risk register's share, (0, 100]
};

struct RegisterEntry {
  size_t person = 0;  // snapshot person index
  int64_t rank = 0;   // 1 = highest risk in the cluster
  double risk = 0;
  int efi_deficits = 0;
  int hfrs_tenths = -1;  // -1: under 75
  std::vector<std::string_view> factors;
  int32_t last_emergency = kNoDate;
  bool joined = false;  // not on the register a month earlier
};

struct RegisterLeaver {
  size_t person = 0;
  // "died", "no longer registered in the cluster", "no longer in the top
  // 5%" (the share asked for), "no longer moderately or severely frail".
  std::string reason;
};

struct Register {
  RegisterKind kind = RegisterKind::kRisk;
  std::string cluster_code, cluster_name;
  Date at, previous;  // previous: a month earlier
  double top_percent = 5;
  int64_t population = 0;              // the cluster's registered living population on `at`
  std::vector<RegisterEntry> entries;  // by rank
  int64_t joined = 0;                  // entries with joined set
  std::vector<RegisterLeaver> left;
};

// The register. NotFound for an unknown cluster; InvalidArgument for a
// share outside (0, 100].
Result<Register> build_register(const Snapshot& snap, const RiskModel& model,
                                const RegisterRequest& request);

// Every cluster's register at once, in cluster order (request.cluster is
// ignored): the city's facts are computed once for both dates, not once per
// cluster. InvalidArgument for a share outside (0, 100].
Result<std::vector<Register>> build_registers(const Snapshot& snap, const RiskModel& model,
                                              const RegisterRequest& request);

// Everyone's facts and risk on one date: what a register reads for its
// date and for the month before, and the whole cost of building one (a few
// scans of the snapshot). A caller that shows many registers, rows or
// records for one date keeps it (the web application's cache).
struct ScoredDate {
  Features features;
  std::vector<double> risk;  // score_risk's; empty when scored without a model
};
// `model` may be null: the facts only.
ScoredDate score_date(const Snapshot& snap, const RiskModel* model, Date at);

// The same register from scores already computed with `model`: `now` on
// request.at and `before` a month earlier. InvalidArgument when their
// dates are not those or they were scored without a model.
Result<Register> build_register(const Snapshot& snap, const RiskModel& model,
                                const RegisterRequest& request, const ScoredDate& now,
                                const ScoredDate& before);

}  // namespace bc
