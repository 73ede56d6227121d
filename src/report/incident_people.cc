#include "report/incident_people.h"

#include <algorithm>
#include <map>

#include "care/frailty.h"
#include "core/age.h"
#include "core/conditions.h"
#include "core/hes_codes.h"
#include "engine/care_plan_state.h"
#include "ingest/records.h"
#include "quality/failure.h"

namespace bc {
namespace {

size_t responsible_rank(std::string_view r) {
  for (size_t i = 0; i < std::size(kResponsibleOrder); ++i)
    if (kResponsibleOrder[i] == r) return i;
  return std::size(kResponsibleOrder);
}

// What the joined record says of a registered person as at `at`.
Status add_needs(Store& store, Date at, const std::map<std::string, std::string>& cluster_of,
                 AffectedPerson& p) {
  const int64_t nhs = p.placement.nhs_number;
  auto person = find_person(store, nhs);
  if (!person.ok()) return person.status();
  if (!*person) return Status();
  p.registered = true;
  if (auto born = Date::parse((*person)->date_of_birth); born.ok()) p.age = age_at(*born, at);
  p.sex = (*person)->sex;
  p.practice_code = (*person)->practice_code;
  if (auto c = cluster_of.find(p.practice_code); c != cluster_of.end()) p.cluster_code = c->second;
  int deficits = 0;
  Status s = for_each_condition(store, nhs, [&](const ConditionRecord& c) {
    if (c.recorded_date > at.iso()) return;
    if (std::find(p.conditions.begin(), p.conditions.end(), c.condition) != p.conditions.end())
      return;
    p.conditions.push_back(c.condition);
    if (const ConditionInfo* info = find_condition(c.condition); info && info->efi_deficit)
      ++deficits;
  });
  if (!s.ok()) return s;
  p.efi_category = std::string(efi_category_name(efi_category(std::min(deficits, 36))));
  const std::string from = add_months(at, -12).iso(), to = at.iso();
  s = for_each_spell(store, nhs, [&](const SpellRecord& r) {
    if (r.admission_date < from || r.admission_date > to) return;
    if (admission_method_group(r.admission_method) == AdmissionMethodGroup::kEmergency)
      ++p.emergency_admissions_12m;
  });
  if (!s.ok()) return s;
  s = for_each_ae_attendance(store, nhs, [&](const AeRecord& a) {
    const std::string day = a.arrival.substr(0, 10);
    if (day >= from && day <= to) ++p.ae_attendances_12m;
  });
  if (!s.ok()) return s;
  auto plans = read_care_plans(store, nhs, false);
  if (!plans.ok()) return plans.status();
  for (const CarePlan& plan : *plans) {
    const PlanAsAt state = plan_as_at(plan, at);
    if (state.state == PlanState::kClosed || !state.in_force) continue;
    p.care_plan = plan.plan_id + " " + std::string(plan_state_name(state.state));
  }
  return Status();
}

}  // namespace

Result<std::vector<AffectedPerson>> affected_people(Store& store, const Incident& incident) {
  auto at = Date::parse(incident.incident_date);
  if (!at.ok()) return at.status();
  auto placements = read_placements(store, incident.provider_code);
  if (!placements.ok()) return placements.status();
  std::map<std::string, std::string> cluster_of;
  Status read = for_each_practice(
      store, [&](const PracticeRecord& r) { cluster_of[r.code] = r.cluster_code; });
  if (!read.ok()) return read;
  std::vector<AffectedPerson> out;
  for (const PlacementRecord& pl : placements_in_force(*placements, *at)) {
    AffectedPerson p;
    p.placement = pl;
    p.responsible = std::string(responsible_for(pl.funder));
    if (Status s = add_needs(store, *at, cluster_of, p); !s.ok()) return s;
    for (const PersonFlag& f : incident.flags)
      if (f.nhs_number == pl.nhs_number) p.flags.push_back(f.flag);
    for (const MoveStep& m : incident.moves) {
      if (m.placement_id != pl.placement_id) continue;
      p.move_status = m.step;
      p.move_date = m.step_date;
      if (m.to_provider) p.move_to = m.to_provider;
    }
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const AffectedPerson& a, const AffectedPerson& b) {
    const size_t ra = responsible_rank(a.responsible), rb = responsible_rank(b.responsible);
    return ra != rb ? ra < rb : a.placement.nhs_number < b.placement.nhs_number;
  });
  return out;
}

AffectedCounts count_affected(const std::vector<AffectedPerson>& people) {
  AffectedCounts c;
  for (std::string_view r : kResponsibleOrder) c.by_responsible.emplace_back(std::string(r), 0);
  for (const AffectedPerson& p : people) {
    ++c.total;
    c.moved += p.move_status == "moved";
    c.stayed += p.move_status == "stayed";
    const size_t rank = responsible_rank(p.responsible);
    if (rank < c.by_responsible.size()) ++c.by_responsible[rank].second;
  }
  return c;
}

nlohmann::json affected_people_json(const std::vector<AffectedPerson>& people) {
  auto opt = [](const auto& v) -> nlohmann::json {
    if (v) return *v;
    return nullptr;
  };
  nlohmann::json out = nlohmann::json::array();
  for (const AffectedPerson& p : people) {
    const PlacementRecord& pl = p.placement;
    nlohmann::json cost = nullptr;
    if (pl.weekly_cost_pence) cost = static_cast<double>(*pl.weekly_cost_pence) / 100.0;
    out.push_back(
        {{"nhs_number", std::to_string(pl.nhs_number)},
         {"placement_id", pl.placement_id},
         {"funder", pl.funder},
         {"placing_body", opt(pl.placing_body)},
         {"responsible", p.responsible},
         {"start_date", pl.start_date},
         {"weekly_cost", cost},
         {"age", opt(p.age)},
         {"sex", p.registered ? nlohmann::json(p.sex) : nlohmann::json(nullptr)},
         {"cluster_code",
          p.cluster_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.cluster_code)},
         {"efi_category", p.registered ? nlohmann::json(p.efi_category) : nlohmann::json(nullptr)},
         {"conditions", p.conditions},
         {"emergency_admissions_12m", p.emergency_admissions_12m},
         {"ae_attendances_12m", p.ae_attendances_12m},
         {"care_plan", opt(p.care_plan)},
         {"flags", p.flags},
         {"move_status", p.move_status},
         {"move_date", opt(p.move_date)},
         {"move_to", opt(p.move_to)}});
  }
  return out;
}

}  // namespace bc
