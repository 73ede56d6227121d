// A scheme's quarterly report through its sign-off over HTTP
// (docs/scheme-reports.md, docs/api.md): the scheme lead writes and submits
// it, the board records the JCB's and HWB's steps, in order; the lead may
// not record the board's steps, the board may not edit, and a step out of
// order is a 409 that changes nothing. Through the API and through the
// pages' forms.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

// The example report of docs/examples, for another quarter when asked.
std::string carers_toml(const std::string& quarter = "2017/18:Q4") {
  std::string toml =
      read_file(fs::path(BC_SOURCE_DIR) / "docs/examples/scheme-report-carers-2017-18-q4.toml");
  const std::string key = "quarter = \"2017/18:Q4\"";
  size_t at = toml.find(key);
  if (at != std::string::npos) toml.replace(at, key.size(), "quarter = \"" + quarter + "\"");
  return toml;
}

// The same report by another author: different content.
std::string corrected(std::string toml) {
  const std::string key = "report_author = \"Kirsten Killander\"";
  size_t at = toml.find(key);
  if (at != std::string::npos) toml.replace(at, key.size(), "report_author = \"K. Killander\"");
  return toml;
}

class SchemeWorkflow : public HttpTest {};

TEST_F(SchemeWorkflow, TheStoreHasTheExamplesScheme) {
  // The example is the Carers scheme's report: the city has that scheme and
  // the lead leads it.
  Reply schemes = get("/api/v1/schemes", &as("lead"));
  ASSERT_EQ(schemes.status, 200);
  bool car = false;
  for (const auto& s : schemes.json()) car |= s["code"] == "CAR" && s["name"] == "Carers";
  EXPECT_TRUE(car) << schemes.body.substr(0, 500);
  EXPECT_EQ(get("/api/v1/session", &as("lead")).json()["schemes"], nlohmann::json::array({"CAR"}));
  EXPECT_NE(carers_toml().find("scheme = \"CAR\""), std::string::npos);
}

