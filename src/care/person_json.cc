#include "care/person_json.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "core/age.h"
#include "core/date.h"

namespace bc {
namespace {

using nlohmann::json;

json text_or_null(const std::optional<std::string>& v) {
  return v ? json(*v) : json();
}

// Whether a timeline detail's label names something that identifies the
// person (see the header): such details are left out of the pseudonymised
// form whatever their value.
bool identifying_label(std::string_view label) {
  std::string low(label);
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::replace(low.begin(), low.end(), '_', ' ');
  constexpr std::array<std::string_view, 3> kWords = {"birth", "postcode", "nhs number"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view w) { return low.find(w) != std::string::npos; });
}

// "2017-09-29" (or a date and time) -> "2017-09"; anything else as it is.
std::string month_only(const std::string& v) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= v.size() || v[i] < '0' || v[i] > '9') return false;
    return true;
  };
  const bool date =
      v.size() >= 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2);
  return date ? v.substr(0, 7) : v;
}

json timeline_json(const PersonRecord& r, bool pseudonymised) {
  json out = json::array();
  for (const auto& e : r.timeline) {
    json ev = {{"date", pseudonymised ? month_only(e.date) : e.date},
               {"kind", e.kind},
               {"id", pseudonymised ? json() : json(e.id)}};
    json details = json::object();
    for (const auto& [k, v] : e.details) {
      if (pseudonymised && identifying_label(k)) continue;
      details[k] = pseudonymised ? month_only(v) : v;
    }
    ev["details"] = std::move(details);
    out.push_back(std::move(ev));
  }
  return out;
}

// A practice's or cluster's code or name: null for a person registered
// with no GP practice (in no practice and no cluster).
json registration(const std::string& v) {
  return v.empty() ? json() : json(v);
}

}  // namespace

json person_record_json(const PersonRecord& r) {
  json j;
  j["nhs_number"] = r.nhs_number.digits();
  j["registered"] = r.details.has_value();
  if (r.details) {
    const PersonDetails& d = *r.details;
    j["person"] = {{"date_of_birth", d.date_of_birth},
                   {"sex", d.sex},
                   {"practice_code", registration(d.practice_code)},
                   {"practice_name", registration(d.practice_name)},
                   {"cluster_code", registration(d.cluster_code)},
                   {"cluster_name", registration(d.cluster_name)},
                   {"postcode_district", text_or_null(d.postcode_district)},
                   {"date_of_death", text_or_null(d.date_of_death)},
                   {"registered_date", text_or_null(d.registered_date)}};
  }
  j["timeline"] = timeline_json(r, false);
  return j;
}

json person_record_json_pseudonymised(const PersonRecord& r, const std::string& pseudonym) {
  json j;
  j["pseudonym"] = pseudonym;
  j["registered"] = r.details.has_value();
  if (r.details) {
    const PersonDetails& d = *r.details;
    json band;
    if (auto born = Date::parse(d.date_of_birth); born.ok()) {
      band = std::string(age_band_label(age_band_of(age_at(*born, Date::today_utc()))));
    }
    json registered_year;
    if (d.registered_date) {
      if (auto registered = Date::parse(*d.registered_date); registered.ok()) {
        registered_year = registered->year();
      }
    }
    j["person"] = {{"age_band", std::move(band)},
                   {"sex", d.sex},
                   {"practice_code", registration(d.practice_code)},
                   {"practice_name", registration(d.practice_name)},
                   {"cluster_code", registration(d.cluster_code)},
                   {"cluster_name", registration(d.cluster_name)},
                   {"died", d.date_of_death.has_value()},
                   {"registered_year", std::move(registered_year)}};
  }
  j["timeline"] = timeline_json(r, true);
  return j;
}

}  // namespace bc
