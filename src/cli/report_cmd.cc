// bettercare report performance | report quarter | scheme-report render | export bcf-return
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/report_context.h"
#include "core/file_checks.h"
#include "core/utf8.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "report/bcf_return.h"
#include "report/pdf.h"
#include "report/performance_report.h"
#include "report/quarter_pack.h"
#include "report/scheme_report_html.h"
#include "store/audit.h"

namespace bc::cli {
namespace {

namespace fs = std::filesystem;

struct ReportOpts {
  std::string period, quarter, out, pdf, area, commentary;
  bool unsuppressed = false;
  bool suppress = false;  // bcf-return: suppress small numbers in a copy to publish
};

// The files a command will write, checked before any work: each must be new
// or a regular file (core/file_checks.h). Checked again when written.
Status check_outputs(const ReportOpts& o) {
  return check_output_paths(o.out, o.pdf);
}

void add_output_options(CLI::App* cmd, ReportOpts& o) {
  cmd->add_option("--out", o.out, "Write the HTML document here (one self-contained file)");
  cmd->add_option("--pdf", o.pdf,
                  "Also print it to this PDF (needs Chromium: apt-get install chromium)");
  cmd->add_option("--area", o.area, "The area's name for the title, e.g. \"Southampton City\"");
  cmd->add_option("--commentary", o.commentary,
                  "A TOML file of commentary per metric and the highlight report's narrative "
                  "(docs/reports.md)");
  cmd->add_flag("--unsuppressed", o.unsuppressed,
                "Show counts of 1 to 7 people (not for publication; the document says so)");
}

// Writes the HTML (and the PDF) and records the export in the audit log.
int write_outputs(Store& store, const ReportOpts& o, const std::string& html,
                  const std::string& what) {
  std::string html_path = o.out;
  std::string tmp_dir;
  if (html_path.empty()) {  // only a PDF was asked for: print from a temporary file
    std::string tmpl = (fs::temp_directory_path() / "bettercare-report-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
      return fail(Status::io_error("cannot make a temporary directory"));
    tmp_dir = tmpl;
    html_path = (fs::path(tmp_dir) / "report.html").string();
  }
  if (Status s = report::write_file_atomically(html_path, html); !s.ok()) return fail(s);
  if (!o.out.empty()) std::cout << fmt::format("wrote {} ({} KiB)\n", o.out, html.size() / 1024);
  int code = kExitOk;
  if (!o.pdf.empty()) {
    show_progress("printing the PDF with Chromium...", false);
    Status s = report::html_to_pdf(html_path, o.pdf);
    show_progress(s.ok() ? "printed the PDF" : "PDF failed", true);
    if (!s.ok()) {
      code = fail(s);
    } else {
      std::error_code ec;
      std::cout << fmt::format("wrote {} ({} KiB)\n", o.pdf, fs::file_size(o.pdf, ec) / 1024);
    }
  }
  if (!tmp_dir.empty()) {
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
  }
  if (code == kExitOk) {
    std::string where = o.out.empty() ? o.pdf : o.out;
    if (Status s = audit_cli(store, "export_report",
                             what + (o.unsuppressed ? " (unsuppressed)" : "") + " -> " + where);
        !s.ok())
      return fail(s);
  }
  return code;
}

// A quarter given as --quarter.
Result<Period> quarter_option(const std::string& text) {
  auto q = Period::parse_quarter(text);
  if (!q.ok()) {
    return Status::invalid_argument(
        fmt::format("--quarter '{}': write a quarter such as 2017/18:Q4", text.substr(0, 40)));
  }
  return q;
}

// The month a quarter ends with: what a pack or a return is as at.
Period end_of(const Period& quarter) {
  return Period::month(quarter.fiscal_year(), quarter.fiscal_month());
}

Result<report::ReportContext> make_context(Store& store, const Snapshot& snap,
                                           const ReportOpts& o) {
  return make_report_context(store, snap, o.area, o.commentary, o.unsuppressed);
}

}  // namespace

Result<report::ReportContext> make_report_context(Store& store, const Snapshot& snap,
                                                  const std::string& area,
                                                  const std::string& commentary,
                                                  bool unsuppressed) {
  report::ReportContext ctx;
  ctx.store = &store;
  ctx.snapshot = &snap;
  ctx.metrics = &builtin_metric_config();
  if (area.size() > 200 || find_invalid_utf8(area) != std::string::npos ||
      std::any_of(area.begin(), area.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return Status::invalid_argument(
        "--area: give the area's name as plain text (UTF-8, one line, at most 200 bytes)");
  }
  ctx.area = area;
  ctx.suppress = !unsuppressed;
  ctx.generated_on = Date::today_utc();
  if (!commentary.empty()) {
    auto text = read_text_file(commentary, 1 << 20);
    if (!text.ok()) return text.status();
    auto c = report::parse_commentary(*text, commentary, *ctx.metrics);
    if (!c.ok()) return c.status();
    ctx.commentary = std::move(*c);
  }
  return ctx;
}

Status check_output_paths(const std::string& out, const std::string& pdf) {
  for (const std::string* path : {&out, &pdf}) {
    if (path->empty()) continue;
    if (Status s = check_output_path(*path); !s.ok()) return s;
  }
  return Status();
}

void add_scheme_report_render_command(CLI::App* scheme_report, Globals& g, Runner* run);

void add_report_command(CLI::App& app, Globals& g, Runner* run) {
  // `scheme-report render` belongs with the other renderers.
  // (main.cc registers scheme-report first.)
  for (CLI::App* sub :
       app.get_subcommands([](CLI::App* a) { return a->get_name() == "scheme-report"; }))
    add_scheme_report_render_command(sub, g, run);

  auto* cmd = app.add_subcommand(
      "report",
      "Board documents as self-contained HTML (and PDF): the performance report and the\n"
      "quarterly pack. See docs/reports.md.");
  cmd->require_subcommand(1);

  auto perf = std::make_shared<ReportOpts>();
  auto* p = cmd->add_subcommand(
      "performance",
      "The Better Care performance report as at a month: summary with RAG, admissions, top\n"
      "diagnoses, delayed transfers, headline metrics, population, finance, highlights.");
  p->add_option("--period", perf->period,
                "The month it is as at: 2017/18:M12 (figures are year to date), 2017/18 (= M12), "
                "2017/18:Q3 (= M9)")
      ->required();
  add_output_options(p, *perf);
  p->callback([&g, run, perf] {
    *run = [&g, perf] {
      if (perf->out.empty() && perf->pdf.empty())
        return fail(Status::invalid_argument("give --out FILE.html, --pdf FILE.pdf or both"));
      if (Status s = check_outputs(*perf); !s.ok()) return fail(s);
      auto at = Period::parse_month_end(perf->period);
      if (!at.ok()) return fail(at.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      auto ctx = make_context(**store, **snap, *perf);
      if (!ctx.ok()) return fail(ctx.status());
      auto html = report::performance_report_html(*ctx, *at);
      if (!html.ok()) return fail(html.status());
      return write_outputs(**store, *perf, *html, "performance report " + report::as_at_label(*at));
    };
  });

  auto pack = std::make_shared<ReportOpts>();
  auto* q = cmd->add_subcommand(
      "quarter",
      "The quarterly pack: cover, summary, every scheme's report, the performance report and\n"
      "the finance schedule at the quarter's end.");
  q->add_option("--quarter", pack->quarter, "The quarter, e.g. 2017/18:Q4")->required();
  add_output_options(q, *pack);
  q->callback([&g, run, pack] {
    *run = [&g, pack] {
      if (pack->out.empty() && pack->pdf.empty())
        return fail(Status::invalid_argument("give --out FILE.html, --pdf FILE.pdf or both"));
      if (Status s = check_outputs(*pack); !s.ok()) return fail(s);
      auto quarter = quarter_option(pack->quarter);
      if (!quarter.ok()) return fail(quarter.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      auto ctx = make_context(**store, **snap, *pack);
      if (!ctx.ok()) return fail(ctx.status());
      auto html = report::quarter_pack_html(*ctx, end_of(*quarter));
      if (!html.ok()) return fail(html.status());
      return write_outputs(**store, *pack, *html, "quarterly pack " + pack->quarter);
    };
  });
}

void add_scheme_report_render_command(CLI::App* scheme_report, Globals& g, Runner* run) {
  struct Opts {
    ReportOpts out;
    std::string scheme, quarter;
    int version = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = scheme_report->add_subcommand(
      "render",
      "Render a scheme's quarterly report as HTML (and PDF) in the seed's template, its\n"
      "financial performance filled from the ledger at the quarter's end.");
  cmd->add_option("--scheme", o->scheme, "The scheme's code, e.g. CAR")->required();
  cmd->add_option("--quarter", o->quarter, "The quarter, e.g. 2017/18:Q4")->required();
  cmd->add_option("--version", o->version, "An earlier version (default: the latest)");
  add_output_options(cmd, o->out);
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      if (o->out.out.empty() && o->out.pdf.empty())
        return fail(Status::invalid_argument("give --out FILE.html, --pdf FILE.pdf or both"));
      if (Status s = check_outputs(o->out); !s.ok()) return fail(s);
      auto quarter = quarter_option(o->quarter);
      if (!quarter.ok()) return fail(quarter.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      auto ctx = make_context(**store, **snap, o->out);
      if (!ctx.ok()) return fail(ctx.status());
      std::optional<int> version;
      if (o->version > 0) version = o->version;
      auto html = report::scheme_report_document(*ctx, o->scheme, *quarter, version);
      if (!html.ok()) return fail(html.status());
      return write_outputs(**store, o->out, *html, "scheme report " + o->scheme + " " + o->quarter);
    };
  });
}

void add_export_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand("export", "Files for other bodies: the quarterly BCF return.");
  cmd->require_subcommand(1);
  struct Opts {
    ReportOpts report;
    std::string quarter;
  };
  auto o = std::make_shared<Opts>();
  auto* ret = cmd->add_subcommand(
      "bcf-return",
      "The quarterly return to NHS England as an XLSX workbook: Cover, Income and Expenditure,\n"
      "Metrics and Narrative (docs/reports.md).");
  ret->add_option("--quarter", o->quarter, "The quarter, e.g. 2017/18:Q4")->required();
  ret->add_option("--out", o->report.out, "The workbook to write (.xlsx)")->required();
  ret->add_option("--area", o->report.area, "The Health and Wellbeing Board's area, for the cover");
  // A return is a submission to NHS England, not a publication: it carries
  // the actual figures unless a copy to publish is asked for.
  ret->add_flag("--suppress", o->report.suppress,
                "Suppress small numbers (1-7 shown as *, others rounded to 5), for a copy to "
                "publish; the return itself carries the actual figures");
  ret->add_flag("--unsuppressed", o->report.unsuppressed,
                "The actual figures (the default for a return; kept for scripts)");
  ret->callback([&g, run, o] {
    *run = [&g, o] {
      auto quarter = quarter_option(o->quarter);
      if (!quarter.ok()) return fail(quarter.status());
      if (Status s = check_output_path(o->report.out); !s.ok()) return fail(s);
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      if (o->report.suppress && o->report.unsuppressed)
        return fail(Status::invalid_argument("give --suppress or --unsuppressed, not both"));
      auto ctx = make_context(**store, **snap, o->report);
      if (!ctx.ok()) return fail(ctx.status());
      ctx->suppress = o->report.suppress;
      if (Status s = report::write_bcf_return(*ctx, end_of(*quarter), o->report.out); !s.ok())
        return fail(s);
      if (Status s =
              audit_cli(**store, "export_return",
                        "bcf-return " + o->quarter + (o->report.suppress ? "" : " (unsuppressed)") +
                            " -> " + o->report.out);
          !s.ok())
        return fail(s);
      std::error_code ec;
      std::cout << fmt::format("wrote {} ({} KiB)\n", o->report.out,
                               fs::file_size(o->report.out, ec) / 1024);
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
