// A person's shared care plan, for the care team of their cluster: the
// plan beside a link to their joined record, every version readable, and
// plain forms to write the draft, agree it, record a review and close the
// plan, each refusal shown next to its field (docs/care-plans.md). Who may
// read and write, and the audit entry written first, are
// web/care_plan_access.h's; the rules of a plan are the import contract's
// (care/care_plan_write.h). Also the page to print for the person.
#include <fmt/format.h>

#include <map>

#include "care/care_config.h"
#include "care/care_plan.h"
#include "care/care_plan_json.h"
#include "care/care_plan_write.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "web/care_plan_access.h"
#include "web/form_fields.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

// How many action rows the editor offers (the plan's own, then empty ones
// up to this).
constexpr size_t kActionRows = 6;
// The most a field of the care plan forms takes, in bytes.
constexpr size_t kFieldBytes = 4000;

std::string nhs_hidden(const CarePlanTarget& t) {
  return fmt::format("<input type=\"hidden\" name=\"nhs\" value=\"{}\">", t.nhs.digits());
}

// The editor of a version's plain fields, filled from the draft, else the
// version in force (a change starts from it), else empty.
std::string draft_form(Ctx& ctx, const CarePlanTarget& t, FormState st, const CarePlan* plan,
                       Date today) {
  if (st.which != "draft") {
    st.which = "draft";
    st.values.clear();
    const CarePlanRecord* from = nullptr;
    if (plan != nullptr) {
      from = &plan->versions.back();
      if (from->status == "closed") from = nullptr;
    }
    if (from != nullptr) {
      st.values = {{"plan_type", from->plan_type},
                   {"accountable_name", from->accountable_name},
                   {"accountable_role", from->accountable_role},
                   {"accountable_org", from->accountable_org},
                   {"goals", from->goals},
                   {"contingency", from->contingency.value_or("")},
                   {"consent_date", from->consent_date.value_or("")},
                   {"consent_recorded_by", from->consent_recorded_by.value_or("")}};
      size_t i = 0;
      for (const auto& a : plan->actions_of(from->version)) {
        if (++i > kActionRows) break;
        st.values["action_" + std::to_string(i)] = a.action;
        st.values["who_" + std::to_string(i)] = a.who;
        st.values["by_" + std::to_string(i)] = a.by_date.value_or("");
        st.values["status_" + std::to_string(i)] = a.status;
      }
    } else {
      st.values["consent_date"] = today.iso();
      st.values["consent_recorded_by"] = ctx.user().name;
    }
  }
  std::vector<std::pair<std::string, std::string>> types;
  for (const auto& ty : CareConfig::builtin().plan_types)
    types.emplace_back(ty.id,
                       fmt::format("{} (review within {} months)", ty.name, ty.review_months));
  std::string out =
      "<section aria-labelledby=\"draft-h\"><h2 id=\"draft-h\">Write the plan</h2>\n"
      "<p class=\"note\">Saved as a draft. An agreed plan never changes: saving a change to it "
      "drafts its next version, to agree with the person.</p>\n"
      "<form method=\"post\" action=\"/care-plans/draft\" novalidate>" +
      csrf_input(ctx) + nhs_hidden(t);
  out += form_field(st, "draft", "plan_type", "Plan type", "select", "", types);
  out += "<fieldset><legend>Accountable professional</legend>";
  out += form_field(st, "draft", "accountable_name", "Name", "text");
  out +=
      form_field(st, "draft", "accountable_role", "Role", "text", "For example: community matron");
  out += form_field(st, "draft", "accountable_org", "Organisation code", "text",
                    "A partner or provider code, e.g. R1C (Solent NHS Trust) or SCC (the council)");
  out += "</fieldset>";
  out += form_field(st, "draft", "goals", "The person's goals, in their own words", "textarea",
                    "One goal per line");
  out += form_field(st, "draft", "contingency", "Contingency and crisis plan", "textarea",
                    "What to do, and whom to call, when things get worse");
  out += "<fieldset><legend>Consent</legend>";
  out += form_field(st, "draft", "consent_date", "Date the person consented", "date");
  out += form_field(st, "draft", "consent_recorded_by", "Recorded by", "text");
  out += "</fieldset>";
  out += "<fieldset class=\"actions\"><legend>Actions: what each service will do</legend>";
  if (st.errors.count("actions")) {
    out += "<p class=\"field-error\" id=\"draft-actions-error\">" +
           html_escape(st.errors.at("actions")) + "</p>";
  }
  const std::vector<std::pair<std::string, std::string>> statuses = {{"planned", "Planned"},
                                                                     {"in_progress", "In progress"},
                                                                     {"done", "Done"},
                                                                     {"cancelled", "Cancelled"}};
  for (size_t i = 1; i <= kActionRows; ++i) {
    const std::string n = std::to_string(i);
    out += "<div class=\"action-row\" role=\"group\" aria-label=\"Action " + n + "\">";
    out += form_field(st, "draft", "action_" + n, "Action " + n, "text");
    out += form_field(st, "draft", "who_" + n, "Who", "text");
    out += form_field(st, "draft", "by_" + n, "By", "date");
    out += form_field(st, "draft", "status_" + n, "Status", "select", "", statuses);
    out += "</div>";
  }
  out += "</fieldset><button type=\"submit\">Save the draft</button></form></section>\n";
  return out;
}

