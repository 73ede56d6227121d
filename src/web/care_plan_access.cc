#include "web/care_plan_access.h"

#include <fmt/format.h>

#include "core/safe_text.h"
#include "ingest/records.h"
#include "web/access.h"

namespace bc::web {

Status require_care_team(Ctx& ctx, const std::string& cluster, const std::string& action,
                         const std::string& what_words) {
  const User& u = ctx.user();
  if (u.role == Role::kClinician && may_view_cluster(u, cluster)) return Status();
  if (Status s = ctx.audit(action + "_denied", escape_unsafe(cluster)); !s.ok()) return s;
  return Status::permission_denied(
      fmt::format("{} are for its care team: the clinicians of the cluster", what_words));
}

Result<CarePlanTarget> open_care_plans(Ctx& ctx, const std::string& key, PlanAccess access,
                                       const std::string& what) {
  const User& u = ctx.user();
  const bool write = access == PlanAccess::kWrite;
  const std::string denied = write ? "write_care_plan_denied" : "view_care_plan_denied";
  // Escaped: the entry cannot forge a line whatever was typed.
  std::string subject = escape_unsafe(key.substr(0, 40));
  if (!what.empty()) subject += " " + what;
  if (u.role != Role::kClinician || !u.cluster) {
    if (Status s = ctx.audit(denied, subject); !s.ok()) return s;
    return Status::permission_denied(fmt::format(
        "the {} role does not {} care plans: the care team of the person's cluster does",
        role_name(u.role), write ? "write" : "see"));
  }
  auto nhs = NhsNumber::parse(key);
  if (!nhs.ok()) {
    return Status::invalid_argument(
        "an NHS number is 10 digits with a valid check digit (e.g. 9990000018)");
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto person = find_person(**store, nhs->value());
  if (!person.ok()) return person.status();
  std::string cluster;
  if (*person) {
    auto practice = find_practice(**store, (*person)->practice_code);
    if (!practice.ok()) return practice.status();
    if (*practice) cluster = (*practice)->cluster_code;
  }
  if (cluster.empty() || cluster != *u.cluster) {
    if (Status s = ctx.audit(denied, nhs->digits() + (what.empty() ? "" : " " + what)); !s.ok())
      return s;
    return Status::permission_denied("this is not a person registered in your cluster");
  }
  if (Status s = ctx.audit(write ? "write_care_plan" : "view_care_plan",
                           nhs->digits() + (what.empty() ? "" : " " + what));
      !s.ok())
    return s;
  return CarePlanTarget{*nhs, cluster};
}

}  // namespace bc::web
