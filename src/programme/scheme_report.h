// Scheme quarterly reports in the store: versions and the sign-off workflow.
//
// A scheme lead writes one report per scheme and quarter (content:
// report_content.h). It is a draft until submitted; then the Joint
// Commissioning Board (JCB) receives and signs it off, and after it the
// Health and Wellbeing Board (HWB):
//
//   draft -submit-> submitted -jcb_receive-> received_by_jcb
//     -jcb_sign_off-> signed_off_by_jcb -hwb_receive-> received_by_hwb
//     -hwb_sign_off-> signed_off_by_hwb
//
// What is promised:
// - A report that has left draft never changes: setting new content makes
//   the next version, a new draft, and leaves the old one exactly as it
//   was. A draft is edited in place. Setting identical content writes
//   nothing. The store's triggers refuse to change a non-draft version's
//   content and to update or delete versions' history, whatever the caller.
// - Steps apply to the latest version only, one at a time in the order
//   above, each dated no later than today (UTC) and no earlier than the step
//   before it, each with who recorded it. Every change is one transaction:
//   a refused step leaves the store as it was.
// - Submission needs report_author, report_date, aims, evidence and
//   priorities.
// - A report's quarter is a Period of kind kQuarter (Period::quarter, or
//   Period::parse_quarter for what people type: "2017/18:Q4"), stored by its
//   label; any other kind of period is InvalidArgument.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/period.h"
#include "core/status.h"
#include "programme/report_content.h"
#include "store/store.h"

namespace bc {

enum class ReportState {
  kDraft,
  kSubmitted,
  kReceivedByJcb,
  kSignedOffByJcb,
  kReceivedByHwb,
  kSignedOffByHwb,
};
enum class ReportStep {
  kSubmit,
  kJcbReceive,
  kJcbSignOff,
  kHwbReceive,
  kHwbSignOff,
};

// Every state and step, in workflow order.
const std::vector<ReportState>& all_report_states();
const std::vector<ReportStep>& all_report_steps();

// "draft", "submitted", "received_by_jcb" ... as stored.
std::string_view state_name(ReportState s);
// Plain words: "signed off by the JCB".
std::string_view state_description(ReportState s);
Result<ReportState> parse_state(std::string_view name);
// Plain words: "Signed off by the Joint Commissioning Board".
std::string_view step_description(ReportStep s);
// "submit", "jcb_receive", "jcb_sign_off" ... as stored.
std::string_view step_name(ReportStep s);
// "submit", "jcb-receive", "jcb-sign-off" ...: how messages name a step.
std::string_view step_label(ReportStep s);
// Accepts step_name or step_label, case-insensitively.
Result<ReportStep> parse_step(std::string_view text);
// The state a step leads to, and the step that leads out of a state
// (nullopt when fully signed off).
ReportState state_after(ReportStep s);
std::optional<ReportStep> next_step(ReportState s);

struct ReportStepRecord {
  ReportStep step = ReportStep::kSubmit;
  Date on;                  // the date the step happened
  std::string by;           // who recorded it
  std::string note;         // may be empty
  std::string recorded_at;  // UTC, YYYY-MM-DDTHH:MM:SSZ
  bool operator==(const ReportStepRecord&) const = default;
};

struct SchemeReportVersion {
  int64_t id = 0;
  std::string scheme;   // e.g. "CAR"
  std::string quarter;  // e.g. "2017/18:Q4"
  int version = 1;
  int latest_version = 1;  // of this scheme and quarter
  ReportState state = ReportState::kDraft;
  SchemeReportContent content;
  std::string source;         // the text of the file it was set from
  std::string source_format;  // "toml" or "markdown"
  std::string created_at, created_by, updated_at, updated_by;
  std::vector<ReportStepRecord> steps;  // in workflow order
  // From schemes.csv: the defaults for the header.
  std::string scheme_name, host;
  std::string scheme_pooled_budget_manager;  // empty when schemes.csv has none

  // The date of a step, if it has happened.
  std::optional<Date> date_of(ReportStep s) const;
  // The content's pooled budget manager, else the scheme's.
  std::string pooled_budget_manager() const;
};

struct SetResult {
  enum What { kCreated, kUpdated, kNewVersion, kUnchanged };
  int version = 1;  // the version now holding the content
  What what = kUnchanged;
  // For kNewVersion: the state of the version that could not change.
  ReportState previous_state = ReportState::kDraft;
};

// Sets the content of the report for a scheme and quarter (see above for
// what that does in each state). The content is normalised first;
// source_text is what the lead wrote, kept beside it; format is "toml" or
// "markdown". NotFound for an unknown scheme (the message lists the codes),
// InvalidArgument for a period that is not a quarter.
Result<SetResult> set_scheme_report(Store& store, const std::string& scheme, const Period& quarter,
                                    const SchemeReportContent& content,
                                    std::string_view source_text, std::string_view format,
                                    const std::string& actor);

// Parses a report file (parse_scheme_report_file), checks that its own
// `scheme` and `quarter` keys, if any, name this report, and sets it.
Result<SetResult> set_scheme_report_from_file(Store& store, const std::string& scheme,
                                              const Period& quarter, std::string_view text,
                                              std::string_view file_name, const std::string& actor);

// Records a step on the latest version. InvalidData when the step is not the
// next one, the date is in the future or before the previous step, or (for
// submit) fields are missing; InvalidArgument for an empty `by`.
Result<SchemeReportVersion> advance_scheme_report(Store& store, const std::string& scheme,
                                                  const Period& quarter, ReportStep step, Date on,
                                                  const std::string& by, const std::string& note);

// The same inside a transaction the caller holds (an import's, when a
// board's decision records the step: programme/board_sign_off.h); it
// neither begins nor commits one.
Result<SchemeReportVersion> advance_scheme_report_in_transaction(
    Store& store, const std::string& scheme, const Period& quarter, ReportStep step, Date on,
    const std::string& by, const std::string& note);

// One version (the latest by default). NotFound when there is none.
Result<SchemeReportVersion> get_scheme_report(Store& store, const std::string& scheme,
                                              const Period& quarter,
                                              std::optional<int> version = std::nullopt);
// Every version with its steps, oldest first. NotFound when there is none.
Result<std::vector<SchemeReportVersion>> scheme_report_history(Store& store,
                                                               const std::string& scheme,
                                                               const Period& quarter);
// The latest version of every report, optionally of one quarter and/or one
// scheme, by quarter then scheme code.
Result<std::vector<SchemeReportVersion>> list_scheme_reports(
    Store& store, const std::optional<Period>& quarter, const std::optional<std::string>& scheme);

}  // namespace bc
