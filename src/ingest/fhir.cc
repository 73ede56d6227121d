// FHIR R4 in (fhir.h): the two passes over the files, test numbers, the
// inputs made for the importer, and problems located back in the files.
#include "ingest/fhir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>

#include "core/csv_reader.h"
#include "core/icd10.h"
#include "core/nhs_number.h"
#include "core/ods_code.h"
#include "ingest/fhir_internal.h"

namespace bc {
namespace embedded {
extern const std::string_view kConditionCodesCsv;  // config/reference/condition_codes.csv
}

namespace fhir {
namespace {

// condition_codes.csv: condition, system (icd10 | snomed), code (an ICD-10
// category, code or range "F00-F03"; a SNOMED CT concept id), meaning.
struct CodeRule {
  std::string condition, system, lo, hi;
};

const std::vector<CodeRule>& code_rules() {
  static const std::vector<CodeRule> kRules = [] {
    std::vector<CodeRule> out;
    auto reader = CsvReader::from_string(std::string(embedded::kConditionCodesCsv));
    CsvRecord rec;
    bool header = true;
    while (reader->next(&rec)) {
      if (std::exchange(header, false) || rec.size() < 3) continue;
      std::string code(rec.fields[2]);
      size_t dash = code.find('-');
      std::string lo = code.substr(0, dash);
      std::string hi = dash == std::string::npos ? lo : code.substr(dash + 1);
      out.push_back({std::string(rec.fields[0]), std::string(rec.fields[1]), lo, hi});
    }
    return out;
  }();
  return kRules;
}

std::string quoted(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// FNV-1a, 64 bits: a hash that is the same on every machine and in every
// run, for test numbers and codes.
uint64_t stable_hash(std::string_view a, std::string_view b) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  };
  mix(a);
  mix("|");
  mix(b);
  return h;
}

Result<std::vector<FhirMapping>> read_mapping(const std::string& path) {
  std::vector<FhirMapping> out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  auto reader = CsvReader::open_file(path);
  if (!reader.ok()) return Status::invalid_argument(path + ": " + reader.error());
  CsvRecord rec;
  bool header = true;
  while ((*reader)->next(&rec)) {
    if (std::exchange(header, false)) continue;
    auto nhs = rec.size() == 3 ? NhsNumber::parse(rec.fields[2])
                               : Result<NhsNumber>(Status::invalid_data("three columns expected"));
    if (!nhs.ok()) {
      return Status::invalid_argument(
          fmt::format("{}:{}: not a mapping row (source_system, source_id, nhs_number): {}", path,
                      rec.line, nhs.error()));
    }
    out.push_back({std::string(rec.fields[0]), std::string(rec.fields[1]), nhs->value()});
  }
  if (const CsvError* e = (*reader)->error()) {
    return Status::invalid_argument(fmt::format("{}:{}: {}", path, e->line, e->reason));
  }
  return out;
}

// Gives each patient without an NHS number one from the test range: from
// the mapping when it has the patient, else from the hash of its source
// identifier, stepping on past numbers that are taken or fail the check.
// New patients are numbered in hash order, so the result does not depend
// on the order of the files.
Status assign_numbers(Store& store, Index& index, std::vector<FhirMapping>& mapping) {
  std::map<std::pair<std::string, std::string>, int64_t> known;
  std::unordered_set<int64_t> taken;
  for (const FhirMapping& m : mapping) {
    known[{m.source_system, m.source_id}] = m.nhs_number;
    taken.insert(m.nhs_number);
  }
  for (const PatientInfo& p : index.patients) {
    if (p.nhs) taken.insert(*p.nhs);
  }
  auto in_store = store.db().query_texts(
      "SELECT nhs_number FROM persons WHERE nhs_number >= 9990000000", std::nullopt);
  if (!in_store.ok()) return in_store.status();
  std::set<int64_t> mapped;
  for (const auto& [key, n] : known) mapped.insert(n);
  for (const std::string& n : *in_store) {
    if (!mapped.count(std::stoll(n))) taken.insert(std::stoll(n));
  }
  std::vector<std::pair<uint64_t, PatientInfo*>> fresh;
  for (PatientInfo& p : index.patients) {
    if (p.nhs || p.source_id.empty()) continue;
    if (auto it = known.find({p.source_system, p.source_id}); it != known.end()) {
      p.nhs = it->second;
    } else {
      fresh.push_back({stable_hash(p.source_system, p.source_id), &p});
    }
  }
  std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second->source_system, a.second->source_id) <
           std::tie(b.first, b.second->source_system, b.second->source_id);
  });
  for (auto& [hash, p] : fresh) {
    if (known.count({p->source_system, p->source_id})) {  // the same patient twice
      p->nhs = known[{p->source_system, p->source_id}];
      continue;
    }
    int64_t nine = 999000000 + static_cast<int64_t>(hash % 1000000);
    for (int tries = 0;; ++tries) {
      if (tries == 1000000) return Status::invalid_argument("the test NHS number range is full");
      int check = NhsNumber::check_digit(nine);
      int64_t n = nine * 10 + check;
      if (check >= 0 && NhsNumber::parse(std::to_string(n)).ok() && taken.insert(n).second) {
        p->nhs = n;
        break;
      }
      nine = nine == 999999999 ? 999000000 : nine + 1;
    }
    known[{p->source_system, p->source_id}] = *p->nhs;
    mapping.push_back({p->source_system, p->source_id, *p->nhs});
  }
  return Status();
}