TEST_F(SchemeWorkflow, LeadSubmitsBoardRecordsEachStepInOrderThroughTheApi) {
  const std::string report = "/api/v1/schemes/CAR/reports/2017-18/Q4";
  const std::string steps = report + "/steps";
  const Session* lead = &as("lead");
  const Session* board = &as("board");
  auto step = [&](const Session* s, const std::string& name, const std::string& date) {
    return post(steps, s,
                nlohmann::json({{"step", name}, {"date", date}, {"note", "item 4"}}).dump());
  };
  auto state = [&] { return get(report, &as("admin")).json()["state"]; };

  // Nothing yet.
  EXPECT_EQ(get(report, board).status, 404);
  // The board may not write it.
  Reply by_board = post(report, board, carers_toml(), "application/toml");
  EXPECT_EQ(by_board.status, 403) << by_board.describe();
  EXPECT_EQ(get(report, board).status, 404);

  Reply set = post(report, lead, carers_toml(), "application/toml");
  ASSERT_EQ(set.status, 200) << set.describe();
  EXPECT_EQ(set.json()["result"], "created");
  EXPECT_EQ(set.json()["version"], 1);
  Reply again = post(report, lead, carers_toml(), "application/toml");
  EXPECT_EQ(again.json()["result"], "unchanged") << again.describe();

  Reply got = get(report, board);
  ASSERT_EQ(got.status, 200) << got.describe();
  EXPECT_EQ(got.json()["state"], "draft");
  EXPECT_EQ(got.json()["report_author"], "Kirsten Killander");
  EXPECT_EQ(got.json()["history"].size(), 1u);

  // Out of order: the board cannot receive a draft; the lead cannot record
  // the board's steps; the board cannot submit.
  Reply early = step(board, "jcb_receive", "2018-06-01");
  EXPECT_EQ(early.status, 409) << early.describe();
  EXPECT_EQ(early.json()["error"]["code"], "conflict");
  EXPECT_EQ(step(lead, "jcb_receive", "2018-06-01").status, 403);
  EXPECT_EQ(step(board, "submit", "2018-05-23").status, 403);
  EXPECT_EQ(state(), "draft");

  Reply submitted = step(lead, "submit", "2018-05-23");
  ASSERT_EQ(submitted.status, 200) << submitted.describe();
  EXPECT_EQ(submitted.json()["state"], "submitted");
  EXPECT_EQ(step(lead, "submit", "2018-05-24").status, 409);
  // The board may not edit the submitted report either.
  EXPECT_EQ(post(report, board, corrected(carers_toml()), "application/toml").status, 403);

  Reply skip = step(board, "hwb_receive", "2018-06-01");
  EXPECT_EQ(skip.status, 409) << skip.describe();
  EXPECT_EQ(state(), "submitted");
  Reply received = step(board, "jcb_receive", "2018-06-01");
  ASSERT_EQ(received.status, 200) << received.describe();
  EXPECT_EQ(received.json()["state"], "received_by_jcb");
  EXPECT_EQ(step(lead, "jcb_sign_off", "2018-06-02").status, 403);
  EXPECT_EQ(step(board, "jcb_receive", "2018-06-02").status, 409);
  EXPECT_EQ(step(board, "jcb_sign_off", "2018-06-02").json()["state"], "signed_off_by_jcb");
  EXPECT_EQ(step(board, "hwb_receive", "2018-06-10").json()["state"], "received_by_hwb");
  EXPECT_EQ(step(board, "hwb_sign_off", "2018-06-11").json()["state"], "signed_off_by_hwb");
  EXPECT_EQ(step(board, "hwb_sign_off", "2018-06-12").status, 409);

  nlohmann::json done = get(report, &as("finance")).json();
  ASSERT_EQ(done["steps"].size(), 5u) << done.dump(1);
  EXPECT_EQ(done["steps"][0]["step"], "submit");
  EXPECT_EQ(done["steps"][0]["by"], "lead");
  EXPECT_EQ(done["steps"][0]["on"], "2018-05-23");
  EXPECT_EQ(done["steps"][1]["by"], "board");
  EXPECT_EQ(done["steps"][4]["step"], "hwb_sign_off");

  // The same content again changes nothing (a comment is not content) ...
  Reply same = post(report, lead, carers_toml() + "\n# a comment\n", "application/toml");
  EXPECT_EQ(same.json()["result"], "unchanged") << same.describe();
  // ... new content after sign-off is a new version, a draft; version 1 is kept.
  Reply v2 = post(report, lead, corrected(carers_toml()), "application/toml");
  ASSERT_EQ(v2.status, 200) << v2.describe();
  EXPECT_EQ(v2.json()["version"], 2);
  EXPECT_EQ(v2.json()["result"], "new_version");
  EXPECT_EQ(state(), "draft");
  Reply v1 = get(report + "?version=1", board);
  EXPECT_EQ(v1.json()["state"], "signed_off_by_hwb");
  EXPECT_EQ(v1.json()["report_author"], "Kirsten Killander");
  EXPECT_EQ(v1.json()["history"].size(), 2u);
  EXPECT_EQ(get(report, board).json()["report_author"], "K. Killander");

  // The list shows the latest version.
  Reply list = get("/api/v1/schemes/CAR/reports?quarter=2017/18:Q4", board);
  ASSERT_EQ(list.json().size(), 1u);
  EXPECT_EQ(list.json()[0]["version"], 2);
}

TEST_F(SchemeWorkflow, TheLeadMayNotEditAnotherSchemesReport) {
  std::string toml = carers_toml();
  toml.replace(toml.find("scheme = \"CAR\""), 14, "scheme = \"CLU\"");
  Reply r = post("/api/v1/schemes/CLU/reports/2017-18/Q3", &as("lead"), toml, "application/toml");
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(get("/api/v1/schemes/CLU/reports?quarter=2017/18:Q3", &as("lead")).json(),
            nlohmann::json::array());
}

