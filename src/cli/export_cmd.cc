// bettercare export bcf-return
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "report/bcf_return.h"
#include "report/performance_report.h"
#include "store/audit.h"

namespace bc::cli {

void add_export_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand("export", "Files for other bodies: the quarterly BCF return.");
  cmd->require_subcommand(1);
  struct Opts {
    std::string quarter, out, area;
    bool unsuppressed = false;
  };
  auto o = std::make_shared<Opts>();
  auto* ret = cmd->add_subcommand(
      "bcf-return",
      "The quarterly return to NHS England as an XLSX workbook: Cover, Income and Expenditure,\n"
      "Metrics and Narrative (docs/reports.md).");
  ret->add_option("--quarter", o->quarter, "The quarter, e.g. 2017/18:Q4")->required();
  ret->add_option("--out", o->out, "The workbook to write (.xlsx)")->required();
  ret->add_option("--area", o->area, "The Health and Wellbeing Board's area, for the cover");
  ret->add_flag("--unsuppressed", o->unsuppressed,
                "Show counts of 1 to 7 people (not for publication)");
  ret->callback([&g, run, o] {
    *run = [&g, o] {
      auto at = report::ReportMonth::parse(o->quarter);
      if (!at.ok() || o->quarter.find(":Q") == std::string::npos) {
        return fail(Status::invalid_argument(fmt::format(
            "--quarter '{}': write a quarter such as 2017/18:Q4", o->quarter.substr(0, 40))));
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = build_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      report::ReportContext ctx;
      ctx.store = store->get();
      ctx.snapshot = snap->get();
      ctx.metrics = &builtin_metric_config();
      ctx.area = o->area;
      ctx.suppress = !o->unsuppressed;
      ctx.generated_on = Date::today_utc();
      if (Status s = report::write_bcf_return(ctx, *at, o->out); !s.ok()) return fail(s);
      if (Status s = append_audit(**store, current_user(), "export_return",
                                  "bcf-return " + o->quarter + " -> " + o->out, "cli");
          !s.ok())
        return fail(s);
      std::error_code ec;
      std::cout << fmt::format("wrote {} ({} KiB)\n", o->out,
                               std::filesystem::file_size(o->out, ec) / 1024);
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
