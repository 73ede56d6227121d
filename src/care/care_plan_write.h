// Writing a person's care plan from a form (the web application, the CLI):
// drafting a version, agreeing it, recording a review, closing the plan.
//
// Every write is imported: the form becomes a small CSV of the import
// contract (care_plans.csv, care_plan_actions.csv, care_plan_reviews.csv)
// and goes through ingest's import_batch, so a typed plan obeys exactly
// the rules an imported one does (an agreed version is never edited; the
// review is due within the plan type's months; closing needs a date and a
// reason) and is recorded in the import history with who wrote it. On top
// of those rules, the workflow's own: a plan is agreed only with the
// person's consent recorded.
//
// Who may write (a clinician for people registered in their own cluster)
// is the caller's to decide, and the caller writes the audit entry.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "care/care_config.h"
#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

// The fields of a version a person edits: plain text, as typed.
struct PlanForm {
  std::string plan_type;  // "" for the first type of config/care.toml
  std::string accountable_name, accountable_role, accountable_org;
  std::string goals, contingency, consent_date, consent_recorded_by;
  struct Action {
    std::string action, who, by_date, status;  // status "" for planned
  };
  std::vector<Action> actions;  // rows with no action and no who are dropped
};

// A refusal, against the form's field it is about (a column of the
// import contract: "goals", "review_due", "closed_reason"; "actions" for
// an action's row, with its number in the message).
struct FieldError {
  std::string field, message;
};

struct WriteResult {
  std::string plan_id;
  int64_t version = 0;
  std::vector<FieldError> errors;  // empty when written
  bool ok() const { return errors.empty(); }
};

struct WriteContext {
  std::string actor;                   // recorded in the import history
  const CareConfig* config = nullptr;  // nullptr: CareConfig::builtin()
};

// Saves the form as the draft of the person's open plan: its draft is
// replaced, or, when its last version is agreed, the next version is a new
// draft; a person with no open plan gets a new plan, version 1.
Result<WriteResult> save_draft(Store& store, const WriteContext& w, int64_t nhs,
                               const PlanForm& form);

// Agrees the open plan's draft on `agreed`, its review due on `review_due`.
Result<WriteResult> agree_draft(Store& store, const WriteContext& w, int64_t nhs, Date agreed,
                                std::optional<Date> review_due);

// Records a review of the plan in force: continue, changed (its next
// version is drafted as a copy, to be edited and agreed) or closed (the
// plan is closed on the review's date for `reason`).
Result<WriteResult> record_review(Store& store, const WriteContext& w, int64_t nhs, Date on,
                                  const std::string& reviewed_by, const std::string& outcome,
                                  std::optional<Date> next_review_due, const std::string& reason);

// Closes the plan in force on `on` for `reason`.
Result<WriteResult> close_plan(Store& store, const WriteContext& w, int64_t nhs, Date on,
                               const std::string& reason);

}  // namespace bc
