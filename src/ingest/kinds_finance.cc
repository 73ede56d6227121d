// The kinds of the pooled fund and the plans: schemes with their risk
// shares, budgets, the ledger and the metrics' plans. Each kind's column
// table, then the checks its table cannot say (kinds.h).
#include <fmt/format.h>

#include <map>
#include <string>

#include "core/profile.h"
#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using T = FieldType;

// --- the column tables --------------------------------------------------------

constexpr Reference kPartnerRef = {"partners", "partner_code", "partner"};
constexpr Reference kSchemeRef = {"schemes", "scheme_code", "scheme"};

// risk_share is stored normalised ("own", or "shared:" with the partners
// in code order), by SchemesImporter.
constexpr ColumnSpec kSchemeCols[] = {
    {.name = "scheme_code", .required = true, .type = T::kId, .store = "scheme_code", .key = true},
    {.name = "scheme_name", .required = true, .type = T::kText, .store = "scheme_name"},
    {.name = "host", .required = true, .type = T::kId, .store = "host", .reference = &kPartnerRef},
    {.name = "pooled_budget_manager", .type = T::kText, .store = "pooled_budget_manager"},
    {.name = "risk_share", .required = true, .type = T::kText, .store = "risk_share"},
};

constexpr ColumnSpec kBudgetCols[] = {
    {.name = "financial_year",
     .required = true,
     .type = T::kFinancialYear,
     .store = "financial_year",
     .key = true,
     .dates_row = true},
    {.name = "scheme_code",
     .required = true,
     .type = T::kId,
     .store = "scheme_code",
     .key = true,
     .reference = &kSchemeRef},
    {.name = "partner_code",
     .required = true,
     .type = T::kId,
     .store = "partner_code",
     .key = true,
     .reference = &kPartnerRef},
    {.name = "funding_stream",
     .required = true,
     .type = T::kText,
     .store = "funding_stream",
     .key = true,
     .max_chars = 100},
    {.name = "amount", .required = true, .type = T::kMoney, .store = "amount_pence"},
    {.name = "profile", .type = T::kText, .store = "profile"},
};

// month is read by LedgerImporter (1 to 12, or M1 to M12).
constexpr ColumnSpec kLedgerCols[] = {
    {.name = "financial_year",
     .required = true,
     .type = T::kFinancialYear,
     .store = "financial_year",
     .key = true},
    {.name = "month", .required = true, .type = T::kCustom, .store = "month", .key = true},
    {.name = "scheme_code",
     .required = true,
     .type = T::kId,
     .store = "scheme_code",
     .key = true,
     .reference = &kSchemeRef},
    {.name = "partner_code",
     .required = true,
     .type = T::kId,
     .store = "partner_code",
     .key = true,
     .reference = &kPartnerRef},
    {.name = "actual", .required = true, .type = T::kMoney, .store = "actual_pence"},
    {.name = "forecast_outturn", .type = T::kMoney, .store = "forecast_outturn_pence"},
};

constexpr ColumnSpec kPlanCols[] = {
    {.name = "metric", .required = true, .type = T::kId, .store = "metric", .key = true},
    {.name = "month",
     .required = true,
     .type = T::kMonth,
     .store = "month",
     .key = true,
     .dates_row = true},
    {.name = "value", .required = true, .type = T::kNumber, .store = "value"},
};

// --- what the tables cannot say ---------------------------------------------

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

// The risk share, parsed once the host is checked, its partners checked,
// and stored normalised, with its proportions in scheme_risk_shares.
class SchemesImporter : public KindImporter {
  static constexpr int kCode = column_index(kSchemeCols, "scheme_code");
  static constexpr int kRiskShare = column_index(kSchemeCols, "risk_share");

