// The boards' business (DATA_FORMATS.md version 2, "Governance"): board
// members, meetings, agenda items, attendance and declarations of
// interest. The column tables, then the checks they cannot say (kinds.h);
// the register of interests and the action tracker are
// kinds_board_register.cc's.
//
// The kinds load in that order, so each may name what an earlier one
// loaded, in the store or in this batch: a meeting's chair is a member of
// its board, an agenda item's meeting exists, an attendance's member
// belongs to the board on the day, a declaration's item is on the agenda.
// A board is an id of config/boards.toml (ImportOptions::boards).
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ingest/governance_importer.h"

namespace bc::ingest {
namespace {

using namespace governance;  // NOLINT: the governance kinds' shared parts

constexpr std::string_view kMemberRoles[] = {"member", "deputy", "in_attendance", "officer"};
constexpr std::string_view kMeetingStatuses[] = {"scheduled", "held", "cancelled"};
constexpr std::string_view kItemTypes[] = {"decision", "discussion", "information"};
constexpr std::string_view kOutcomes[] = {"agreed", "agreed_with_changes", "deferred",
                                          "referred_back", "noted"};
constexpr std::string_view kAttachments[] = {"minutes", "performance_report", "finance_schedule",
                                             "scheme_reports"};
constexpr std::string_view kAttended[] = {"present", "apologies", "absent"};

constexpr ColumnSpec kBoardMemberCols[] = {
    {.name = "board", .required = true, .type = G::kId, .store = "board", .key = true},
    {.name = "member_id", .required = true, .type = G::kId, .store = "member_id", .key = true},
    {.name = "name", .required = true, .type = G::kText, .store = "name"},
    {.name = "partner_code", .required = true, .type = G::kId, .store = "partner_code"},
    {.name = "role",
     .required = true,
     .type = G::kChoice,
     .store = "role",
     .choices = kMemberRoles},
    {.name = "deputy_for", .type = G::kId, .store = "deputy_for"},
    {.name = "title", .type = G::kText, .store = "title"},
    {.name = "from_date",
     .required = true,
     .type = G::kDate,
     .store = "from_date",
     .dates_row = true},
    {.name = "to_date", .type = G::kDate, .store = "to_date"},
};

constexpr ColumnSpec kMeetingCols[] = {
    {.name = "board", .required = true, .type = G::kId, .store = "board", .key = true},
    {.name = "meeting_date",
     .required = true,
     .type = G::kDate,
     .store = "meeting_date",
     .key = true,
     .dates_row = true},
    {.name = "start_time", .type = G::kCustom, .store = "start_time"},
    {.name = "location", .type = G::kText, .store = "location"},
    {.name = "status",
     .required = true,
     .type = G::kChoice,
     .store = "status",
     .choices = kMeetingStatuses},
    {.name = "chair", .type = G::kId, .store = "chair"},
};

constexpr Reference kSchemeRef = {"schemes", "scheme_code", "scheme"};

constexpr ColumnSpec kAgendaCols[] = {
    {.name = "board", .required = true, .type = G::kId, .store = "board", .key = true},
    {.name = "meeting_date",
     .required = true,
     .type = G::kDate,
     .store = "meeting_date",
     .key = true,
     .dates_row = true},
    {.name = "item", .required = true, .type = G::kCustom, .store = "item", .key = true},
    {.name = "title", .required = true, .type = G::kText, .store = "title", .max_chars = 300},
    {.name = "type", .required = true, .type = G::kChoice, .store = "type", .choices = kItemTypes},
    {.name = "key_decision",
     .required = true,
     .type = G::kChoice,
     .store = "key_decision",
     .choices = kYN},
    {.name = "part2", .required = true, .type = G::kChoice, .store = "part2", .choices = kYN},
    {.name = "exemption", .type = G::kText, .store = "exemption", .max_chars = 300},
    {.name = "published_date", .type = G::kDate, .store = "published_date"},
    {.name = "forward_plan_date", .type = G::kDate, .store = "forward_plan_date"},
    {.name = "outcome", .type = G::kChoice, .store = "outcome", .choices = kOutcomes},
    {.name = "lead", .type = G::kText, .store = "lead"},
    {.name = "paper", .type = G::kText, .store = "paper", .max_chars = 300},
    {.name = "author", .type = G::kText, .store = "author"},
    {.name = "minute", .type = G::kText, .store = "minute", .max_chars = 20000},
    {.name = "attachment", .type = G::kChoice, .store = "attachment", .choices = kAttachments},
    {.name = "scheme_code", .type = G::kId, .store = "scheme_code", .reference = &kSchemeRef},
    {.name = "report_quarter", .type = G::kCustom, .store = "report_quarter"},
};

constexpr ColumnSpec kAttendanceCols[] = {
    {.name = "board", .required = true, .type = G::kId, .store = "board", .key = true},
    {.name = "meeting_date",
     .required = true,
     .type = G::kDate,
     .store = "meeting_date",
     .key = true,
     .dates_row = true},
    {.name = "member_id", .required = true, .type = G::kId, .store = "member_id", .key = true},
    {.name = "attended",
     .required = true,
     .type = G::kChoice,
     .store = "attended",
     .choices = kAttended},
};

constexpr ColumnSpec kDeclarationCols[] = {
    {.name = "board", .required = true, .type = G::kId, .store = "board", .key = true},
    {.name = "meeting_date",
     .required = true,
     .type = G::kDate,
     .store = "meeting_date",
     .key = true,
     .dates_row = true},
    {.name = "item", .required = true, .type = G::kCustom, .store = "item", .key = true},
    {.name = "member_id", .required = true, .type = G::kId, .store = "member_id", .key = true},
    {.name = "interest",
     .required = true,
     .type = G::kText,
     .store = "interest",
     .max_chars = 1000},
    {.name = "prejudicial",
     .required = true,
     .type = G::kChoice,
     .store = "prejudicial",
     .choices = kYN},
};

// A member's partner is a partner or a provider (a steering board has the
// providers at its table); a deputy stands in for a voting member of the
// same board (checked once the file is read, so either may come first);
// only a deputy names one; a term ends on or after it starts.
class BoardMembersImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kBoardMemberCols, "board");
  static constexpr int kMember = column_index(kBoardMemberCols, "member_id");
  static constexpr int kPartner = column_index(kBoardMemberCols, "partner_code");
  static constexpr int kRole = column_index(kBoardMemberCols, "role");
  static constexpr int kDeputyFor = column_index(kBoardMemberCols, "deputy_for");
  static constexpr int kFrom = column_index(kBoardMemberCols, "from_date");
  static constexpr int kTo = column_index(kBoardMemberCols, "to_date");