TEST_F(SchemeWorkflow, LeadSubmitsBoardRecordsThroughThePages) {
  const std::string page = "/schemes/CAR/2017-18/Q2";
  const Session* lead = &as("lead");
  const Session* board = &as("board");
  // No report yet: the board is told so, the lead gets the form to write it.
  EXPECT_EQ(get(page, board).status, 404);
  Reply blank = get(page, lead);
  ASSERT_EQ(blank.status, 200) << blank.describe();
  HtmlDoc blank_doc(blank.body);
  xmlNodePtr form = blank_doc.one("//form[contains(@action, '/edit')]");
  ASSERT_NE(form, nullptr);
  // The editor posts url-encoded (the default): the server takes no multipart.
  EXPECT_EQ(HtmlDoc::attr(form, "enctype"), "");
  const std::string action = HtmlDoc::attr(form, "action");
  ASSERT_EQ(action.rfind(page + "/edit", 0), 0u) << action;

  // Save the draft as the form does, the CSRF token in a field; the text is
  // longer than the 8 KiB a url-encoded form used to be allowed.
  std::string source = carers_toml("2017/18:Q2");
  source += "\n# " + std::string(12 * 1024, 'x') + "\n";
  Reply saved =
      post_form(action, lead, {{"csrf", lead->csrf}, {"format", "toml"}, {"source", source}});
  EXPECT_EQ(saved.status, 303) << saved.describe();
  // A multipart body is refused before any handler: 415.
  httplib::Client c("127.0.0.1", port());
  c.set_url_encode(false);
  httplib::MultipartFormDataItems items = {
      {"csrf", lead->csrf, "", ""}, {"format", "toml", "", ""}, {"source", "x = 1", "", ""}};
  auto multipart = c.Post(action, {{"Cookie", "bc_session=" + lead->cookie}}, items);
  ASSERT_TRUE(multipart);
  EXPECT_EQ(multipart->status, 415);
  EXPECT_TRUE(leaks_in(multipart->body).empty());
  // The board may not use the edit form (same request, the board's session).
  Reply refused = post_form(page + "/edit", board,
                            {{"csrf", board->csrf}, {"format", "toml"}, {"source", "x = 1"}});
  EXPECT_EQ(refused.status, 403);

  HtmlDoc draft(get(page, board).body);
  EXPECT_EQ(HtmlDoc::attr(draft.one("//dd[@data-state]"), "data-state"), "draft");
  EXPECT_EQ(draft.one("//form[contains(@action, '/step')]"), nullptr)
      << "the board's step form before submission";

  // The lead submits with the page's own form.
  HtmlDoc mine(get(page, lead).body);
  xmlNodePtr submit = mine.one("//form[contains(@action, '/submit')]");
  ASSERT_NE(submit, nullptr);
  EXPECT_EQ(HtmlDoc::attr(mine.one("//input[@name='csrf']", submit), "value"), lead->csrf);
  EXPECT_EQ(post_form(page + "/step", lead,
                      {{"csrf", lead->csrf}, {"step", "jcb_receive"}, {"date", "2018-02-01"}})
                .status,
            403);
  Reply sub = post_form(HtmlDoc::attr(submit, "action"), lead,
                        {{"csrf", lead->csrf}, {"date", "2018-01-20"}, {"note", "on time"}});
  EXPECT_EQ(sub.status, 303) << sub.describe();
  EXPECT_EQ(sub.header("Location").rfind(page, 0), 0u) << sub.header("Location");

  // The board records the next step with the form the page offers it.
  HtmlDoc theirs(get(page, board).body);
  EXPECT_EQ(HtmlDoc::attr(theirs.one("//dd[@data-state]"), "data-state"), "submitted");
  xmlNodePtr step = theirs.one("//form[contains(@action, '/step')]");
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(HtmlDoc::attr(theirs.one(".//input[@name='step']", step), "value"), "jcb_receive");
  // Out of order through the form: 409, nothing changed.
  Reply skip = post_form(page + "/step", board,
                         {{"csrf", board->csrf}, {"step", "hwb_sign_off"}, {"date", "2018-02-01"}});
  EXPECT_EQ(skip.status, 409) << skip.describe();
  Reply rec = post_form(HtmlDoc::attr(step, "action"), board,
                        {{"csrf", board->csrf}, {"step", "jcb_receive"}, {"date", "2018-02-01"}});
  EXPECT_EQ(rec.status, 303) << rec.describe();

  nlohmann::json j = get("/api/v1/schemes/CAR/reports/2017-18/Q2", board).json();
  EXPECT_EQ(j["state"], "received_by_jcb");
  ASSERT_EQ(j["steps"].size(), 2u);
  EXPECT_EQ(j["steps"][0]["note"], "on time");
  EXPECT_EQ(j["steps"][1]["on"], "2018-02-01");
  // Each page action is audited.
  nlohmann::json audit = get("/api/v1/audit?action=submit_scheme_report", &as("admin")).json();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["actor"], "lead");
}