std::string agree_form(Ctx& ctx, const CarePlanTarget& t, FormState st, Date today) {
  if (st.which != "agree") st = FormState{{{"agreed_date", today.iso()}}, {}, "agree"};
  return "<section aria-labelledby=\"agree-h\"><h2 id=\"agree-h\">Agree the plan</h2>"
         "<p class=\"note\">With the person, who has consented. Leave the review date empty "
         "for the longest the plan type allows.</p>"
         "<form method=\"post\" action=\"/care-plans/agree\" novalidate>" +
         csrf_input(ctx) + nhs_hidden(t) +
         form_field(st, "agree", "agreed_date", "Agreed on", "date") +
         form_field(st, "agree", "review_due", "Review due by", "date") +
         "<button type=\"submit\">Agree the plan</button></form></section>\n";
}

std::string review_form(Ctx& ctx, const CarePlanTarget& t, FormState st, Date today) {
  if (st.which != "review") {
    st = FormState{{{"review_date", today.iso()},
                    {"reviewed_by", ctx.user().name},
                    {"next_review_due", add_months(today, 6).iso()}},
                   {},
                   "review"};
  }
  return "<section aria-labelledby=\"review-h\"><h2 id=\"review-h\">Record a review</h2>"
         "<form method=\"post\" action=\"/care-plans/review\" novalidate>" +
         csrf_input(ctx) + nhs_hidden(t) +
         form_field(st, "review", "review_date", "Reviewed on", "date") +
         form_field(st, "review", "reviewed_by", "Reviewed by", "text") +
         form_field(st, "review", "outcome", "Outcome", "select", "",
                    {{"continue", "Continue the plan"},
                     {"changed", "Change the plan (drafts its next version)"},
                     {"closed", "Close the plan"}}) +
         form_field(st, "review", "next_review_due", "Next review due by", "date",
                    "Not needed when the plan closes") +
         form_field(st, "review", "closed_reason", "Reason for closing", "text",
                    "Only when the plan closes") +
         "<button type=\"submit\">Record the review</button></form></section>\n";
}

std::string close_form(Ctx& ctx, const CarePlanTarget& t, FormState st, Date today) {
  if (st.which != "close") st = FormState{{{"closed_date", today.iso()}}, {}, "close"};
  return "<section aria-labelledby=\"close-h\"><h2 id=\"close-h\">Close the plan</h2>"
         "<form method=\"post\" action=\"/care-plans/close\" novalidate>" +
         csrf_input(ctx) + nhs_hidden(t) +
         form_field(st, "close", "closed_date", "Closed on", "date") +
         form_field(st, "close", "closed_reason", "Reason", "text") +
         "<button type=\"submit\" class=\"danger\">Close the plan</button></form></section>\n";
}