// Gives each organisation with no ODS code a test code, "T" and four
// characters from the hash of its identifier, stepping past codes taken.
void assign_org_codes(Index& index) {
  std::unordered_set<std::string> taken;
  for (const OrgInfo& o : index.orgs) taken.insert(o.ods);
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (OrgInfo& o : index.orgs) {
    if (!o.ods.empty()) continue;
    uint64_t h = stable_hash(o.source_system, o.source_id) % (36ull * 36 * 36 * 36);
    for (;; h = (h + 1) % (36ull * 36 * 36 * 36)) {
      std::string code = "T";
      for (uint64_t v = h, i = 0; i < 4; ++i, v /= 36) code += kDigits[v % 36];
      if (taken.insert(code).second) {
        o.ods = code;
        break;
      }
    }
  }
}

// The providers the encounters named that the store does not know yet,
// from their Organization resources (type "other": FHIR does not say
// which of bettercare's kinds of provider it is).
Status add_providers(Store& store, const Index& index, const std::vector<bool>& used, Rows& rows) {
  auto known = store.db().query_texts("SELECT provider_code FROM providers", std::nullopt);
  if (!known.ok()) return known.status();
  std::set<std::string> have(known->begin(), known->end());
  for (size_t i = 0; i < index.orgs.size(); ++i) {
    const OrgInfo& o = index.orgs[i];
    auto code = OdsCode::parse(o.ods);
    if (!used[i] || !code.ok() || !have.insert(code->str()).second) continue;
    rows.providers.add(o.where, {code->str(), o.name.empty() ? code->str() : o.name, "other"});
  }
  return Status();
}

