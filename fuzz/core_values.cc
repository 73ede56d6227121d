// The value parsers of core on any text: money, dates, date-times, months,
// NHS numbers, ODS codes, financial years, months and quarters. Each either
// refuses with a message or gives a value whose canonical form parses back
// to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.h"
#include "core/fiscal.h"
#include "core/money.h"
#include "core/nhs_number.h"
#include "core/ods_code.h"
#include "fuzz_check.h"

namespace {

template <typename T, typename Canonical>
void round_trip(std::string_view text, Canonical canonical) {
  auto r = T::parse(text);
  if (!r.ok()) {
    FUZZ_CHECK(!r.error().empty());
    return;
  }
  auto again = T::parse(canonical(*r));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  round_trip<bc::Money>(text, [](const bc::Money& m) { return m.to_plain(); });
  round_trip<bc::Date>(text, [](const bc::Date& d) { return d.iso(); });
  round_trip<bc::DateTime>(text, [](const bc::DateTime& d) { return d.iso(); });
  round_trip<bc::YearMonth>(text, [](const bc::YearMonth& m) { return m.iso(); });
  round_trip<bc::NhsNumber>(text, [](const bc::NhsNumber& n) { return n.digits(); });
  round_trip<bc::FinancialYear>(text, [](const bc::FinancialYear& y) { return y.label(); });
  if (auto m = bc::parse_financial_month(text); m.ok()) {
    FUZZ_CHECK(*m >= 1 && *m <= 12);
  }
  if (auto q = bc::parse_quarter(text); q.ok()) {
    FUZZ_CHECK(*q >= 1 && *q <= 4);
  }
  round_trip<bc::OdsCode>(text, [](const bc::OdsCode& o) { return o.str(); });
  return 0;
}
