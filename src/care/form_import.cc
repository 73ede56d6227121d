#include "care/form_import.h"

#include <fmt/format.h>

#include "ingest/importer.h"

namespace bc::care_internal {

std::string csv_field(const std::string& s) {
  if (s.empty()) return "";
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_field(const std::optional<std::string>& s) {
  return s ? csv_field(*s) : "";
}

Result<WriteResult> import_form(Store& store, const WriteContext& w,
                                const std::vector<FormFile>& files, WriteResult result) {
  const CareConfig& config = w.config ? *w.config : CareConfig::builtin();
  ImportOptions options;
  options.actor = w.actor;
  for (const auto& t : config.plan_types)
    options.care_plan_types.push_back({t.id, t.review_months});
  std::vector<ImportInput> inputs;
  for (const FormFile& f : files) {
    if (!f.rows.empty()) inputs.push_back({f.label, f.kind, f.header + f.rows});
  }
  if (inputs.empty()) return result;
  auto report = import_batch(store, std::move(inputs), options);
  if (!report.ok()) return report.status();
  for (const Problem& p : report->errors) {
    const FormFile* from = nullptr;
    for (const FormFile& f : files) {
      if (f.label == p.file) from = &f;
    }
    if (from != nullptr && !from->row_noun.empty()) {
      result.errors.push_back({"actions", fmt::format("{} {}: {}: {}", from->row_noun, p.line - 1,
                                                      p.column, p.reason)});
    } else {
      result.errors.push_back({p.column, p.reason});
    }
  }
  return result;
}

}  // namespace bc::care_internal