 public:
  using GovernanceImporter::GovernanceImporter;

  void finish(FileContext& f) override {
    for (const auto& [key, deputy] : deputies_) {
      const auto& [board, deputy_for] = key;
      lookup_.bind(1, board).bind(2, deputy_for);
      Status s;
      const bool found = lookup_.step(&s);
      const std::string role = found ? lookup_.text(0) : "";
      lookup_.reset();
      if (!s.ok()) return f.sink().store_failed(s);
      if (found && role == "member") continue;
      f.sink().error(Problem{
          f.path(), deputy.second, "deputy_for", deputy_for,
          found ? fmt::format("{} is not a voting member of {} (their role is {}): a deputy "
                              "stands in for a member",
                              deputy_for, board, role)
                : fmt::format("no member {} of {} (board_members.csv, in the store or in this "
                              "batch)",
                              deputy_for, board)});
    }
  }

 protected:
  Status prepare_more(FileContext& f) override {
    return prepare_into(f, "SELECT role FROM board_members WHERE board = ? AND member_id = ?",
                        &lookup_);
  }

  void check(Row& r, int col) override {
    GovernanceImporter::check(r, col);
    if (col != kPartner) return;
    const std::string code(r.text_of(kPartner));
    if (r.file().codes("partners", "partner_code").count(code) == 0 &&
        r.file().codes("providers", "provider_code").count(code) == 0) {
      r.error(kPartner,
              "no such partner or provider (it must be in partners.csv or providers.csv, in the "
              "store or in this batch)");
    }
  }

