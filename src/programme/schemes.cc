#include "programme/schemes.h"

#include <fmt/format.h>

#include "ingest/records.h"

namespace bc {

Result<std::vector<SchemeInfo>> list_schemes(Store& store) {
  auto records = read_schemes(store);
  if (!records.ok()) return records.status();
  std::vector<SchemeInfo> out;
  for (SchemeRecord& r : *records) {
    out.push_back({std::move(r.code), std::move(r.name), std::move(r.host),
                   std::move(r.pooled_budget_manager), std::move(r.risk_share)});
  }
  return out;
}

Result<SchemeInfo> find_scheme(Store& store, const std::string& code) {
  auto all = list_schemes(store);
  if (!all.ok()) return all.status();
  std::string codes;
  for (const SchemeInfo& s : *all) {
    if (s.code == code) return s;
    codes += (codes.empty() ? "" : ", ") + s.code;
  }
  if (codes.empty()) return Status::not_found("no schemes are loaded (import schemes.csv first)");
  return Status::not_found(fmt::format("no scheme '{}'; the schemes are {}", code, codes));
}

Result<bool> scheme_exists(Store& store, const std::string& code) {
  auto found = find_scheme_record(store, code);
  if (!found.ok()) return found.status();
  return found->has_value();
}

}  // namespace bc
