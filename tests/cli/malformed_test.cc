// Malformed input, kind by kind: each case must exit 3, name the file,
// line and column of the problem, and leave the store byte-for-byte and
// row-for-row unchanged.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

struct Case {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> expect;  // substrings of stderr
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

const std::string kSpellsHeader =
    "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
    "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n";

// The valid fixture's mid-2017 estimate (182 rows; line 10 is age 4, M)
// with line `line` replaced by `text`, or removed when `text` is empty.
std::string population_with(int line, const std::string& text) {
  std::istringstream in(read_file(fixture("small/population.csv")));
  std::string out;
  int n = 0;
  for (std::string l; std::getline(in, l);) {
    if (++n != line)
      out += l + "\n";
    else if (!text.empty())
      out += text + "\n";
  }
  return out;
}

std::vector<Case> cases() {
  return {
      // The acceptance list.
      {"wrong_nhs_check_digit",
       {{"persons.csv",
         "nhs_number,date_of_birth,sex,practice_code\n9990000019,1950-01-01,F,J82001\n"}},
       {"persons.csv:2: nhs_number: 9990000019: not a valid NHS number"}},
      {"impossible_date",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-30,,21,J18.9,,,\n"}},
       {"spells.csv:2: admission_date: 2018-02-30:", "28 days"}},
      {"discharge_before_admission",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,2018-02-09,21,J18.9,,,\n"}},
       {"spells.csv:2: discharge_date: 2018-02-09: the discharge is before the admission"}},
      {"practice_does_not_exist",
       {{"persons.csv",
         "nhs_number,date_of_birth,sex,practice_code\n9990000018,1950-01-01,F,J89999\n"}},
       {"persons.csv:2: practice_code: J89999: no such practice"}},
      {"scheme_does_not_exist",
       {{"budgets.csv",
         "financial_year,scheme_code,partner_code,funding_stream,amount\n2017/"
         "18,NOPE,CCG,iBCF,10\n"}},
       {"budgets.csv:2: scheme_code: NOPE: no such scheme"}},
      {"same_id_twice_in_one_file",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,,21,J18.9,,,\n"
                                       "S8,9990000018,RHM,2018-02-10,,21,J18.9,,,\n"
                                       "S9,9990000026,RHM,2018-02-11,,21,J18.9,,,\n"}},
       {"spells.csv:4: spell_id: S9: a record with the same spell_id is already in this batch"}},
      {"same_id_in_two_files_of_a_batch",
       {{"reablement_a.csv",
         "episode_id,nhs_number,discharge_date,outcome_91_days\nE1,9990000018,2017-05-01,at_"
         "home\n"},
        {"reablement_b.csv",
         "episode_id,nhs_number,discharge_date,outcome_91_days\nE1,9990000018,2017-06-01,died\n"}},
       {"reablement_b.csv:2: episode_id: E1: a record with the same episode_id is already in this "
        "batch"}},
      {"missing_required_column",
       {{"ae_attendances.csv",
         "attendance_id,nhs_number,provider_code,department_type\nA9,9990000018,RHM,01\n"}},
       {"ae_attendances.csv:1: arrival: (missing): a required column is missing"}},
      {"unterminated_quote",
       {{"reablement.csv",
         "episode_id,nhs_number,discharge_date,outcome_91_days\n"
         "E1,9990000018,2017-05-01,at_home\n"
         "E2,9990000018,\"2017-05-01,at_home\n"
         "E3,9990000018,2017-05-01,at_home\n"}},
       {"reablement.csv:3: discharge_date: -: unterminated quoted field"}},
      {"truncated_last_line",
       {{"care_home_admissions.csv",
         "admission_id,nhs_number,admission_date,setting,permanent,funder\n"
         "C8,9990000018,2017-05-01,nursing,Y,council\n"
         "C9,9990000018,2017-05"}},
       {"care_home_admissions.csv:3: setting: (missing): the row has 3 of the header's 6 fields"}},
      {"truncated_inside_a_value",
       {{"care_home_admissions.csv",
         "admission_id,nhs_number,admission_date,setting,permanent,funder\n"
         "C9,9990000018,2017-05-01,nursing,Y,coun"}},
       {"care_home_admissions.csv:2: funder: coun: must be council, nhs, self or other_la"}},
      {"not_utf8",
       {{"practices.csv",
         "practice_code,practice_name,cluster_code,cluster_name\nJ82005,Caf\xE9 "
         "Surgery,C1,East\n"}},
       {"practices.csv:2: practice_name: Caf\\xE9 Surgery: not valid UTF-8"}},
      {"negative_delayed_days",
       {{"delayed_days.csv",
         "month,provider_code,responsible_org,reason,delayed_days\n2017-05,RHM,NHS,A,-5\n"}},
       {"delayed_days.csv:2: delayed_days: -5: cannot be negative"}},
      {"shared_risk_not_100",
       {{"schemes.csv",
         "scheme_code,scheme_name,host,risk_share\nNEW,New,CCG,shared:CCG=60;SCC=30\n"}},
       {"schemes.csv:2: risk_share: shared:CCG=60;SCC=30: the percentages sum to 90.00, not 100"}},
      {"ledger_month_13",
       {{"ledger.csv",
         "financial_year,month,scheme_code,partner_code,actual\n2017/18,13,CLU,CCG,100\n"}},
       {"ledger.csv:2: month: 13: the month must be 1 to 12"}},
      {"plans_month_13",
       {{"plans.csv", "metric,month,value\nnel_admissions,2017-13,2500\n"}},
       {"plans.csv:2: month: 2017-13:"}},
      {"empty_file",
       {{"providers.csv", ""}},
       {"providers.csv:1: (file): (empty): the file is empty"}},
      {"header_only",
       {{"conditions.csv", "nhs_number,condition,recorded_date\n"}},
       {"conditions.csv:2: (file): (none): the file has a header but no data rows"}},
      // More, so that every kind has malformed rows of its own.
      {"partner_kind",
       {{"partners.csv",
         "partner_code,partner_name,kind\nWCC,Warwickshire County Council,county\n"}},
       {"partners.csv:2: kind: county: must be nhs, council or other"}},
      {"practice_code_not_ods",
       {{"practices.csv",
         "practice_code,practice_name,cluster_code,cluster_name\nJ8-2001,Bad,C1,East\n"}},
       {"practices.csv:2: practice_code: J8-2001:"}},
      {"provider_type",
       {{"providers.csv", "provider_code,provider_name,provider_type\nRXX,Somewhere,hospital\n"}},
       {"providers.csv:2: provider_type: hospital: must be acute"}},
      {"person_died_before_birth",
       {{"persons.csv",
         "nhs_number,date_of_birth,sex,practice_code,date_of_death\n9990000018,1950-01-01,F,J82001,"
         "1949-12-31\n"}},
       {"persons.csv:2: date_of_death: 1949-12-31: the date of death is before the date of birth"}},
      {"person_registered_before_birth",
       {{"persons.csv",
         "nhs_number,date_of_birth,sex,practice_code,registered_date\n9990000018,1950-01-01,F,"
         "J82001,1949-06-01\n"}},
       {"persons.csv:2: registered_date: 1949-06-01: the registration is before the date of "
        "birth"}},
      {"person_sex",
       {{"persons.csv",
         "nhs_number,date_of_birth,sex,practice_code\n9990000018,1950-01-01,X,J82001\n"}},
       {"persons.csv:2: sex: X: must be M, F or U"}},
      {"condition_unknown",
       {{"conditions.csv",
         "nhs_number,condition,recorded_date\n9990000018,grumpiness,2017-01-01\n"}},
       {"conditions.csv:2: condition: grumpiness: not a condition code"}},
      {"condition_nhs_letters",
       {{"conditions.csv", "nhs_number,condition,recorded_date\n99900000AB,falls,2017-01-01\n"}},
       {"conditions.csv:2: nhs_number: 99900000AB: not a valid NHS number"}},
      {"scheme_host_unknown",
       {{"schemes.csv", "scheme_code,scheme_name,host,risk_share\nNEW,New,XYZ,own\n"}},
       {"schemes.csv:2: host: XYZ: no such partner"}},
      {"scheme_shared_unknown_partner",
       {{"schemes.csv",
         "scheme_code,scheme_name,host,risk_share\nNEW,New,CCG,shared:CCG=50;XYZ=50\n"}},
       {"schemes.csv:2: risk_share: shared:CCG=50;XYZ=50: no such partner XYZ"}},
      {"budget_money",
       {{"budgets.csv",
         "financial_year,scheme_code,partner_code,funding_stream,amount\n2017/"
         "18,CLU,CCG,iBCF,12.345\n"}},
       {"budgets.csv:2: amount: 12.345:"}},
      {"budget_profile_not_twelve",
       {{"budgets.csv",
         "financial_year,scheme_code,partner_code,funding_stream,amount,profile\n2017/"
         "18,CLU,CCG,iBCF,12,1;1;1\n"}},
       {"budgets.csv:2: profile: 1;1;1: a profile is twelve non-negative weights"}},
      {"budget_year",
       {{"budgets.csv",
         "financial_year,scheme_code,partner_code,funding_stream,amount\n2017/"
         "19,CLU,CCG,iBCF,12\n"}},
       {"budgets.csv:2: financial_year: 2017/19:"}},
      {"ledger_partner_unknown",
       {{"ledger.csv",
         "financial_year,month,scheme_code,partner_code,actual\n2017/18,2,CLU,XYZ,100\n"}},
       {"ledger.csv:2: partner_code: XYZ: no such partner"}},
      {"plan_metric_unknown",
       {{"plans.csv", "metric,month,value\nhappiness,2017-04,10\n"}},
       {"plans.csv:2: metric: happiness: not a metric id"}},
      {"plan_percent_over_100",
       {{"plans.csv", "metric,month,value\nreablement_91,2017-04,190\n"}},
       {"plans.csv:2: value: 190: a percentage cannot exceed 100"}},
      {"spell_admission_method",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,,2E,J18.9,,,\n"}},
       {"spells.csv:2: admission_method: 2E: not a HES admission method"}},
      {"spell_icd10",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,,21,18.9,,,\n"}},
       {"spells.csv:2: primary_diagnosis: 18.9:"}},
      {"spell_secondary_icd10",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,,21,S72.0,W19;banana,,\n"}},
       {"spells.csv:2: secondary_diagnoses: W19;banana: 'banana':"}},
      {"spell_provider_unknown",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,XYZ,2018-02-10,,21,J18.9,,,\n"}},
       {"spells.csv:2: provider_code: XYZ: no such provider"}},
      {"spell_too_many_fields",
       {{"spells.csv", kSpellsHeader + "S9,9990000018,RHM,2018-02-10,,21,J18.9,,,100,00\n"}},
       {"spells.csv:2: (row): 00: the row has 11 fields but the header has 10"}},
      {"ae_department_type",
       {{"ae_attendances.csv",
         "attendance_id,nhs_number,provider_code,arrival,department_type\nA9,9990000018,RHM,2017-"
         "04-03T09:15,05\n"}},
       {"ae_attendances.csv:2: department_type: 05: the department type must be 01, 02, 03 or 04"}},
      {"ae_arrival_time",
       {{"ae_attendances.csv",
         "attendance_id,nhs_number,provider_code,arrival,department_type\nA9,9990000018,RHM,2017-"
         "04-03T25:15,01\n"}},
       {"ae_attendances.csv:2: arrival: 2017-04-03T25:15:"}},
      {"delayed_days_reason",
       {{"delayed_days.csv",
         "month,provider_code,responsible_org,reason,delayed_days\n2017-05,RHM,NHS,D(iii),5\n"}},
       {"delayed_days.csv:2: reason: D(iii): must be A, B, C, D(i), D(ii)"}},
      {"bed_days_not_a_number",
       {{"bed_days.csv", "month,provider_code,occupied_bed_days\n2017-05,RHM,lots\n"}},
       {"bed_days.csv:2: occupied_bed_days: lots: not a whole number"}},
      {"bed_days_month_13",
       {{"bed_days.csv", "month,provider_code,occupied_bed_days\n2017-13,RHM,100\n"}},
       {"bed_days.csv:2: month: 2017-13:"}},
      {"care_home_permanent",
       {{"care_home_admissions.csv",
         "admission_id,nhs_number,admission_date,setting,permanent,funder\nC9,9990000018,2017-05-"
         "01,nursing,maybe,council\n"}},
       {"care_home_admissions.csv:2: permanent: maybe: must be Y or N"}},
      {"reablement_outcome",
       {{"reablement.csv",
         "episode_id,nhs_number,discharge_date,outcome_91_days\nE1,9990000018,2017-05-01,gone\n"}},
       {"reablement.csv:2: outcome_91_days: gone: must be at_home, not_at_home, died or unknown"}},
      {"required_value_empty",
       {{"reablement.csv",
         "episode_id,nhs_number,discharge_date,outcome_91_days\nE1,,2017-05-01,died\n"}},
       {"reablement.csv:2: nhs_number: (empty): a value is required"}},
      {"duplicate_header_column",
       {{"bed_days.csv", "month,provider_code,occupied_bed_days,month\n2017-05,RHM,100,2017-06\n"}},
       {"bed_days.csv:1: month: (header): the column appears twice in the header"}},
      {"quote_inside_unquoted_field",
       {{"providers.csv",
         "provider_code,provider_name,provider_type\nRXX,The \"Elms\",care_home\n"}},
       {"providers.csv:2: provider_name: -: a quote inside an unquoted field"}},
      // The ONS mid-year estimates (bettercare's extension).
      {"population_age_91",
       {{"population.csv", population_with(10, "2017,91,M,1462")}},
       {"population.csv:10: age: 91: single years of age run from 0 to 90 (90 is 90 and over)"}},
      {"population_age_negative",
       {{"population.csv", population_with(10, "2017,-1,M,1462")}},
       {"population.csv:10: age: -1: cannot be negative"}},
      {"population_age_fraction",
       {{"population.csv", population_with(10, "2017,4.5,M,1462")}},
       {"population.csv:10: age: 4.5: not a whole number"}},
      {"population_sex_unknown",
       {{"population.csv", population_with(10, "2017,4,U,1462")}},
       {"population.csv:10: sex: U: must be M or F: ONS estimates the population by male and "
        "female only"}},
      {"population_sex_other",
       {{"population.csv", population_with(10, "2017,4,X,1462")}},
       {"population.csv:10: sex: X: must be M or F"}},
      {"population_financial_year",
       {{"population.csv", population_with(10, "2017/18,4,M,1462")}},
       {"population.csv:10: year: 2017/18: the year of a mid-year estimate is a calendar year, "
        "not a financial year (2017 for mid-2017, the estimate 2017/18 uses)"}},
      {"population_year_out_of_range",
       {{"population.csv", population_with(10, "1899,4,M,1462")}},
       {"population.csv:10: year: 1899: must be from 1900 to 2100"}},
      {"population_negative",
       {{"population.csv", population_with(10, "2017,4,M,-1")}},
       {"population.csv:10: population: -1: cannot be negative"}},
      {"population_not_a_number",
       {{"population.csv", population_with(10, "2017,4,M,\"12,x\"")}},
       {"population.csv:10: population: 12,x: not a whole number"}},
      {"population_over_100_million",
       {{"population.csv", population_with(10, "2017,4,M,100000001")}},
       {"population.csv:10: population: 100000001: must be from 0 to 100000000"}},
      {"population_incomplete_year",  // 181 rows: age 4, M is missing
       {{"population.csv", population_with(10, "")}},
       {"population.csv:2: year: 2017: mid-2017 has 181 of the 182 rows (ages 0 to 90, M and F): "
        "an estimate is imported whole (age 4 M is missing)"}},
      {"population_a_year_of_one_row",
       {{"population.csv", population_with(1, "year,age,sex,population") + "2018,90,F,1500\n"}},
       {"population.csv:184: year: 2018: mid-2018 has 1 of the 182 rows (ages 0 to 90, M and F): "
        "an estimate is imported whole (age 0 M and 180 more are missing)"}},
      {"population_same_key_twice",
       {{"population.csv", population_with(1, "year,age,sex,population") + "2017,4,m,1462\n"}},
       {"population.csv:184: year: 2017: a record with the same year, age and sex is already in "
        "this batch"}},
      {"population_whole_in_two_files_is_not_whole_in_each",
       {{"population_a.csv", population_with(10, "")},
        {"population_b.csv", "year,age,sex,population\n2017,4,M,1462\n"}},
       {"population_a.csv:2: year: 2017: mid-2017 has 181 of the 182 rows",
        "population_b.csv:2: year: 2017: mid-2017 has 1 of the 182 rows"}},
      {"good_file_with_a_bad_one",  // all or nothing across the batch
       {{"bed_days.csv", "month,provider_code,occupied_bed_days\n2017-05,RHM,100\n"},
        {"plans.csv", "metric,month,value\nnel_admissions,2017-04,-1\n"}},
       {"plans.csv:2: value: -1: a plan cannot be negative"}},
  };
}