  void rules(Row& r) override {
    const bool deputy = r.has(kRole) && r.text_of(kRole) == "deputy";
    if (deputy && r.empty(kDeputyFor)) {
      r.error(kDeputyFor, "required for a deputy: the member_id of the member they stand in for");
    }
    if (r.has(kRole) && !deputy && !r.empty(kDeputyFor)) {
      r.error(kDeputyFor, "only a deputy stands in for a member (the role is not deputy)");
    }
    if (deputy && r.has(kMember) && r.has(kDeputyFor) &&
        r.text_of(kMember) == r.text_of(kDeputyFor)) {
      r.error(kDeputyFor, "a member cannot deputise for themselves");
    }
    if (r.has(kFrom) && r.has(kTo) && r.as<Date>(kTo) < r.as<Date>(kFrom)) {
      r.error(kTo, fmt::format("the term ends before it starts ({})", r.as<Date>(kFrom).iso()));
    }
  }

  void after_write(Row& r) override {
    if (r.text_of(kRole) != "deputy") return;
    deputies_[{std::string(r.text_of(kBoard)), std::string(r.text_of(kDeputyFor))}] = {
        std::string(r.text_of(kMember)), r.line()};
  }

 private:
  Stmt lookup_;
  // (board, deputy_for) -> (deputy, line); one checked per pair.
  std::map<std::pair<std::string, std::string>, std::pair<std::string, int64_t>> deputies_;
};

// A meeting's chair is a member of its board.
class MeetingsImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kMeetingCols, "board");
  static constexpr int kChair = column_index(kMeetingCols, "chair");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  void rules(Row& r) override {
    if (r.has(kChair)) member_exists(r, kBoard, kChair);
  }
};

// An item's meeting exists; a Part 2 item gives its exemption and only it
// does; its paper and its forward-plan entry are not after the meeting;
// an outcome is recorded only for a meeting that was held. (That a
// decision's meeting was quorate for the item is checked once the batch is
// read, by ImportOptions::check_batch: it needs the attendance and the
// declarations too.)
class AgendaItemsImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kAgendaCols, "board");
  static constexpr int kDate = column_index(kAgendaCols, "meeting_date");
  static constexpr int kPart2 = column_index(kAgendaCols, "part2");
  static constexpr int kExemption = column_index(kAgendaCols, "exemption");
  static constexpr int kPublished = column_index(kAgendaCols, "published_date");
  static constexpr int kForward = column_index(kAgendaCols, "forward_plan_date");
  static constexpr int kOutcome = column_index(kAgendaCols, "outcome");
  static constexpr int kScheme = column_index(kAgendaCols, "scheme_code");
  static constexpr int kQuarter = column_index(kAgendaCols, "report_quarter");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  void rules(Row& r) override {
    const bool part2 = r.has(kPart2) && r.as<int64_t>(kPart2) == 1;
    if (part2 && r.empty(kExemption)) {
      r.error(kExemption, "required for a Part 2 item: the reason it is exempt from publication");
    }
    if (r.has(kPart2) && !part2 && !r.empty(kExemption)) {
      r.error(kExemption, "only a Part 2 item has an exemption (part2 is N)");
    }
    if (!r.empty(kScheme) && r.empty(kQuarter)) {
      r.error(kQuarter, "required with scheme_code: the quarter of the scheme's report");
    }
    if (r.empty(kScheme) && !r.empty(kQuarter)) {
      r.error(kScheme, "required with report_quarter: the scheme whose report it is");
    }
    if (!r.has(kDate)) return;
    const Date meeting = r.as<Date>(kDate);
    if (r.has(kPublished) && r.as<Date>(kPublished) > meeting) {
      r.error(kPublished, fmt::format("after the meeting ({})", meeting.iso()));
    }
    if (r.has(kForward) && r.as<Date>(kForward) > meeting) {
      r.error(kForward, fmt::format("after the meeting ({})", meeting.iso()));
    }
    if (!meeting_exists(r, kBoard, kDate) || !r.has(kOutcome)) return;
    const std::string held = join_key({r.text_of(kBoard), meeting.iso(), "held"});
    if (r.file().codes("meetings", "board || ' ' || meeting_date || ' ' || status").count(held) ==
        0) {
      r.error(kOutcome,
              "an outcome is recorded only for a meeting that was held (its status in "
              "meetings.csv is not held)");
    }
  }
};

