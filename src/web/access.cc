#include "web/access.h"

#include <algorithm>

namespace bc {

bool may(const User& u, Capability c) {
  switch (c) {
    case Capability::kAggregates:
      return true;
    case Capability::kFinance:
    case Capability::kSchemeReports:
      return u.role != Role::kClinician && u.role != Role::kQuality;
    case Capability::kBoardPapers:
      return u.role != Role::kClinician;
    case Capability::kReturn:
      return u.role == Role::kAnalyst;
    case Capability::kBoardSteps:
      return u.role == Role::kBoard;
    case Capability::kDataQuality:
      return u.role == Role::kAdmin || u.role == Role::kAnalyst;
    case Capability::kPersonRecord:
      return u.role == Role::kClinician || u.role == Role::kAnalyst;
    case Capability::kAdmin:
      return u.role == Role::kAdmin;
    case Capability::kBoardBusiness:
      return u.role == Role::kBoard || u.role == Role::kBoardOfficer;
    case Capability::kBoardEdit:
      return u.role == Role::kBoardOfficer;
    case Capability::kProviders:
      return u.role == Role::kQuality || u.role == Role::kAnalyst || u.role == Role::kBoard ||
             u.role == Role::kBoardOfficer || u.role == Role::kClinician;
    case Capability::kIncidents:
      return u.role == Role::kQuality || u.role == Role::kBoard || u.role == Role::kBoardOfficer ||
             u.role == Role::kClinician;
    case Capability::kIncidentRun:
      return u.role == Role::kQuality;
  }
  return false;
}

bool suppress_for(const User& u, const std::optional<std::string>& cluster) {
  if (u.role == Role::kAnalyst) return false;
  if (u.role == Role::kClinician && cluster && u.cluster && *cluster == *u.cluster) return false;
  return true;
}

bool suppress_provider_counts(const User& u) {
  return suppress_for(u, std::nullopt) && !may(u, Capability::kIncidentRun);
}

bool may_view_cluster(const User& u, const std::string& cluster) {
  if (u.role != Role::kClinician) return true;
  return u.cluster && *u.cluster == cluster;
}

bool may_edit_scheme_report(const User& u, const std::string& scheme) {
  return u.role == Role::kSchemeLead &&
         std::find(u.schemes.begin(), u.schemes.end(), scheme) != u.schemes.end();
}

bool sees_pseudonyms(const User& u) {
  return u.role == Role::kAnalyst;
}

}  // namespace bc
