#include "finance/position.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "core/profile.h"
#include "core/safe_text.h"
#include "core/utf8.h"
#include "ingest/records.h"

namespace bc {
namespace {

// GCC's 128-bit integer (__extension__: -Wpedantic would warn), for
// products of amounts that do not fit in 64 bits.
__extension__ typedef __int128 Int128;

// Money arithmetic that notes an overflow instead of wrapping round: the
// fund's figures are sums of many amounts, each within Money's range, whose
// total may not be (docs/finance.md). fund_position refuses to show figures
// once any sum has overflowed.
struct Checked {
  bool overflow = false;
  Money add(Money a, Money b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a.pence(), b.pence(), &r)) {
      overflow = true;
      return a;
    }
    return Money::from_pence(r);
  }
  Money sub(Money a, Money b) {
    int64_t r = 0;
    if (__builtin_sub_overflow(a.pence(), b.pence(), &r)) {
      overflow = true;
      return a;
    }
    return Money::from_pence(r);
  }
  void acc(Money& total, Money v) { total = add(total, v); }
  void acc(std::optional<Money>& total, std::optional<Money> v) {
    if (v) total = add(total.value_or(Money()), *v);
  }
  void acc(Position& t, const Position& o) {
    acc(t.budget, o.budget);
    acc(t.ytd_budget, o.ytd_budget);
    acc(t.ytd_actual, o.ytd_actual);
    acc(t.outturn, o.outturn);
    acc(t.variance, o.variance);
    acc(t.previous_outturn, o.previous_outturn);
  }
};

// budget x m / 12, rounded half away from zero to the penny (exact: the
// product is taken in 128 bits, and the result is at most the budget).
Money twelfths(Money annual, int m) {
  const Int128 num = static_cast<Int128>(annual.pence()) * m;
  Int128 q = num / 12;
  const Int128 r = num % 12;
  if (2 * (r < 0 ? -r : r) >= 12) q += num < 0 ? -1 : 1;
  return Money::from_pence(static_cast<int64_t>(q));
}

struct LineData {
  Money budget;
  Money ytd_budget;               // at the month asked for, stream by stream
  std::map<int, Money> actual;    // month -> actual
  std::map<int, Money> forecast;  // month -> forecast outturn
  bool has_budget = false, has_ledger = false;
};

Money outturn_at(const LineData& d, int m, Checked& ck) {
  std::optional<Money> latest;
  for (const auto& [month, f] : d.forecast) {
    if (month <= m) latest = f;
  }
  if (latest) return *latest;
  Money year;
  for (const auto& [month, a] : d.actual) ck.acc(year, a);
  return year;
}

// (scheme, partner) -> its budget and ledger for the year.
using Lines = std::map<std::pair<std::string, std::string>, LineData>;

// Adds the year's budget lines (of `scheme` only, when given) to `lines`,
// with each line's year-to-date budget at `month` (straight-line twelfths,
// or its profile), and the budget per funding stream to `streams`.
// InvalidData for a stored profile parse_profile refuses.
Status add_budgets(Store& store, const std::string& fy, int month,
                   const std::optional<std::string>& scheme, Lines& lines,
                   std::map<std::string, Money>& streams, Checked& ck) {
  Status bad;
  Status s = for_each_budget(store, fy, [&](const BudgetRecord& b) {
    if (!bad.ok() || (scheme && b.scheme_code != *scheme)) return;
    LineData& d = lines[{b.scheme_code, b.partner_code}];
    const Money amount = Money::from_pence(b.amount_pence);
    ck.acc(d.budget, amount);
    Money ytd = twelfths(amount, month);
    if (b.profile) {
      // The importer refuses a profile parse_profile refuses; one in the
      // store from before that rule, or written there by hand, is named.
      auto profile = parse_profile(*b.profile);
      if (!profile.ok()) {
        bad = Status::invalid_data(fmt::format(
            "the budget of scheme {}, partner {}, stream {} for {} has a profile the store "
            "should not hold ({}): {}; import the budgets again with a valid profile",
            escape_unsafe(b.scheme_code), escape_unsafe(b.partner_code),
            escape_unsafe(b.funding_stream), fy, printable(*b.profile), profile.error()));
        return;
      }
      ytd = profiled_amount(amount, *profile, month);
    }
    ck.acc(d.ytd_budget, ytd);
    d.has_budget = true;
    ck.acc(streams[b.funding_stream], amount);
  });
  return s.ok() ? bad : s;
}

