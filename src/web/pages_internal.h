// What the page files (pages_*.cc) share: each group's route registration
// and the small helpers several pages use. Not part of the web module's
// contract with anything outside src/web.
//
// Thread safety: pure functions of their arguments and the request.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/period.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "governance/board_config.h"
#include "ingest/file_kind.h"
#include "programme/report_content.h"
#include "programme/scheme_report.h"
#include "report/chart.h"
#include "web/access.h"
#include "web/context.h"
#include "web/form_fields.h"
#include "web/router.h"
#include "web/tile.h"

namespace bc::web {

// Each page group registers its routes (pages.cc calls them all).
void add_metric_pages(Router& r, MetricCache* cache);   // /, /metrics/<id>[.csv]
void add_cluster_pages(Router& r, MetricCache* cache);  // /clusters, /clusters/<code>
void add_finance_pages(Router& r);                      // /finance, /finance/schemes/<code>
void add_scheme_pages(
    Router& r);                  // /schemes, /schemes/<code>/<yyyy-yy>/Q<n>[/form|edit|submit|step]
void add_data_pages(Router& r);  // /data
void add_person_pages(Router& r);  // /person
// /care-plans?nhs=, /care-plans/print, /care-plans/{draft,agree,review,close}
void add_care_plan_pages(Router& r);
void add_care_due_pages(Router& r);  // /clusters/<code>/care-plans
void add_mdt_pages(Router& r);       // /clusters/<code>/mdt
void add_spa_pages(Router& r);       // /clusters/<code>/spa[/refer|triage|contact]
void add_admin_pages(Router& r);     // /admin, /admin/users/<name>/{unlock,revoke}
void add_care_pages(Router& r);      // /clusters/<code>/register[.csv]
// /reports, /reports/performance, /reports/quarter-pack, /reports/bcf-return.xlsx
void add_report_pages(Router& r);
void add_cohort_pages(Router& r);  // /cohort (analysts, pseudonymised)
// /board, /board/<B>/meetings/<date>[/items/<n>|/attendance] (pages_board.cc)
void add_board_pages(Router& r);
// /board/<B>/actions[/<id>], /board/<B>/forward-plan (pages_board_tracker.cc)
void add_board_tracker_pages(Router& r);
void add_plan_pages(Router& r);  // /plan, /plan/<workstream> (pages_plan.cc)
// A GET form choosing the date a page is as at (?at=).
std::string as_at_form(const std::string& path, Date at);
void add_provider_pages(Router& r);  // /providers[/<code>] (pages_providers.cc)
// /incidents[/<id>[/report|/<step>]] (pages_incidents.cc, pages_incident_steps.cc)
void add_incident_pages(Router& r);

// The board named in a path (its id in config/boards.toml), or NotFound.
Result<const BoardDef*> board_in_path(const std::string& id);
// Keeps the boards' business (a board officer's edit): `csv`, one file of
// the kind, imported as a batch by the signed-in user with every import's
// checks (report/import_options.h), audited first as `action` on
// `subject`. A batch refused gives InvalidData with its problems, one per
// line; nothing is then changed.
Status import_board_edit(Ctx& ctx, FileKind kind, const std::string& csv, const std::string& action,
                         const std::string& subject);
// A board's name and the links of its pages (meetings, tracker, forward
// plan), for the top of each.
std::string board_links_html(const BoardDef& b);

// Cluster care's pieces of other pages (pages_care.cc): a cluster's
// registers' sizes and movement (suppressed when asked), for its
// dashboard; the frailty and risk distributions by cluster, each row
// suppressed as suppress_for says, for the overview; a person's scores
// (care/person_scores.h's JSON), for their record.
Result<std::string> register_counts_html(Ctx& ctx, const std::string& cluster, bool suppress);
Result<std::string> care_distributions_html(Ctx& ctx);
std::string person_scores_html(const nlohmann::json& scores);

// The metric page's comparison of clusters or practices per 1,000
// registered people, with its funnel plot (pages_funnel.cc); "" unless the
// query breaks a count down by cluster or practice alone. `head`: the
// query's headline rows.
std::string funnel_section(const Snapshot& snap, const MetricQuery& q,
                           const std::vector<MetricRow>& rows, const std::vector<MetricRow>& head);

// PermissionDenied naming what the role may not open, unless it may.
Status require(const Ctx& ctx, Capability c, std::string_view what);

// A query or form parameter, or `fallback` when absent or empty.
Result<std::string> param_or(const Ctx& ctx, const std::string& name, std::string fallback = "");

// A form field that may be long (a report's text), from the url-encoded
// body. nullopt when absent; InvalidArgument when over max_bytes.
Result<std::optional<std::string>> long_field(const Ctx& ctx, const std::string& name,
                                              size_t max_bytes);

// Redirects (303 See Other) to a path of this site after a successful POST.
void see_other(Ctx& ctx, const std::string& path);

// A metric row's value as metric_row_json writes it: "30946", "5.4321",
// "*" (suppressed) or "null".
std::string json_value_text(const MetricRow& row);

// The twelve months ending with the period's last month (a sparkline's
// span): "R12:2018-03".
Period twelve_months_to(const Period& p);

// A metric's monthly values over a period (by month; restricted to a
// cluster when given), suppressed months missing; with the month labels.
Result<Trend> metric_trend(MetricCache& cache, const std::shared_ptr<const Snapshot>& snap,
                           const MetricConfig& cfg, const MetricDef& m, const Period& p,
                           const std::optional<std::string>& cluster, bool suppress, bool compare);

// A metric's SPC figure (report/spc_chart.h) over the 24 months to the
// period's last month, for the whole area or a cluster, suppressed as the
// page is; evaluated through the cache. `id` keeps the figure's ids unique.
Result<std::string> spc_figure(MetricCache& cache, const std::shared_ptr<const Snapshot>& snap,
                               const MetricConfig& cfg, const MetricDef& m, const Period& p,
                               const std::optional<std::string>& cluster, bool suppress,
                               const std::string& id);

// Tiles and their trends: web/tile.h.
// The notes under a figure: what is missing (no RAG then), local monitoring,
// provisional outcomes, the confidence interval, a fallback population.
std::string metric_notes_html(const MetricRow& r);

// The scheme report's editors (pages_scheme_form.cc). The plain form is
// the FormState `kSchemeForm`, its fields named as in a report file
// ("aims", "finance.reasons", "indicators.2.metric" for the second row's).
extern const char* const kSchemeForm;
// The form holding c, with empty rows to add to each list.
FormState scheme_form_of(const SchemeReportContent& c);
// The form as posted (InvalidArgument for a field over its limit, or more
// rows than a report may have).
Result<FormState> read_scheme_form(const Ctx& ctx);
// The content the form holds, or nullopt with each refusal recorded by
// field in st (blank rows are left out; a metric must be one of cfg's).
std::optional<SchemeReportContent> scheme_content_of(FormState& st, const MetricConfig& cfg);
// Records, in st, each field submission needs that c leaves empty.
void mark_missing_for_submission(FormState& st, const SchemeReportContent& c);
// The fields st refuses with their labels, in the form's order, for
// error_summary_html.
FieldLabels scheme_form_labels(const FormState& st);
// The plain form, posting to `action`.
std::string scheme_form_html(const Ctx& ctx, const std::string& action, const std::string& pt,
                             const FormState& st, const MetricConfig& cfg);
// The text form for importing a report file, posting to `action`, folded
// away under the plain form; it holds rep's source text (nullptr, or none:
// a blank TOML file for the scheme and quarter).
std::string scheme_import_form(const Ctx& ctx, const std::string& action, const std::string& pt,
                               const SchemeReportVersion* rep, const std::string& scheme,
                               const std::string& quarter);

// "2017-18/Q4" in a URL <-> "2017/18:Q4" in the programme.
std::string quarter_url_part(const std::string& quarter);

}  // namespace bc::web
