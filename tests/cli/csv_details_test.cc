// CSV details (issue 14): identifier lengths in characters, line numbers
// right whatever the line ends, the rest of a file checked after a syntax
// error, and file names and values escaped in problem lines.
#include <gtest/gtest.h>

#include "harness.h"

namespace bc::test {
namespace {

class CsvDetails : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(
        dir_,
        {"import", fixture("small/partners.csv").string(), fixture("small/practices.csv").string(),
         fixture("small/providers.csv").string(), fixture("small/persons.csv").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    before_ = fingerprint(db());
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  TempDir dir_;
  StoreFingerprint before_;
};

// 64 characters is the limit for an identifier, however many bytes they
// take in UTF-8: 40 "é" (80 bytes) is a valid episode id, 65 "é" is not.
TEST_F(CsvDetails, IdentifierLengthIsCountedInCharacters) {
  std::string e40, e65;
  for (int i = 0; i < 40; ++i) e40 += "\xC3\xA9";
  for (int i = 0; i < 65; ++i) e65 += "\xC3\xA9";
  const std::string header = "episode_id,nhs_number,discharge_date,outcome_91_days\n";
  write_file(dir_ / "reablement.csv", header + e65 + ",9990000018,2017-05-01,at_home\n");
  RunResult bad = run_bc(dir_, {"import", "reablement.csv"});
  EXPECT_EQ(bad.code, 3) << bad.err;
  EXPECT_NE(bad.err.find("an identifier may have at most 64 characters"), std::string::npos);
  EXPECT_TRUE(fingerprint(db()) == before_);

  write_file(dir_ / "reablement.csv", header + e40 + ",9990000018,2017-05-01,at_home\n");
  RunResult ok = run_bc(dir_, {"import", "reablement.csv"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(query_text(db(), "SELECT episode_id FROM reablement"), e40);
}

// A file with lone CR line ends and a line break inside a quoted value:
// the problem two records on is on physical line 4.
TEST_F(CsvDetails, LineNumbersAreRightInCrOnlyFilesWithQuotedBreaks) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    write_file(dir_ / "providers.csv", "provider_code,provider_name,provider_type" + eol +
                                           "RXX,\"Two" + eol + "lines\",acute" + eol +
                                           "RYY,Bad,hospital" + eol);
    RunResult r = run_bc(dir_, {"import", "providers.csv"});
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("providers.csv:4: provider_type: hospital: must be"), std::string::npos)
        << "line end "
        << (eol == "\r"   ? "CR"
            : eol == "\n" ? "LF"
                          : "CRLF")
        << ":\n"
        << r.err;
  }
}

// After a quote in an unquoted field (line 2) and text after a closing
// quote (line 4), the reader picks up at the next line and the rest of the
// file is still checked: the bad type on line 3 and line 5 are reported.
TEST_F(CsvDetails, TheRestOfTheFileIsCheckedAfterASyntaxError) {
  write_file(dir_ / "providers.csv",
             "provider_code,provider_name,provider_type\n"
             "RXX,The \"Elms\",care_home\n"
             "RYY,Fine,hospital\n"
             "RZZ,\"Quoted\"tail,acute\n"
             "RWW,Also fine,clinic\n"
             "RVV,Good,acute\n");
  RunResult r = run_bc(dir_, {"import", "providers.csv"});
  EXPECT_EQ(r.code, 3) << r.err;
  for (const std::string expect :
       {"providers.csv:2: provider_name: -: a quote inside an unquoted field",
        "providers.csv:3: provider_type: hospital: must be",
        "providers.csv:4: provider_name: -: unexpected text after a closing quote",
        "providers.csv:5: provider_type: clinic: must be"}) {
    EXPECT_NE(r.err.find(expect), std::string::npos) << expect << "\n" << r.err;
  }
  EXPECT_NE(r.err.find("4 problems found"), std::string::npos) << r.err;
  EXPECT_TRUE(fingerprint(db()) == before_);
}

// A file name with an escape sequence and a line break, and a value with a
// right-to-left override, are shown escaped: nothing printed can start a
// new problem line or reorder one.
TEST_F(CsvDetails, FileNamesAndValuesAreEscapedInProblems) {
  const std::string name = "x\x1b[2K\nproviders.csv:9: fake\xE2\x80\xAE.csv";
  write_file(dir_ / name,
             "provider_code,provider_name,provider_type\n"
             "RXX,Name,acute\xE2\x80\xAEtnemevorpmi\n");
  RunResult r = run_bc(dir_, {"import", "--kind", "providers", name});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\xE2\x80\xAE"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\nproviders.csv:9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("x\\u001b[2K\\u000aproviders.csv:9: fake\\u202e.csv:2: provider_type: "
                       "acute\\u202etnemevorpmi: must be"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fingerprint(db()) == before_);
}

}  // namespace
}  // namespace bc::test
