// The synthetic city's pooled fund: partners, schemes, budgets and a monthly
// ledger. The 2017/18 schemes, budgets and outturns are the seed's month-12
// schedule exactly (config/seed/finance_2017_18.csv, compiled in), each
// line's budget split into the year's funding streams (the CCG's BCF minimum,
// the iBCF grant, the DFG and additional contributions; see
// docs/synthetic-city.md); other years are plausible variations. Monthly
// actuals add up to the outturn to the penny, and forecasts drift towards
// it through the year.
#pragma once

#include <cstdint>
#include <string>

#include "core/fiscal.h"
#include "core/status.h"

namespace bc::synth {

// Writes partners.csv, schemes.csv, budgets.csv and ledger.csv into dir.
Status write_finance(const std::string& dir, FinancialYear first_year, int years, uint64_t seed);

}  // namespace bc::synth
