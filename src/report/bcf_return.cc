#include "report/bcf_return.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

#include "core/file_checks.h"
#include "engine/metric_query.h"
#include "finance/position.h"
#include "programme/scheme_report.h"
#include "report/metric_text.h"

namespace bc::report {
namespace {

namespace fs = std::filesystem;

// Owns the workbook until it is closed (closing writes the file).
struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb != nullptr) workbook_close(wb);
  }
};

class Sheet {
 public:
  explicit Sheet(lxw_worksheet* ws) : ws_(ws) {}
  void text(int row, int col, const std::string& s, lxw_format* f = nullptr) {
    // A cell holds at most 32,767 characters; cut longer text at a character boundary.
    std::string v = s;
    if (v.size() > 32000) {
      size_t cut = 32000;
      while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
      v = v.substr(0, cut) + " [...]";
    }
    worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v.c_str(),
                           f);
  }
  void number(int row, int col, double v, lxw_format* f) {
    worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, f);
  }
  void number_or_blank(int row, int col, const std::optional<double>& v, lxw_format* f) {
    if (v) number(row, col, *v, f);
  }
  void width(int first, int last, double w) {
    worksheet_set_column(ws_, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last), w,
                         nullptr);
  }
  lxw_worksheet* get() { return ws_; }

 private:
  lxw_worksheet* ws_;
};

}  // namespace

