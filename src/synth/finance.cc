#include "synth/finance.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.h"
#include "core/money.h"
#include "synth/rng.h"

namespace bc::embedded {
extern const std::string_view kFinance2017;  // config/seed/finance_2017_18.csv
}

namespace bc::synth {
namespace {

struct Row {
  std::string scheme, name, host, partner, risk_share;
  int64_t budget_k = 0, actual_k = 0;
};

int64_t to_int(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::vector<Row> seed_schedule() {
  std::vector<Row> rows;
  auto reader = CsvReader::from_string(std::string(embedded::kFinance2017));
  CsvRecord rec;
  reader->next(
      &rec);  // header:
              // scheme_code,scheme_name,host,partner,budget_k,actual_k,risk_share,risk_share_pct
  while (reader->next(&rec)) {
    Row r{std::string(rec[0]), std::string(rec[1]), std::string(rec[2]), std::string(rec[3]), "own",
          to_int(rec[4]),      to_int(rec[5])};
    if (rec.size() > 7 && rec[6] == "shared") r.risk_share = "shared";
    rows.push_back(std::move(r));
  }
  return rows;
}

// Budget growth relative to 2017/18 for other years.
double budget_factor(int fy) {
  return fy == 2017 ? 1.0 : std::pow(fy < 2017 ? 0.97 : 1.03, std::abs(fy - 2017));
}

std::string stream_for(const Row& r) {
  if (r.partner == "CCG") return "BCF minimum";
  if (r.scheme == "DFG") return "DFG capital";
  if (r.scheme == "TLTC") return "iBCF";
  return "Council contribution";
}

}  // namespace

Status write_finance(const std::string& dir, FinancialYear first_year, int years, uint64_t seed) {
  const std::vector<Row> schedule = seed_schedule();
  if (schedule.empty()) return Status::internal("the embedded finance schedule is empty");
  auto open = [&](const char* name, const char* header) {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    if (f != nullptr) fmt::print(f, "{}\n", header);
    return f;
  };
  std::FILE* partners = open("partners.csv", "partner_code,partner_name,kind");
  std::FILE* schemes =
      open("schemes.csv", "scheme_code,scheme_name,host,pooled_budget_manager,risk_share");
  std::FILE* budgets =
      open("budgets.csv", "financial_year,scheme_code,partner_code,funding_stream,amount");
  std::FILE* ledger =
      open("ledger.csv", "financial_year,month,scheme_code,partner_code,actual,forecast_outturn");
  bool ok = partners && schemes && budgets && ledger;
  if (ok) {
    fmt::print(partners,
               "CCG,NHS Southampton City CCG,nhs\nSCC,Southampton City Council,council\n");
    static constexpr std::string_view kManagers[] = {"A. Patel", "B. Hughes", "C. Okafor",
                                                     "D. Green", "E. Walsh",  "F. Clarke"};
    std::map<std::string, bool> written;
    int k = 0;
    for (const Row& r : schedule) {
      if (written[r.scheme]) continue;
      written[r.scheme] = true;
      std::string share = r.risk_share == "shared" ? "shared:CCG=50;SCC=50" : "own";
      fmt::print(schemes, "{},\"{}\",{},{},{}\n", r.scheme, r.name, r.host, kManagers[k++ % 6],
                 share);
    }
    Rng rng(seed, 0xF1A4CEull);
    for (int y = 0; y < years; ++y) {
      const int fy = first_year.start_year() + y;
      const std::string label = FinancialYear::from_start_year(fy)->label();
      for (const Row& r : schedule) {
        if (r.budget_k == 0 && r.actual_k == 0) continue;  // the partner has no part in the scheme
        // 2017/18 is the seed's schedule exactly, in whole £'000; other years vary.
        int64_t budget =
            fy == 2017
                ? r.budget_k * 100'000
                : std::llround(static_cast<double>(r.budget_k) * budget_factor(fy)) * 100'000;
        int64_t outturn =
            fy == 2017
                ? r.actual_k * 100'000
                : std::llround(static_cast<double>(budget) * (1 + 0.025 * rng.normal()) / 100) *
                      100;
        fmt::print(budgets, "{},{},{},{},{}\n", label, r.scheme, r.partner, stream_for(r),
                   Money::from_pence(budget).to_plain());
        // Monthly spend around a flat profile, the remainder in M12 (year-end
        // accruals), so the twelve months add up to the outturn exactly.
        std::vector<double> w(12);
        double total_w = 0;
        for (double& x : w) total_w += (x = std::max(0.5, 1 + 0.08 * rng.normal()));
        int64_t spent = 0;
        for (int m = 1; m <= 12; ++m) {
          int64_t actual = m < 12 ? std::llround(static_cast<double>(outturn) *
                                                 w[static_cast<size_t>(m - 1)] / total_w)
                                  : outturn - spent;
          spent += actual;
          // Forecasts start near budget and drift towards the outturn.
          double drift = 0.35 + 0.65 * m / 12.0;
          double noise = 0.01 * static_cast<double>(budget) * (12 - m) / 12.0 * rng.normal();
          int64_t forecast =
              m == 12 ? outturn
                      : std::llround((static_cast<double>(budget) +
                                      static_cast<double>(outturn - budget) * drift + noise) /
                                     100) *
                            100;
          fmt::print(ledger, "{},{},{},{},{},{}\n", label, m, r.scheme, r.partner,
                     Money::from_pence(actual).to_plain(), Money::from_pence(forecast).to_plain());
        }
      }
    }
  }
  for (std::FILE* f : {partners, schemes, budgets, ledger}) {
    if (f != nullptr && (std::ferror(f) != 0 || std::fclose(f) != 0)) ok = false;
  }
  if (!ok) return Status::io_error(fmt::format("cannot write the finance files into {}", dir));
  return Status();
}

}  // namespace bc::synth
