// bettercare mdt on a small synthetic city (5,000 people, a model trained
// at 2017-04-01): the case list's people are on the register and each
// reason is checked against the store independently (an emergency spell
// or an A&E attendance in the window, a discharge in the last week, a
// join in the register's JSON, an overdue review in `careplan due`); a
// meeting is recorded all or nothing, and the next case list counts
// "recent" from it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "core/date.h"
#include "harness.h"

namespace bc::test {
namespace {

constexpr const char* kAt = "2019-03-01";

class MdtCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"synth", "--out", "city", "--persons", "5000"},
                                               {"init"},
                                               {"import", "city"},
                                               {"risk", "train", "--index", "2017-04-01"}}) {
      RunResult r = run_bc(*dir_, args);
      if (r.code != 0) {
        error_ = new std::string(r.err);
        return;
      }
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete error_;
    error_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(error_, nullptr) << *error_; }
  static fs::path db() { return *dir_ / "bettercare.db"; }
  static nlohmann::json json_of(const std::vector<std::string>& args) {
    RunResult r = run_bc(*dir_, args);
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  static int64_t sql(const std::string& q) { return query_int(db(), q); }
  static TempDir* dir_;
  static std::string* error_;
};
TempDir* MdtCli::dir_ = nullptr;
std::string* MdtCli::error_ = nullptr;

TEST_F(MdtCli, EveryPersonOnTheCaseListIsThereForTheReasonsGiven) {
  const nlohmann::json cases =
      json_of({"mdt", "cases", "--cluster", "C1", "--at", kAt, "--format", "json"});
  const nlohmann::json reg =
      json_of({"register", "--cluster", "C1", "--at", kAt, "--format", "json"});
  std::map<std::string, bool> on_register;  // nhs -> joined
  for (const auto& e : reg["entries"]) on_register[e["nhs_number"]] = e["joined"];
  std::set<std::string> overdue;
  {
    RunResult due = run_bc(*dir_, {"careplan", "due", "--at", kAt, "--cluster", "C1", "--within",
                                   "0", "--format", "csv"});
    ASSERT_EQ(due.code, 0) << due.err;
    std::istringstream lines(due.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(",overdue") != std::string::npos) overdue.insert(line.substr(0, 10));
    }
  }
  const std::string since = cases["since"];
  EXPECT_EQ(since, "2019-02-01");  // no meeting yet: the 28 days before
  ASSERT_FALSE(cases["entries"].empty());
  std::set<std::string> seen_reasons;
  for (const auto& e : cases["entries"]) {
    const std::string nhs = e["nhs_number"];
    ASSERT_TRUE(on_register.count(nhs)) << nhs << " is not on the register";
    ASSERT_FALSE(e["reasons"].empty());
    std::set<std::string> reasons;
    for (const auto& r : e["reasons"]) reasons.insert(r.get<std::string>());
    seen_reasons.insert(reasons.begin(), reasons.end());
    const Date at = *Date::parse(kAt);
    const std::string day_before = at.add_days(-1).iso(), week_before = at.add_days(-7).iso();
    const std::string window = " BETWEEN '" + since + "' AND '" + day_before + "'";
    const int64_t emergencies =
        sql("SELECT count(*) FROM spells WHERE nhs_number = " + nhs +
            " AND admission_method IN ('21','22','23','24','25','2A','2B','2C','2D','28') AND "
            "admission_date" +
            window);
    const int64_t ae = sql("SELECT count(*) FROM ae_attendances WHERE nhs_number = " + nhs +
                           " AND substr(arrival, 1, 10)" + window);
    const int64_t discharged =
        sql("SELECT count(*) FROM spells WHERE nhs_number = " + nhs +
            " AND discharge_date BETWEEN '" + week_before + "' AND '" + day_before + "'");
    EXPECT_EQ(reasons.count("emergency") == 1, emergencies > 0) << nhs;
    EXPECT_EQ(reasons.count("ae") == 1, ae > 0) << nhs;
    EXPECT_EQ(reasons.count("discharged") == 1, discharged > 0) << nhs;
    EXPECT_EQ(reasons.count("new") == 1, on_register[nhs]) << nhs;
    EXPECT_EQ(reasons.count("overdue") == 1, overdue.count(nhs) == 1) << nhs;
  }
  // Everyone on the register with a reason is listed.
  size_t with_reason = 0;
  for (const auto& [nhs, joined] : on_register) with_reason += joined || overdue.count(nhs);
  EXPECT_GE(cases["entries"].size(), with_reason);
  EXPECT_TRUE(seen_reasons.count("emergency") && seen_reasons.count("ae"));
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM audit_log WHERE action = 'view_mdt_cases'"), 1);
}

