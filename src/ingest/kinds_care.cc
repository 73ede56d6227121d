// The kinds of cluster care (DATA_FORMATS.md version 2): shared care plans,
// their actions (bettercare's addition) and their reviews (referrals to the
// single point of access are in kinds_spa.cc). Each kind's column table,
// then the checks its table cannot say (kinds.h). docs/care-plans.md says
// what the rules mean for the people who write plans.
//
// The rule that shapes these kinds: a version of a care plan, once agreed,
// never changes except to be closed; a change is the next version. A
// re-import of an agreed version must therefore match what is stored, and
// an agreed version's actions are fixed from the batch that agreed it
// (care_plans.frozen_batch).
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using T = FieldType;

// --- the column tables --------------------------------------------------------

constexpr std::string_view kPlanStatuses[] = {"draft", "agreed", "closed"};
constexpr ColumnSpec kCarePlanCols[] = {
    {.name = "plan_id", .required = true, .type = T::kId, .store = "plan_id", .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "version",
     .required = true,
     .type = T::kInteger,
     .store = "version",
     .key = true,
     .lo = 1,
     .hi = 10'000},
    {.name = "status",
     .required = true,
     .type = T::kChoice,
     .store = "status",
     .choices = kPlanStatuses},
    {.name = "plan_type", .type = T::kId, .store = "plan_type"},
    {.name = "accountable_name",
     .required = true,
     .type = T::kText,
     .store = "accountable_name",
     .max_chars = 200},
    {.name = "accountable_role",
     .required = true,
     .type = T::kText,
     .store = "accountable_role",
     .max_chars = 200},
    {.name = "accountable_org", .required = true, .type = T::kId, .store = "accountable_org"},
    {.name = "goals", .required = true, .type = T::kText, .store = "goals", .max_chars = 4000},
    {.name = "contingency", .type = T::kText, .store = "contingency", .max_chars = 4000},
    {.name = "consent_date", .type = T::kDate, .store = "consent_date"},
    {.name = "consent_recorded_by",
     .type = T::kText,
     .store = "consent_recorded_by",
     .max_chars = 200},
    {.name = "agreed_date", .type = T::kDate, .store = "agreed_date", .dates_row = true},
    {.name = "review_due", .type = T::kDate, .store = "review_due"},
    {.name = "closed_date", .type = T::kDate, .store = "closed_date"},
    {.name = "closed_reason", .type = T::kText, .store = "closed_reason", .max_chars = 1000},
};

constexpr std::string_view kActionStatuses[] = {"planned", "in_progress", "done", "cancelled"};
constexpr ColumnSpec kCarePlanActionCols[] = {
    {.name = "plan_id", .required = true, .type = T::kId, .store = "plan_id", .key = true},
    {.name = "version",
     .required = true,
     .type = T::kInteger,
     .store = "version",
     .key = true,
     .lo = 1,
     .hi = 10'000},
    {.name = "action_no",
     .required = true,
     .type = T::kInteger,
     .store = "action_no",
     .key = true,
     .lo = 1,
     .hi = 1'000},
    {.name = "action", .required = true, .type = T::kText, .store = "action", .max_chars = 1000},
    {.name = "who", .required = true, .type = T::kText, .store = "who", .max_chars = 200},
    {.name = "by_date", .type = T::kDate, .store = "by_date"},
    {.name = "status",
     .required = true,
     .type = T::kChoice,
     .store = "status",
     .choices = kActionStatuses},
};

constexpr Reference kPlanRef = {"care_plans", "plan_id", "care plan"};
constexpr std::string_view kReviewOutcomes[] = {"continue", "changed", "closed"};
constexpr ColumnSpec kCarePlanReviewCols[] = {
    {.name = "review_id", .required = true, .type = T::kId, .store = "review_id", .key = true},
    {.name = "plan_id",
     .required = true,
     .type = T::kId,
     .store = "plan_id",
     .reference = &kPlanRef},
    {.name = "review_date",
     .required = true,
     .type = T::kDate,
     .store = "review_date",
     .dates_row = true},
    {.name = "reviewed_by",
     .required = true,
     .type = T::kText,
     .store = "reviewed_by",
     .max_chars = 200},
    {.name = "outcome",
     .required = true,
     .type = T::kChoice,
     .store = "outcome",
     .choices = kReviewOutcomes},
    {.name = "next_review_due", .type = T::kDate, .store = "next_review_due"},
};

// --- what the tables cannot say ---------------------------------------------

// The stored versions of every care plan, read once when a file of
// actions or reviews begins (neither kind changes them), so that a row is
// checked against them without a query of its own.
struct StoredVersion {
  std::string status;
  std::optional<int64_t> frozen_batch;
  std::optional<std::string> agreed_date;
  std::string plan_type;
};
using StoredPlans = std::unordered_map<std::string, std::map<int64_t, StoredVersion>>;

Status read_stored_plans(FileContext& f, StoredPlans* out) {
  auto st = f.db().prepare(
      "SELECT plan_id, version, status, frozen_batch, agreed_date, plan_type FROM care_plans");
  if (!st.ok()) return st.status();
  Status s;
  while (st->step(&s)) {
    (*out)[st->text(0)][st->int64(1)] =
        StoredVersion{st->text(2), st->opt_int64(3), st->opt_text(4), st->text(5)};
  }
  return s;
}

// A plan version's own rules (dates in order, a review due within its
// type's months of agreement, a closed plan's date and reason), then that
// an agreed or closed version already stored is not changed, only closed;
// once the file is read, that each plan touched has versions 1..n for one
// person, with a draft or a closed version only as the last, and that
// nobody has two open plans.
class CarePlansImporter : public KindImporter {
  static constexpr int kPlan = column_index(kCarePlanCols, "plan_id");
  static constexpr int kNhs = column_index(kCarePlanCols, "nhs_number");
  static constexpr int kVersion = column_index(kCarePlanCols, "version");
  static constexpr int kStatus = column_index(kCarePlanCols, "status");
  static constexpr int kType = column_index(kCarePlanCols, "plan_type");
  static constexpr int kOrg = column_index(kCarePlanCols, "accountable_org");
  static constexpr int kConsent = column_index(kCarePlanCols, "consent_date");
  static constexpr int kConsentBy = column_index(kCarePlanCols, "consent_recorded_by");
  static constexpr int kAgreed = column_index(kCarePlanCols, "agreed_date");
  static constexpr int kReviewDue = column_index(kCarePlanCols, "review_due");
  static constexpr int kClosed = column_index(kCarePlanCols, "closed_date");
  static constexpr int kClosedReason = column_index(kCarePlanCols, "closed_reason");

 public:
  explicit CarePlansImporter(std::vector<CarePlanType> types) : types_(std::move(types)) {
    if (types_.empty()) types_ = default_care_plan_types();
  }

  // Once the whole file is written: each agreed version of this batch is
  // frozen, the earlier actions of each version it did not find fixed are
  // dropped, and the plans and people it wrote are checked. A statement
  // each, not one a row: on PostgreSQL the file's rows are staged
  // (stage.h).
  void finish(FileContext& f) override {
    const int64_t batch = f.batch_id();
    // A version is fixed when an earlier batch agreed it (frozen_batch,
    // which the upsert leaves alone); any other version of this batch
    // brings its actions with it, so those of an earlier batch go.
    freeze_.bind(1, batch).bind(2, batch);
    drop_actions_.bind(1, batch).bind(2, batch);
    if (Status s = freeze_.run(); !s.ok()) return f.sink().store_failed(s);
    if (Status s = drop_actions_.run(); !s.ok()) return f.sink().store_failed(s);
    check_versions(f);
    check_one_open_plan(f);
  }

 protected:
  Status prepare_more(FileContext& f) override {
    return prepare_all(
        f, {{"SELECT status, nhs_number, plan_type, accountable_name, accountable_role, "
             "accountable_org, goals, contingency, consent_date, consent_recorded_by, agreed_date, "
             "review_due, closed_date, closed_reason FROM care_plans WHERE plan_id = ? AND "
             "version = ? AND batch_id <> ?",
             &stored_},
            {"UPDATE care_plans SET frozen_batch = ?1 WHERE batch_id = ?2 AND status <> 'draft' "
             "AND frozen_batch IS NULL",
             &freeze_},
            {"DELETE FROM care_plan_actions WHERE batch_id <> ?1 AND EXISTS (SELECT 1 FROM "
             "care_plans c WHERE c.plan_id = care_plan_actions.plan_id AND c.version = "
             "care_plan_actions.version AND c.batch_id = ?2 AND (c.frozen_batch IS NULL OR "
             "c.frozen_batch = ?2))",
             &drop_actions_},
            // Every version of each plan this batch wrote.
            {"SELECT plan_id, version, status, nhs_number FROM care_plans WHERE plan_id IN "
             "(SELECT plan_id FROM care_plans WHERE batch_id = ?)",
             &versions_},
            // The open plans (the last version not closed) of each person this
            // batch wrote a plan for.
            {"SELECT p.nhs_number, p.plan_id FROM care_plans p WHERE p.nhs_number IN (SELECT "
             "nhs_number FROM care_plans WHERE batch_id = ?) AND p.status <> 'closed' AND "
             "p.version = (SELECT max(q.version) FROM care_plans q WHERE q.plan_id = p.plan_id)",
             &open_plans_}});
  }

  void check(Row& r, int col) override {
    if (col == kType) {
      for (const CarePlanType& t : types_) {
        if (t.id == r.text_of(kType)) return;
      }
      std::string ids;
      for (const CarePlanType& t : types_) ids += (ids.empty() ? "" : ", ") + t.id;
      r.error(kType, "not a plan type; the types are " + ids + " (config/care.toml)");
      r.set(kType, std::monostate{});
    } else if (col == kOrg) {
      const std::string code(r.text_of(kOrg));
      if (r.file().codes("partners", "partner_code").count(code) == 0 &&
          r.file().codes("providers", "provider_code").count(code) == 0) {
        r.error(kOrg,
                "no such partner or provider (the accountable organisation must be in "
                "partners.csv or providers.csv, in the store or in this batch)");
      }
    }
  }

  void rules(Row& r) override {
    const std::string_view status = r.has(kStatus) ? r.text_of(kStatus) : "";
    const bool draft = status == "draft";
    const bool closed = status == "closed";
    if (!r.has(kType) && r.empty(kType)) r.set(kType, types_.front().id);
    if (!status.empty() && !draft) {
      if (r.empty(kAgreed)) r.error(kAgreed, "required unless the plan is a draft");
      if (r.empty(kReviewDue)) r.error(kReviewDue, "required unless the plan is a draft");
    }
    const Date* agreed = r.has(kAgreed) ? &r.as<Date>(kAgreed) : nullptr;
    if (agreed && r.has(kReviewDue)) {
      const Date due = r.as<Date>(kReviewDue);
      const int months = review_months(r.text_of(kType));
      const Date latest = add_months(*agreed, months);
      if (due <= *agreed) {
        r.error(kReviewDue,
                fmt::format("the review is due on or before the agreement ({})", agreed->iso()));
      } else if (due > latest) {
        r.error(kReviewDue,
                fmt::format("more than {} months after the agreement ({}): the review is due by {} "
                            "at the latest",
                            months, agreed->iso(), latest.iso()));
      }
    }
    if (r.has(kConsent) && r.empty(kConsentBy)) {
      r.error(kConsentBy, "required with consent_date: who recorded the person's consent");
    }
    if (r.has(kConsentBy) && r.empty(kConsent)) {
      r.error(kConsent, "required with consent_recorded_by: when the person consented");
    }
    if (agreed && r.has(kConsent) && r.as<Date>(kConsent) > *agreed) {
      r.error(kConsent, fmt::format("the consent is after the agreement ({}): a plan is agreed "
                                    "with the person's consent",
                                    agreed->iso()));
    }
    if (closed) {
      if (r.empty(kClosed)) r.error(kClosed, "required when the plan is closed");
      if (r.empty(kClosedReason)) r.error(kClosedReason, "required when the plan is closed");
    } else if (!status.empty()) {
      if (!r.empty(kClosed)) r.error(kClosed, "only a closed plan has a closed_date");
      if (!r.empty(kClosedReason)) r.error(kClosedReason, "only a closed plan has a closed_reason");
    }
    if (closed && agreed && r.has(kClosed) && r.as<Date>(kClosed) < *agreed) {
      r.error(kClosed, fmt::format("the plan is closed before it was agreed ({})", agreed->iso()));
    }
    if (!r.failed()) check_not_changed(r);
    if (r.failed()) return;
    // The first line of each plan and person, where finish() reports them.
    plans_.try_emplace(std::string(r.text_of(kPlan)), r.line());
    people_.try_emplace(r.as<NhsNumber>(kNhs).value(), r.line());
  }

 private:
  int review_months(std::string_view type) const {
    for (const CarePlanType& t : types_) {
      if (t.id == type) return t.review_months;
    }
    return types_.front().review_months;
  }

  // An agreed or closed version already stored may be re-imported as it is,
  // or closed; anything else is a change, which makes the next version.
  void check_not_changed(Row& r) {
    stored_.bind(1, r.text_of(kPlan)).bind(2, r.as<int64_t>(kVersion)).bind(3, r.file().batch_id());
    Status s;
    if (!stored_.step(&s)) {
      stored_.reset();
      if (!s.ok()) r.file().sink().store_failed(s);
      return;
    }
    const std::string was = stored_.text(0);
    if (was == "draft") {
      stored_.reset();
      return;
    }
    // The row's columns in the SELECT's order, from nhs_number on.
    static constexpr int kCompared[] = {kNhs,
                                        kType,
                                        column_index(kCarePlanCols, "accountable_name"),
                                        column_index(kCarePlanCols, "accountable_role"),
                                        kOrg,
                                        column_index(kCarePlanCols, "goals"),
                                        column_index(kCarePlanCols, "contingency"),
                                        kConsent,
                                        kConsentBy,
                                        kAgreed,
                                        kReviewDue,
                                        kClosed,
                                        kClosedReason};
    const std::string_view now = r.text_of(kStatus);
    const bool closing = was == "agreed" && now == "closed";
    std::string changed;
    if (now != was && !closing) changed = "status";
    for (size_t i = 0; i < std::size(kCompared) && changed.empty(); ++i) {
      const int col = kCompared[i];
      if (closing && (col == kClosed || col == kClosedReason)) continue;
      if (stored_.opt_text(static_cast<int>(i) + 1) != stored_text(r.value(col))) {
        changed = r.file().spec().columns[static_cast<size_t>(col)].name;
      }
    }
    stored_.reset();
    if (!changed.empty()) {
      const int64_t v = r.as<int64_t>(kVersion);
      r.error(kVersion,
              fmt::format("version {} of plan {} is {} and cannot change ({} differs): a change "
                          "to an agreed plan is its next version, {}",
                          v, r.text_of(kPlan), was, changed, v + 1));
    }
  }

  // Each plan this file wrote has versions 1..n for one person, with a
  // draft or a closed version only as the last.
  void check_versions(FileContext& f) {
    struct Version {
      std::string status;
      int64_t nhs;
    };
    std::map<std::string, std::map<int64_t, Version>> plans;  // in the order of plans_
    versions_.bind(1, f.batch_id());
    Status s;
    while (versions_.step(&s)) {
      if (!plans_.contains(versions_.text(0))) continue;
      plans[versions_.text(0)][versions_.int64(1)] = Version{versions_.text(2), versions_.int64(3)};
    }
    versions_.reset();
    if (!s.ok()) return f.sink().store_failed(s);
    for (const auto& [plan, versions] : plans) {
      int64_t expected = 1, nhs = 0;
      std::string problem, last_status;
      for (const auto& [v, version] : versions) {
        if (problem.empty() && v != expected) {
          problem = fmt::format(
              "plan {} has version {} but no version {}: versions are numbered 1, "
              "2, 3 ... with none missing",
              plan, v, expected);
        }
        if (problem.empty() && expected > 1 && nhs != version.nhs) {
          problem = fmt::format(
              "version {} of plan {} is for another person than version 1: a "
              "plan is about one person",
              v, plan);
        }
        if (problem.empty() && expected > 1 && last_status != "agreed") {
          problem = fmt::format(
              "plan {} has version {} after a {} version {}: only the last version may be a "
              "draft or closed",
              plan, v, last_status, v - 1);
        }
        nhs = version.nhs;
        last_status = version.status;
        expected = v + 1;
      }
      if (!problem.empty()) {
        f.sink().error(Problem{f.path(), plans_.at(plan), "plan_id", plan, problem});
      }
    }
  }

  // Nobody this file wrote a plan for has two open plans.
  void check_one_open_plan(FileContext& f) {
    std::map<int64_t, std::set<std::string>> open;  // in the order of people_
    open_plans_.bind(1, f.batch_id());
    Status s;
    while (open_plans_.step(&s)) {
      if (people_.contains(open_plans_.int64(0))) {
        open[open_plans_.int64(0)].insert(open_plans_.text(1));
      }
    }
    open_plans_.reset();
    if (!s.ok()) return f.sink().store_failed(s);
    for (const auto& [nhs, plans] : open) {
      if (plans.size() < 2) continue;
      f.sink().error(
          Problem{f.path(), people_.at(nhs), "nhs_number", std::to_string(nhs),
                  fmt::format("the person has {} open care plans ({} and {}): one plan, with one "
                              "accountable professional; close one first",
                              plans.size(), *plans.begin(), *std::next(plans.begin()))});
    }
  }

  std::vector<CarePlanType> types_;
  Stmt stored_, freeze_, drop_actions_, versions_, open_plans_;
  // The plans and people of this file's rows, with the first line of each.
  std::map<std::string, int64_t> plans_;
  std::map<int64_t, int64_t> people_;
};

// An action belongs to a stored version (of the store or this batch). The
// actions of a version agreed in an earlier batch are fixed once stored: a
// later file may load them if there are none, and then only repeat them.
class CarePlanActionsImporter : public KindImporter {
  static constexpr int kPlan = column_index(kCarePlanActionCols, "plan_id");
  static constexpr int kVersion = column_index(kCarePlanActionCols, "version");
  static constexpr int kNo = column_index(kCarePlanActionCols, "action_no");
  static constexpr int kAction = column_index(kCarePlanActionCols, "action");
  static constexpr int kWho = column_index(kCarePlanActionCols, "who");
  static constexpr int kBy = column_index(kCarePlanActionCols, "by_date");
  static constexpr int kStatus = column_index(kCarePlanActionCols, "status");

 protected:
  Status prepare_more(FileContext& f) override {
    if (Status s = read_stored_plans(f, &plans_); !s.ok()) return s;
    // The versions with actions from an earlier batch as the file begins.
    auto st = f.db().prepare(
        "SELECT DISTINCT plan_id, version FROM care_plan_actions WHERE batch_id <> ?");
    if (!st.ok()) return st.status();
    st->bind(1, f.batch_id());
    Status s;
    while (st->step(&s)) loaded_.emplace(st->text(0), st->int64(1));
    if (!s.ok()) return s;
    return prepare_all(f, {{"SELECT action, who, by_date, status FROM care_plan_actions WHERE "
                            "plan_id = ? AND version = ? AND action_no = ?",
                            &stored_}});
  }

  void rules(Row& r) override {
    if (r.failed() || !r.has(kPlan) || !r.has(kVersion)) return;
    const int64_t v = r.as<int64_t>(kVersion);
    const std::string plan(r.text_of(kPlan));
    const auto found = plans_.find(plan);
    if (found == plans_.end() || !found->second.contains(v)) {
      r.error(kVersion, fmt::format("no version {} of plan {} (it must be in care_plans.csv, in "
                                    "the store or in this batch)",
                                    v, plan));
      return;
    }
    const StoredVersion& version = found->second.at(v);
    const std::string& status = version.status;
    const std::optional<int64_t>& frozen = version.frozen_batch;
    if (!frozen || *frozen == r.file().batch_id()) return;
    // Agreed in an earlier batch: its actions may still be loaded once, by
    // a later file, if none are stored; after that only the same again.
    if (!loaded_.contains({plan, v})) return;
    Status s;
    stored_.bind(1, r.text_of(kPlan)).bind(2, v).bind(3, r.as<int64_t>(kNo));
    bool same = false;
    if (stored_.step(&s)) {
      same = stored_.opt_text(0) == stored_text(r.value(kAction)) &&
             stored_.opt_text(1) == stored_text(r.value(kWho)) &&
             stored_.opt_text(2) == stored_text(r.value(kBy)) &&
             stored_.opt_text(3) == stored_text(r.value(kStatus));
    }
    stored_.reset();
    if (!s.ok()) return r.file().sink().store_failed(s);
    if (!same) {
      r.error(kNo, fmt::format("version {} of plan {} is {}: its actions cannot change; a change "
                               "is the plan's next version, {}",
                               v, r.text_of(kPlan), status, v + 1));
    }
  }

 private:
  StoredPlans plans_;
  std::set<std::pair<std::string, int64_t>> loaded_;
  Stmt stored_;
};

// A review of an agreed plan, on or after its agreement, with the next
// review due within the plan type's months (none needed when it closes).
class CarePlanReviewsImporter : public KindImporter {
  static constexpr int kPlan = column_index(kCarePlanReviewCols, "plan_id");
  static constexpr int kDate = column_index(kCarePlanReviewCols, "review_date");
  static constexpr int kOutcome = column_index(kCarePlanReviewCols, "outcome");
  static constexpr int kNext = column_index(kCarePlanReviewCols, "next_review_due");

 public:
  explicit CarePlanReviewsImporter(std::vector<CarePlanType> types) : types_(std::move(types)) {
    if (types_.empty()) types_ = default_care_plan_types();
  }

 protected:
  Status prepare_more(FileContext& f) override { return read_stored_plans(f, &plans_); }

  void rules(Row& r) override {
    const bool closes = r.has(kOutcome) && r.text_of(kOutcome) == "closed";
    if (r.has(kOutcome) && !closes && r.empty(kNext)) {
      r.error(kNext, "required unless the review closes the plan");
    }
    r.check_references();
    if (r.failed() || !r.has(kPlan) || !r.has(kDate)) return;
    // The plan's first agreement, and its type as its last version has it.
    std::optional<std::string> agreed, type;
    if (auto found = plans_.find(std::string(r.text_of(kPlan))); found != plans_.end()) {
      for (const auto& [v, version] : found->second) {
        if (version.status != "draft" && version.agreed_date &&
            (!agreed || *version.agreed_date < *agreed)) {
          agreed = version.agreed_date;
        }
        type = version.plan_type;
      }
    }
    const Date reviewed = r.as<Date>(kDate);
    if (!agreed) {
      r.error(kPlan, "the plan has no agreed version: a plan is reviewed once it is agreed");
      return;
    }
    if (reviewed.iso() < *agreed) {
      r.error(kDate, fmt::format("the review is before the plan was agreed ({})", *agreed));
    }
    if (!r.has(kNext) || closes) return;
    const Date next = r.as<Date>(kNext);
    int months = types_.front().review_months;
    for (const CarePlanType& t : types_) {
      if (type && t.id == *type) months = t.review_months;
    }
    if (next <= reviewed) {
      r.error(kNext, "the next review is due on or before this one");
    } else if (next > add_months(reviewed, months)) {
      r.error(kNext, fmt::format("more than {} months after the review: the next review is due by "
                                 "{} at the latest",
                                 months, add_months(reviewed, months).iso()));
    }
  }

 private:
  std::vector<CarePlanType> types_;
  StoredPlans plans_;
};

}  // namespace

std::span<const ColumnSpec> care_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kCarePlans:
      return kCarePlanCols;
    case FileKind::kCarePlanActions:
      return kCarePlanActionCols;
    case FileKind::kCarePlanReviews:
      return kCarePlanReviewCols;
    default:
      return spa_columns(kind);
  }
}

std::unique_ptr<KindImporter> make_care_importer(FileKind kind, const ImportOptions& options) {
  switch (kind) {
    case FileKind::kCarePlans:
      return std::make_unique<CarePlansImporter>(options.care_plan_types);
    case FileKind::kCarePlanActions:
      return std::make_unique<CarePlanActionsImporter>();
    case FileKind::kCarePlanReviews:
      return std::make_unique<CarePlanReviewsImporter>(options.care_plan_types);
    default:
      return make_spa_importer(kind);
  }
}

}  // namespace bc::ingest

namespace bc {

std::vector<CarePlanType> default_care_plan_types() {
  return {{"general", 6}};
}

}  // namespace bc
