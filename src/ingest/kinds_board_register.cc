// The boards' standing records (DATA_FORMATS.md version 2, "Governance",
// and bettercare's interests.csv): the annual register of interests and
// the action tracker. The column tables, then the checks they cannot say
// (kinds.h); the meetings they name are kinds_governance.cc's.
#include <fmt/format.h>

#include "ingest/governance_importer.h"

namespace bc::ingest {
namespace {

using namespace governance;  // NOLINT: the governance kinds' shared parts

constexpr std::string_view kInterestCategories[] = {"financial", "non_financial_professional",
                                                    "non_financial_personal", "indirect", "none"};
constexpr std::string_view kActionStatuses[] = {"open", "complete", "forward_plan", "unconfirmed"};

constexpr ColumnSpec kInterestCols[] = {
    {.name = "interest_id", .required = true, .type = G::kId, .store = "interest_id", .key = true},
    {.name = "board", .required = true, .type = G::kId, .store = "board"},
    {.name = "member_id", .required = true, .type = G::kId, .store = "member_id"},
    {.name = "year", .required = true, .type = G::kFinancialYear, .store = "year"},
    {.name = "category",
     .required = true,
     .type = G::kChoice,
     .store = "category",
     .choices = kInterestCategories},
    {.name = "interest",
     .required = true,
     .type = G::kText,
     .store = "interest",
     .max_chars = 1000},
    {.name = "declared_date",
     .required = true,
     .type = G::kDate,
     .store = "declared_date",
     .dates_row = true},
};

constexpr ColumnSpec kActionCols[] = {
    {.name = "action_id", .required = true, .type = G::kId, .store = "action_id", .key = true},
    {.name = "board", .required = true, .type = G::kId, .store = "board"},
    {.name = "meeting_date",
     .required = true,
     .type = G::kDate,
     .store = "meeting_date",
     .dates_row = true},
    {.name = "item", .type = G::kCustom, .store = "item"},
    {.name = "subject", .required = true, .type = G::kText, .store = "subject", .max_chars = 300},
    {.name = "action", .required = true, .type = G::kText, .store = "action", .max_chars = 2000},
    {.name = "lead", .required = true, .type = G::kText, .store = "lead"},
    {.name = "deadline", .required = true, .type = G::kCustom, .store = "deadline"},
    {.name = "progress", .type = G::kText, .store = "progress", .max_chars = 2000},
    {.name = "status",
     .required = true,
     .type = G::kChoice,
     .store = "status",
     .choices = kActionStatuses},
};

// An entry of the register names a member of the board.
class InterestsImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kInterestCols, "board");
  static constexpr int kMember = column_index(kInterestCols, "member_id");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  void rules(Row& r) override { member_exists(r, kBoard, kMember); }
};

// An action comes from a meeting of its board; its deadline is not before
// that meeting. Each import of an action is kept in its history.
class ActionsImporter : public GovernanceImporter {
  static constexpr int kId = column_index(kActionCols, "action_id");
  static constexpr int kBoard = column_index(kActionCols, "board");
  static constexpr int kDate = column_index(kActionCols, "meeting_date");
  static constexpr int kDeadline = column_index(kActionCols, "deadline");
  static constexpr int kProgress = column_index(kActionCols, "progress");
  static constexpr int kStatus = column_index(kActionCols, "status");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  Status prepare_more(FileContext& f) override {
    return prepare_into(
        f,
        "INSERT INTO board_action_history (action_id, batch_id, deadline, progress, "
        "status) VALUES (?, ?, ?, ?, ?)",
        &history_);
  }

  void rules(Row& r) override {
    meeting_exists(r, kBoard, kDate);
    if (r.has(kDate) && r.has(kDeadline) && r.as<Date>(kDeadline) < r.as<Date>(kDate)) {
      r.error(kDeadline,
              fmt::format("before the meeting that set the action ({})", r.as<Date>(kDate).iso()));
    }
  }

  void after_write(Row& r) override {
    history_.bind(1, r.text_of(kId)).bind(2, r.file().batch_id());
    history_.bind(3, r.as<Date>(kDeadline).iso());
    if (r.empty(kProgress))
      history_.bind_null(4);
    else
      history_.bind(4, r.text_of(kProgress));
    history_.bind(5, r.text_of(kStatus));
    r.run(history_, kId, "the action's history");
  }

 private:
  Stmt history_;
};

}  // namespace

std::span<const ColumnSpec> board_register_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kInterests:
      return kInterestCols;
    case FileKind::kActions:
      return kActionCols;
    default:
      return {};
  }
}

std::unique_ptr<KindImporter> make_board_register_importer(FileKind kind,
                                                           const ImportOptions& options) {
  switch (kind) {
    case FileKind::kInterests:
      return std::make_unique<InterestsImporter>(options.boards);
    case FileKind::kActions:
      return std::make_unique<ActionsImporter>(options.boards);
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
