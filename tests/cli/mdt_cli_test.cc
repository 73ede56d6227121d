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
    const std::string window = " BETWEEN '" + since + "' AND date('" + kAt + "', '-1 day')";
    const int64_t emergencies =
        sql("SELECT count(*) FROM spells WHERE nhs_number = " + nhs +
            " AND admission_method IN ('21','22','23','24','25','2A','2B','2C','2D','28') AND "
            "admission_date" +
            window);
    const int64_t ae = sql("SELECT count(*) FROM ae_attendances WHERE nhs_number = " + nhs +
                           " AND date(arrival)" + window);
    const int64_t discharged = sql("SELECT count(*) FROM spells WHERE nhs_number = " + nhs +
                                   " AND discharge_date BETWEEN date('" + kAt +
                                   "', '-7 day') AND date('" + kAt + "', '-1 day')");
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
  const std::string c2 = query_text(db(),
                                    "SELECT printf('%010d', p.nhs_number) FROM persons p JOIN "
                                    "practices r USING (practice_code) WHERE r.cluster_code = 'C2' "
                                    "AND p.date_of_death IS NULL LIMIT 1");
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
