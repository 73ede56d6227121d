#include "core/age.h"
#include "core/ascii.h"

#include <string>

namespace bc {
namespace {

using ascii::trim;

constexpr int kAdultAge = 18;
constexpr int kOlderAge = 65;

}  // namespace

int age_at(Date born, Date on) {
  int years = on.year() - born.year();
  // Comparing (month, day) pairs gives the English rule for 29 February for
  // free: in a non-leap year (2, 28) is still before (2, 29), and (3, 1) is
  // after it, so the birthday falls on 1 March.
  const int on_md = on.month() * 100 + on.day();
  const int born_md = born.month() * 100 + born.day();
  if (on_md < born_md) --years;
  return years;
}

AgeBand age_band_of(int age) {
  if (age < kAdultAge) return AgeBand::k0To17;
  if (age < kOlderAge) return AgeBand::k18To64;
  return AgeBand::k65Plus;
}

std::string_view age_band_label(AgeBand band) {
  switch (band) {
    case AgeBand::k0To17:
      return "0-17";
    case AgeBand::k18To64:
      return "18-64";
    case AgeBand::k65Plus:
      return "65+";
  }
  return "?";  // unreachable for a valid enumerator
}

std::optional<AgeBand> parse_age_band(std::string_view raw) {
  const std::string_view text = trim(raw);
  // Board papers and spreadsheets often carry an en dash (U+2013) instead
  // of a hyphen.
  static constexpr std::string_view kEnDash = "\xE2\x80\x93";
  std::string band;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with(kEnDash)) {
      band += '-';
      i += kEnDash.size() - 1;
    } else {
      band += text[i];
    }
  }
  if (band == "0-17") return AgeBand::k0To17;
  if (band == "18-64") return AgeBand::k18To64;
  if (band == "65+") return AgeBand::k65Plus;
  return std::nullopt;
}

}  // namespace bc