// The FHIR field each column of a made kind comes from.
std::string field_of(FileKind kind, const std::string& column) {
  static const std::map<std::pair<FileKind, std::string>, std::string> kFields = {
      {{FileKind::kPersons, "nhs_number"}, "Patient.identifier"},
      {{FileKind::kPersons, "date_of_birth"}, "Patient.birthDate"},
      {{FileKind::kPersons, "sex"}, "Patient.gender"},
      {{FileKind::kPersons, "practice_code"}, "Patient.generalPractitioner"},
      {{FileKind::kPersons, "postcode_district"}, "Patient.address.postalCode"},
      {{FileKind::kPersons, "date_of_death"}, "Patient.deceasedDateTime"},
      {{FileKind::kProviders, "provider_code"}, "Organization.identifier"},
      {{FileKind::kProviders, "provider_name"}, "Organization.name"},
      {{FileKind::kConditions, "nhs_number"}, "Condition.subject"},
      {{FileKind::kConditions, "condition"}, "Condition.code"},
      {{FileKind::kConditions, "recorded_date"}, "Condition.recordedDate"},
      {{FileKind::kSpells, "spell_id"}, "Encounter.id"},
      {{FileKind::kSpells, "nhs_number"}, "Encounter.subject"},
      {{FileKind::kSpells, "provider_code"}, "Encounter.serviceProvider"},
      {{FileKind::kSpells, "admission_date"}, "Encounter.period.start"},
      {{FileKind::kSpells, "discharge_date"}, "Encounter.period.end"},
      {{FileKind::kSpells, "admission_method"}, "Encounter.extension(AdmissionMethod)"},
      {{FileKind::kSpells, "primary_diagnosis"}, "Encounter.diagnosis"},
      {{FileKind::kSpells, "secondary_diagnoses"}, "Encounter.diagnosis"},
      {{FileKind::kSpells, "discharge_destination"}, "Encounter.extension(DischargeDestination)"},
      {{FileKind::kAeAttendances, "attendance_id"}, "Encounter.id"},
      {{FileKind::kAeAttendances, "nhs_number"}, "Encounter.subject"},
      {{FileKind::kAeAttendances, "provider_code"}, "Encounter.serviceProvider"},
      {{FileKind::kAeAttendances, "arrival"}, "Encounter.period.start"},
  };
  auto it = kFields.find({kind, column});
  return it == kFields.end() ? column : it->second;
}

// The name of an input made from the files, unique per kind: "a.json
// (FHIR persons)", or "a.json and 3 more (FHIR persons)".
std::string made_path(const std::vector<std::string>& files, FileKind kind) {
  std::string from =
      files.size() == 1 ? files[0] : fmt::format("{} and {} more", files[0], files.size() - 1);
  return fmt::format("{} (FHIR {})", from, spec_of(kind).name);
}

std::vector<FhirCount> counts_of(const Counts& counts) {
  std::vector<FhirCount> out;
  for (const auto& [what, n] : counts) out.push_back({what, n});
  return out;
}

}  // namespace

Made::Made(FileKind k, std::string_view header) : kind(k), csv(header) {
  csv += "\n";
}

void Made::add(const Where& w, const std::vector<std::string>& fields) {
  origins.push_back({next_line, w.file, w.line, w.entry});
  for (size_t i = 0; i < fields.size(); ++i) {
    csv += (i ? "," : "") + quoted(fields[i]);
    next_line += std::count(fields[i].begin(), fields[i].end(), '\n');
  }
  csv += "\n";
  ++next_line;
}

std::string_view condition_for(std::string_view system, std::string_view code) {
  for (const CodeRule& r : code_rules()) {
    if (r.system != system) continue;
    if (system == "snomed" ? code == r.lo
                           : Icd10::parse(code).ok() && Icd10::parse(code)->in_range(r.lo, r.hi)) {
      return r.condition;
    }
  }
  return "";
}

}  // namespace fhir

std::string_view snomed_for_condition(std::string_view condition) {
  for (const fhir::CodeRule& r : fhir::code_rules()) {
    if (r.system == "snomed" && r.condition == condition) return r.lo;
  }
  return "";
}

