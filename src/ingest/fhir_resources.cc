// FHIR resources into rows of the contract's kinds (fhir_internal.h): what
// a Patient, Organization, Condition and Encounter say, checked, and where
// each of bettercare's columns comes from.
#include <fmt/format.h>

#include <algorithm>

#include "core/conditions.h"
#include "core/date.h"
#include "core/icd10.h"
#include "core/nhs_number.h"
#include "ingest/fhir_internal.h"

namespace bc::fhir {
namespace {

constexpr std::string_view kIcd10Systems[] = {"http://hl7.org/fhir/sid/icd-10",
                                              "http://hl7.org/fhir/sid/icd-10-uk"};
constexpr std::string_view kAdmissionMethodUrl =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod";
constexpr std::string_view kDischargeDestinationUrl =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeDestination";

std::string known_systems() {
  return fmt::format("ICD-10 ({}), SNOMED CT ({}) or bettercare's condition list ({})",
                     kIcd10Systems[0], kSnomedSystem, kFhirConditionSystem);
}

// The date part of a FHIR date or dateTime ("2017-05-01T10:00:00+01:00"),
// when it is a whole, valid date; nullopt for a partial one ("2017-05").
std::optional<std::string> date_part(const std::string& v) {
  if (v.size() < 10) return std::nullopt;
  std::string d = v.substr(0, 10);
  if (!Date::parse(d).ok() || (v.size() > 10 && v[10] != 'T')) return std::nullopt;
  return d;
}

// A dateTime as the contract's YYYY-MM-DDTHH:MM:SS, the local time as
// written (the offset is dropped).
std::optional<std::string> local_date_time(const std::string& v) {
  if (!date_part(v) || v.size() < 16) return std::nullopt;
  return v.substr(0, v.size() >= 19 && v[16] == ':' ? 19 : 16);
}

// A postcode's district (its outward code, "SO14" of "SO14 7DU"), when it
// has the shape of a UK postcode; "" otherwise.
std::string postcode_district(std::string postcode) {
  postcode.erase(std::remove(postcode.begin(), postcode.end(), ' '), postcode.end());
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (postcode.size() >= 2 && postcode.size() <= 4 &&
      std::isalpha(static_cast<unsigned char>(postcode[0])) &&
      std::isdigit(static_cast<unsigned char>(postcode.back())) &&
      std::all_of(postcode.begin(), postcode.end(), alnum)) {
    // The district alone ("SO14"), as bettercare's own FHIR output gives it.
    for (char& c : postcode) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return postcode;
  }
  if (postcode.size() < 5 || postcode.size() > 7) return "";
  std::string out = postcode.substr(0, postcode.size() - 3);
  std::string in = postcode.substr(postcode.size() - 3);
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (!alpha(out[0]) || !digit(in[0]) || !alpha(in[1]) || !alpha(in[2])) return "";
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The value of an extension with `url`, among the extensions of `j`, as
// the first code of its valueCodeableConcept (or its valueCoding).
std::string extension_code(const Json& j, std::string_view url) {
  for (const Json& e : arr(j, "extension")) {
    if (str(e, "url") != url) continue;
    if (std::string c = str(obj(e, "valueCoding"), "code"); !c.empty()) return c;
    for (const Json& coding : arr(obj(e, "valueCodeableConcept"), "coding")) {
      if (std::string c = str(coding, "code"); !c.empty()) return c;
    }
  }
  return "";
}

// The ODS code of an organisation a Reference names: its identifier, or
// the Organization it points to.
std::string ods_of(const Json& reference, const Index& index, const OrgInfo** org) {
  *org = index.org(reference);
  if (std::string v = identifier_value(reference, kOdsSystem); !v.empty()) return v;
  return *org ? (*org)->ods : "";
}

void index_patient(const Json& r, const std::string& url, const Where& w, Index& index,
                   Problems& problems, const FhirOptions& options) {
  PatientInfo p;
  p.where = w;
  p.id = "Patient/" + str(r, "id");
  const int64_t before = problems.error_count();
  // The NHS number, or the source identifier a test number is made from.
  bool has_nhs = false;
  const Json& ids = arr(r, "identifier");
  for (size_t i = 0; i < ids.size(); ++i) {
    if (str(ids[i], "system") != kNhsNumberSystem) continue;
    has_nhs = true;
    std::string v = str(ids[i], "value");
    auto nhs = NhsNumber::parse(v);
    if (!nhs.ok()) {
      problems.error(w, fmt::format("Patient.identifier[{}].value", i), v, nhs.error());
    } else {
      p.nhs = nhs->value();
    }
    break;
  }
  if (!has_nhs) {
    for (const Json& id : ids) {
      if (!str(id, "value").empty()) {
        p.source_system = str(id, "system");
        p.source_id = str(id, "value");
        break;
      }
    }
    if (p.source_id.empty() && !str(r, "id").empty()) {
      p.source_system = "Patient.id";
      p.source_id = str(r, "id");
    }
    if (!options.assign_test_nhs_numbers) {
      problems.error(w, "Patient.identifier", "",
                     fmt::format("no NHS number (identifier system {}); for test data without "
                                 "NHS numbers, import with --assign-test-nhs-numbers",
                                 kNhsNumberSystem));
    } else if (p.source_id.empty()) {
      problems.error(w, "Patient.identifier", "",
                     "neither an NHS number nor another identifier or id to give a test number");
    }
  }
  std::string born = str(r, "birthDate");
  if (auto d = date_part(born); d && born.size() == 10) {
    p.birth_date = *d;
  } else {
    problems.error(w, "Patient.birthDate", born,
                   born.empty() ? "a date of birth is required"
                                : "a whole date of birth (YYYY-MM-DD) is required");
  }
  std::string gender = str(r, "gender");
  p.sex = gender == "male" ? "M" : gender == "female" ? "F" : "U";
  // The GP practice: the first generalPractitioner with an ODS code.
  for (const Json& gp : arr(r, "generalPractitioner")) {
    const OrgInfo* org = nullptr;
    p.practice = ods_of(gp, index, &org);
    if (!p.practice.empty()) break;
  }
  for (const Json& a : arr(r, "address")) {
    if (str(a, "use") == "old") continue;
    std::string postcode = str(a, "postalCode");
    p.district = postcode_district(postcode);
    if (p.district.empty() && !postcode.empty()) {
      problems.warning(w, "Patient.address.postalCode", postcode,
                       "not a UK postcode: the person is imported without a postcode district");
    }
    break;
  }
  if (auto it = r.find("deceasedDateTime"); it != r.end()) {
    std::string died = it->is_string() ? it->get<std::string>() : "";
    if (auto d = date_part(died)) {
      p.death = *d;
    } else {
      problems.error(w, "Patient.deceasedDateTime", died, "a whole date (and time) is required");
    }
  } else if (auto b = r.find("deceasedBoolean");
             b != r.end() && b->is_boolean() && b->get<bool>()) {
    problems.error(w, "Patient.deceasedBoolean", "true",
                   "the date of death is needed (deceasedDateTime): the figures count by it");
  }
  p.valid = problems.error_count() == before;
  const size_t at = index.patients.size();
  for (const std::string& key : reference_keys(r, url)) index.patient_by_key.emplace(key, at);
  if (p.nhs) {
    index.patient_by_key.emplace("Patient?identifier=" + std::string(kNhsNumberSystem) + "|" +
                                     NhsNumber::from_value_unchecked(*p.nhs).digits(),
                                 at);
  }
  index.patients.push_back(std::move(p));
}

void index_condition(const Json& r, const std::string& url, Index& index) {
  CodedCondition c;
  for (const Json& coding : arr(obj(r, "code"), "coding")) {
    if (!is_icd10_system(str(coding, "system"))) continue;
    if (auto code = Icd10::parse(str(coding, "code")); code.ok()) c.icd10.push_back(code->code());
  }
  const size_t at = index.conditions.size();
  for (const std::string& key : reference_keys(r, url)) index.condition_by_key.emplace(key, at);
  index.conditions.push_back(std::move(c));
}

// A Condition: the condition on bettercare's list it names, for its
// patient, from its recorded (or onset) date; counted and left out when it
// is resolved, refuted or not on the list.
void condition_row(const Json& r, const Where& w, RowContext& ctx) {
  const PatientInfo* patient = ctx.index.patient(obj(r, "subject"));
  if (patient == nullptr) {
    return ctx.problems.error(w, "Condition.subject", str(obj(r, "subject"), "reference"),
                              "not a Patient in the files imported");
  }
  if (!patient->valid || !patient->nhs) return;  // the Patient's problems are reported
  static constexpr std::string_view kInactive[] = {"inactive", "resolved", "remission"};
  std::string clinical = str(arr(obj(r, "clinicalStatus"), "coding").empty()
                                 ? Json::object()
                                 : arr(obj(r, "clinicalStatus"), "coding")[0],
                             "code");
  if (std::find(std::begin(kInactive), std::end(kInactive), clinical) != std::end(kInactive)) {
    ++ctx.unused["Condition (resolved or inactive)"];
    return;
  }
  const Json& verification = arr(obj(r, "verificationStatus"), "coding");
  if (!verification.empty()) {
    std::string v = str(verification[0], "code");
    if (v == "refuted" || v == "entered-in-error") {
      ++ctx.unused["Condition (refuted or entered in error)"];
      return;
    }
  }
  const Json& codings = arr(obj(r, "code"), "coding");
  std::string_view condition;
  bool known = false;
  for (const Json& coding : codings) {
    std::string system = str(coding, "system");
    std::string code = str(coding, "code");
    if (system == kFhirConditionSystem) {  // bettercare's own list (care/person_fhir.h)
      known = true;
      const bc::ConditionInfo* info = find_condition(code);
      if (info == nullptr) {
        return ctx.problems.error(w, "Condition.code.coding.code", code,
                                  "not a condition code bettercare knows (docs/data-formats.md)");
      }
      if (condition.empty()) condition = info->code;
      continue;
    }
    std::string_view kind = is_icd10_system(system)   ? "icd10"
                            : system == kSnomedSystem ? "snomed"
                                                      : "";
    if (kind.empty()) continue;
    known = true;
    if (kind == "icd10") {
      auto icd = Icd10::parse(code);
      if (!icd.ok()) {
        return ctx.problems.error(w, "Condition.code.coding.code", code, icd.error());
      }
      code = icd->code();
    }
    if (condition.empty()) condition = condition_for(kind, code);
  }
  if (codings.empty()) {
    return ctx.problems.error(w, "Condition.code", "", "the condition has no coding");
  }
  if (!known) {
    return ctx.problems.error(
        w, "Condition.code.coding[0].system", str(codings[0], "system"),
        "not a code system bettercare reads; a condition is coded in " + known_systems());
  }
  if (condition.empty()) {
    ++ctx.unused["Condition (not on the condition list)"];
    return;
  }
  std::string recorded = str(r, "recordedDate");
  auto date = date_part(recorded);
  if (!date) date = date_part(str(r, "onsetDateTime"));
  if (!date) {
    return ctx.problems.error(w, "Condition.recordedDate", recorded,
                              "a whole recorded date, or onsetDateTime, is required");
  }
  ++ctx.used["Condition: conditions"];
  auto key = std::pair{*patient->nhs, std::string(condition)};
  auto it = ctx.conditions.find(key);
  if (it == ctx.conditions.end() || *date < it->second.first) ctx.conditions[key] = {*date, w};
}

// The ICD-10 diagnoses of an inpatient encounter, primary first: its
// diagnosis list by rank (each a Condition coded in ICD-10), then the
// ICD-10 codes of its reasons.
std::vector<std::string> diagnoses(const Json& r, const Index& index) {
  std::vector<std::pair<int64_t, std::string>> ranked;
  const Json& list = arr(r, "diagnosis");
  for (size_t i = 0; i < list.size(); ++i) {
    const CodedCondition* c = index.condition(obj(list[i], "condition"));
    if (c == nullptr || c->icd10.empty()) continue;
    auto rank = list[i].find("rank");
    int64_t order = rank != list[i].end() && rank->is_number_integer() ? rank->get<int64_t>()
                                                                       : 1000000 + int64_t(i);
    ranked.push_back({order, c->icd10[0]});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [rank, code] : ranked) out.push_back(code);
  for (const Json& reason : arr(r, "reasonReference")) {
    if (const CodedCondition* c = index.condition(reason); c && !c->icd10.empty()) {
      out.push_back(c->icd10[0]);
    }
  }
  for (const Json& reason : arr(r, "reasonCode")) {
    for (const Json& coding : arr(reason, "coding")) {
      if (!is_icd10_system(str(coding, "system"))) continue;
      if (auto icd = Icd10::parse(str(coding, "code")); icd.ok()) out.push_back(icd->code());
    }
  }
  std::vector<std::string> unique;
  for (auto& code : out) {
    if (std::find(unique.begin(), unique.end(), code) == unique.end()) unique.push_back(code);
  }
  return unique;
}

// The person an encounter is about: its Patient in the batch, or the NHS
// number its subject reference carries. nullopt (with the problem, unless
// the Patient's own problems are reported) when there is none.
std::optional<int64_t> subject_of(const Json& r, const Where& w, RowContext& ctx,
                                  const PatientInfo** patient) {
  const Json& subject = obj(r, "subject");
  *patient = ctx.index.patient(subject);
  if (*patient) {
    if (!(*patient)->valid) return std::nullopt;
    return (*patient)->nhs;
  }
  std::string nhs = identifier_value(subject, kNhsNumberSystem);
  if (!nhs.empty()) {
    auto n = NhsNumber::parse(nhs);
    if (n.ok()) return n->value();
    ctx.problems.error(w, "Encounter.subject.identifier.value", nhs, n.error());
    return std::nullopt;
  }
  ctx.problems.error(w, "Encounter.subject", str(subject, "reference"),
                     "not a Patient in the files imported, and the reference has no NHS number");
  return std::nullopt;
}

// An Encounter: class IMP a spell, EMER an A&E attendance; the rest
// counted by class.
void encounter_row(const Json& r, const Where& w, RowContext& ctx) {
  const std::string status = str(r, "status");
  if (status == "cancelled" || status == "entered-in-error" || status == "planned") {
    ++ctx.unused["Encounter (" + status + ")"];
    return;
  }
  const std::string cls = str(obj(r, "class"), "code");
  const bool inpatient = cls == "IMP" || cls == "ACUTE" || cls == "NONAC";
  if (cls.empty()) return ctx.problems.error(w, "Encounter.class", "", "the class is required");
  if (!inpatient && cls != "EMER") {
    ++ctx.unused["Encounter class " + cls];
    return;
  }
  const int64_t before = ctx.problems.error_count();
  std::string id = str(r, "id");
  if (id.empty()) ctx.problems.error(w, "Encounter.id", "", "the encounter's id is required");
  const PatientInfo* patient = nullptr;
  std::optional<int64_t> nhs = subject_of(r, w, ctx, &patient);
  const Json& period = obj(r, "period");
  std::string start = str(period, "start"), end = str(period, "end");
  auto start_date = date_part(start);
  if (!start_date) {
    ctx.problems.error(w, "Encounter.period.start", start, "a whole start date is required");
  } else if (patient && !patient->birth_date.empty() && *start_date < patient->birth_date) {
    ctx.problems.error(
        w, "Encounter.period.start", start,
        fmt::format("the encounter starts before the patient's birth ({})", patient->birth_date));
  }
  auto end_date = date_part(end);
  if (!end.empty() && !end_date) {
    ctx.problems.error(w, "Encounter.period.end", end, "not a whole date");
  }
  const OrgInfo* org = nullptr;
  std::string provider = ods_of(obj(r, "serviceProvider"), ctx.index, &org);
  if (provider.empty()) {
    ctx.problems.error(
        w, "Encounter.serviceProvider", str(obj(r, "serviceProvider"), "reference"),
        fmt::format("the provider's ODS code is needed (identifier system {})", kOdsSystem));
  } else if (org != nullptr) {
    ctx.orgs_used[static_cast<size_t>(org - ctx.index.orgs.data())] = true;
  }
  const Json& hospital = obj(r, "hospitalization");
  if (inpatient) {
    std::string method = extension_code(r, kAdmissionMethodUrl);
    if (method.empty()) method = extension_code(hospital, kAdmissionMethodUrl);
    if (method.empty()) method = "99";  // HES: not known
    std::string destination = extension_code(r, kDischargeDestinationUrl);
    if (destination.empty()) destination = extension_code(hospital, kDischargeDestinationUrl);
    std::vector<std::string> dx = diagnoses(r, ctx.index);
    if (dx.empty() && ctx.options.assign_test_nhs_numbers) {
      ctx.problems.warning(w, "Encounter.diagnosis", "",
                           "no ICD-10 diagnosis: recorded as R69 (illness, unspecified)");
      dx.push_back("R69");
    } else if (dx.empty()) {
      ctx.problems.error(w, "Encounter.diagnosis", "",
                         "an inpatient encounter needs an ICD-10 diagnosis (a Condition coded "
                         "in ICD-10 in Encounter.diagnosis, or an ICD-10 reasonCode)");
    }
    if (ctx.problems.error_count() != before || !nhs) return;
    std::string secondary;
    for (size_t i = 1; i < dx.size(); ++i) secondary += (i > 1 ? ";" : "") + dx[i];
    ctx.rows.spells.add(w, {id, std::to_string(*nhs), provider, *start_date, end_date.value_or(""),
                            method, dx[0], secondary, destination});
    ++ctx.used["Encounter class IMP: spells"];
    return;
  }
  auto arrival = local_date_time(start);
  if (start_date && !arrival) {
    ctx.problems.error(w, "Encounter.period.start", start,
                       "an emergency encounter needs its arrival time, not only a date");
  }
  if (ctx.problems.error_count() != before || !nhs) return;
  // The department type and disposal in bettercare's own systems, as its
  // FHIR output writes them; type 01 when not given.
  std::string type = "01", disposal;
  for (const Json& t : arr(r, "type")) {
    for (const Json& coding : arr(t, "coding")) {
      if (str(coding, "system") == kFhirDepartmentTypeSystem) type = str(coding, "code");
    }
  }
  for (const Json& coding : arr(obj(hospital, "dischargeDisposition"), "coding")) {
    if (str(coding, "system") == kFhirAeDisposalSystem) disposal = str(coding, "code");
  }
  ctx.rows.ae.add(w, {id, std::to_string(*nhs), provider, *arrival, type, disposal});
  ++ctx.used["Encounter class EMER: A&E attendances"];
}

}  // namespace

bool is_icd10_system(std::string_view system) {
  return std::find(std::begin(kIcd10Systems), std::end(kIcd10Systems), system) !=
         std::end(kIcd10Systems);
}

void index_resource(const Json& r, const std::string& url, const Where& w, Index& index,
                    Problems& problems, const FhirOptions& options) {
  const std::string type = str(r, "resourceType");
  if (type == "Patient") return index_patient(r, url, w, index, problems, options);
  if (type == "Condition") return index_condition(r, url, index);
  if (type != "Organization") return;
  OrgInfo o{w, "Organization/" + str(r, "id"), identifier_value(r, kOdsSystem), str(r, "name"), "",
            ""};
  for (const Json& id : arr(r, "identifier")) {
    if (!str(id, "value").empty()) {
      o.source_system = str(id, "system");
      o.source_id = str(id, "value");
      break;
    }
  }
  if (o.source_id.empty()) o.source_id = str(r, "id");
  const size_t at = index.orgs.size();
  for (const std::string& key : reference_keys(r, url)) index.org_by_key.emplace(key, at);
  index.orgs.push_back(std::move(o));
}

void make_rows(const Json& r, const Where& w, RowContext& ctx) {
  const std::string type = str(r, "resourceType");
  if (type == "Encounter") return encounter_row(r, w, ctx);
  if (type == "Condition") return condition_row(r, w, ctx);
  if (type == "Patient") {
    ++ctx.used["Patient: persons"];
  } else if (type == "Organization") {
    ++ctx.used["Organization"];
  } else {
    ++ctx.unused[type];
  }
}

}  // namespace bc::fhir
