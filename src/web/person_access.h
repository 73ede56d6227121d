// Opening a person's joined record through the web: the one place that
// decides whether the signed-in user may see it, in which form, and writes
// the audit entry first.
//
//   clinician  by NHS number; only people registered in their own cluster.
//              Anyone else (another cluster, not registered, unknown) is
//              refused alike with PermissionDenied, so the answer does not
//              tell whether a person exists; the refusal is audited
//              ("view_person_denied") and a success is audited
//              ("view_person") before anything is returned.
//   analyst    by pseudonym only (web/accounts.h pseudonymise): the record
//              comes back pseudonymised (care/person_json.h); audited
//              ("view_person_pseudonymised"). Asking by NHS number is
//              refused.
//   others     refused (PermissionDenied), audited.
//
// Thread safety: uses the request's own store connection.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "care/person_record.h"
#include "web/context.h"

namespace bc::web {

struct PersonView {
  PersonRecord record;
  bool pseudonymised = false;
  std::string pseudonym;  // when pseudonymised
  nlohmann::json json;    // the CLI's shape, or its pseudonymised form
};

// `key` is a 10-digit NHS number or a pseudonym "P" + 16 hex digits.
Result<PersonView> open_person_record(Ctx& ctx, const std::string& key);

// The pseudonyms of the people with unlinked activity (for analysts), in
// pseudonym order, at most `limit` of them. Not in NHS-number order, nor
// the first of that order: either would tell how the people's NHS numbers
// compare. Reads at most 1,000,000 people.
Result<std::vector<std::string>> unlinked_pseudonyms(Ctx& ctx, size_t limit);

}  // namespace bc::web