Result<FhirBatch> read_fhir(Store& store, const std::vector<std::string>& paths,
                            const FhirOptions& options) {
  using namespace fhir;
  FhirBatch batch;
  batch.files = paths;
  Problems problems(batch.files, options.max_problems);
  Index index;
  auto each_file = [&](auto&& fn) {
    for (size_t i = 0; i < paths.size(); ++i) {
      for_each_resource(paths[i], static_cast<int>(i), problems, fn);
    }
  };
  // The first reading indexes the resources, and records each file as read.
  for (size_t i = 0; i < paths.size(); ++i) {
    ingest::Sha256 sha;
    if (!sha.ok()) return Status::internal("SHA-256 is not available from OpenSSL");
    int64_t resources = 0;
    for_each_resource(
        paths[i], static_cast<int>(i), problems,
        [&](const Json& r, const std::string& url, const Where& w) {
          ++resources;
          index_resource(r, url, w, index, problems, options);
        },
        &sha);
    const int64_t bytes = sha.bytes();
    batch.sources.push_back({paths[i], "fhir", sha.hex(), bytes, resources});
  }
  if (options.assign_test_nhs_numbers) {
    if (!options.mapping_path.empty()) {
      auto mapping = read_mapping(options.mapping_path);
      if (!mapping.ok()) return mapping.status();
      batch.mapping = std::move(*mapping);
    }
    if (Status s = assign_numbers(store, index, batch.mapping); !s.ok()) return s;
    assign_org_codes(index);
  }
  Rows rows;
  Counts used, unused;
  std::vector<bool> orgs_used(index.orgs.size(), false);
  std::map<std::pair<int64_t, std::string>, std::pair<std::string, Where>> conditions;
  RowContext ctx{index, problems, options, rows, used, unused, orgs_used, conditions};
  each_file([&](const Json& r, const std::string&, const Where& w) { make_rows(r, w, ctx); });
  for (const PatientInfo& p : index.patients) {
    if (!p.valid || !p.nhs) continue;
    rows.persons.add(
        p.where, {std::to_string(*p.nhs), p.birth_date, p.sex, p.practice, p.district, p.death});
  }
  for (const auto& [key, value] : conditions) {
    rows.conditions.add(value.second, {std::to_string(key.first), key.second, value.first});
  }
  if (Status s = add_providers(store, index, orgs_used, rows); !s.ok()) return s;
  for (Made* m : {&rows.providers, &rows.persons, &rows.conditions, &rows.spells, &rows.ae}) {
    if (m->origins.empty()) continue;
    ImportInput input{made_path(paths, m->kind), m->kind, std::move(m->csv)};
    input.unregistered_people = m->kind == FileKind::kPersons;
    batch.inputs.push_back(std::move(input));
    batch.origins.push_back(std::move(m->origins));
  }
  batch.used = counts_of(used);
  batch.unused = counts_of(unused);
  problems.move_into(batch);
  return batch;
}

void locate_fhir_problems(const FhirBatch& batch, ImportReport& report) {
  auto locate = [&](Problem& p) {
    for (size_t i = 0; i < batch.inputs.size(); ++i) {
      if (p.file != batch.inputs[i].path) continue;
      const auto& origins = batch.origins[i];
      p.column = fhir::field_of(batch.inputs[i].kind, p.column);
      auto it =
          std::upper_bound(origins.begin(), origins.end(), p.line,
                           [](int64_t line, const FhirOrigin& o) { return line < o.csv_line; });
      if (it == origins.begin()) return;  // the header: made by bettercare
      const FhirOrigin& o = *std::prev(it);
      p.file = batch.files[static_cast<size_t>(o.file)];
      p.line = o.line;
      p.place = o.entry >= 0 ? fmt::format("entry[{}]", o.entry) : "";
      return;
    }
  };
  for (Problem& p : report.errors) locate(p);
  for (Problem& p : report.warnings) locate(p);
}

Status write_fhir_mapping(const FhirBatch& batch, const std::string& path) {
  std::vector<FhirMapping> rows = batch.mapping;
  std::sort(rows.begin(), rows.end(), [](const FhirMapping& a, const FhirMapping& b) {
    return std::tie(a.source_system, a.source_id) < std::tie(b.source_system, b.source_id);
  });
  std::string text = "source_system,source_id,nhs_number\n";
  for (const FhirMapping& m : rows) {
    text += fhir::quoted(m.source_system) + "," + fhir::quoted(m.source_id) + "," +
            std::to_string(m.nhs_number) + "\n";
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::invalid_argument(fmt::format("{}: cannot write the mapping", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return Status::invalid_argument(
        fmt::format("{}: cannot write the mapping: {}", path, ec.message()));
  }
  return Status();
}

}  // namespace bc
