#include "report/bcf_return.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "engine/metric_query.h"
#include "finance/position.h"
#include "programme/scheme_report.h"
#include "report/metric_text.h"
#include "report/xlsx_parts.h"

namespace bc::report {
namespace {

// Columns first..last (0-based) of a sheet, `width` characters wide.
struct ColumnWidth {
  int first, last;
  double width;
};

// A new sheet holding a table: its header row in bold, the column widths,
// and the header row frozen so that it stays in view.
Sheet add_table_sheet(lxw_workbook* wb, const char* name, std::initializer_list<const char*> heads,
                      lxw_format* bold, std::initializer_list<ColumnWidth> widths) {
  Sheet s(workbook_add_worksheet(wb, name));
  int c = 0;
  for (const char* h : heads) s.text(0, c++, h, bold);
  for (const ColumnWidth& w : widths) s.width(w.first, w.last, w.width);
  worksheet_freeze_panes(s.get(), 1, 0);
  return s;
}

// A summary metric and its row for the return's period.
struct MetricLine {
  const MetricDef* def;
  MetricRow row;
};

// Everything the return says, computed before the file is touched (so that
// a failure writes nothing).
struct ReturnFigures {
  std::optional<FundPosition> fund;  // none when no budgets or ledger are loaded
  std::vector<MetricLine> metric_lines;
  std::vector<SchemeReportVersion> reports;  // the quarter's scheme reports
};

// The fund's position at `at` (absent, not an error, when nothing is loaded
// for the year), each summary metric's row (the month, or the year to date,
// as the metric is summarised) and the quarter's scheme reports.
Result<ReturnFigures> gather_figures(const ReportContext& ctx, const Period& at,
                                     const Period& quarter_period) {
  ReturnFigures f;
  auto pos = fund_position(*ctx.store, at.fiscal_year(), at.fiscal_month(), std::nullopt);
  if (pos.ok()) {
    f.fund = std::move(*pos);
  } else if (pos.status().code() != StatusCode::kNotFound) {
    return pos.status();
  }
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone || !m.in_return) continue;
    Period p = m.summary == SummaryForm::kMonth ? at : at.year_to_date();
    auto rows = query_metric(*ctx.metrics, *ctx.snapshot, m, p, {}, ctx.suppress);
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) f.metric_lines.push_back({&m, rows->front()});
  }
  auto reports = list_scheme_reports(*ctx.store, quarter_period, std::nullopt);
  if (!reports.ok()) return reports.status();
  f.reports = std::move(*reports);
  return f;
}

// The workbook's cell formats. add_formats adds them in a fixed order, which
// is part of the file's bytes.
struct Formats {
  lxw_format* bold;
  lxw_format* heading;
  lxw_format* money;
  lxw_format* money_bold;
  lxw_format* count;
  lxw_format* decimal;
  lxw_format* percent;
  lxw_format* wrap;
  lxw_format* date;
};

Formats add_formats(lxw_workbook* wb) {
  Formats f{};
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.heading = workbook_add_format(wb);
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 14);
  f.money = workbook_add_format(wb);
  format_set_num_format(f.money, "#,##0.00;[Red]-#,##0.00");
  f.money_bold = workbook_add_format(wb);
  format_set_num_format(f.money_bold, "#,##0.00;[Red]-#,##0.00");
  format_set_bold(f.money_bold);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.decimal = workbook_add_format(wb);
  format_set_num_format(f.decimal, "#,##0.0");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  f.date = workbook_add_format(wb);
  format_set_num_format(f.date, "yyyy-mm-dd");
  return f;
}

// The "Cover" sheet: the board, the quarter and period, when and by what
// the return was made, and how to read its figures.
void write_cover(lxw_workbook* wb, const Formats& f, const ReportContext& ctx, const Period& at,
                 const std::string& title, const Period& quarter_period) {
  const std::string area = ctx.area.empty() ? std::string("(area not named)") : ctx.area;
  Sheet s(workbook_add_worksheet(wb, "Cover"));
  s.width(0, 0, 28);
  s.width(1, 1, 60);
  s.text(0, 0, title, f.heading);
  int r = 2;
  auto line = [&](const std::string& k, const std::string& v) {
    s.text(r, 0, k, f.bold);
    s.text(r, 1, v);
    ++r;
  };
  line("Health and Wellbeing Board", area);
  line("Quarter", quarter_period.label());
  line("Period",
       fmt::format("{} to {}", at.year_to_date().first().iso(), at.year_to_date().last().iso()));
  line("Figures", "year to date at the quarter's end; the DToC rate is the last month's");
  s.text(r, 0, "Generated on", f.bold);
  lxw_datetime d = {
      ctx.generated_on.year(), ctx.generated_on.month(), ctx.generated_on.day(), 0, 0, 0};
  worksheet_write_datetime(s.get(), static_cast<lxw_row_t>(r), 1, &d, f.date);
  ++r;
  line("Generated by", "bettercare " BETTERCARE_VERSION);
  line("Small numbers",
       ctx.suppress ? suppression_sentence(ctx.metrics->suppression) + " (A copy to publish.)"
                    : "the actual figures: a submission to NHS England, not a publication");
  line("Completeness",
       "a metric over a month not loaded has no variance and no RAG; its missing months are "
       "listed");
  line("Money", "pounds; variance = forecast outturn - budget (positive = overspend)");
}