// Adds the year's ledger lines (of `scheme` only, when given) to `lines`.
Status add_ledger(Store& store, const std::string& fy, const std::optional<std::string>& scheme,
                  Lines& lines) {
  return for_each_ledger_line(store, fy, [&](const LedgerRecord& l) {
    if (scheme && l.scheme_code != *scheme) return;
    LineData& d = lines[{l.scheme_code, l.partner_code}];
    d.actual[l.month] = Money::from_pence(l.actual_pence);
    if (l.forecast_outturn_pence)
      d.forecast[l.month] = Money::from_pence(*l.forecast_outturn_pence);
    d.has_ledger = true;
  });
}

// The position of each partner with lines in the scheme `sp.code`, at
// `month`, added to sp; each partner bears its own variance. Warns of
// ledger lines without a budget.
void add_partner_lines(const Lines& lines, int month, const std::string& fy, SchemePosition& sp,
                       std::vector<std::string>& warnings, Checked& ck) {
  for (const auto& [key, d] : lines) {
    if (key.first != sp.code) continue;
    PartnerPosition pp;
    pp.partner = key.second;
    pp.has_budget = d.has_budget;
    pp.budget = d.budget;
    pp.ytd_budget = d.ytd_budget;
    for (const auto& [m, a] : d.actual) {
      if (m <= month) ck.acc(pp.ytd_actual, a);
    }
    pp.outturn = outturn_at(d, month, ck);
    pp.variance = ck.sub(pp.outturn, pp.budget);
    if (month > 1) pp.previous_outturn = outturn_at(d, month - 1, ck);
    pp.borne_variance = pp.variance;
    if (!d.has_budget) {
      warnings.push_back(
          fmt::format("scheme {}: partner {} has ledger lines in {} but no budget (spend without "
                      "a budget is shown)",
                      sp.code, key.second, fy));
    }
    ck.acc(sp, pp);
    sp.partners.push_back(std::move(pp));
  }
}

// A shared scheme's net variance, borne in the agreed proportions: each
// sharing partner's borne_variance set (a partner with no line of its own
// added, with no budget), every other partner's zero.
Status share_variance(Store& store, int month, SchemePosition& sp) {
  auto split = read_risk_shares(store, sp.code);
  if (!split.ok()) return split.status();
  std::vector<int64_t> bp;
  for (const RiskShareRecord& r : *split) bp.push_back(r.share_bp);
  std::vector<Money> parts = allocate(sp.variance, bp);
  for (auto& pp : sp.partners) pp.borne_variance = Money();
  for (size_t i = 0; i < split->size(); ++i) {
    const std::string& partner = (*split)[i].partner_code;
    auto it = std::find_if(sp.partners.begin(), sp.partners.end(),
                           [&](const PartnerPosition& p) { return p.partner == partner; });
    if (it == sp.partners.end()) {  // a sharing partner with no line in this scheme and year
      PartnerPosition pp;
      pp.partner = partner;
      pp.has_budget = false;
      if (month > 1) pp.previous_outturn = Money();  // nothing then either
      sp.partners.push_back(pp);
      it = sp.partners.end() - 1;
    }
    it->borne_variance = parts[i];
  }
  return Status();
}

}  // namespace

std::optional<double> Position::variance_pct() const {
  if (budget.pence() == 0) return std::nullopt;
  return static_cast<double>(variance.pence()) / static_cast<double>(budget.pence()) * 100;
}

std::optional<Money> Position::movement() const {
  if (!previous_outturn) return std::nullopt;
  return outturn - *previous_outturn;
}

bool Position::add(const Position& o) {
  Checked ck;
  ck.acc(*this, o);
  return !ck.overflow;
}

