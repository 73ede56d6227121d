// FHIR R4 in: Bundles and Bulk Data NDJSON files read into the import
// contract's kinds, so that they pass exactly the rules a CSV file does and
// import all or nothing with it (importer.h).
//
// What is read (docs/data-formats.md, "FHIR R4"):
//   Patient       persons: the NHS number (identifier system
//                 https://fhir.nhs.uk/Id/nhs-number), birthDate, gender, the
//                 GP practice (generalPractitioner by ODS code,
//                 https://fhir.nhs.uk/Id/ods-organization-code), the postcode
//                 district, deceasedDateTime. A patient with no GP practice
//                 is an unregistered person: city-wide, in no cluster.
//   Encounter     class IMP a spell, EMER an A&E attendance; AMB and the
//                 other classes are counted, not used. The admission method
//                 and discharge destination come from the UK Core extensions;
//                 the diagnoses from Encounter.diagnosis and reasonCode.
//   Condition     conditions: ICD-10 or SNOMED CT codes mapped to the
//                 condition list (config/reference/condition_codes.csv).
//   Organization  the providers an encounter names, when not yet known.
// Every other resource is counted and listed, never dropped silently.
//
// A Bundle may be a collection, transaction, batch or searchset (a
// transaction's entry.resource; a searchset's "outcome" entries are not
// data). References resolve by fullUrl, Type/id, conditional identifier
// ("Organization?identifier=system|value") or a reference's identifier.
//
// Problems are located in the FHIR file: "file:entry[3]: Patient.identifier:
// value: reason" for a Bundle's fourth entry, "file:12: ..." for an NDJSON
// file's line 12, including those the import's rules find in the kinds made
// from it (locate_fhir_problems).
//
// Limits: a Bundle file of at most kMaxFhirBundleBytes, an NDJSON line of at
// most kMaxFhirLineBytes, JSON nested at most kMaxFhirDepth deep.
//
// Thread safety: plain functions; one call at a time per Store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {

inline constexpr uint64_t kMaxFhirBundleBytes = 512ull << 20;
inline constexpr size_t kMaxFhirLineBytes = 64u << 20;
inline constexpr int kMaxFhirDepth = 64;

// bettercare's own code systems in FHIR: the condition list
// (docs/data-formats.md; read by the import like ICD-10 and SNOMED CT) and
// the A&E department type and disposal (care/person_fhir.h writes them).
inline constexpr std::string_view kFhirConditionSystem = "urn:bettercare:condition";
inline constexpr std::string_view kFhirDepartmentTypeSystem = "urn:bettercare:ae-department-type";
inline constexpr std::string_view kFhirAeDisposalSystem = "urn:bettercare:ae-disposal";

// The first SNOMED CT concept that config/reference/condition_codes.csv
// maps to `condition` (a code of the condition list), or "" when none.
std::string_view snomed_for_condition(std::string_view condition);

// True for a path named *.json or *.ndjson (any case): a FHIR file.
bool is_fhir_path(std::string_view path);

struct FhirOptions {
  // Test data without NHS numbers (Synthea's): each patient with none is
  // given one from the test range (999 000 0001 to 999 999 9999), from a
  // hash of its source identifier, so the same patient gets the same number
  // in every run; one that the store already holds for another patient is
  // skipped. Organizations with no ODS code get a test code ("T" and four
  // characters, from a hash of their identifier) and are added as providers.
  // An inpatient encounter with no ICD-10 diagnosis is recorded as R69
  // (illness, unspecified) with a warning.
  bool assign_test_nhs_numbers = false;
  // The mapping kept between runs (with assign_test_nhs_numbers): read when
  // the file exists, so a patient keeps its number, and written again
  // (write_fhir_mapping) once the import has committed.
  std::string mapping_path;
  size_t max_problems = 200;
};

// A count of what was read: "Encounter class IMP (spells)", "Observation".
struct FhirCount {
  std::string what;
  int64_t count = 0;
};

// One row of the mapping file: source_system, source_id, nhs_number.
struct FhirMapping {
  std::string source_system, source_id;
  int64_t nhs_number = 0;
};

// Where a row of a made input came from: the file, and the entry or line.
struct FhirOrigin {
  int64_t csv_line = 0;  // the row's first line in the made CSV
  int file = 0;          // index into FhirBatch::files
  int64_t line = 0;      // NDJSON line; 0 for a Bundle
  int64_t entry = -1;    // Bundle entry index; -1 for NDJSON
};

struct FhirBatch {
  std::vector<std::string> files;
  // Each file as read (its SHA-256, size and resources), for the batch's
  // history: ImportOptions::sources.
  std::vector<ImportSource> sources;
  // One per kind made (persons, providers, conditions, spells,
  // ae_attendances), each a CSV made in memory, with where its rows came
  // from (in the order of `inputs`).
  std::vector<ImportInput> inputs;
  std::vector<std::vector<FhirOrigin>> origins;
  std::vector<Problem> errors;  // the first max_problems
  int64_t error_count = 0;
  std::vector<Problem> warnings;
  int64_t warning_count = 0;
  std::vector<FhirCount> used;    // resources and what they became
  std::vector<FhirCount> unused;  // read and counted, not imported
  std::vector<FhirMapping> mapping;
};

// Reads the FHIR files into a batch. Problems with the resources are in
// the batch's errors (nothing is written: the caller imports nothing when
// there are any); a non-ok Result is a failure of the store or a refused
// option (a mapping file that cannot be read).
Result<FhirBatch> read_fhir(Store& store, const std::vector<std::string>& paths,
                            const FhirOptions& options);

// Rewrites the problems and file reports of an import of batch.inputs to
// name the FHIR files, entries and fields they came from.
void locate_fhir_problems(const FhirBatch& batch, ImportReport& report);

// Writes the mapping (source_system, source_id, nhs_number, sorted) to
// `path`, through a temporary file renamed into place.
Status write_fhir_mapping(const FhirBatch& batch, const std::string& path);

}  // namespace bc
