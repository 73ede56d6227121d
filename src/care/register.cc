#include "care/register.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace bc {
namespace {

// Everyone's facts and risk on a date (ScoredDate): computed once for
// every cluster.
using Scored = ScoredDate;

Scored scored(const Snapshot& s, const RiskModel& model, Date at) {
  return score_date(s, &model, at);
}

int cluster_index_of(const Snapshot& s, size_t i) {
  const int16_t p = s.persons.practice[i];
  return p < 0 ? -1 : s.practice_cluster[static_cast<size_t>(p)];
}

// A cluster's population on the date, and who of it is on the register, in
// register order.
std::vector<size_t> listing(const Snapshot& s, const Scored& sc, const RegisterRequest& r,
                            int cluster, int64_t* population) {
  const Features& f = sc.features;
  std::vector<size_t> pop;
  for (size_t i = 0; i < f.size(); ++i)
    if (f.in_population[i] && cluster_index_of(s, i) == cluster) pop.push_back(i);
  *population = static_cast<int64_t>(pop.size());
  if (r.kind == RegisterKind::kRisk) {
    const auto n =
        static_cast<size_t>(std::ceil(r.top_percent / 100 * static_cast<double>(pop.size())));
    auto higher = [&](size_t a, size_t b) {
      return sc.risk[a] != sc.risk[b] ? sc.risk[a] > sc.risk[b]
                                      : s.persons.nhs[a] < s.persons.nhs[b];
    };
    const size_t keep = std::min(n, pop.size());
    std::partial_sort(pop.begin(), pop.begin() + static_cast<std::ptrdiff_t>(keep), pop.end(),
                      higher);
    pop.resize(keep);
    return pop;
  }
  std::erase_if(pop, [&](size_t i) {
    return efi_category(f.efi_deficits[i]) < EfiCategory::kModerate &&
           !(f.hfrs_tenths[i] >= 0 && hfrs_band(f.hfrs_tenths[i]) == HfrsBand::kHigh);
  });
  std::sort(pop.begin(), pop.end(), [&](size_t a, size_t b) {
    if (f.efi_deficits[a] != f.efi_deficits[b]) return f.efi_deficits[a] > f.efi_deficits[b];
    if (f.hfrs_tenths[a] != f.hfrs_tenths[b]) return f.hfrs_tenths[a] > f.hfrs_tenths[b];
    return s.persons.nhs[a] < s.persons.nhs[b];
  });
  return pop;
}

Status check(const RegisterRequest& r) {
  if (r.top_percent > 0 && r.top_percent <= 100) return Status();
  return Status::invalid_argument(
      fmt::format("the register's share must be more than 0 and at most 100 (per cent), not {}",
                  r.top_percent));
}

// One cluster's register from everyone's scores now and a month earlier.
Register assemble(const Snapshot& snap, const RiskModel& model, const RegisterRequest& request,
                  int cluster, const Scored& now, const Scored& before) {
  Register reg;
  reg.kind = request.kind;
  reg.cluster_code = snap.cluster_codes[static_cast<size_t>(cluster)];
  reg.cluster_name = snap.cluster_names[static_cast<size_t>(cluster)];
  reg.at = request.at;
  reg.previous = add_months(request.at, -1);
  reg.top_percent = request.top_percent;
  int64_t before_population = 0;
  const std::vector<size_t> is_on = listing(snap, now, request, cluster, &reg.population);
  const std::vector<size_t> was_on = listing(snap, before, request, cluster, &before_population);
  const std::unordered_set<size_t> was(was_on.begin(), was_on.end());
  const std::unordered_set<size_t> is(is_on.begin(), is_on.end());
  const Features& f = now.features;
  for (size_t k = 0; k < is_on.size(); ++k) {
    const size_t i = is_on[k];
    RegisterEntry e;
    e.person = i;
    e.rank = static_cast<int64_t>(k) + 1;
    e.risk = now.risk[i];
    e.efi_deficits = f.efi_deficits[i];
    e.hfrs_tenths = f.hfrs_tenths[i];
    e.factors = risk_factors(model, f, i);
    e.last_emergency = f.last_emergency[i];
    e.joined = !was.contains(i);
    reg.joined += e.joined;
    reg.entries.push_back(std::move(e));
  }
  for (size_t i : was_on) {
    if (is.contains(i)) continue;
    RegisterLeaver l{i, fmt::format("no longer in the top {}%", request.top_percent)};
    const int32_t died = snap.persons.died[i];
    if (died != kNoDate && died <= reg.at.days()) {
      l.reason = "died";
    } else if (!f.in_population[i] || cluster_index_of(snap, i) != cluster) {
      l.reason = "no longer registered in the cluster";
    } else if (request.kind == RegisterKind::kFrailty) {
      l.reason = "no longer moderately or severely frail";
    }
    reg.left.push_back(std::move(l));
  }
  return reg;
}

}  // namespace

ScoredDate score_date(const Snapshot& snap, const RiskModel* model, Date at) {
  ScoredDate out{compute_features(snap, at), {}};
  if (model != nullptr) out.risk = score_risk(*model, out.features);
  return out;
}

std::string_view register_kind_name(RegisterKind k) {
  return k == RegisterKind::kRisk ? "risk" : "frailty";
}

Result<Register> build_register(const Snapshot& snap, const RiskModel& model,
                                const RegisterRequest& request) {
  auto c = std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), request.cluster);
  if (c == snap.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", request.cluster));
  if (Status st = check(request); !st.ok()) return st;
  const Scored now = scored(snap, model, request.at);
  const Scored before = scored(snap, model, add_months(request.at, -1));
  return assemble(snap, model, request, static_cast<int>(c - snap.cluster_codes.begin()), now,
                  before);
}

Result<Register> build_register(const Snapshot& snap, const RiskModel& model,
                                const RegisterRequest& request, const ScoredDate& now,
                                const ScoredDate& before) {
  auto c = std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), request.cluster);
  if (c == snap.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", request.cluster));
  if (Status st = check(request); !st.ok()) return st;
  if (now.features.at != request.at || before.features.at != add_months(request.at, -1) ||
      now.risk.size() != now.features.size() || before.risk.size() != before.features.size()) {
    return Status::invalid_argument(
        "a register's scores must be those of its date and a month earlier, with a model");
  }
  return assemble(snap, model, request, static_cast<int>(c - snap.cluster_codes.begin()), now,
                  before);
}

Result<std::vector<Register>> build_registers(const Snapshot& snap, const RiskModel& model,
                                              const RegisterRequest& request) {
  if (Status st = check(request); !st.ok()) return st;
  const Scored now = scored(snap, model, request.at);
  const Scored before = scored(snap, model, add_months(request.at, -1));
  std::vector<Register> out;
  for (size_t c = 0; c < snap.cluster_codes.size(); ++c) {
    RegisterRequest r = request;
    r.cluster = snap.cluster_codes[c];
    out.push_back(assemble(snap, model, r, static_cast<int>(c), now, before));
  }
  return out;
}

}  // namespace bc