// A store with the small fixture's reference data and spells: made once
// for the suite (made_once.h).
std::string store_with_spells(const fs::path& dir) {
  return small_store(dir, {"partners", "practices", "providers", "persons", "schemes", "spells"});
}

class MalformedTest : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedTest, RejectedWithLocationAndStoreUnchanged) {
  const Case& c = GetParam();
  TempDir dir;
  std::string error;
  const fs::path made = made_once("malformed", store_with_spells, &error);
  ASSERT_EQ(error, "");
  copy_made(made, dir.path());

  fs::path db = dir / "bettercare.db";
  StoreFingerprint before = fingerprint(db);
  std::vector<std::string> import = {"import"};
  for (const auto& [name, content] : c.files) {
    write_file(dir / name, content);
    import.push_back(name);
  }
  RunResult r = run_bc(dir, import);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("import rejected, nothing was changed"), std::string::npos) << r.err;
  for (const auto& e : c.expect)
    EXPECT_NE(r.err.find(e), std::string::npos) << "expected: " << e << "\nstderr:\n" << r.err;
  EXPECT_TRUE(fingerprint(db) == before) << "the store changed";
  EXPECT_FALSE(fs::exists(dir / "bettercare.db-wal") &&
               fs::file_size(dir / "bettercare.db-wal") > 0);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, MalformedTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