// Who attended a meeting: a member of the board, in their term on the day.
class AttendanceImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kAttendanceCols, "board");
  static constexpr int kDate = column_index(kAttendanceCols, "meeting_date");
  static constexpr int kMember = column_index(kAttendanceCols, "member_id");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  Status prepare_more(FileContext& f) override {
    return prepare_into(
        f, "SELECT from_date, to_date FROM board_members WHERE board = ? AND member_id = ?",
        &term_);
  }

  void rules(Row& r) override {
    meeting_exists(r, kBoard, kDate);
    if (!member_exists(r, kBoard, kMember) || !r.has(kDate)) return;
    term_.bind(1, r.text_of(kBoard)).bind(2, r.text_of(kMember));
    Status s;
    if (!term_.step(&s)) {
      term_.reset();
      if (!s.ok()) r.file().sink().store_failed(s);
      return;
    }
    const std::string from = term_.text(0);
    const std::optional<std::string> to = term_.opt_text(1);
    term_.reset();
    const std::string day = r.as<Date>(kDate).iso();
    if (day < from || (to && day > *to)) {
      r.error(kMember, fmt::format("not a member of {} on {} (their term is {} to {})",
                                   r.text_of(kBoard), day, from, to.value_or("now")));
    }
  }

 private:
  Stmt term_;
};

// A declaration names an item on the meeting's agenda and a member of the
// board.
class DeclarationsImporter : public GovernanceImporter {
  static constexpr int kBoard = column_index(kDeclarationCols, "board");
  static constexpr int kDate = column_index(kDeclarationCols, "meeting_date");
  static constexpr int kItem = column_index(kDeclarationCols, "item");
  static constexpr int kMember = column_index(kDeclarationCols, "member_id");

 public:
  using GovernanceImporter::GovernanceImporter;

 protected:
  void rules(Row& r) override {
    member_exists(r, kBoard, kMember);
    if (!meeting_exists(r, kBoard, kDate) || !r.has(kItem)) return;
    const std::string key =
        join_key({r.text_of(kBoard), r.as<Date>(kDate).iso(), r.text_of(kItem)});
    if (r.file().codes("agenda_items", kItemKey).count(key) == 0) {
      r.error(kItem,
              "not an item of the meeting's agenda (agenda_items.csv, in the store or in "
              "this batch)");
    }
  }
};

}  // namespace

std::span<const ColumnSpec> governance_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kBoardMembers:
      return kBoardMemberCols;
    case FileKind::kMeetings:
      return kMeetingCols;
    case FileKind::kAgendaItems:
      return kAgendaCols;
    case FileKind::kAttendance:
      return kAttendanceCols;
    case FileKind::kDeclarations:
      return kDeclarationCols;
    default:
      return board_register_columns(kind);
  }
}

std::unique_ptr<KindImporter> make_governance_importer(FileKind kind,
                                                       const ImportOptions& options) {
  switch (kind) {
    case FileKind::kBoardMembers:
      return std::make_unique<BoardMembersImporter>(options.boards);
    case FileKind::kMeetings:
      return std::make_unique<MeetingsImporter>(options.boards);
    case FileKind::kAgendaItems:
      return std::make_unique<AgendaItemsImporter>(options.boards);
    case FileKind::kAttendance:
      return std::make_unique<AttendanceImporter>(options.boards);
    case FileKind::kDeclarations:
      return std::make_unique<DeclarationsImporter>(options.boards);
    default:
      return make_board_register_importer(kind, options);
  }
}

}  // namespace bc::ingest
