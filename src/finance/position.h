// The pooled fund's position at a month: per scheme and partner, the
// budget, the year-to-date budget and spend, the forecast outturn, the
// variance, and who bears it under the scheme's risk share.
//
// All money is exact integer pence (Money). The rules, in the words of the
// contract and docs/finance.md:
//   YTD budget at month m   = the annual budget x m / 12 (straight-line
//                             twelfths), rounded to the penny
//   YTD actual at month m   = the sum of the ledger's actuals for months 1..m
//   outturn at month m      = the latest forecast_outturn given at or before
//                             m, or (with none) the year's actuals, M1..M12
//   variance                = outturn - budget (positive = overspend)
//   borne variance          = `own`: each partner its own; `shared:`: the
//                             scheme's net variance split by the agreed
//                             percentages, the pence that do not divide going
//                             to the largest remainders so the parts add up
//                             exactly to the whole
//   previous outturn        = the outturn at m-1: the figure the previous
//                             month's report showed (none at M1; the
//                             previous year's M12 is another year's fund).
//                             It is worked out from the ledger as loaded
//                             now, by the rule above, not kept from the
//                             report as printed then
//   movement                = outturn at m - previous outturn
//
// Thread safety: reads the store through its connection; one thread at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/fiscal.h"
#include "core/money.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

struct Position {
  Money budget, ytd_budget, ytd_actual, outturn, variance;
  std::optional<Money> previous_outturn;  // as at the previous month (none at M1)
  std::optional<double> variance_pct() const;
  std::optional<Money> movement() const;  // outturn - previous_outturn (none at M1)
  // Adds o's figures to these; false (and these unusable) when a sum would
  // pass the range of Money.
  [[nodiscard]] bool add(const Position& o);
};

struct PartnerPosition : Position {
  std::string partner;
  Money borne_variance;    // the share of the scheme's variance this partner bears
  bool has_budget = true;  // false: spend without a budget (a warning)
};

struct SchemePosition : Position {
  std::string code, name, host, risk_share;
  std::vector<PartnerPosition> partners;
};

struct FundPosition {
  FinancialYear year;
  int month = 12;
  std::vector<SchemePosition> schemes;
  Position totals;
  std::vector<PartnerPosition> by_partner;               // totals per partner
  std::vector<std::pair<std::string, Money>> by_stream;  // budget per funding stream
  std::vector<std::string> warnings;
};

// Splits `total` by basis points (summing to 10000) so the parts add up to
// it exactly: each part rounded down, the pence left over going one each to
// the largest remainders (ties to the earlier part).
std::vector<Money> allocate(Money total, const std::vector<int64_t>& basis_points);

// The position of the fund (or of one scheme) at financial month 1..12.
// NotFound for an unknown scheme or a year with no budgets or ledger.
Result<FundPosition> fund_position(Store& store, FinancialYear year, int month,
                                   const std::optional<std::string>& scheme);

// The latest financial year and month with ledger entries, or nullopt when
// the ledger is empty.
Result<std::optional<std::pair<FinancialYear, int>>> latest_ledger_month(Store& store);

// The financial years ('2017/18') with budgets or ledger lines (of
// `scheme`, or of any), each with its latest month of ledger (0: budgets
// only).
Result<std::map<std::string, int>> finance_years(Store& store,
                                                 const std::optional<std::string>& scheme);

}  // namespace bc
