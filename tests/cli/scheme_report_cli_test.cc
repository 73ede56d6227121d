// bettercare scheme-report: the whole sign-off flow through the real binary,
// its messages and exit codes, and refusals that leave the store exactly as
// it was.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "harness.h"

namespace bc::test {
namespace {

const fs::path kExamples = fs::path(BC_SOURCE_DIR) / "docs" / "examples";
const std::string kCarers = (kExamples / "scheme-report-carers-2017-18-q4.toml").string();
const std::string kClusters = (kExamples / "scheme-report-clusters-2017-18-q4.md").string();

class SchemeReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(dir_, {"import", fixture("finance_seed").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  RunResult sr(std::vector<std::string> args) {
    args.insert(args.begin(), "scheme-report");
    return run_bc(dir_, args);
  }

  RunResult car(const std::string& sub, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {sub, "--scheme", "CAR", "--quarter", "2017/18:Q4"};
    args.insert(args.end(), more.begin(), more.end());
    return sr(args);
  }

  // A copy of the Carers example with one phrase replaced.
  std::string carers_with(const std::string& from, const std::string& to,
                          const std::string& name = "car.toml") {
    std::string text = read_file(kCarers);
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    write_file(dir_ / name, text);
    return (dir_ / name).string();
  }

  nlohmann::json show_json(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), more.begin(), more.end());
    RunResult r = car("show", args);
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  fs::path db() const { return dir_ / "bettercare.db"; }

  TempDir dir_;
};

TEST_F(SchemeReportCli, TheWholeFlowFromDraftToSignedOffByTheHwb) {
  RunResult r = car("set", {"--file", kCarers, "--by", "Kirsten Killander"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "CAR 2017/18:Q4: created version 1 (draft)\n");
  r = car("set", {"--file", kCarers});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "CAR 2017/18:Q4: unchanged (version 1 already has this content)\n");
  // A lower-case quarter is the same report.
  r = sr({"set", "--scheme", "CAR", "--quarter", "2017/18:q4", "--file",
          carers_with("Underspend negligible", "Underspend of £33k: negligible")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "CAR 2017/18:Q4: updated draft version 1\n");

  r = car("show");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("CAR Carers: scheme report for 2017/18:Q4, version 1\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("State                   draft\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Report author           Kirsten Killander\n"), std::string::npos);
  EXPECT_NE(r.out.find("Report date             2018-05-22\n"), std::string::npos);
  EXPECT_NE(r.out.find("Reasons for over/underspends\n  Underspend of £33k: negligible\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("  - risk: Replacement care"), std::string::npos);

  struct Step {
    std::vector<std::string> args;
    std::string date, state, words;
  };
  const Step steps[] = {
      {{"submit"}, "2018-05-23", "submitted", "submitted"},
      {{"receive", "--board", "jcb"}, "2018-06-01", "received_by_jcb", "received by the JCB"},
      {{"sign-off", "--board", "jcb"}, "2018-06-01", "signed_off_by_jcb", "signed off by the JCB"},
      {{"receive", "--board", "HWB"}, "2018-06-26", "received_by_hwb", "received by the HWB"},
      {{"sign-off", "--board", "hwb"}, "2018-07-10", "signed_off_by_hwb", "signed off by the HWB"},
  };
  for (const Step& s : steps) {
    std::vector<std::string> args = {
        "--scheme", "CAR",  "--quarter",   "2017/18:Q4", "--date",
        s.date,     "--by", "Board Clerk", "--note",     "item " + s.state};
    args.insert(args.begin(), s.args.begin(), s.args.end());
    r = sr(args);
    ASSERT_EQ(r.code, 0) << s.state << ": " << r.err;
    EXPECT_EQ(r.out, "CAR 2017/18:Q4 version 1 is now " + s.words + " (" + s.date +
                         ", recorded by Board Clerk)\n");
    EXPECT_EQ(show_json()["state"], s.state);
  }
  nlohmann::json j = show_json();
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["latest_version"], 1);
  EXPECT_EQ(j["content"]["finance_reasons"], "Underspend of £33k: negligible");
  EXPECT_EQ(j["content"]["report_date"], "2018-05-22");
  EXPECT_EQ(j["source_format"], "toml");
  EXPECT_EQ(j["source"], read_file(dir_ / "car.toml"));
  ASSERT_EQ(j["steps"].size(), 5u);
  EXPECT_EQ(j["steps"][0]["step"], "submit");
  EXPECT_EQ(j["steps"][0]["on"], "2018-05-23");
  EXPECT_EQ(j["steps"][4]["step"], "hwb_sign_off");
  EXPECT_EQ(j["steps"][4]["on"], "2018-07-10");
  EXPECT_EQ(j["steps"][4]["by"], "Board Clerk");
  EXPECT_EQ(j["steps"][4]["note"], "item signed_off_by_hwb");

  r = car("show");
  EXPECT_NE(r.out.find("  signed off by the JCB   2018-06-01  by Board Clerk  (item "
                       "signed_off_by_jcb)\n"),
            std::string::npos)
      << r.out;

  // Signed off: new content makes version 2, and version 1 stays as it was.
  auto without_latest = [](nlohmann::json v) {
    v.erase("latest_version");  // the one field that moves when a version is added
    return v.dump();
  };
  const std::string v1 = without_latest(show_json({"--version", "1"}));
  r = car("set", {"--file", kCarers});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "CAR 2017/18:Q4: version 1 is signed off by the HWB and cannot change: created version "
            "2 (draft)\n");
  EXPECT_EQ(without_latest(show_json({"--version", "1"})), v1);
  EXPECT_EQ(show_json({"--version", "1"})["latest_version"], 2);
  EXPECT_EQ(show_json()["version"], 2);
  EXPECT_EQ(show_json()["state"], "draft");

  r = car("history");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("CAR Carers: scheme report for 2017/18:Q4, 2 versions\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("version 1  signed_off_by_hwb (signed off by the HWB)\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  hwb-sign-off  2018-07-10  by Board Clerk"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("version 2  draft\n"), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("version 1"), r.out.find("version 2"));
  r = car("history", {"--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto h = nlohmann::json::parse(r.out);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["version"], 1);
  EXPECT_EQ(h[0]["steps"].size(), 5u);
  EXPECT_EQ(h[1]["version"], 2);
  EXPECT_EQ(h[1]["steps"].size(), 0u);

  ASSERT_EQ(sr({"set", "--scheme", "CLU", "--quarter", "2017/18:Q4", "--file", kClusters}).code, 0);
  r = sr({"list"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("CAR     2017/18:Q4        2  draft              -"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("CLU     2017/18:Q4        1  draft"), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("CAR "), r.out.find("CLU "));
  r = sr({"list", "--scheme", "CLU", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto l = nlohmann::json::parse(r.out);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0]["scheme"], "CLU");
  EXPECT_EQ(l[0]["report_author"], "Adrian Littlemore, Senior Commissioner ICU");
  EXPECT_EQ(l[0]["pooled_budget_manager"], "Adrian Littlemore, Senior Commissioner ICU");
  r = sr({"list", "--quarter", "2016/17:Q1"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "No scheme reports for 2016/17:Q1.\n");
}

TEST_F(SchemeReportCli, RefusalsLeaveTheStoreByteForByteUnchanged) {
  ASSERT_EQ(car("set", {"--file", kCarers}).code, 0);
  ASSERT_EQ(car("submit", {"--date", "2018-05-23"}).code, 0);
  const StoreFingerprint before = fingerprint(db());

  RunResult r = car("sign-off", {"--board", "jcb", "--date", "2018-06-01"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "bettercare: CAR 2017/18:Q4 version 1 is 'submitted'; the next step is 'jcb-receive', "
            "not 'jcb-sign-off'\n");
  EXPECT_TRUE(fingerprint(db()) == before);

  r = car("submit", {"--date", "2018-05-24"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("the next step is 'jcb-receive', not 'submit'"), std::string::npos);
  EXPECT_TRUE(fingerprint(db()) == before);

  r = car("receive", {"--board", "hwb", "--date", "2018-06-01"});
  EXPECT_EQ(r.code, 3);
  EXPECT_TRUE(fingerprint(db()) == before);

  r = car("receive", {"--board", "jcb", "--date", "2018-05-22"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "bettercare: the date of jcb-receive (2018-05-22) is before the date of submit "
            "(2018-05-23) on CAR 2017/18:Q4 version 1\n");
  EXPECT_TRUE(fingerprint(db()) == before);

  const std::string tomorrow = Date::today_utc().add_days(1).iso();
  r = car("receive", {"--board", "jcb", "--date", tomorrow});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("the date of jcb-receive, " + tomorrow + ", is in the future"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fingerprint(db()) == before);

  r = car("receive", {"--board", "jcb", "--by", " "});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(fingerprint(db()) == before);

  // A file with a mistake changes nothing either.
  r = car("set", {"--file", carers_with("report_author =", "reprot_author =")});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("car.toml:24: unknown key 'reprot_author' at the top level (did you mean "
                       "'report_author'?)"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fingerprint(db()) == before);
  r = car("set", {"--file", carers_with("aims = \"\"\"", "aims = \"\"\"\n\x07")});
  EXPECT_EQ(r.code, 3);
  EXPECT_TRUE(fingerprint(db()) == before);
  // The wrong scheme's file is caught by its own scheme key.
  r = car("set", {"--file", kClusters});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("the file is the report of scheme 'CLU', not CAR"), std::string::npos);
  EXPECT_TRUE(fingerprint(db()) == before);
}

TEST_F(SchemeReportCli, SubmittingAnIncompleteReportListsWhatIsMissing) {
  write_file(dir_ / "thin.md",
             "+++\nreport_author = \"Kirsten Killander\"\n+++\n## Aims\nCarers\n");
  RunResult r = car("set", {"--file", (dir_ / "thin.md").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const StoreFingerprint before = fingerprint(db());
  r = car("submit");
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err,
            "bettercare: CAR 2017/18:Q4 version 1 cannot be submitted: report_date, evidence and "
            "priorities are empty; set them and try again\n");
  EXPECT_TRUE(fingerprint(db()) == before);
}

TEST_F(SchemeReportCli, DefaultsAreTodayAndTheCurrentUser) {
  ASSERT_EQ(car("set", {"--file", kCarers}).code, 0);
  RunResult r = car("submit");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = show_json();
  EXPECT_EQ(j["steps"][0]["on"], Date::today_utc().iso());
  EXPECT_FALSE(j["steps"][0]["by"].get<std::string>().empty());
  EXPECT_EQ(j["steps"][0]["by"], j["created_by"]);  // both the user running the tests
}

TEST_F(SchemeReportCli, UsageAndNotFoundExitCodes) {
  write_file(dir_ / "car.txt", read_file(kCarers));
  struct UsageCase {
    std::vector<std::string> args;
    int code;
    std::string message;
  };
  const std::vector<UsageCase> cases = {
      {{"show", "--scheme", "CAR", "--quarter", "2017/18"}, 2, "is not a quarter"},
      {{"show", "--scheme", "CAR", "--quarter", "2017/19:Q4"}, 2, "is not a quarter"},
      {{"submit", "--scheme", "CAR", "--quarter", "2017/18:Q5"}, 2, "is not a quarter"},
      {{"list", "--quarter", "Q4"}, 2, "is not a quarter"},
      {{"show", "--scheme", "CAR"}, 2, "--quarter is required"},
      {{"receive", "--scheme", "CAR", "--quarter", "2017/18:Q4"}, 2, "--board is required"},
      {{"receive", "--board", "ccg", "--scheme", "CAR", "--quarter", "2017/18:Q4"}, 2, "ccg"},
      {{"submit", "--scheme", "CAR", "--quarter", "2017/18:Q4", "--date", "2018-02-30"},
       2,
       "--date"},
      {{"set", "--scheme", "CAR", "--quarter", "2017/18:Q4", "--file", "missing.toml"},
       2,
       "missing.toml: no such file"},
      {{"set", "--scheme", "CAR", "--quarter", "2017/18:Q4", "--file", (dir_ / "car.txt").string()},
       2,
       "'.txt' is neither"},
      {{"show", "--scheme", "XYZ", "--quarter", "2017/18:Q4"},
       5,
       "there is no scheme 'XYZ'; the schemes are: BRS, CAR, CLU"},
      {{"show", "--scheme", "CAR", "--quarter", "2017/18:Q4"},
       5,
       "there is no scheme report for CAR 2017/18:Q4 (create one with 'scheme-report set')"},
      {{"history", "--scheme", "CAR", "--quarter", "2017/18:Q4"}, 5, "there is no scheme report"},
      {{"submit", "--scheme", "CAR", "--quarter", "2017/18:Q4"}, 5, "there is no scheme report"},
      {{"list", "--scheme", "XYZ"}, 5, "there is no scheme 'XYZ'"},
      {{"set", "--scheme", "XYZ", "--quarter", "2017/18:Q4", "--file", kClusters},
       3,
       "the file is the report of scheme 'CLU', not XYZ"},
  };
  const StoreFingerprint before = fingerprint(db());
  for (const UsageCase& c : cases) {
    RunResult r = sr(c.args);
    EXPECT_EQ(r.code, c.code) << c.args[0] << " " << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_TRUE(fingerprint(db()) == before);
  ASSERT_EQ(car("set", {"--file", kCarers}).code, 0);
  RunResult r = car("show", {"--version", "3"});
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.err, "bettercare: CAR 2017/18:Q4 has only version 1; there is no version 3\n");
  EXPECT_EQ(sr({"bogus"}).code, 2);
  EXPECT_EQ(sr({}).code, 2);
}

TEST_F(SchemeReportCli, EveryOptionHasHelp) {
  for (const char* sub : {"set", "show", "list", "history", "submit", "receive", "sign-off"}) {
    RunResult r = sr({sub, "--help"});
    ASSERT_EQ(r.code, 0) << sub;
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    int options = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      if (line.rfind("  --", 0) != 0) continue;
      ++options;
      // "  --scheme TEXT REQUIRED    The scheme's code ...", or a long option
      // spec with its description on the next line, indented.
      size_t gap = line.find("  ", 2);
      const bool same_line =
          gap != std::string::npos && line.find_first_not_of(' ', gap) != std::string::npos;
      const bool next_line = i + 1 < lines.size() && lines[i + 1].rfind("      ", 0) == 0 &&
                             lines[i + 1].find_first_not_of(' ') != std::string::npos;
      EXPECT_TRUE(same_line || next_line) << sub << ": " << line;
    }
    EXPECT_GE(options, 2) << sub << "\n" << r.out;
  }
}

}  // namespace
}  // namespace bc::test
