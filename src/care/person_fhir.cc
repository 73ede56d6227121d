#include "care/person_fhir.h"

#include <fmt/format.h>

#include <algorithm>

#include "care/care_plan.h"
#include "core/conditions.h"
#include "core/icd10.h"
#include "ingest/fhir.h"
#include "ingest/records.h"

namespace bc {
namespace {

using json = nlohmann::json;

constexpr const char* kNhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
constexpr const char* kOdsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
constexpr const char* kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr const char* kIcd10System = "http://hl7.org/fhir/sid/icd-10";
constexpr const char* kUkCore = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-";

// A FHIR id ([A-Za-z0-9-.]{1,64}): the record's own id when it is one,
// else its letters and digits with the rest as "-", cut to 64.
std::string fhir_id(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' ? c : '-';
  return out.substr(0, 64);
}

json ods_reference(const std::string& code, const std::string& display = "") {
  json r = {{"identifier", {{"system", kOdsSystem}, {"value", code}}}};
  if (!display.empty()) r["display"] = display;
  return r;
}

json coded_extension(const std::string& name, const std::string& code) {
  return {{"url", std::string(kUkCore) + name},
          {"valueCodeableConcept", {{"coding", json::array({{{"code", code}}})}}}};
}

json patient(NhsNumber nhs, const std::optional<PersonRecordRow>& p,
             const std::optional<PracticeRecord>& practice) {
  json r = {{"resourceType", "Patient"},
            {"id", nhs.digits()},
            {"identifier", json::array({{{"system", kNhsSystem}, {"value", nhs.digits()}}})}};
  if (!p) return r;  // activity only: not in the persons register
  r["gender"] = p->sex == "M" ? "male" : p->sex == "F" ? "female" : "unknown";
  r["birthDate"] = p->date_of_birth;
  if (p->date_of_death) r["deceasedDateTime"] = *p->date_of_death;
  if (p->postcode_district) r["address"] = json::array({{{"postalCode", *p->postcode_district}}});
  if (practice) {
    r["generalPractitioner"] = json::array({ods_reference(practice->code, practice->name)});
  }
  return r;
}

json spell(const SpellRecord& s, const std::string& subject) {
  json reasons = json::array();
  std::vector<std::string> codes = {s.primary_diagnosis};
  if (s.secondary_diagnoses) {
    std::string rest = *s.secondary_diagnoses;
    for (size_t at = 0; at <= rest.size();) {
      size_t end = std::min(rest.find(';', at), rest.size());
      if (end > at) codes.push_back(rest.substr(at, end - at));
      at = end + 1;
    }
  }
  for (const std::string& c : codes) {
    auto code = Icd10::parse(c);
    reasons.push_back({{"coding", json::array({{{"system", kIcd10System},
                                                {"code", code.ok() ? code->dotted() : c}}})}});
  }
  json r = {
      {"resourceType", "Encounter"},
      {"id", fhir_id("", s.spell_id)},
      {"status", s.discharge_date ? "finished" : "in-progress"},
      {"class", {{"system", kActCode}, {"code", "IMP"}, {"display", "inpatient encounter"}}},
      {"subject", {{"reference", subject}}},
      {"period", {{"start", s.admission_date}}},
      {"serviceProvider", ods_reference(s.provider_code)},
      {"reasonCode", reasons},
  };
  json ext = json::array({coded_extension("AdmissionMethod", s.admission_method)});
  if (s.discharge_destination) {
    ext.push_back(coded_extension("DischargeDestination", *s.discharge_destination));
  }
  r["extension"] = ext;
  if (s.discharge_date) r["period"]["end"] = *s.discharge_date;
  return r;
}

json attendance(const AeRecord& a, const std::string& subject) {
  json r = {
      {"resourceType", "Encounter"},
      {"id", fhir_id("", a.attendance_id)},
      {"status", "finished"},
      {"class", {{"system", kActCode}, {"code", "EMER"}, {"display", "emergency"}}},
      {"type", json::array({{{"coding", json::array({{{"system", kFhirDepartmentTypeSystem},
                                                      {"code", a.department_type}}})},
                             {"text", "A&E department type " + a.department_type}}})},
      {"subject", {{"reference", subject}}},
      {"period", {{"start", uk_fhir_date_time(a.arrival)}}},
      {"serviceProvider", ods_reference(a.provider_code)},
  };
  if (a.disposal) {
    r["hospitalization"] = {
        {"dischargeDisposition",
         {{"coding", json::array({{{"system", kFhirAeDisposalSystem}, {"code", *a.disposal}}})}}}};
  }
  return r;
}

json condition(const ConditionRecord& c, const std::string& subject) {
  json coding = json::array();
  if (std::string_view snomed = snomed_for_condition(c.condition); !snomed.empty()) {
    coding.push_back({{"system", "http://snomed.info/sct"}, {"code", snomed}});
  }
  const ConditionInfo* info = find_condition(c.condition);
  json own = {{"system", kFhirConditionSystem}, {"code", c.condition}};
  if (info) own["display"] = info->name;
  coding.push_back(own);
  return {{"resourceType", "Condition"},
          {"id", fhir_id("condition-", c.condition)},
          {"code", {{"coding", coding}}},
          {"subject", {{"reference", subject}}},
          {"recordedDate", c.recorded_date}};
}

// CarePlan.activity.detail.status for a care plan action's status.
const char* activity_status(const std::string& s) {
  if (s == "in_progress") return "in-progress";
  if (s == "done") return "completed";
  if (s == "cancelled") return "cancelled";
  return "not-started";
}

json care_plan(const CarePlan& plan, const PlanAsAt& state, const std::string& subject) {
  const CarePlanRecord& v = state.in_force ? *state.in_force : plan.versions.back();
  const char* status = state.state == PlanState::kDraft    ? "draft"
                       : state.state == PlanState::kClosed ? "completed"
                                                           : "active";
  json r = {{"resourceType", "CarePlan"},
            {"id", fhir_id("", plan.plan_id)},
            {"status", status},
            {"intent", "plan"},
            {"title", v.plan_type},
            {"description", v.goals},
            {"subject", {{"reference", subject}}},
            {"author",
             {{"display",
               v.accountable_name + " (" + v.accountable_role + ", " + v.accountable_org + ")"}}}};
  if (v.agreed_date) r["period"]["start"] = *v.agreed_date;
  if (v.closed_date) r["period"]["end"] = *v.closed_date;
  if (v.contingency) r["note"] = json::array({{{"text", "Contingency: " + *v.contingency}}});
  json activities = json::array();
  for (const CarePlanActionRecord& a : plan.actions_of(v.version)) {
    json detail = {{"status", activity_status(a.status)},
                   {"description", a.action},
                   {"performer", json::array({{{"display", a.who}}})}};
    if (a.by_date) detail["scheduledString"] = "by " + *a.by_date;
    activities.push_back({{"detail", detail}});
  }
  if (!activities.empty()) r["activity"] = activities;
  return r;
}

}  // namespace

std::string uk_fhir_date_time(std::string_view local) {
  std::string t(local.substr(0, 19));
  if (t.size() == 16) t += ":00";
  auto date = Date::parse(t.substr(0, 10));
  if (!date.ok() || t.size() != 19) return t;
  // British Summer Time: from 01:00 UTC on the last Sunday of March to
  // 01:00 UTC on the last Sunday of October (01:00 and 02:00 local time).
  auto last_sunday = [](int year, int month) {
    Date d = *Date::from_ymd(year, month, days_in_month(year, month));
    return d.add_days(-(d.weekday() % 7));
  };
  const Date start = last_sunday(date->year(), 3), end = last_sunday(date->year(), 10);
  const std::string hour = t.substr(11, 2);
  bool summer = *date > start && *date < end;
  if (*date == start) summer = hour >= "01";
  if (*date == end) summer = hour < "02";
  return t + (summer ? "+01:00" : "+00:00");
}

Result<json> person_fhir_bundle(Store& store, NhsNumber nhs, Date today) {
  const int64_t n = nhs.value();
  auto person = find_person(store, n);
  if (!person.ok()) return person.status();
  std::optional<PracticeRecord> practice;
  if (*person && !(*person)->practice_code.empty()) {
    auto p = find_practice(store, (*person)->practice_code);
    if (!p.ok()) return p.status();
    practice = *p;
  }
  const std::string subject = "Patient/" + nhs.digits();
  json entries = json::array();
  auto add = [&entries](json resource) { entries.push_back({{"resource", std::move(resource)}}); };
  add(patient(nhs, *person, practice));
  Status s = for_each_spell(store, n, [&](const SpellRecord& r) { add(spell(r, subject)); });
  if (s.ok()) {
    s = for_each_ae_attendance(store, n, [&](const AeRecord& r) { add(attendance(r, subject)); });
  }
  if (s.ok()) {
    s = for_each_condition(store, n, [&](const ConditionRecord& r) { add(condition(r, subject)); });
  }
  if (!s.ok()) return s;
  if (!*person && entries.size() == 1) {
    return Status::not_found(
        fmt::format("no person or activity with NHS number {}", nhs.formatted()));
  }
  auto plans = care_plans_of(store, n);
  if (!plans.ok()) return plans.status();
  if (const CarePlan* plan = current_plan(*plans, today)) {
    add(care_plan(*plan, plan_as_at(*plan, today), subject));
  }
  return json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", std::move(entries)}};
}

}  // namespace bc
