// Internal to ingest: the parts of the FHIR reader (fhir.h) shared by its
// files: fhir_read.cc reads files into resources, fhir_resources.cc turns
// resources into rows of the contract's kinds, fhir.cc runs the passes and
// makes the inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/digest.h"
#include "ingest/fhir.h"
#include "ingest/file_kind.h"

namespace bc::fhir {

using Json = nlohmann::json;

inline constexpr std::string_view kNhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";
inline constexpr std::string_view kOdsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
inline constexpr std::string_view kSnomedSystem = "http://snomed.info/sct";

// Where a resource is: its file, and its Bundle entry or NDJSON line.
struct Where {
  int file = 0;
  int64_t line = 0;    // NDJSON
  int64_t entry = -1;  // Bundle
};

// Collects problems located in the FHIR files, keeping the first `max`.
class Problems {
 public:
  Problems(const std::vector<std::string>& files, size_t max) : files_(files), max_(max) {}
  void error(const Where& w, std::string field, std::string_view value, std::string reason);
  void warning(const Where& w, std::string field, std::string_view value, std::string reason);
  Problem make(const Where& w, std::string field, std::string_view value, std::string reason) const;
  int64_t error_count() const { return error_count_; }
  void move_into(FhirBatch& batch);

 private:
  const std::vector<std::string>& files_;
  size_t max_;
  std::vector<Problem> errors_, warnings_;
  int64_t error_count_ = 0, warning_count_ = 0;
};

// Calls `each` with every resource of a FHIR file (a Bundle's entries, an
// NDJSON file's lines, or a single resource), and its fullUrl ("" when it
// has none). A file that cannot be read or parsed, or is over the limits,
// is one problem. The file's bytes, as read, go to `digest` when given.
void for_each_resource(
    const std::string& path, int file, Problems& problems,
    const std::function<void(const Json&, const std::string& full_url, const Where&)>& each,
    ingest::Sha256* digest = nullptr);

// JSON helpers: a member's string ("" when absent or not a string), and a
// member as an array (empty when absent or not an array).
std::string str(const Json& j, std::string_view key);
const Json& arr(const Json& j, std::string_view key);
const Json& obj(const Json& j, std::string_view key);

// The keys a resource can be referred to by: "Type/id", its fullUrl, and
// "Type?identifier=system|value" for each identifier.
std::vector<std::string> reference_keys(const Json& resource, const std::string& full_url);
// The keys to look a Reference up by (its reference string, that string's
// "Type/id" tail when absolute, and its identifier as a conditional key),
// given the resource type it should point to.
std::vector<std::string> lookup_keys(const Json& reference, std::string_view type);
// The identifier value of `system` among a resource's identifiers (or a
// Reference's identifier), "" when there is none.
std::string identifier_value(const Json& j, std::string_view system);

// What pass 1 keeps of the resources others refer to.
struct PatientInfo {
  Where where;
  std::string id;              // for messages: "Patient/123"
  std::optional<int64_t> nhs;  // known once numbers are assigned
  std::string source_system, source_id;
  std::string birth_date;                      // YYYY-MM-DD, "" when invalid
  std::string sex, practice, district, death;  // as persons.csv has them
  bool valid = false;                          // the Patient had no problem
};
struct OrgInfo {
  Where where;
  std::string id, ods, name, source_system, source_id;
};
struct CodedCondition {
  std::vector<std::string> icd10;  // normalised codes, in coding order
};

// The resources of the batch by every key they can be referred to by.
struct Index {
  std::vector<PatientInfo> patients;
  std::vector<OrgInfo> orgs;
  std::vector<CodedCondition> conditions;
  std::unordered_map<std::string, size_t> patient_by_key, org_by_key, condition_by_key;

  const PatientInfo* patient(const Json& reference) const;
  const OrgInfo* org(const Json& reference) const;
  const CodedCondition* condition(const Json& reference) const;
};

// Rows of one kind made from FHIR resources, as CSV, with where each came
// from.
struct Made {
  FileKind kind;
  std::string csv;  // the header first
  std::vector<FhirOrigin> origins;
  int64_t next_line = 2;

  Made(FileKind k, std::string_view header);
  void add(const Where& w, const std::vector<std::string>& fields);
};

// The rows the resources make, by kind.
struct Rows {
  Made persons{FileKind::kPersons,
               "nhs_number,date_of_birth,sex,practice_code,postcode_district,date_of_death"};
  Made providers{FileKind::kProviders, "provider_code,provider_name,provider_type"};
  Made conditions{FileKind::kConditions, "nhs_number,condition,recorded_date"};
  Made spells{FileKind::kSpells,
              "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
              "primary_diagnosis,secondary_diagnoses,discharge_destination"};
  Made ae{FileKind::kAeAttendances,
          "attendance_id,nhs_number,provider_code,arrival,department_type,disposal"};
};

// Counts of what the resources were read as ("Encounter class IMP: spells").
using Counts = std::map<std::string, int64_t>;

// Pass 1: keeps what others refer to of a Patient, Organization or
// Condition in the index, checking the Patient.
void index_resource(const Json& resource, const std::string& full_url, const Where& where,
                    Index& index, Problems& problems, const FhirOptions& options);
// Pass 2: the rows an Encounter or Condition makes, and the count of every
// resource (the Patients' rows are made from the index once their numbers
// are known).
struct RowContext {
  const Index& index;
  Problems& problems;
  const FhirOptions& options;
  Rows& rows;
  Counts& used;
  Counts& unused;
  // Organizations that encounters used, by position in index.orgs.
  std::vector<bool>& orgs_used;
  // Each (person, condition) once: the earliest recorded date wins.
  std::map<std::pair<int64_t, std::string>, std::pair<std::string, Where>>& conditions;
};
void make_rows(const Json& resource, const Where& where, RowContext& ctx);

// The condition on bettercare's list that a code of `system` ("icd10" or
// "snomed") maps to (config/reference/condition_codes.csv), or "".
std::string_view condition_for(std::string_view system, std::string_view code);

// The ICD-10 and SNOMED CT code systems bettercare reads.
bool is_icd10_system(std::string_view system);

}  // namespace bc::fhir