std::string facts(const CarePlan& plan, const PlanAsAt& a, Date today) {
  const std::string state = present::code_words(plan_state_name(a.state));
  std::string due = "-";
  if (a.review_due) {
    due = a.review_due->iso();
    if (*a.review_due < today) due += " (overdue)";
  }
  std::string out = "<dl class=\"facts plan-facts\">";
  out += fmt::format("<dt>Plan</dt><dd data-field=\"plan_id\">{}</dd>", html_escape(plan.plan_id));
  out += fmt::format("<dt>State</dt><dd data-field=\"state\"><strong>{}</strong></dd>",
                     html_escape(state));
  out += fmt::format("<dt>Version in force</dt><dd data-field=\"version\">{}</dd>",
                     a.in_force ? std::to_string(a.in_force->version) : "none yet");
  out += fmt::format("<dt>Review due</dt><dd data-field=\"review_due\">{}</dd>", html_escape(due));
  return out + "</dl>\n";
}

std::string version_html(const CarePlan& plan, const CarePlanRecord& v) {
  std::string out = "<dl class=\"facts\">";
  // Goals and the crisis plan keep their line breaks (one goal per line).
  auto row = [&](const std::string& k, const std::string& val, bool lines = false) {
    out += "<dt>" + html_escape(k) + "</dt><dd" + (lines ? " class=\"lines\"" : "") + ">" +
           html_escape(val) + "</dd>";
  };
  row("Status", v.status);
  row("Accountable",
      v.accountable_name + ", " + v.accountable_role + " (" + v.accountable_org + ")");
  row("Goals", v.goals, true);
  row("Contingency", v.contingency.value_or("-"), true);
  row("Consent", v.consent_date
                     ? *v.consent_date + ", recorded by " + v.consent_recorded_by.value_or("-")
                     : "not recorded");
  if (v.agreed_date) row("Agreed", *v.agreed_date + "; review due " + v.review_due.value_or("-"));
  if (v.closed_date) row("Closed", *v.closed_date + ": " + v.closed_reason.value_or(""));
  out += "</dl>";
  const auto actions = plan.actions_of(v.version);
  if (actions.empty()) return out + "<p class=\"muted\">No actions.</p>";
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Actions of version " +
      std::to_string(v.version) +
      "\"><table class=\"data actions\"><thead><tr><th scope=\"col\">Action</th><th "
      "scope=\"col\">Who</th><th scope=\"col\">By</th><th scope=\"col\">Status</th></tr></thead>"
      "<tbody>";
  for (const auto& a : actions) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       html_escape(a.action), html_escape(a.who),
                       html_escape(a.by_date.value_or("-")), html_escape(a.status));
  }
  return out + "</tbody></table></div>";
}

std::string plan_html(const CarePlan& plan, Date today) {
  const PlanAsAt a = plan_as_at(plan, today);
  std::string out = facts(plan, a, today);
  for (auto it = plan.versions.rbegin(); it != plan.versions.rend(); ++it) {
    const bool main = a.in_force ? it->version == a.in_force->version
                                 : it->version == plan.versions.back().version;
    const std::string title = fmt::format("Version {} ({})", it->version, it->status);
    if (main || it->status == "draft") {
      out += "<h3>" + html_escape(title) + "</h3>" + version_html(plan, *it);
    } else {
      out += "<details><summary>" + html_escape(title) + "</summary>" + version_html(plan, *it) +
             "</details>";
    }
  }
  out += "<h3>Reviews</h3>";
  if (plan.reviews.empty()) return out + "<p class=\"muted\">No review yet.</p>";
  out +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Reviews\"><table "
      "class=\"data reviews\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">By</th><th "
      "scope=\"col\">Outcome</th><th scope=\"col\">Next due</th></tr></thead><tbody>";
  for (const auto& r : plan.reviews) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       html_escape(r.review_date), html_escape(r.reviewed_by),
                       html_escape(r.outcome), html_escape(r.next_review_due.value_or("-")));
  }
  return out + "</tbody></table></div>";
}

const std::map<std::string, std::string> kDone = {{"draft", "The draft was saved."},
                                                  {"agree", "The plan was agreed."},
                                                  {"review", "The review was recorded."},
                                                  {"close", "The plan was closed."}};

