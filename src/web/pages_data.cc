// The data page: what has been imported (every batch and file) and how good
// the data is (per source: the latest load, how far it reaches, duplicates
// skipped, rows whose NHS number is not in the persons register). Analysts
// see the unlinked NHS numbers pseudonymised; an admin sees only how many.
#include <fmt/format.h>

#include "ingest/import_history.h"
#include "present/html_escape.h"
#include "present/number_format.h"
#include "report/html.h"
#include "web/layout.h"
#include "web/pages_internal.h"
#include "web/person_access.h"

namespace bc::web {
namespace {

using present::format_thousands;
using present::html_escape;

constexpr int kUnlinkedShown = 200;

std::string opt_count(const std::optional<int64_t>& v) {
  return v ? format_thousands(*v) : "-";
}

// "2017-04-01".."2018-03-31" as one cell.
std::string date_range(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a && !b) return "-";
  if (a == b) return html_escape(a.value_or(""));
  return html_escape(a.value_or("?")) + " to " + html_escape(b.value_or("?"));
}

Status data_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kDataQuality, "the data page"); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto quality = data_quality(**store);
  if (!quality.ok()) return quality.status();
  auto imports = list_imports(**store);
  if (!imports.ok()) return imports.status();
  const User& u = ctx.user();

  std::string body =
      "<p class=\"lead\">What has been loaded, and how good it is. Every figure in bettercare "
      "is computed from these imports.</p>\n";

  // Data quality by source.
  body += "<section><h2>Data quality by source</h2>\n";
  if (quality->sources.empty()) {
    body += "<p class=\"muted\">Nothing has been imported yet.</p>\n";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Data "
        "quality\"><table class=\"data quality\"><thead><tr><th "
        "scope=\"col\">Source</th><th scope=\"col\">Latest loaded</th><th scope=\"col\">Latest "
        "batch</th><th class=\"num\" scope=\"col\">Rows read</th><th class=\"num\" "
        "scope=\"col\">Inserted</th><th class=\"num\" scope=\"col\">Replaced</th><th class=\"num\" "
        "scope=\"col\">Skipped as duplicates</th><th class=\"num\" scope=\"col\">Rows in the "
        "store</th><th class=\"num\" scope=\"col\">Unlinked rows</th></tr></thead><tbody>\n";
    for (const SourceQuality& s : quality->sources) {
      body += fmt::format(
          "<tr data-kind=\"{}\"><td>{}</td><td data-field=\"last_date\">{}</td><td>{} <span "
          "class=\"note\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\" data-field=\"skipped\">{}{}</td><td "
          "class=\"num\">{}</td><td class=\"num\" data-field=\"unlinked\">{}</td></tr>\n",
          html_escape(s.kind), html_escape(s.kind), html_escape(s.last_date.value_or("-")),
          s.latest_batch, html_escape(s.latest_imported_at), format_thousands(s.rows_read),
          format_thousands(s.inserted), format_thousands(s.replaced), format_thousands(s.skipped),
          s.skipped != 0 ? " <span class=\"badge warn\">check</span>" : "",
          format_thousands(s.rows_in_store), opt_count(s.unlinked));
    }
    body += "</tbody></table></div>\n";
    body +=
        "<p class=\"note\">Latest loaded: the latest date (or month, or financial year) any "
        "import loaded for the source. Unlinked rows: activity whose NHS number is not in the "
        "persons register today; it counts in city-wide figures but in no practice, cluster or "
        "age band.</p>\n";
  }
  body += "</section>\n";

  // Rows rejected.
  body +=
      "<section><h2>Rows rejected</h2>\n<p>Imports are all-or-nothing: when any row of a batch "
      "breaks the data contract (a malformed field, an invalid NHS number, an impossible date, "
      "a duplicate record) the whole batch is refused with every problem listed to whoever ran "
      "<code>bettercare import</code>, and a refused batch changes nothing in the store. So no "
      "rejected rows are ever kept: every row read by a committed batch below was either "
      "inserted, replaced an earlier version of the same record, or was skipped as a duplicate "
      "(shown per file).</p>\n</section>\n";

  // Unlinked NHS numbers.
  body += "<section><h2>Unlinked NHS numbers</h2>\n";
  body += fmt::format(
      "<p><strong data-field=\"unlinked_people\">{}</strong> distinct NHS numbers have activity "
      "but are not in the persons register (<span data-field=\"unlinked_rows\">{}</span> "
      "rows).</p>\n",
      format_thousands(quality->unlinked_people), format_thousands(quality->unlinked_rows));
  if (sees_pseudonyms(u) && quality->unlinked_people > 0) {
    auto numbers = unlinked_pseudonyms(ctx, kUnlinkedShown);
    if (!numbers.ok()) return numbers.status();
    if (Status s =
            ctx.audit("view_unlinked_pseudonymised", fmt::format("{} pseudonyms", numbers->size()));
        !s.ok())
      return s;
    body += fmt::format(
        "<p class=\"note\">Pseudonymised (the same person always has the same pseudonym){}:</p>"
        "<ul class=\"inline-list pseudonyms\">",
        static_cast<int64_t>(numbers->size()) < quality->unlinked_people
            ? fmt::format("; the first {} of {}", numbers->size(),
                          format_thousands(quality->unlinked_people))
            : "");
    for (const std::string& pseudonym : *numbers) {
      body += "<li><code>" + html_escape(pseudonym) + "</code></li>";
    }
    body += "</ul>\n";
  } else if (quality->unlinked_people > 0) {
    body += "<p class=\"note\">Only analysts see them, and only pseudonymised.</p>\n";
  }
  body += "</section>\n";

  // The import history, newest first.
  body += "<section><h2>Import history</h2>\n";
  if (imports->empty()) body += "<p class=\"muted\">No imports yet.</p>\n";
  for (auto it = imports->rbegin(); it != imports->rend(); ++it) {
    const ImportBatchRecord& b = *it;
    body += fmt::format(
        "<h3 id=\"batch-{0}\">Batch {0}</h3><p class=\"note\">Imported {1} by {2} (bettercare "
        "{3}): {4} rows read, {5} inserted, {6} replaced.</p>\n",
        b.batch_id, html_escape(b.imported_at), html_escape(b.imported_by),
        html_escape(b.bettercare_version), format_thousands(b.rows_read),
        format_thousands(b.inserted), format_thousands(b.replaced));
    body += fmt::format(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Files of import "
        "{0}\"><table class=\"data files\" data-batch=\"{0}\"><thead><tr><th "
        "scope=\"col\">File</th><th scope=\"col\">Kind</th><th scope=\"col\">Dates</th><th "
        "class=\"num\" scope=\"col\">Rows read</th><th class=\"num\" "
        "scope=\"col\">Inserted</th><th class=\"num\" scope=\"col\">Replaced</th><th class=\"num\" "
        "scope=\"col\">Skipped as duplicates</th><th class=\"num\" scope=\"col\">Unlinked at "
        "import</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>\n",
        b.batch_id);
    for (const ImportFileRecord& f : b.files) {
      int64_t skipped = f.rows_read - f.inserted - f.replaced;
      body += fmt::format(
          "<tr data-kind=\"{}\"><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td><code title=\"{}\">{}</code></td></tr>\n",
          html_escape(f.kind), html_escape(f.path), html_escape(f.kind),
          date_range(f.first_date, f.last_date), format_thousands(f.rows_read),
          format_thousands(f.inserted), format_thousands(f.replaced), format_thousands(skipped),
          opt_count(f.unlinked), html_escape(f.sha256), html_escape(f.sha256.substr(0, 12)));
    }
    body += "</tbody></table></div>\n";
    // The FHIR files those were made from, as read.
    for (const ImportSource& f : b.sources) {
      body += fmt::format(
          "<p class=\"note source\" data-batch=\"{}\">Made from {} ({}, {} resource{}, {} bytes), "
          "SHA-256 <code>{}</code>.</p>\n",
          b.batch_id, html_escape(f.path), f.format == "fhir" ? "FHIR" : html_escape(f.format),
          format_thousands(f.resources), f.resources == 1 ? "" : "s", format_thousands(f.bytes),
          html_escape(f.sha256));
    }
  }
  body += "</section>\n";

  PageOptions po;
  po.period_picker = false;  // nothing here depends on a period
  po.title = "Data";
  po.section = Section::kData;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_data_pages(Router& r) {
  r.get("/data", data_page);
}

}  // namespace bc::web
