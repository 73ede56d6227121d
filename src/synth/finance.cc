#include "synth/finance.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
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

// The 2017/18 funding streams, from the seed's papers (docs/synthetic-city.md
// gives the lines and says which placements are guesses).
constexpr int64_t kBcfMinimum2017 = 16'177'000'00;        // the CCG's minimum, l.735
constexpr int64_t kIbcf2017 = 5'585'472'00;               // both iBCF tranches, l.875
constexpr int64_t kIbcfSecondTranche2017 = 4'981'651'00;  // l.875

struct Stream {
  std::string name;
  int64_t pence = 0;
};
using Line = std::pair<std::string, std::string>;  // (scheme, partner)

std::string additional(const std::string& partner) {
  return partner == "CCG" ? "CCG additional" : "Council additional";
}

// Each 2017/18 scheme x partner budget of the schedule split into funding
// streams that add up to it exactly: the CCG's minimum contribution, the
// iBCF grant and the DFG on the lines the papers put them, and the rest of
// each line as the partner's additional contribution (last).
Result<std::map<Line, std::vector<Stream>>> streams_2017(const std::vector<Row>& schedule) {
  std::map<Line, int64_t> left;
  for (const Row& r : schedule) left[{r.scheme, r.partner}] = r.budget_k * 100'000;
  std::map<Line, std::vector<Stream>> out;
  std::map<std::string, int64_t> given;  // per stream
  auto give = [&](const Line& line, const char* stream,
                  std::optional<int64_t> pence) -> Status {  // nullopt: all that is left
    auto it = left.find(line);
    int64_t amount = pence ? *pence : it == left.end() ? 0 : it->second;
    if (it == left.end() || amount < 0 || amount > it->second) {
      return Status::internal(
          fmt::format("the embedded finance schedule cannot carry {} of {} on {} {}",
                      Money::from_pence(amount).to_plain(), stream, line.first, line.second));
    }
    it->second -= amount;
    given[stream] += amount;
    if (amount > 0) out[line].push_back({stream, amount});
    return Status();
  };
  // The CCG's minimum: its whole part of the schemes the BCF conditions name
  // (carers' breaks, reablement and discharge, equipment), the rest of the
  // £16.177m from Clusters (the community services).
  for (const char* scheme : {"CAR", "RR", "EQP"}) {
    if (Status st = give({scheme, "CCG"}, "BCF minimum", std::nullopt); !st.ok()) return st;
  }
  if (Status st = give({"CLU", "CCG"}, "BCF minimum", kBcfMinimum2017 - given["BCF minimum"]);
      !st.ok())
    return st;
  // The DFG is a capital grant to the council.
  if (Status st = give({"DFG", "SCC"}, "DFG capital", std::nullopt); !st.ok()) return st;
  // iBCF: all of Care Technology, Direct Payments and Transforming Long Term
  // Care (their reports, l.1216, 1538, 1620); the first tranche in the
  // council's adult social care teams, i.e. Clusters (l.875); the rest of the
  // second in hospital discharge and discharge to assess, i.e. Rehab and
  // Reablement (l.877).
  for (const char* scheme : {"CT", "DP", "TLTC"}) {
    if (Status st = give({scheme, "SCC"}, "iBCF", std::nullopt); !st.ok()) return st;
  }
  if (Status st = give({"CLU", "SCC"}, "iBCF", kIbcf2017 - kIbcfSecondTranche2017); !st.ok())
    return st;
  if (Status st = give({"RR", "SCC"}, "iBCF", kIbcf2017 - given["iBCF"]); !st.ok()) return st;
  for (const auto& [line, rest] : left) {
    if (rest > 0) out[line].push_back({additional(line.second), rest});
  }
  return out;
}

// A line's streams in a year whose line budget is `total` pence: the
// 2017/18 streams scaled to it in whole pounds, the last (the additional
// contribution, where there is one) taking what is left so the streams add
// up to the line exactly.
std::vector<Stream> streams_for_year(const std::vector<Stream>& streams_2017, int64_t total,
                                     const std::string& partner) {
  if (streams_2017.empty()) return {{additional(partner), total}};  // no budget in 2017/18
  int64_t total_2017 = 0;
  for (const Stream& s : streams_2017) total_2017 += s.pence;
  std::vector<Stream> out;
  int64_t given = 0;
  for (size_t i = 0; i < streams_2017.size(); ++i) {
    int64_t pence = total - given;
    if (i + 1 < streams_2017.size()) {
      // In pounds, which keeps the product far inside 64 bits.
      pence = (total / 100) * (streams_2017[i].pence / 100) / (total_2017 / 100) * 100;
    }
    given += pence;
    out.push_back({streams_2017[i].name, pence});
  }
  return out;
}

}  // namespace

Status write_finance(const std::string& dir, FinancialYear first_year, int years, uint64_t seed) {
  const std::vector<Row> schedule = seed_schedule();
  if (schedule.empty()) return Status::internal("the embedded finance schedule is empty");
  auto streams = streams_2017(schedule);
  if (!streams.ok()) return streams.status();
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
        auto line_streams = streams->find({r.scheme, r.partner});
        for (const Stream& st : streams_for_year(
                 line_streams == streams->end() ? std::vector<Stream>() : line_streams->second,
                 budget, r.partner)) {
          fmt::print(budgets, "{},{},{},{},{}\n", label, r.scheme, r.partner, st.name,
                     Money::from_pence(st.pence).to_plain());
        }
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
