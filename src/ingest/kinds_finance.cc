// The importers of the pooled fund and the plans: schemes with their risk
// shares, budgets, the ledger and the metrics' plans (kinds.h).
#include "ingest/kinds.h"

#include <fmt/format.h>

#include <array>
#include <bitset>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/conditions.h"
#include "core/hes_codes.h"
#include "core/icd10.h"
#include "core/profile.h"

namespace bc::ingest {
namespace {

// --- finance ----------------------------------------------------------------

// Parses a risk share: "own", or "shared:CODE=PCT;CODE=PCT" with
// percentages of at most two decimals summing to exactly 100. Shares come
// back in basis points.
struct RiskShare {
  bool own = true;
  std::map<std::string, int64_t> shares_bp;
  std::string canonical;
};

Result<RiskShare> parse_risk_share(std::string_view text) {
  RiskShare rs;
  if (text == "own" || text == "OWN" || text == "Own") {
    rs.canonical = "own";
    return rs;
  }
  constexpr std::string_view kPrefix = "shared:";
  if (text.size() <= kPrefix.size() || text.substr(0, kPrefix.size()) != kPrefix) {
    return Status::invalid_data(
        "must be 'own' or 'shared:CODE=PCT;CODE=PCT' (e.g. shared:CCG=50;SCC=50)");
  }
  rs.own = false;
  std::string_view rest = text.substr(kPrefix.size());
  int64_t total = 0;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::invalid_data(fmt::format("'{}' is not CODE=PCT", part));
    }
    std::string code(part.substr(0, eq));
    auto pct =
        Money::parse(part.substr(eq + 1));  // the same "at most two decimals" rule, in hundredths
    if (!pct.ok() || pct->pence() < 0 || part.find_first_of("£,", eq) != std::string_view::npos) {
      return Status::invalid_data(
          fmt::format("'{}' is not a percentage with at most two decimals", part.substr(eq + 1)));
    }
    if (!rs.shares_bp.emplace(code, pct->pence()).second) {
      return Status::invalid_data(fmt::format("partner {} is named twice", code));
    }
    total += pct->pence();
  }
  if (rs.shares_bp.size() < 2)
    return Status::invalid_data("a shared risk needs at least two partners");
  if (total != 10000) {
    return Status::invalid_data(
        fmt::format("the percentages sum to {}, not 100", Money::from_pence(total).to_plain()));
  }
  rs.canonical = "shared:";
  for (const auto& [code, bp] : rs.shares_bp) {
    std::string pct = Money::from_pence(bp).to_plain();
    if (pct.ends_with(".00")) pct.resize(pct.size() - 3);
    rs.canonical += fmt::format("{}{}={}", rs.canonical.size() == 7 ? "" : ";", code, pct);
  }
  return rs;
}

class SchemesImporter : public KindImporter {
  enum { kCode, kName, kHost, kManager, kRiskShare };

 public:
  Status prepare(FileContext& f) override {
    Status s = prepare_into(
        f,
        upsert_sql("schemes",
                   {"scheme_code", "scheme_name", "host", "pooled_budget_manager", "risk_share"},
                   "scheme_code"),
        &st_);
    if (s.ok())
      s = prepare_into(f, "DELETE FROM scheme_risk_shares WHERE scheme_code = ?", &clear_);
    if (s.ok()) {
      s = prepare_into(
          f,
          "INSERT INTO scheme_risk_shares (scheme_code, partner_code, share_bp) VALUES (?, ?, ?)",
          &share_);
    }
    return s;
  }
  void import_row(Row& r) override {
    auto code = r.id(kCode);
    auto name = r.text(kName);
    auto host = r.id(kHost);
    auto manager = r.text(kManager);
    auto share_text = r.text(kRiskShare);
    if (host) r.check_reference(kHost, std::string(*host), "partners", "partner_code", "partner");
    std::optional<RiskShare> share;
    if (share_text) {
      auto parsed = parse_risk_share(*share_text);
      if (!parsed.ok()) {
        r.error(kRiskShare, parsed.error());
      } else {
        for (const auto& [partner, bp] : parsed->shares_bp) {
          (void)bp;
          if (r.file().codes("partners", "partner_code").count(partner) == 0) {
            r.error(kRiskShare, fmt::format("no such partner {} (it must be in partners.csv, in "
                                            "the store or in this batch)",
                                            partner));
          }
        }
        share = std::move(*parsed);
      }
    }
    if (r.failed()) return;
    st_.bind(1, *code).bind(2, *name).bind(3, *host).bind(4, manager).bind(5, share->canonical);
    st_.bind(6, r.file().batch_id());
    r.write(st_);
    if (r.failed()) return;
    clear_.bind(1, *code);
    if (!r.run(clear_, kRiskShare, "the risk share")) return;
    for (const auto& [partner, bp] : share->shares_bp) {
      share_.bind(1, *code).bind(2, partner).bind(3, bp);
      if (!r.run(share_, kRiskShare, "the risk share")) return;
    }
  }