// A malformed --covers is a usage error (exit 2) found before anything is
// read: nothing is written.
TEST(MalformedCovers, RefusedWithTheReasonAndStoreUnchanged) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("small/providers.csv").string()}).code, 0);
  fs::path db = dir / "bettercare.db";
  const StoreFingerprint before = fingerprint(db);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2018-13", "--covers 2018-13: not a real month: months run 01 to 12"},
      {"2018-03..2017-04",
       "--covers 2018-03..2017-04: the range starts (2018-03) after it ends (2017-04)"},
      {"garbage",
       "--covers garbage: expected a month as YYYY-MM; a declared range is YYYY-MM..YYYY-MM"},
      {"2017-04..", "--covers 2017-04..: the last month: no month given"},
      {"1950-01..2000-12", "--covers 1950-01..2000-12: the range spans 612 months; at most 600"},
  };
  for (const auto& [range, message] : cases) {
    RunResult r = run_bc(dir, {"import", "--covers", range, fixture("small/spells.csv").string()});
    EXPECT_EQ(r.code, 2) << range << ": " << r.err;
    EXPECT_NE(r.err.find("bettercare: " + message), std::string::npos) << range << ": " << r.err;
    EXPECT_TRUE(fingerprint(db) == before) << range << ": the store changed";
  }
  // 600 months is the most a range may span; the same spells import then
  // commits, so the refusals above were about the range alone.
  RunResult ok =
      run_bc(dir, {"import", "--covers", "1968-04..2018-03", fixture("small/spells.csv").string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM import_coverage WHERE first_month = '1968-04'"), 1);
}

TEST(MalformedLimits, AllProblemsAreReportedUpToTheLimitThenCounted) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("small/providers.csv").string()}).code, 0);
  std::string text = "month,provider_code,occupied_bed_days\n";
  for (int i = 0; i < 250; ++i) text += "2017-05,RHM,-" + std::to_string(i + 1) + "\n";
  write_file(dir / "bed_days.csv", text);
  RunResult r = run_bc(dir, {"import", "bed_days.csv"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("250 problems found"), std::string::npos) << r.err.substr(0, 300);
  EXPECT_NE(r.err.find("bed_days.csv:2: occupied_bed_days: -1: cannot be negative"),
            std::string::npos);
  EXPECT_NE(r.err.find("bed_days.csv:201: occupied_bed_days: -200:"), std::string::npos);
  EXPECT_EQ(r.err.find("bed_days.csv:202:"), std::string::npos);
  EXPECT_NE(r.err.find("... and 50 more problems not shown"), std::string::npos);
  RunResult r2 = run_bc(dir, {"import", "--max-errors", "3", "bed_days.csv"});
  EXPECT_EQ(r2.code, 3);
  EXPECT_NE(r2.err.find("... and 247 more problems not shown"), std::string::npos) << r2.err;
}

}  // namespace
}  // namespace bc::test
