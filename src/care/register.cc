#include "care/register.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace bc {
namespace {

// Who is on a register on a date, in order, and what they carry.
struct Listing {
  Features features;
  std::vector<double> risk;
  std::vector<size_t> people;  // in register order
  int64_t population = 0;
};

bool in_cluster(const Snapshot& s, size_t i, int cluster) {
  const int16_t p = s.persons.practice[i];
  return p >= 0 && s.practice_cluster[static_cast<size_t>(p)] == cluster;
}

Listing list(const Snapshot& s, const RiskModel& model, const RegisterRequest& r, int cluster,
             Date at) {
  Listing l{compute_features(s, at), {}, {}, 0};
  const Features& f = l.features;
  l.risk = score_risk(model, f);
  std::vector<size_t> pop;
  for (size_t i = 0; i < f.size(); ++i)
    if (f.in_population[i] && in_cluster(s, i, cluster)) pop.push_back(i);
  l.population = static_cast<int64_t>(pop.size());
  if (r.kind == RegisterKind::kRisk) {
    std::sort(pop.begin(), pop.end(), [&](size_t a, size_t b) {
      return l.risk[a] != l.risk[b] ? l.risk[a] > l.risk[b] : s.persons.nhs[a] < s.persons.nhs[b];
    });
    const auto n =
        static_cast<size_t>(std::ceil(r.top_percent / 100 * static_cast<double>(pop.size())));
    pop.resize(std::min(n, pop.size()));
  } else {
    std::erase_if(pop, [&](size_t i) {
      return efi_category(f.efi_deficits[i]) < EfiCategory::kModerate &&
             !(f.hfrs_tenths[i] >= 0 && hfrs_band(f.hfrs_tenths[i]) == HfrsBand::kHigh);
    });
    std::sort(pop.begin(), pop.end(), [&](size_t a, size_t b) {
      if (f.efi_deficits[a] != f.efi_deficits[b]) return f.efi_deficits[a] > f.efi_deficits[b];
      if (f.hfrs_tenths[a] != f.hfrs_tenths[b]) return f.hfrs_tenths[a] > f.hfrs_tenths[b];
      return s.persons.nhs[a] < s.persons.nhs[b];
    });
  }
  l.people = std::move(pop);
  return l;
}

}  // namespace

std::string_view register_kind_name(RegisterKind k) {
  return k == RegisterKind::kRisk ? "risk" : "frailty";
}

Result<Register> build_register(const Snapshot& snap, const RiskModel& model,
                                const RegisterRequest& request) {
  auto c = std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), request.cluster);
  if (c == snap.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", request.cluster));
  if (!(request.top_percent > 0 && request.top_percent <= 100)) {
    return Status::invalid_argument(
        fmt::format("the register's share must be more than 0 and at most 100 (per cent), not {}",
                    request.top_percent));
  }
  const int cluster = static_cast<int>(c - snap.cluster_codes.begin());
  Register reg;
  reg.kind = request.kind;
  reg.cluster_code = request.cluster;
  reg.cluster_name = snap.cluster_names[static_cast<size_t>(cluster)];
  reg.at = request.at;
  reg.previous = add_months(request.at, -1);
  reg.top_percent = request.top_percent;
  const Listing now = list(snap, model, request, cluster, reg.at);
  const Listing before = list(snap, model, request, cluster, reg.previous);
  reg.population = now.population;
  const std::unordered_set<size_t> was(before.people.begin(), before.people.end());
  const std::unordered_set<size_t> is(now.people.begin(), now.people.end());
  const Features& f = now.features;
  for (size_t k = 0; k < now.people.size(); ++k) {
    const size_t i = now.people[k];
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
  for (size_t i : before.people) {
    if (is.contains(i)) continue;
    RegisterLeaver l{i, fmt::format("no longer in the top {}%", request.top_percent)};
    const int32_t died = snap.persons.died[i];
    if (died != kNoDate && died <= reg.at.days()) {
      l.reason = "died";
    } else if (!f.in_population[i] || !in_cluster(snap, i, cluster)) {
      l.reason = "no longer registered in the cluster";
    } else if (request.kind == RegisterKind::kFrailty) {
      l.reason = "no longer moderately or severely frail";
    }
    reg.left.push_back(l);
  }
  return reg;
}

}  // namespace bc