// The "Income and Expenditure" sheet: each scheme by partner then its
// total, then the pooled fund's total and each partner's share of it; a
// line saying so when nothing is loaded for the year.
void write_income_and_expenditure(lxw_workbook* wb, const Formats& f, const Period& at,
                                  const std::optional<FundPosition>& fund) {
  Sheet s = add_table_sheet(wb, "Income and Expenditure",
                            {"Scheme code", "Scheme", "Partner", "Budget", "YTD actual",
                             "Forecast outturn", "Variance", "Borne variance"},
                            f.bold, {{0, 0, 12}, {1, 1, 44}, {2, 2, 12}, {3, 7, 16}});
  int r = 1;
  if (!fund) {
    s.text(r, 0, "No budgets or ledger are loaded for " + at.fiscal_year().label());
    return;
  }
  auto put = [&](const Position& p, lxw_format* cell) {
    s.number(r, 3, p.budget.pounds(), cell);
    s.number(r, 4, p.ytd_actual.pounds(), cell);
    s.number(r, 5, p.outturn.pounds(), cell);
    s.number(r, 6, p.variance.pounds(), cell);
  };
  for (const SchemePosition& sp : fund->schemes) {
    for (const PartnerPosition& pp : sp.partners) {
      s.text(r, 0, sp.code);
      s.text(r, 1, sp.name);
      s.text(r, 2, pp.partner);
      put(pp, f.money);
      s.number(r, 7, pp.borne_variance.pounds(), f.money);
      ++r;
    }
    s.text(r, 0, sp.code, f.bold);
    s.text(r, 1, sp.name, f.bold);
    s.text(r, 2, "Total", f.bold);
    put(sp, f.money_bold);
    ++r;
  }
  s.text(r, 1, "Pooled fund", f.bold);
  s.text(r, 2, "Total", f.bold);
  put(fund->totals, f.money_bold);
  ++r;
  for (const PartnerPosition& pp : fund->by_partner) {
    s.text(r, 1, "Pooled fund", f.bold);
    s.text(r, 2, pp.partner, f.bold);
    put(pp, f.money_bold);
    s.number(r, 7, pp.borne_variance.pounds(), f.money_bold);
    ++r;
  }
}

// A metric row's notes, "; "-separated: provisional, interval, population,
// cohort, local monitoring (each only when it applies).
std::string metric_notes(const MetricRow& row) {
  std::string notes;
  for (const std::string& n :
       {provisional_phrase(row), interval_phrase(row), population_phrase(row),
        row.cohort ? "cohort " + *row.cohort : std::string(),
        row.local_monitoring ? std::string("local monitoring") : std::string()}) {
    if (!n.empty()) notes += (notes.empty() ? "" : "; ") + n;
  }
  return notes;
}

