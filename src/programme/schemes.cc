#include "programme/schemes.h"

#include <fmt/format.h>

namespace bc {

Result<std::vector<SchemeInfo>> list_schemes(Store& store) {
  auto st = store.db().prepare(
      "SELECT scheme_code, scheme_name, host, pooled_budget_manager, risk_share FROM schemes "
      "ORDER BY scheme_code");
  if (!st.ok()) return st.status();
  std::vector<SchemeInfo> out;
  Status s;
  while (st->step(&s)) {
    out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->text(4)});
  }
  if (!s.ok()) return s;
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

}  // namespace bc