// The page, with a form shown again (its values and refusals) when given.
Status render_plans(Ctx& ctx, const CarePlanTarget& t, const FormState& st, int status) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto plans = care_plans_of(**store, t.nhs.value());
  if (!plans.ok()) return plans.status();
  const Date today = Date::today_utc();
  const CarePlan* plan = current_plan(*plans, today);
  std::string body = fmt::format(
      "<p class=\"lead\">The shared care plan of {}, registered in cluster {}. <a "
      "href=\"/person?nhs={}\">Their joined record</a>{}.</p>\n",
      t.nhs.formatted(), html_escape(t.cluster_code), t.nhs.digits(),
      plan ? fmt::format(" &middot; <a href=\"/care-plans/print?nhs={}\">Print the plan for the "
                         "person</a>",
                         t.nhs.digits())
           : "");
  if (auto done = param_or(ctx, "done"); done.ok() && kDone.count(*done) && st.which.empty())
    body += "<p class=\"confirm\" role=\"status\">" + html_escape(kDone.at(*done)) + "</p>\n";
  body += error_summary_html(st);
  const PlanState state = plan ? plan_as_at(*plan, today).state : PlanState::kClosed;
  if (plan == nullptr) {
    body += "<p class=\"muted\">No care plan yet.</p>\n";
  } else {
    body += "<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">The plan</h2>" +
            plan_html(*plan, today) + "</section>\n";
  }
  const bool has_draft = plan && plan->versions.back().status == "draft";
  const bool in_force = state == PlanState::kAgreed || state == PlanState::kUnderReview;
  body += draft_form(ctx, t, st, state == PlanState::kClosed ? nullptr : plan, today);
  if (has_draft) body += agree_form(ctx, t, st, today);
  if (in_force) body += review_form(ctx, t, st, today);
  if (in_force && !has_draft) body += close_form(ctx, t, st, today);
  PageOptions po;
  po.title = "Care plan " + t.nhs.formatted();
  po.section = Section::kPerson;
  po.period_picker = false;
  po.suppressed = false;
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

Status plan_page(Ctx& ctx) {
  auto nhs = param_or(ctx, "nhs");
  if (!nhs.ok()) return nhs.status();
  if (nhs->empty()) return Status::invalid_argument("say whose plan: ?nhs=NHS number");
  auto t = open_care_plans(ctx, *nhs, PlanAccess::kRead);
  if (!t.ok()) return t.status();
  return render_plans(ctx, *t, FormState{}, 200);
}

// Writes, or shows the form again with its refusals (422).
Status finish(Ctx& ctx, const CarePlanTarget& t, FormState st, const Result<WriteResult>& w) {
  if (!w.ok()) return w.status();
  for (const auto& e : w->errors) st.errors[e.field] = e.message;
  if (!st.errors.empty()) return render_plans(ctx, t, st, 422);
  see_other(ctx, fmt::format("/care-plans?nhs={}&done={}", t.nhs.digits(), st.which));
  return Status();
}

Status post_plan(Ctx& ctx, const std::string& which) {
  auto nhs = long_field(ctx, "nhs", 40);
  if (!nhs.ok()) return nhs.status();
  auto t = open_care_plans(ctx, nhs->value_or(""), PlanAccess::kWrite, which);
  if (!t.ok()) return t.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  const WriteContext w{ctx.user().name, nullptr};
  const int64_t who = t->nhs.value();
  if (which == "draft") {
    std::vector<std::string> names = {
        "plan_type", "accountable_name", "accountable_role", "accountable_org",
        "goals",     "contingency",      "consent_date",     "consent_recorded_by"};
    for (size_t i = 1; i <= kActionRows; ++i) {
      for (const char* k : {"action_", "who_", "by_", "status_"})
        names.push_back(k + std::to_string(i));
    }
    auto st = read_form_fields(ctx, which, names, kFieldBytes);
    if (!st.ok()) return st.status();
    PlanForm f{st->value("plan_type"),
               st->value("accountable_name"),
               st->value("accountable_role"),
               st->value("accountable_org"),
               st->value("goals"),
               st->value("contingency"),
               st->value("consent_date"),
               st->value("consent_recorded_by"),
               {}};
    for (size_t i = 1; i <= kActionRows; ++i) {
      const std::string n = std::to_string(i);
      f.actions.push_back({st->value("action_" + n), st->value("who_" + n), st->value("by_" + n),
                           st->value("status_" + n)});
    }
    return finish(ctx, *t, *st, save_draft(**store, w, who, f));
  }
  if (which == "agree") {
    auto st = read_form_fields(ctx, which, {"agreed_date", "review_due"}, kFieldBytes);
    if (!st.ok()) return st.status();
    auto on = form_date(*st, "agreed_date", true);
    auto due = form_date(*st, "review_due", false);
    if (!st->errors.empty()) return render_plans(ctx, *t, *st, 422);
    return finish(ctx, *t, *st, agree_draft(**store, w, who, *on, due));
  }
  if (which == "review") {
    auto st = read_form_fields(
        ctx, which, {"review_date", "reviewed_by", "outcome", "next_review_due", "closed_reason"},
        kFieldBytes);
    if (!st.ok()) return st.status();
    auto on = form_date(*st, "review_date", true);
    auto next = form_date(*st, "next_review_due", false);
    const std::string outcome = st->value("outcome");
    if (outcome != "continue" && outcome != "changed" && outcome != "closed")
      st->errors["outcome"] = "continue, changed or closed";
    if (!st->errors.empty()) return render_plans(ctx, *t, *st, 422);
    return finish(
        ctx, *t, *st,
        record_review(**store, w, who, *on, st->value("reviewed_by"), outcome,
                      outcome == "closed" ? std::nullopt : next, st->value("closed_reason")));
  }
  auto st = read_form_fields(ctx, which, {"closed_date", "closed_reason"}, kFieldBytes);
  if (!st.ok()) return st.status();
  auto on = form_date(*st, "closed_date", true);
  if (!st->errors.empty()) return render_plans(ctx, *t, *st, 422);
  return finish(ctx, *t, *st, close_plan(**store, w, who, *on, st->value("closed_reason")));
}