// The "Metrics" sheet: one row per summary metric with its plan, actual,
// variance, RAG, previous year, completeness and notes. Percentages are
// fractions with a percent format, as a spreadsheet expects; a suppressed
// value is "*".
void write_metrics(lxw_workbook* wb, const Formats& f, const std::vector<MetricLine>& lines) {
  Sheet s =
      add_table_sheet(wb, "Metrics",
                      {"Metric id", "Metric", "Unit", "Period", "Plan", "Actual", "Variance", "RAG",
                       "Previous year", "Change on previous year", "Change (percentage points)",
                       "Comparison", "Complete", "Months not loaded", "Notes"},
                      f.bold, {{0, 0, 28}, {1, 1, 50}, {2, 3, 14}, {4, 12, 14}, {13, 14, 40}});
  int r = 1;
  for (const auto& [def, row] : lines) {
    bool pct = row.unit == MetricUnit::kPercent;
    lxw_format* vf = pct ? f.percent : row.unit == MetricUnit::kCount ? f.count : f.decimal;
    auto scaled = [&](const std::optional<double>& v) -> std::optional<double> {
      if (!v) return v;
      return pct ? *v / 100.0 : *v;
    };
    s.text(r, 0, row.metric);
    s.text(r, 1, def->name);
    s.text(r, 2, std::string(unit_name(row.unit)));
    s.text(r, 3, row.period);
    s.number_or_blank(r, 4, scaled(row.plan), vf);
    if (row.suppressed)
      s.text(r, 5, "*");
    else
      s.number_or_blank(r, 5, scaled(row.value), vf);
    if (row.variance_pct) s.number(r, 6, *row.variance_pct / 100.0, f.percent);
    if (row.rag) s.text(r, 7, std::string(rag_name(*row.rag)));
    if (row.previous_suppressed)
      s.text(r, 8, "*");
    else
      s.number_or_blank(r, 8, scaled(row.previous_value), vf);
    if (row.change_pct) s.number(r, 9, *row.change_pct / 100.0, f.percent);
    if (row.change_pp) s.number(r, 10, *row.change_pp, f.decimal);
    if (row.comparison) s.text(r, 11, std::string(comparison_name(*row.comparison)));
    s.text(r, 12, row.complete ? "yes" : "no");
    std::string missing;
    for (const auto& m : row.missing) missing += (missing.empty() ? "" : "; ") + m;
    if (!missing.empty()) s.text(r, 13, missing, f.wrap);
    const std::string notes = metric_notes(row);
    if (!notes.empty()) s.text(r, 14, notes, f.wrap);
    ++r;
  }
}

// The "Narrative" sheet: every scheme of the fund, then any other scheme
// with a report this quarter, with its report's version, state and summary
// (or a line saying it has none).
void write_narrative(lxw_workbook* wb, const Formats& f, const std::optional<FundPosition>& fund,
                     const std::vector<SchemeReportVersion>& reports) {
  Sheet s = add_table_sheet(wb, "Narrative",
                            {"Scheme code", "Scheme", "Report version", "State", "Summary"}, f.bold,
                            {{0, 0, 12}, {1, 1, 40}, {2, 3, 16}, {4, 4, 90}});
  int r = 1;
  std::vector<std::pair<std::string, std::string>> schemes;  // code, name
  if (fund) {
    for (const SchemePosition& sp : fund->schemes) schemes.push_back({sp.code, sp.name});
  }
  for (const auto& rep : reports) {
    bool known = false;
    for (const auto& [code, name] : schemes) known |= code == rep.scheme;
    if (!known) schemes.push_back({rep.scheme, ""});
  }
  for (const auto& [code, name] : schemes) {
    s.text(r, 0, code);
    s.text(r, 1, name);
    const SchemeReportVersion* found = nullptr;
    for (const auto& rep : reports) {
      if (rep.scheme == code) found = &rep;
    }
    if (found == nullptr) {
      s.text(r, 4, "No report for this quarter.", f.wrap);
    } else {
      s.number(r, 2, found->version, f.count);
      s.text(r, 3, std::string(state_name(found->state)));
      std::string summary =
          found->content.summary.empty() ? "(the report has no summary)" : found->content.summary;
      s.text(r, 4, summary, f.wrap);
    }
    ++r;
  }
}

}  // namespace

Status write_bcf_return(const ReportContext& ctx, const Period& at, const std::string& path) {
  if (at.fiscal_month() % 3 != 0) {
    return Status::invalid_argument(
        fmt::format("the return is quarterly: {} does not end a quarter", as_at_label(at)));
  }
  const int quarter = at.fiscal_quarter();
  const Period quarter_period = Period::quarter(at.fiscal_year(), quarter);
  auto figures = gather_figures(ctx, at, quarter_period);
  if (!figures.ok()) return figures.status();

  auto opened = open_workbook(path);
  if (!opened.ok()) return opened.status();
  Workbook wb = std::move(*opened);

  std::string title =
      fmt::format("Better Care Fund quarterly return {} Q{}", at.fiscal_year().label(), quarter);
  lxw_doc_properties props = {};
  props.title = title.data();
  std::string author = "bettercare";
  props.author = author.data();
  workbook_set_properties(wb.get(), &props);

  const Formats formats = add_formats(wb.get());
  write_cover(wb.get(), formats, ctx, at, title, quarter_period);
  write_income_and_expenditure(wb.get(), formats, at, figures->fund);
  write_metrics(wb.get(), formats, figures->metric_lines);
  write_narrative(wb.get(), formats, figures->fund, figures->reports);
  return close_workbook(std::move(wb), path);
}

}  // namespace bc::report