TEST_F(MdtCli, AMeetingIsRecordedWholeOrNotAtAll) {
  const nlohmann::json cases =
      json_of({"mdt", "cases", "--cluster", "C1", "--at", kAt, "--format", "json"});
  const std::string first = cases["entries"][0]["nhs_number"];
  const std::string c2 = fmt::format(
      "{:010d}", query_int(db(),
                           "SELECT p.nhs_number FROM persons p JOIN practices r USING "
                           "(practice_code) WHERE r.cluster_code = 'C2' AND p.date_of_death IS "
                           "NULL ORDER BY p.nhs_number LIMIT 1"));
  // A person of another cluster and an unknown profession: nothing stored.
  RunResult bad =
      run_bc(*dir_, {"mdt",        "record",      "--cluster",    "C1",      "--date",   kAt,
                     "--attendee", "Sam Patel",   "--profession", "surgeon", "--person", first,
                     "--outcome",  "review_plan", "--actions",    "-",       "--person", c2,
                     "--outcome",  "monitor",     "--actions",    "-"});
  EXPECT_EQ(bad.code, 3) << bad.err;
  EXPECT_NE(bad.err.find("attendee 1: profession 'surgeon': not one of"), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("person 2: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("is not registered in cluster C1"), std::string::npos) << bad.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings"), 0);
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_attendees"), 0);

  RunResult ok = run_bc(
      *dir_, {"mdt",        "record",     "--cluster",    "C1",           "--date",
              "2019-02-20", "--attendee", "Sam Patel",    "--profession", "community matron",
              "--attendee", "Priya Shah", "--profession", "GP",           "--person",
              first,        "--outcome",  "review_plan",  "--actions",    "Review the falls plan"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  const nlohmann::json list = json_of({"mdt", "list", "--cluster", "C1", "--format", "json"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["date"], "2019-02-20");
  EXPECT_EQ(list[0]["attendees"].size(), 2u);
  EXPECT_EQ(list[0]["attendees"][1]["profession"], "GP");
  EXPECT_EQ(list[0]["discussed"][0]["nhs_number"], first);
  EXPECT_EQ(list[0]["discussed"][0]["actions"], "Review the falls plan");
  // The next case list counts recent events from that meeting.
  const nlohmann::json next =
      json_of({"mdt", "cases", "--cluster", "C1", "--at", kAt, "--format", "json"});
  EXPECT_EQ(next["since"], "2019-02-20");
  // A meeting in the future is refused.
  RunResult future = run_bc(*dir_, {"mdt", "record", "--cluster", "C1", "--date", "2099-01-01",
                                    "--attendee", "A", "--profession", "GP"});
  EXPECT_EQ(future.code, 3);
  EXPECT_NE(future.err.find("a meeting is recorded once it has met"), std::string::npos);
}

}  // namespace
}  // namespace bc::test

namespace bc::test {
namespace {

// bettercare mdt import: the synthetic city's MDT log (mdt/mdt_log.csv)
// is recorded whole, each meeting with its attendees and people; a second
// import of it is refused and changes nothing; a log with a bad meeting
// records none of its meetings and names each problem.
class MdtImport : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"synth", "--out", "city", "--persons", "3000"},
             {"init"},
             {"import", "--covers", "2014-04..2019-03", "city"}}) {
      RunResult r = run_bc(dir_, args);
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }
  int64_t sql(const std::string& q) { return query_int(dir_ / "bettercare.db", q); }
  TempDir dir_;
};