 protected:
  Status prepare_more(FileContext& f) override {
    Status s = prepare_into(f, "DELETE FROM scheme_risk_shares WHERE scheme_code = ?", &clear_);
    if (s.ok()) {
      s = prepare_into(
          f,
          "INSERT INTO scheme_risk_shares (scheme_code, partner_code, share_bp) VALUES (?, ?, ?)",
          &insert_share_);
    }
    return s;
  }
  void rules(Row& r) override {
    r.check_references();
    share_.reset();
    if (!r.has(kRiskShare)) return;
    auto parsed = parse_risk_share(r.text_of(kRiskShare));
    if (!parsed.ok()) {
      r.error(kRiskShare, parsed.error());
      return;
    }
    for (const auto& [partner, bp] : parsed->shares_bp) {
      (void)bp;
      if (r.file().codes("partners", "partner_code").count(partner) == 0) {
        r.error(kRiskShare, fmt::format("no such partner {} (it must be in partners.csv, in "
                                        "the store or in this batch)",
                                        partner));
      }
    }
    r.set(kRiskShare, parsed->canonical);
    share_ = std::move(*parsed);
  }
  void after_write(Row& r) override {
    const std::string code(r.text_of(kCode));
    clear_.bind(1, code);
    if (!r.run(clear_, kRiskShare, "the risk share")) return;
    for (const auto& [partner, bp] : share_->shares_bp) {
      insert_share_.bind(1, code).bind(2, partner).bind(3, bp);
      if (!r.run(insert_share_, kRiskShare, "the risk share")) return;
    }
  }

 private:
  Stmt clear_, insert_share_;
  std::optional<RiskShare> share_;
};

// An optional monthly profile: twelve weights, M1..M12, each a plain
// decimal within bounds (core/profile.h), so that no stored profile can
// overflow or fail to parse when the finance figures are computed.
class BudgetsImporter : public KindImporter {
  static constexpr int kProfile = column_index(kBudgetCols, "profile");

 protected:
  void check(Row& r, int col) override {
    if (col != kProfile) return;
    auto parsed = parse_profile(r.text_of(kProfile));
    if (!parsed.ok()) r.error(kProfile, parsed.error());
  }
};

// The month of the financial year (1 = April, or M1..M12); a line's date
// is that month of the year.
class LedgerImporter : public KindImporter {
  static constexpr int kYear = column_index(kLedgerCols, "financial_year");
  static constexpr int kMonth = column_index(kLedgerCols, "month");

 protected:
  void read_custom(Row& r, int col) override {
    if (col == kMonth && !r.absent(kMonth)) read_financial_month(r, kMonth);
  }
  void note_date(Row& r) override { note_financial_month(r, kYear, kMonth); }
};

// --- plans ------------------------------------------------------------------

// A plan names a metric the import knows, and a value its unit allows
// (both checked once the row is read).
class PlansImporter : public KindImporter {
  static constexpr int kMetric = column_index(kPlanCols, "metric");
  static constexpr int kValue = column_index(kPlanCols, "value");

 public:
  explicit PlansImporter(std::vector<PlanMetricSpec> metrics) : metrics_(std::move(metrics)) {
    if (metrics_.empty()) metrics_ = national_plan_metrics();
  }

 protected:
  void rules(Row& r) override {
    const PlanMetricSpec* pm = r.has(kMetric) ? find(r.text_of(kMetric)) : nullptr;
    if (r.has(kMetric) && pm == nullptr) {
      std::string ids;
      for (const auto& m : metrics_) ids += (ids.empty() ? "" : ", ") + m.id;
      r.error(kMetric, "not a metric id; the metrics are " + ids);
    }
    if (pm == nullptr || !r.has(kValue)) return;
    const double value = r.as<double>(kValue);
    if (value < 0)
      r.error(kValue, "a plan cannot be negative");
    else if (pm->unit == "percent" && value > 100)
      r.error(kValue, "a percentage cannot exceed 100");
  }

 private:
  const PlanMetricSpec* find(std::string_view id) const {
    const PlanMetricSpec* pm = nullptr;
    for (const auto& m : metrics_) {
      if (m.id == id) pm = &m;
    }
    return pm;
  }
  std::vector<PlanMetricSpec> metrics_;
};

}  // namespace

std::span<const ColumnSpec> finance_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kSchemes:
      return kSchemeCols;
    case FileKind::kBudgets:
      return kBudgetCols;
    case FileKind::kLedger:
      return kLedgerCols;
    case FileKind::kPlans:
      return kPlanCols;
    default:
      return {};
  }
}

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
