#include "web/person_access.h"

#include <fmt/format.h>

#include <algorithm>

#include "care/person_json.h"
#include "core/nhs_number.h"
#include "core/safe_text.h"
#include "ingest/import_history.h"
#include "web/access.h"

namespace bc::web {
namespace {

bool looks_like_pseudonym(const std::string& k) {
  if (k.size() != 17 || k[0] != 'P') return false;
  for (size_t i = 1; i < k.size(); ++i) {
    char c = k[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Result<PersonView> open_person_record(Ctx& ctx, const std::string& key) {
  const User& u = ctx.user();
  // Escaped: a refusal is recorded even when the key holds control
  // characters, and the entry cannot forge a line (core/safe_text.h).
  const std::string subject = escape_unsafe(key.substr(0, 40));
  if (!may(u, Capability::kPersonRecord)) {
    if (Status s = ctx.audit("view_person_denied", subject); !s.ok()) return s;
    return Status::permission_denied(
        fmt::format("the {} role does not see person records", role_name(u.role)));
  }
  PersonView view;
  if (sees_pseudonyms(u)) {
    if (!looks_like_pseudonym(key)) {
      if (Status s = ctx.audit("view_person_denied", subject); !s.ok()) return s;
      if (NhsNumber::parse(key).ok()) {
        return Status::permission_denied(
            "analysts see person-level data only pseudonymised: ask by pseudonym");
      }
      return Status::invalid_argument("a pseudonym is P followed by 16 hexadecimal digits");
    }
    auto snap = ctx.app.snapshot();
    if (!snap.ok()) return snap.status();
    std::optional<int64_t> found;
    for (int64_t nhs : (*snap)->persons.nhs) {
      if (pseudonymise(ctx.app.pseudonym_key(), fmt::format("{:010d}", nhs)) == key) {
        found = nhs;
        break;
      }
    }
    if (Status s = ctx.audit("view_person_pseudonymised", key); !s.ok()) return s;
    if (!found) return Status::not_found("no person has this pseudonym");
    auto nhs = NhsNumber::parse(fmt::format("{:010d}", *found));
    if (!nhs.ok()) return Status::internal("a stored NHS number does not parse");
    auto store = ctx.app.store();
    if (!store.ok()) return store.status();
    auto rec = load_person_record(**store, *nhs);
    if (!rec.ok()) return rec.status();
    view.record = std::move(*rec);
    view.pseudonymised = true;
    view.pseudonym = key;
    view.json = person_record_json_pseudonymised(view.record, key);
    return view;
  }
  // Clinician.
  auto nhs = NhsNumber::parse(key);
  if (!nhs.ok()) {
    return Status::invalid_argument(
        "an NHS number is 10 digits with a valid check digit (e.g. 9990000018)");
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto rec = load_person_record(**store, *nhs);
  bool allowed = rec.ok() && rec->details && u.cluster && rec->details->cluster_code == *u.cluster;
  if (!rec.ok() && rec.status().code() != StatusCode::kNotFound) return rec.status();
  if (!allowed) {
    if (Status s = ctx.audit("view_person_denied", nhs->digits()); !s.ok()) return s;
    return Status::permission_denied("this is not a person registered in your cluster");
  }
  if (Status s = ctx.audit("view_person", nhs->digits()); !s.ok()) return s;
  view.record = std::move(*rec);
  view.json = person_record_json(view.record);
  return view;
}

Result<std::vector<std::string>> unlinked_pseudonyms(Ctx& ctx, size_t limit) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto numbers = unlinked_nhs_numbers(**store, 1'000'000);
  if (!numbers.ok()) return numbers.status();
  std::vector<std::string> out;
  out.reserve(numbers->size());
  for (const auto& n : *numbers) out.push_back(pseudonymise(ctx.app.pseudonym_key(), n));
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace bc::web
