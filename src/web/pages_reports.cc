// The board documents on the web (/reports): the performance report as at
// a month, the quarterly pack and the NHS England return for a quarter,
// each generated on request by the report module (the same functions as
// `bettercare report` and `bettercare export bcf-return`), downloaded, and
// audited ("download_report").
//
// The report and the pack are publications: small numbers are suppressed
// in them for every role. The return is a submission to NHS England, not a
// publication: it carries the actual figures, so only the role that
// prepares it (the analyst, who sees aggregates unsuppressed anyway) may
// download it.
#include <fmt/format.h>

#include <algorithm>

#include "core/date.h"
#include "present/html_escape.h"
#include "report/bcf_return.h"
#include "report/performance_report.h"
#include "report/quarter_pack.h"
#include "report/xlsx_table.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

// The month the documents are as at: the picker's period's last month.
Result<Period> as_at(const Ctx& ctx) {
  auto p = ctx.period();
  if (!p.ok()) return p.status();
  return Period::month(YearMonth::of(p->last()));
}

bool ends_quarter(const Period& month) {
  return month.fiscal_month() % 3 == 0;
}

// "2017-18": a financial year in a file name.
std::string year_part(const Period& month) {
  std::string y = month.fiscal_year().label();
  std::replace(y.begin(), y.end(), '/', '-');
  return y;
}

// "2017-18-M12": a month in a file name.
std::string file_part(const Period& month) {
  return fmt::format("{}-M{}", year_part(month), month.fiscal_month());
}

struct Documents {
  std::shared_ptr<const Snapshot> snapshot;
  StoreLease store;
  report::ReportContext rc;
};

Result<Documents> open_documents(Ctx& ctx, bool suppress) {
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  Documents d{*snap, std::move(*store), {}};
  d.rc.store = &*d.store;
  d.rc.snapshot = d.snapshot.get();
  d.rc.metrics = &ctx.app.config();
  d.rc.area = ctx.app.area();
  d.rc.suppress = suppress;
  d.rc.generated_on = Date::today_utc();
  return d;
}

Status reports_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardPapers, "the board documents"); !s.ok()) return s;
  auto at = as_at(ctx);
  if (!at.ok()) return at.status();
  const std::string pt = period_text(ctx);
  std::string body = fmt::format(
      "<p class=\"lead\">The board's documents as at <strong>{}</strong>, made from the data "
      "loaded when you download them. Choose another period above to change the month.</p>\n"
      "<ul class=\"documents\">\n"
      "<li><a href=\"{}\" download>The performance report, {} (HTML)</a>: the summary with RAG "
      "and SPC, admissions, delayed transfers, the headline metrics, population and the finance "
      "schedule. Small numbers suppressed: it is published.</li>\n",
      html_escape(report::as_at_label(*at)), href_attr("/reports/performance", pt),
      html_escape(report::as_at_label(*at)));
  if (ends_quarter(*at)) {
    body += fmt::format(
        "<li><a href=\"{}\" download>The quarterly pack, Q{} {} (HTML)</a>: the performance "
        "report's summary and finance, and each scheme's report for the quarter with its "
        "sign-off. Small numbers suppressed.</li>\n",
        href_attr("/reports/quarter-pack", pt), at->fiscal_quarter(),
        html_escape(at->fiscal_year().label()));
    if (may(ctx.user(), Capability::kReturn)) {
      body += fmt::format(
          "<li><a href=\"{}\" download>The return to NHS England, Q{} {} (XLSX)</a>: income and "
          "expenditure, the metrics and each scheme's narrative. A submission, not a "
          "publication: it carries the actual figures, unsuppressed; do not publish it.</li>\n",
          href_attr("/reports/bcf-return.xlsx", pt), at->fiscal_quarter(),
          html_escape(at->fiscal_year().label()));
    }
  } else {
    body +=
        "<li>The quarterly pack and the return to NHS England are made for the last month of a "
        "quarter (June, September, December or March): choose a quarter or one of those "
        "months.</li>\n";
  }
  body += "</ul>\n";
  PageOptions po;
  po.title = "Board documents";
  po.section = Section::kReports;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status performance(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardPapers, "the performance report"); !s.ok())
    return s;
  auto at = as_at(ctx);
  if (!at.ok()) return at.status();
  auto docs = open_documents(ctx, true);
  if (!docs.ok()) return docs.status();
  auto html = report::performance_report_html(docs->rc, *at);
  if (!html.ok()) return html.status();
  if (Status s = ctx.audit("download_report", "performance " + at->label()); !s.ok()) return s;
  send_file(ctx.res, std::move(*html), "text/html; charset=utf-8",
            "performance-report-" + file_part(*at) + ".html");
  return Status();
}

Status quarter_pack(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardPapers, "the quarterly pack"); !s.ok()) return s;
  auto at = as_at(ctx);
  if (!at.ok()) return at.status();
  if (!ends_quarter(*at))
    return Status::invalid_argument(fmt::format(
        "the quarterly pack is made for a quarter's last month: {} does not end a quarter",
        report::as_at_label(*at)));
  auto docs = open_documents(ctx, true);
  if (!docs.ok()) return docs.status();
  auto html = report::quarter_pack_html(docs->rc, *at);
  if (!html.ok()) return html.status();
  if (Status s = ctx.audit("download_report", "quarter-pack " + at->label()); !s.ok()) return s;
  send_file(ctx.res, std::move(*html), "text/html; charset=utf-8",
            fmt::format("quarterly-pack-{}-Q{}.html", year_part(*at), at->fiscal_quarter()));
  return Status();
}

Status bcf_return(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kReturn, "the return to NHS England"); !s.ok()) return s;
  auto at = as_at(ctx);
  if (!at.ok()) return at.status();
  auto docs = open_documents(ctx, false);
  if (!docs.ok()) return docs.status();
  auto bytes = report::xlsx_bytes(
      [&](const std::string& path) { return report::write_bcf_return(docs->rc, *at, path); });
  if (!bytes.ok()) return bytes.status();
  if (Status s = ctx.audit("download_report", "bcf-return " + at->label()); !s.ok()) return s;
  send_file(ctx.res, std::move(*bytes), kXlsxType,
            fmt::format("bcf-return-{}-Q{}.xlsx", year_part(*at), at->fiscal_quarter()));
  return Status();
}

}  // namespace

void add_report_pages(Router& r) {
  r.get("/reports", reports_page);
  r.get("/reports/performance", performance);
  r.get("/reports/quarter-pack", quarter_pack);
  r.get(R"(/reports/bcf-return\.xlsx)", bcf_return);
}

}  // namespace bc::web