// The plan in plain words, to print and give to the person.
Status print_page(Ctx& ctx) {
  auto nhs = param_or(ctx, "nhs");
  if (!nhs.ok()) return nhs.status();
  auto t = open_care_plans(ctx, *nhs, PlanAccess::kRead, "print");
  if (!t.ok()) return t.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto plans = care_plans_of(**store, t->nhs.value());
  if (!plans.ok()) return plans.status();
  const Date today = Date::today_utc();
  const CarePlan* plan = current_plan(*plans, today);
  if (plan == nullptr) return Status::not_found("this person has no care plan");
  const PlanAsAt a = plan_as_at(*plan, today);
  const CarePlanRecord& v = a.in_force ? *a.in_force : plan->versions.back();
  std::string body = "<article class=\"printable-plan\">";
  body +=
      fmt::format("<p>NHS number {} &middot; plan {}, version {} ({}){}</p>", t->nhs.formatted(),
                  html_escape(plan->plan_id), v.version, html_escape(v.status),
                  v.agreed_date ? ", agreed " + html_escape(*v.agreed_date) : "");
  body += "<h2>What matters to you</h2><ul>";
  // Kept in a variable: a range-for over a member of the temporary that
  // care_plan_fhir returns would read it after it was destroyed.
  auto fhir = care_plan_fhir(*plan, today);
  for (const auto& g : fhir["contained"])
    body += "<li>" + html_escape(g["description"]["text"].get<std::string>()) + "</li>";
  body += "</ul><h2>Who is responsible for your plan</h2><p>" + html_escape(v.accountable_name) +
          ", " + html_escape(v.accountable_role) + " (" + html_escape(v.accountable_org) + ")</p>";
  body += "<h2>What will happen</h2><ul>";
  for (const auto& act : plan->actions_of(v.version)) {
    body += "<li>" + html_escape(act.action) + ": " + html_escape(act.who) +
            (act.by_date ? ", by " + html_escape(*act.by_date) : "") + "</li>";
  }
  body += "</ul><h2>If things get worse</h2><p>" +
          html_escape(v.contingency.value_or("Call your GP practice, or 111.")) + "</p>";
  if (a.review_due)
    body += "<h2>Next review</h2><p>By " + html_escape(a.review_due->iso()) + "</p>";
  body += "</article>";
  PageOptions po;
  po.title = "Your care plan";
  po.section = Section::kPerson;
  po.period_picker = false;
  po.suppressed = false;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_care_plan_pages(Router& r) {
  r.get("/care-plans", plan_page);
  r.get("/care-plans/print", print_page);
  for (const char* which : {"draft", "agree", "review", "close"}) {
    r.post(std::string("/care-plans/") + which,
           [w = std::string(which)](Ctx& ctx) { return post_plan(ctx, w); });
  }
}

}  // namespace bc::web