 private:
  Stmt st_, clear_, share_;
};

class BudgetsImporter : public KindImporter {
  enum { kYear, kScheme, kPartner, kStream, kAmount, kProfile };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("budgets",
                                   {"financial_year", "scheme_code", "partner_code",
                                    "funding_stream", "amount_pence", "profile"},
                                   "financial_year, scheme_code, partner_code, funding_stream"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto year = r.financial_year(kYear);
    auto scheme = r.id(kScheme);
    auto partner = r.id(kPartner);
    auto stream = r.text(kStream, 100);
    auto amount = r.money(kAmount);
    // An optional monthly profile: twelve weights, M1..M12, each a plain
    // decimal within bounds (core/profile.h), so that no stored profile can
    // overflow or fail to parse when the finance figures are computed.
    std::optional<std::string> profile;
    if (auto text = r.text(kProfile, 200)) {
      auto parsed = parse_profile(*text);
      if (!parsed.ok())
        r.error(kProfile, parsed.error());
      else
        profile.emplace(*text);
    }
    if (scheme)
      r.check_reference(kScheme, std::string(*scheme), "schemes", "scheme_code", "scheme");
    if (partner)
      r.check_reference(kPartner, std::string(*partner), "partners", "partner_code", "partner");
    if (r.failed()) return;
    st_.bind(1, year->label()).bind(2, *scheme).bind(3, *partner).bind(4, *stream);
    st_.bind(5, amount->pence()).bind(6, profile).bind(7, r.file().batch_id());
    r.file().note_date(year->label());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class LedgerImporter : public KindImporter {
  enum { kYear, kMonth, kScheme, kPartner, kActual, kForecast };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("ledger",
                                   {"financial_year", "month", "scheme_code", "partner_code",
                                    "actual_pence", "forecast_outturn_pence"},
                                   "financial_year, month, scheme_code, partner_code"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto year = r.financial_year(kYear);
    std::optional<int> month;
    if (!r.absent(kMonth)) {
      auto m = parse_financial_month(r.get(kMonth));
      if (m.ok())
        month = *m;
      else
        r.error(kMonth, "the month must be 1 to 12 (1 = April), or M1 to M12");
    }
    auto scheme = r.id(kScheme);
    auto partner = r.id(kPartner);
    auto actual = r.money(kActual);
    auto forecast = r.money(kForecast);
    if (scheme)
      r.check_reference(kScheme, std::string(*scheme), "schemes", "scheme_code", "scheme");
    if (partner)
      r.check_reference(kPartner, std::string(*partner), "partners", "partner_code", "partner");
    if (r.failed()) return;
    st_.bind(1, year->label()).bind(2, *month).bind(3, *scheme).bind(4, *partner);
    st_.bind(5, actual->pence());
    if (forecast)
      st_.bind(6, forecast->pence());
    else
      st_.bind_null(6);
    st_.bind(7, r.file().batch_id());
    r.file().note_date(year->month(*month).iso());
    r.write(st_);
  }

 private:
  Stmt st_;
};

// --- plans ------------------------------------------------------------------

class PlansImporter : public KindImporter {
  enum { kMetric, kMonth, kValue };

 public:
  explicit PlansImporter(std::vector<PlanMetricSpec> metrics) : metrics_(std::move(metrics)) {
    if (metrics_.empty()) metrics_ = national_plan_metrics();
  }
  Status prepare(FileContext& f) override {
    return prepare_into(f, upsert_sql("plans", {"metric", "month", "value"}, "metric, month"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto metric = r.id(kMetric);
    auto month = r.month(kMonth);
    auto value = r.number(kValue);
    const PlanMetricSpec* pm = nullptr;
    if (metric) {
      for (const auto& m : metrics_) {
        if (m.id == *metric) pm = &m;
      }
      if (pm == nullptr) {
        std::string ids;
        for (const auto& m : metrics_) ids += (ids.empty() ? "" : ", ") + m.id;
        r.error(kMetric, "not a metric id; the metrics are " + ids);
      }
    }
    if (pm && value) {
      if (*value < 0)
        r.error(kValue, "a plan cannot be negative");
      else if (pm->unit == "percent" && *value > 100)
        r.error(kValue, "a percentage cannot exceed 100");
    }
    if (r.failed()) return;
    st_.bind(1, pm->id).bind(2, month->iso()).bind(3, *value).bind(4, r.file().batch_id());
    r.file().note_date(month->iso());
    r.write(st_);
  }

 private:
  Stmt st_;
  std::vector<PlanMetricSpec> metrics_;
};

}  // namespace

std::unique_ptr<KindImporter> make_finance_importer(FileKind kind, const ImportOptions& options) {
  switch (kind) {
    case FileKind::kSchemes:
      return std::make_unique<SchemesImporter>();
    case FileKind::kBudgets:
      return std::make_unique<BudgetsImporter>();
    case FileKind::kLedger:
      return std::make_unique<LedgerImporter>();
    case FileKind::kPlans:
      return std::make_unique<PlansImporter>(options.plan_metrics);
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