// The scheme lead writes the report in the page's plain fields: each
// refusal is shown next to its field and in the summary, with nothing
// saved; a saved report keeps the TOML the fields make, which the text
// form then holds; submitting a draft without what submission needs marks
// each missing field.
TEST_F(SchemeWorkflow, LeadWritesTheReportInPlainFieldsWithEachRefusalBesideItsField) {
  const std::string page = "/schemes/CAR/2017-18/Q1";
  const std::string api = "/api/v1/schemes/CAR/reports/2017-18/Q1";
  const Session* lead = &as("lead");
  HtmlDoc blank(get(page, lead).body);
  xmlNodePtr form = blank.one("//form[@id='report-form']");
  ASSERT_NE(form, nullptr);
  const std::string action = HtmlDoc::attr(form, "action");
  ASSERT_EQ(action.rfind(page + "/form", 0), 0u) << action;
  // Every field has a label; each list offers empty rows to fill.
  for (const char* id :
       {"report-report_author", "report-report_date", "report-aims", "report-finance.reasons",
        "report-indicators.1.name", "report-indicators.2.metric", "report-risks.1.risk",
        "report-contracts.1.contract"}) {
    EXPECT_NE(blank.one("//form[@id='report-form']//*[@id='" + std::string(id) + "']"), nullptr)
        << id;
    EXPECT_NE(blank.one("//label[@for='" + std::string(id) + "']"), nullptr) << id;
  }
  EXPECT_NE(blank.one("//select[@id='report-indicators.1.metric']/option[@value='nel_admissions']"),
            nullptr);
  // The report is of its quarter: no period picker, here or on the list.
  EXPECT_EQ(blank.one("//select[@id='period']"), nullptr);
  EXPECT_EQ(HtmlDoc(get("/schemes", lead).body).one("//select[@id='period']"), nullptr);
  // The text form for a file stays, folded away.
  EXPECT_NE(blank.one("//details//form[contains(@action, '/edit')]"), nullptr);

  // Refused: a control character, an indicator without a name, a metric
  // that is not one, a date that is not a date. Nothing is saved.
  std::vector<std::pair<std::string, std::string>> fields = {
      {"csrf", lead->csrf},
      {"report_author", "Kirsten Killander"},
      {"report_date", "the 22nd of May"},
      {"aims", "- To reach carers\x07"},
      {"evidence", "Reached 1,200 carers"},
      {"priorities", "- Keep going"},
      {"indicators.1.name", ""},
      {"indicators.1.target", "69"},
      {"indicators.1.metric", ""},
      {"indicators.2.name", "Admissions"},
      {"indicators.2.metric", "no_such_metric"},
      {"risks.1.risk", ""},
      {"risks.1.mitigation", ""}};
  Reply bad = post_form(action, lead, fields);
  ASSERT_EQ(bad.status, 422) << bad.describe();
  HtmlDoc refused(bad.body);
  auto error_of = [&](const std::string& id) {
    xmlNodePtr p = refused.one("//p[@id='" + id + "-error']");
    xmlNodePtr control = refused.one("//*[@id='" + id + "']");
    EXPECT_NE(control, nullptr) << id;
    if (control != nullptr) {
      EXPECT_EQ(HtmlDoc::attr(control, "aria-invalid"), "true") << id;
      EXPECT_NE(HtmlDoc::attr(control, "aria-describedby").find(id + "-error"), std::string::npos)
          << id;
    }
    return p == nullptr ? std::string() : HtmlDoc::text(p);
  };
  EXPECT_NE(error_of("report-aims").find("control character"), std::string::npos);
  EXPECT_NE(error_of("report-report_date").find("expected a date"), std::string::npos);
  EXPECT_NE(error_of("report-indicators.1.name").find("needs a name"), std::string::npos);
  EXPECT_NE(error_of("report-indicators.2.metric").find("choose a metric"), std::string::npos);
  // A blank row is no error; nor is a good field.
  EXPECT_EQ(refused.one("//p[@id='report-risks.1.risk-error']"), nullptr);
  EXPECT_EQ(refused.one("//p[@id='report-evidence-error']"), nullptr);
  // The summary names each refusal by its label and links to its field.
  xmlNodePtr summary = refused.one("//div[@id='error-summary']");
  ASSERT_NE(summary, nullptr);
  // In the form's order.
  std::vector<std::string> order;
  for (xmlNodePtr a : refused.all("//div[@id='error-summary']//li/a"))
    order.push_back(HtmlDoc::attr(a, "href"));
  EXPECT_EQ(order,
            (std::vector<std::string>{"#report-report_date", "#report-aims",
                                      "#report-indicators.1.name", "#report-indicators.2.metric"}));
  EXPECT_NE(refused.one("//div[@id='error-summary']//a[@href='#report-aims']"), nullptr);
  EXPECT_NE(HtmlDoc::text(summary).find("Indicator 2: Better Care metric"), std::string::npos);
  // What was typed is shown again.
  EXPECT_EQ(HtmlDoc::attr(refused.one("//input[@id='report-report_date']"), "value"),
            "the 22nd of May");
  EXPECT_EQ(HtmlDoc::text(refused.one("//textarea[@id='report-evidence']")),
            "Reached 1,200 carers");
  EXPECT_EQ(get(api, lead).status, 404) << "nothing saved";

  // Mended: saved as the draft; blank rows left out.
  fields[2].second = "22/05/2018";  // as typed where a browser has no date picker
  fields[3].second = "- To reach carers\r\n- To involve them \"fully\"";
  fields[6].second = "Carers reached";
  fields[10].second = "nel_admissions";
  Reply good = post_form(action, lead, fields);
  ASSERT_EQ(good.status, 303) << good.describe();
  EXPECT_NE(good.header("Location").find("saved=1"), std::string::npos);
  const nlohmann::json report = get(api, lead).json();
  EXPECT_EQ(report["state"], "draft");
  EXPECT_EQ(report["source_format"], "toml");
  const nlohmann::json& j = report["content"];
  EXPECT_EQ(j["report_author"], "Kirsten Killander");
  EXPECT_EQ(j["report_date"], "2018-05-22");
  EXPECT_EQ(j["aims"], "- To reach carers\n- To involve them \"fully\"");
  ASSERT_EQ(j["indicators"].size(), 2u) << j.dump();
  EXPECT_EQ(j["indicators"][0]["name"], "Carers reached");
  EXPECT_EQ(j["indicators"][0]["target"], "69");
  EXPECT_EQ(j["indicators"][1]["metric"], "nel_admissions");
  EXPECT_TRUE(j["risks"].empty());
  // The page says so, shows the saved values, and the text form holds the
  // TOML they make.
  HtmlDoc saved(get(good.header("Location"), lead).body);
  EXPECT_NE(saved.one("//p[@class='confirm']"), nullptr);
  EXPECT_EQ(HtmlDoc::attr(saved.one("//select[@id='report-indicators.2.metric']/option[@selected]"),
                          "value"),
            "nel_admissions");
  EXPECT_NE(HtmlDoc::text(saved.one("//textarea[@id='source']")).find("name = \"Carers reached\""),
            std::string::npos);
  // Saving the same again changes nothing and writes no audit entry.
  const size_t edits = get("/api/v1/audit?action=edit_scheme_report", &as("admin")).json().size();
  EXPECT_EQ(post_form(action, lead, fields).status, 303);
  EXPECT_EQ(get("/api/v1/audit?action=edit_scheme_report", &as("admin")).json().size(), edits);

  // Submitting without the evidence: refused, the field marked, still a draft.
  fields[5].second = "";
  fields[4].second = "";
  ASSERT_EQ(post_form(action, lead, fields).status, 303);
  Reply early = post_form(page + "/submit", lead, {{"csrf", lead->csrf}, {"date", "2018-05-23"}});
  ASSERT_EQ(early.status, 422) << early.describe();
  HtmlDoc missing(early.body);
  EXPECT_NE(HtmlDoc::text(missing.one("//div[@id='error-summary']/h2")).find("not submitted"),
            std::string::npos);
  EXPECT_NE(HtmlDoc::text(missing.one("//p[@id='report-evidence-error']")).find("needed"),
            std::string::npos);
  EXPECT_NE(missing.one("//p[@id='report-priorities-error']"), nullptr);
  EXPECT_EQ(missing.one("//p[@id='report-aims-error']"), nullptr);
  EXPECT_EQ(get(api, lead).json()["state"], "draft");
  // The board may not use the form.
  EXPECT_EQ(post_form(action, &as("board"), {{"csrf", as("board").csrf}, {"aims", "x"}}).status,
            403);
}

}  // namespace
}  // namespace bc::test