Status write_bcf_return(const ReportContext& ctx, const ReportMonth& at, const std::string& path) {
  if (at.month % 3 != 0) {
    return Status::invalid_argument(
        fmt::format("the return is quarterly: {} does not end a quarter", at.label()));
  }
  const int quarter = at.month / 3;
  const std::string quarter_label = fmt::format("{}:Q{}", at.year.label(), quarter);

  // Everything is computed before the file is touched: a failure writes nothing.
  std::optional<FundPosition> fund;
  auto pos = fund_position(*ctx.store, at.year, at.month, std::nullopt);
  if (pos.ok()) {
    fund = std::move(*pos);
  } else if (pos.status().code() != StatusCode::kNotFound) {
    return pos.status();
  }
  struct MetricLine {
    const MetricDef* def;
    MetricRow row;
  };
  std::vector<MetricLine> metric_lines;
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone) continue;
    Period p = m.summary == SummaryForm::kMonth ? at.the_month() : at.year_to_date();
    auto rows = query_metric(*ctx.metrics, *ctx.snapshot, m, p, {}, ctx.suppress);
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) metric_lines.push_back({&m, rows->front()});
  }
  auto reports = list_scheme_reports(*ctx.store, quarter_label, std::nullopt);
  if (!reports.ok()) return reports.status();

  if (Status s = check_output_path(path); !s.ok()) return s;
  fs::path target(path);
  fs::path tmp = target;
  tmp += fmt::format(".tmp-{}", getpid());
  {
    // libxlsxwriter opens the name it is given with fopen: make sure what
    // is there is nothing, or our own leftover regular file, not a link.
    std::error_code ec;
    if (fs::is_symlink(tmp, ec) || (fs::exists(tmp, ec) && !fs::is_regular_file(tmp, ec)))
      return check_output_path(tmp.string());
  }
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new_opt(tmp.c_str(), &options));
  if (!wb) return Status::io_error(fmt::format("cannot create {}", path));

  std::string title =
      fmt::format("Better Care Fund quarterly return {} Q{}", at.year.label(), quarter);
  std::string area = ctx.area.empty() ? std::string("(area not named)") : ctx.area;
  lxw_doc_properties props = {};
  props.title = title.data();
  std::string author = "bettercare";
  props.author = author.data();
  workbook_set_properties(wb.get(), &props);

  lxw_format* bold = workbook_add_format(wb.get());
  format_set_bold(bold);
  lxw_format* heading = workbook_add_format(wb.get());
  format_set_bold(heading);
  format_set_font_size(heading, 14);
  lxw_format* money = workbook_add_format(wb.get());
  format_set_num_format(money, "#,##0.00;[Red]-#,##0.00");
  lxw_format* money_bold = workbook_add_format(wb.get());
  format_set_num_format(money_bold, "#,##0.00;[Red]-#,##0.00");
  format_set_bold(money_bold);
  lxw_format* count = workbook_add_format(wb.get());
  format_set_num_format(count, "#,##0");
  lxw_format* decimal = workbook_add_format(wb.get());
  format_set_num_format(decimal, "#,##0.0");
  lxw_format* percent = workbook_add_format(wb.get());
  format_set_num_format(percent, "0.0%");
  lxw_format* wrap = workbook_add_format(wb.get());
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date_format = workbook_add_format(wb.get());
  format_set_num_format(date_format, "yyyy-mm-dd");

  // Cover.
  {
    Sheet s(workbook_add_worksheet(wb.get(), "Cover"));
    s.width(0, 0, 28);
    s.width(1, 1, 60);
    s.text(0, 0, title, heading);
    int r = 2;
    auto line = [&](const std::string& k, const std::string& v) {
      s.text(r, 0, k, bold);
      s.text(r, 1, v);
      ++r;
    };
    line("Health and Wellbeing Board", area);
    line("Quarter", quarter_label);
    line("Period",
         fmt::format("{} to {}", at.year_to_date().first().iso(), at.year_to_date().last().iso()));
    line("Figures", "year to date at the quarter's end; the DToC rate is the last month's");
    s.text(r, 0, "Generated on", bold);
    lxw_datetime d = {
        ctx.generated_on.year(), ctx.generated_on.month(), ctx.generated_on.day(), 0, 0, 0};
    worksheet_write_datetime(s.get(), static_cast<lxw_row_t>(r), 1, &d, date_format);
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

  // Income and Expenditure.
  {
    Sheet s(workbook_add_worksheet(wb.get(), "Income and Expenditure"));
    const char* heads[] = {"Scheme code", "Scheme",           "Partner",  "Budget",
                           "YTD actual",  "Forecast outturn", "Variance", "Borne variance"};
    for (int c = 0; c < 8; ++c) s.text(0, c, heads[c], bold);
    s.width(0, 0, 12);
    s.width(1, 1, 44);
    s.width(2, 2, 12);
    s.width(3, 7, 16);
    worksheet_freeze_panes(s.get(), 1, 0);
    int r = 1;
    if (!fund) {
      s.text(r, 0, "No budgets or ledger are loaded for " + at.year.label());
    } else {
      auto put = [&](const Position& p, lxw_format* f) {
        s.number(r, 3, p.budget.pounds(), f);
        s.number(r, 4, p.ytd_actual.pounds(), f);
        s.number(r, 5, p.outturn.pounds(), f);
        s.number(r, 6, p.variance.pounds(), f);
      };
      for (const SchemePosition& sp : fund->schemes) {
        for (const PartnerPosition& pp : sp.partners) {
          s.text(r, 0, sp.code);
          s.text(r, 1, sp.name);
          s.text(r, 2, pp.partner);
          put(pp, money);
          s.number(r, 7, pp.borne_variance.pounds(), money);
          ++r;
        }
        s.text(r, 0, sp.code, bold);
        s.text(r, 1, sp.name, bold);
        s.text(r, 2, "Total", bold);
        put(sp, money_bold);
        ++r;
      }
      s.text(r, 1, "Pooled fund", bold);
      s.text(r, 2, "Total", bold);
      put(fund->totals, money_bold);
      ++r;
      for (const PartnerPosition& pp : fund->by_partner) {
        s.text(r, 1, "Pooled fund", bold);
        s.text(r, 2, pp.partner, bold);
        put(pp, money_bold);
        s.number(r, 7, pp.borne_variance.pounds(), money_bold);
        ++r;
      }
    }
  }

  // Metrics.
  {
    Sheet s(workbook_add_worksheet(wb.get(), "Metrics"));
    const char* heads[] = {"Metric id",
                           "Metric",
                           "Unit",
                           "Period",
                           "Plan",
                           "Actual",
                           "Variance",
                           "RAG",
                           "Previous year",
                           "Change on previous year",
                           "Change (percentage points)",
                           "Comparison",
                           "Complete",
                           "Months not loaded",
                           "Notes"};
    constexpr int kColumns = static_cast<int>(std::size(heads));
    for (int c = 0; c < kColumns; ++c) s.text(0, c, heads[c], bold);
    s.width(0, 0, 28);
    s.width(1, 1, 50);
    s.width(2, 3, 14);
    s.width(4, 12, 14);
    s.width(13, 14, 40);
    worksheet_freeze_panes(s.get(), 1, 0);
    int r = 1;
    for (const auto& [def, row] : metric_lines) {
      // Percentages are fractions with a percent format, as a spreadsheet expects.
      bool pct = row.unit == MetricUnit::kPercent;
      lxw_format* vf = pct ? percent : row.unit == MetricUnit::kCount ? count : decimal;
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
      if (row.variance_pct) s.number(r, 6, *row.variance_pct / 100.0, percent);
      if (row.rag) s.text(r, 7, std::string(rag_name(*row.rag)));
      if (row.previous_suppressed)
        s.text(r, 8, "*");
      else
        s.number_or_blank(r, 8, scaled(row.previous_value), vf);
      if (row.change_pct) s.number(r, 9, *row.change_pct / 100.0, percent);
      if (row.change_pp) s.number(r, 10, *row.change_pp, decimal);
      if (row.comparison) s.text(r, 11, std::string(comparison_name(*row.comparison)));
      s.text(r, 12, row.complete ? "yes" : "no");
      std::string missing;
      for (const auto& m : row.missing) missing += (missing.empty() ? "" : "; ") + m;
      if (!missing.empty()) s.text(r, 13, missing, wrap);
      std::string notes;
      for (const std::string& n :
           {provisional_phrase(row), interval_phrase(row), population_phrase(row),
            row.cohort ? "cohort " + *row.cohort : std::string(),
            row.local_monitoring ? std::string("local monitoring") : std::string()}) {
        if (!n.empty()) notes += (notes.empty() ? "" : "; ") + n;
      }
      if (!notes.empty()) s.text(r, 14, notes, wrap);
      ++r;
    }
  }

  // Narrative.
  {
    Sheet s(workbook_add_worksheet(wb.get(), "Narrative"));
    const char* heads[] = {"Scheme code", "Scheme", "Report version", "State", "Summary"};
    for (int c = 0; c < 5; ++c) s.text(0, c, heads[c], bold);
    s.width(0, 0, 12);
    s.width(1, 1, 40);
    s.width(2, 3, 16);
    s.width(4, 4, 90);
    worksheet_freeze_panes(s.get(), 1, 0);
    int r = 1;
    std::vector<std::pair<std::string, std::string>> schemes;  // code, name
    if (fund) {
      for (const SchemePosition& sp : fund->schemes) schemes.push_back({sp.code, sp.name});
    }
    for (const auto& rep : *reports) {
      bool known = false;
      for (const auto& [code, name] : schemes) known |= code == rep.scheme;
      if (!known) schemes.push_back({rep.scheme, ""});
    }
    for (const auto& [code, name] : schemes) {
      s.text(r, 0, code);
      s.text(r, 1, name);
      const SchemeReportVersion* found = nullptr;
      for (const auto& rep : *reports) {
        if (rep.scheme == code) found = &rep;
      }
      if (found == nullptr) {
        s.text(r, 4, "No report for this quarter.", wrap);
      } else {
        s.number(r, 2, found->version, count);
        s.text(r, 3, std::string(state_name(found->state)));
        std::string summary =
            found->content.summary.empty() ? "(the report has no summary)" : found->content.summary;
        s.text(r, 4, summary, wrap);
      }
      ++r;
    }
  }

  lxw_error err = workbook_close(wb.release());
  if (err != LXW_NO_ERROR) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", path, lxw_strerror(err)));
  }
  std::error_code ec;
  // What is at the path now: never a FIFO, a device or a link replaced.
  if (Status s = check_output_path(path); !s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", path, ec.message()));
  }
  return Status::ok_status();
}

}  // namespace bc::report