TEST_F(MdtImport, TheCitysLogIsRecordedWholeAndNeverTwice) {
  // The log's meetings and people, counted from the file itself: the
  // cluster and date are its first two fields (never quoted), the NHS
  // number the field after the quoted attendees.
  std::istringstream log(read_file(dir_ / "city" / "mdt" / "mdt_log.csv"));
  std::string line;
  std::getline(log, line);  // the header
  std::set<std::string> meetings;
  int64_t people = 0;
  while (std::getline(log, line)) {
    const size_t second = line.find(',', line.find(',') + 1);
    meetings.insert(line.substr(0, second));
    const size_t after = line.find("\",", second);
    ASSERT_NE(after, std::string::npos) << line;
    if (line[after + 2] != ',') ++people;
  }
  ASSERT_GT(meetings.size(), 100u);
  ASSERT_GT(people, 20);
  RunResult r = run_bc(dir_, {"mdt", "import", "city/mdt/mdt_log.csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings"), static_cast<int64_t>(meetings.size()));
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_discussions"), people);
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings m WHERE (SELECT count(*) FROM mdt_attendees a "
                "WHERE a.meeting_id = m.meeting_id) < 4"),
            0);
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'record_mdt'"), 1);
  RunResult again = run_bc(dir_, {"mdt", "import", "city/mdt/mdt_log.csv"});
  EXPECT_NE(again.code, 0);
  EXPECT_NE(again.err.find("already recorded"), std::string::npos) << again.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings"), static_cast<int64_t>(meetings.size()));
}

TEST_F(MdtImport, ALogWithABadMeetingRecordsNone) {
  const std::string someone = std::to_string(sql(
      "SELECT p.nhs_number FROM persons p JOIN practices r ON r.practice_code = p.practice_code "
      "WHERE r.cluster_code = 'C1' AND p.date_of_death IS NULL AND p.date_of_birth < '2000-01-01' "
      "AND (p.registered_date IS NULL OR p.registered_date < '2018-04-10') ORDER BY p.nhs_number "
      "LIMIT 1"));
  const std::string header = "cluster_code,meeting_date,attendees,nhs_number,outcome,actions\n";
  auto import = [&](const std::string& text) {
    write_file(dir_ / "log.csv", text);
    return run_bc(dir_, {"mdt", "import", "log.csv"});
  };
  RunResult r = import(header + "C1,2018-04-10,\"Ann Lee (GP)\"," + someone + ",new_plan,Plan\n" +
                       "C1,2018-04-24,\"Ann Lee (surgeon)\",,,\n");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("meeting 2 (C1 on 2018-04-24): attendee 1: profession 'surgeon'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings"), 0);
  // What the file itself gets wrong, with its lines.
  r = import(header + "C1,2018-04-10,\"Ann Lee (GP)\"," + someone + ",new_plan,Plan\n" +
             "C1,2018-04-10,\"Ann Lee (GP); Sam Shah (GP)\",9990000018,monitor,\n" +
             "C1,2018-04-31,\"Ann Lee (GP)\",,,\n" + "C2,2018-04-10,Ann Lee,,,\n");
  EXPECT_NE(r.code, 0);
  for (const char* want : {"line 3: attendees differ", "line 4: meeting_date '2018-04-31'",
                           "line 5: attendee 'Ann Lee': write each as Name (profession)"}) {
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  }
  r = import("cluster,date\nC1,2018-04-10\n");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("line 1: the header must be"), std::string::npos) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_meetings"), 0);
  // A good log is recorded.
  r = import(header + "C1,2018-04-10,\"Ann Lee (GP); Sam Shah (social worker)\"," + someone +
             ",new_plan,\"Plan, with the family\"\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_attendees"), 2);
  EXPECT_EQ(sql("SELECT count(*) FROM mdt_discussions WHERE actions = 'Plan, with the family'"), 1);
}

}  // namespace
}  // namespace bc::test
