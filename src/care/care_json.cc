#include "care/care_json.h"

#include <cmath>

#include "core/age.h"
#include "core/nhs_number.h"

namespace bc {
namespace {

using nlohmann::json;

// The person's name in an output: {"nhs_number": "9434765919"} or
// {"pseudonym": "..."}.
void name(json& row, const Snapshot& s, size_t person, const PersonNaming& naming) {
  const int64_t nhs = s.persons.nhs[person];
  if (naming.identifiable()) {
    row["nhs_number"] = NhsNumber::from_value_unchecked(nhs).digits();
  } else {
    row["pseudonym"] = naming.pseudonym(nhs);
  }
}

json cluster_code_of(const Snapshot& s, size_t person) {
  const int16_t p = s.persons.practice[person];
  if (p < 0) return nullptr;
  return s.cluster_codes[static_cast<size_t>(s.practice_cluster[static_cast<size_t>(p)])];
}

json practice_of(const Snapshot& s, size_t person) {
  const int16_t p = s.persons.practice[person];
  if (p < 0) return nullptr;
  return s.practice_codes[static_cast<size_t>(p)];
}

json hfrs_json(int tenths) {
  if (tenths < 0) return nullptr;
  return static_cast<double>(tenths) / 10.0;
}

json hfrs_band_json(int tenths) {
  if (tenths < 0) return nullptr;
  return std::string(hfrs_band_name(hfrs_band(tenths)));
}

// A date for this naming: the day, or only the month when pseudonymised.
json date_json(int32_t day, const PersonNaming& naming) {
  if (day == kNoDate) return nullptr;
  std::string iso = Date::from_days(day).iso();
  return naming.identifiable() ? iso : iso.substr(0, 7);
}

// An age for this naming: years, or the metrics' band when pseudonymised.
json age_json(int age, const PersonNaming& naming) {
  if (naming.identifiable()) return age;
  return age < 18 ? "0-17" : age < 65 ? "18-64" : "65+";
}

json words(const std::vector<std::string_view>& factors) {
  json out = json::array();
  for (auto w : factors) out.push_back(std::string(w));
  return out;
}

}  // namespace

json frailty_row_json(const Snapshot& snap, const Features& f, size_t person,
                      const PersonNaming& naming) {
  json row = json::object();
  name(row, snap, person, naming);
  row["cluster"] = cluster_code_of(snap, person);
  row["practice"] = practice_of(snap, person);
  row["age"] = age_json(f.age[person], naming);
  const int d = f.efi_deficits[person];
  row["efi_deficits"] = d;
  row["efi_score"] = std::round(efi_score(d) * 1000) / 1000;
  row["efi_category"] = std::string(efi_category_name(efi_category(d)));
  row["hfrs"] = hfrs_json(f.hfrs_tenths[person]);
  row["hfrs_band"] = hfrs_band_json(f.hfrs_tenths[person]);
  return row;
}

json risk_score_json(const Snapshot& snap, size_t person, double risk, int64_t rank,
                     const std::vector<std::string_view>& factors, const PersonNaming& naming) {
  json row = json::object();
  name(row, snap, person, naming);
  row["risk"] = std::round(risk * 1e6) / 1e6;
  row["rank"] = rank;
  row["cluster"] = cluster_code_of(snap, person);
  row["factors"] = words(factors);
  return row;
}

json register_json(const Snapshot& snap, const Register& reg, const PersonNaming& naming) {
  json entries = json::array();
  for (const RegisterEntry& e : reg.entries) {
    json row = {{"rank", e.rank}};
    name(row, snap, e.person, naming);
    row["practice"] = practice_of(snap, e.person);
    const int32_t born = snap.persons.born[e.person];
    row["age"] =
        born == kNoDate ? json(nullptr) : age_json(age_at(Date::from_days(born), reg.at), naming);
    row["risk"] = std::round(e.risk * 1e6) / 1e6;
    row["efi_deficits"] = e.efi_deficits;
    row["efi_category"] = std::string(efi_category_name(efi_category(e.efi_deficits)));
    row["hfrs"] = hfrs_json(e.hfrs_tenths);
    row["hfrs_band"] = hfrs_band_json(e.hfrs_tenths);
    row["factors"] = words(e.factors);
    row["last_emergency_admission"] = date_json(e.last_emergency, naming);
    row["joined"] = e.joined;
    entries.push_back(std::move(row));
  }
  json left = json::array();
  for (const RegisterLeaver& l : reg.left) {
    json row = json::object();
    name(row, snap, l.person, naming);
    row["reason"] = l.reason;
    left.push_back(std::move(row));
  }
  return {{"kind", std::string(register_kind_name(reg.kind))},
          {"cluster", reg.cluster_code},
          {"cluster_name", reg.cluster_name},
          {"at", reg.at.iso()},
          {"previous", reg.previous.iso()},
          {"top_percent", reg.kind == RegisterKind::kRisk ? json(reg.top_percent) : json(nullptr)},
          {"population", reg.population},
          {"size", reg.entries.size()},
          {"joined", reg.joined},
          {"left_count", reg.left.size()},
          {"entries", entries},
          {"left", left}};
}

const std::vector<std::string>& frailty_columns() {
  static const std::vector<std::string> k = {"nhs_number",   "cluster",      "practice",
                                             "age",          "efi_deficits", "efi_score",
                                             "efi_category", "hfrs",         "hfrs_band"};
  return k;
}

const std::vector<std::string>& risk_score_columns() {
  static const std::vector<std::string> k = {"nhs_number", "risk", "rank", "cluster", "factors"};
  return k;
}

const std::vector<std::string>& register_columns() {
  static const std::vector<std::string> k = {"rank",
                                             "nhs_number",
                                             "practice",
                                             "age",
                                             "risk",
                                             "efi_deficits",
                                             "efi_category",
                                             "hfrs",
                                             "hfrs_band",
                                             "factors",
                                             "last_emergency_admission",
                                             "joined"};
  return k;
}

}  // namespace bc