std::vector<Money> allocate(Money total, const std::vector<int64_t>& bp) {
  std::vector<Money> out(bp.size());
  if (bp.empty()) return out;
  const int64_t t = total.pence();
  const int64_t sign = t < 0 ? -1 : 1;
  // In 128 bits: the magnitude of any int64, times basis points up to 10000.
  const Int128 abs_total = static_cast<Int128>(t) * sign;
  std::vector<std::pair<int64_t, size_t>> remainders;
  Int128 given = 0;
  for (size_t i = 0; i < bp.size(); ++i) {
    const Int128 share = abs_total * bp[i] / 10000;
    remainders.push_back({static_cast<int64_t>(abs_total * bp[i] % 10000), i});
    out[i] = Money::from_pence(static_cast<int64_t>(share));
    given += share;
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < abs_total; ++k, ++given) {
    out[remainders[k % remainders.size()].second] += Money::from_pence(1);
  }
  for (auto& m : out) m = Money::from_pence(m.pence() * sign);
  return out;
}

Result<FundPosition> fund_position(Store& store, FinancialYear year, int month,
                                   const std::optional<std::string>& scheme) {
  if (month < 1 || month > 12) {
    return Status::invalid_argument(
        fmt::format("the month must be 1 to 12 (M1 = April), not {}", month));
  }
  const std::string fy = year.label();
  FundPosition pos;
  pos.year = year;
  pos.month = month;

  if (scheme) {
    auto exists = find_scheme_record(store, *scheme);
    if (!exists.ok()) return exists.status();
    if (!*exists) return Status::not_found(fmt::format("there is no scheme {}", *scheme));
  }

  Lines lines;
  std::map<std::string, Money> streams;
  Checked ck;
  if (Status s = add_budgets(store, fy, month, scheme, lines, streams, ck); !s.ok()) return s;
  if (Status s = add_ledger(store, fy, scheme, lines); !s.ok()) return s;
  if (lines.empty()) {
    return Status::not_found(fmt::format("there are no budgets or ledger lines for {}{}", fy,
                                         scheme ? " in scheme " + *scheme : ""));
  }

  // Schemes in code order, with their names and risk shares.
  auto schemes = read_schemes(store);
  if (!schemes.ok()) return schemes.status();
  std::map<std::string, PartnerPosition> partner_totals;
  for (const SchemeRecord& r : *schemes) {
    SchemePosition sp;
    sp.code = r.code;
    sp.name = r.name;
    sp.host = r.host;
    sp.risk_share = r.risk_share;
    add_partner_lines(lines, month, fy, sp, pos.warnings, ck);
    if (sp.partners.empty()) continue;
    if (sp.risk_share.rfind("shared:", 0) == 0) {
      if (Status s = share_variance(store, month, sp); !s.ok()) return s;
    }
    for (const auto& pp : sp.partners) {
      PartnerPosition& t = partner_totals[pp.partner];
      t.partner = pp.partner;
      ck.acc(t, pp);
      ck.acc(t.borne_variance, pp.borne_variance);
    }
    ck.acc(pos.totals, sp);
    pos.schemes.push_back(std::move(sp));
  }
  if (ck.overflow) {
    return Status::invalid_data(fmt::format(
        "the fund's figures for {} are too large to add up: a total would pass 2^63 pence "
        "(about £92,000 trillion), the most bettercare can hold (docs/finance.md); check the "
        "budgets and the ledger for amounts entered with extra digits, and import them again",
        fy));
  }
  for (auto& [code, t] : partner_totals) pos.by_partner.push_back(std::move(t));
  for (auto& [stream, m] : streams) pos.by_stream.emplace_back(stream, m);
  return pos;
}

Result<std::optional<std::pair<FinancialYear, int>>> latest_ledger_month(Store& store) {
  using Out = std::optional<std::pair<FinancialYear, int>>;
  auto latest = latest_ledger_line(store);
  if (!latest.ok()) return latest.status();
  if (!*latest) return Out();
  auto fy = FinancialYear::parse((*latest)->first);
  if (!fy.ok()) return Status::store_error("the ledger holds a malformed year: " + fy.error());
  return Out(std::make_pair(*fy, (*latest)->second));
}

Result<std::map<std::string, int>> finance_years(Store& store,
                                                 const std::optional<std::string>& scheme) {
  std::map<std::string, int> out;
  Status s = for_each_finance_year(store, scheme, [&](const std::string& year, int month) {
    int& m = out[year];
    m = std::max(m, month);
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
