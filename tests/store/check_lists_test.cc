// Schema 23 on SQLite: CHECK lists written as ORs (store/check_lists.h).
#include "store/check_lists.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "../support/test_backend.h"
#include "store/store.h"

namespace bc::check_lists_test {

namespace fs = std::filesystem;

TEST(ExpandInLists, ListsOfStringsAndIntegersBecomeEqualities) {
  EXPECT_EQ(expand_in_lists("sex TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),"),
            "sex TEXT NOT NULL CHECK ((sex = 'M' OR sex = 'F' OR sex = 'U')),");
  EXPECT_EQ(expand_in_lists("CHECK (permanent in (0,1)) CHECK (k IN ('a''b', 'c'))"),
            "CHECK ((permanent = 0 OR permanent = 1)) CHECK ((k = 'a''b' OR k = 'c'))");
  EXPECT_EQ(expand_in_lists("CHECK (responsible_org IN ('NHS', 'Social Care', 'Both'))"),
            "CHECK ((responsible_org = 'NHS' OR responsible_org = 'Social Care' OR "
            "responsible_org = 'Both'))");
}

TEST(ExpandInLists, LeavesWhatIsNotAColumnsListOfConstantsAlone) {
  for (const char* sql :
       {"CHECK (x NOT IN ('a', 'b'))", "CHECK (x IN ('only'))", "CHECK (x IN (y, 'b'))",
        "CHECK (length(x) IN (1, 2) OR x IS NULL)", "CREATE TABLE t (a TEXT)", ""}) {
    EXPECT_EQ(expand_in_lists(sql), sql) << sql;
  }
}

class CheckListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY("SQLite's schema text (PostgreSQL's IN lists are unchanged)");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-checks-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string path_;
};

constexpr const char* kBatch =
    "INSERT INTO import_batches (batch_id, imported_at, imported_by, bettercare_version) "
    "VALUES (1, '2018-01-01T00:00:00Z', 't', '0');"
    "INSERT INTO practices VALUES ('J82001', 'Bitterne', 'C1', 'Cluster 1', 1);";

std::string person(int64_t nhs_number, const char* sex) {
  return "INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, batch_id) VALUES (" +
         std::to_string(nhs_number) + ", '1950-03-15', '" + sex + "', 'J82001', 1)";
}

// An upgrade from 22 keeps every row, leaves no table with an IN list, and
// the rules still hold: a value outside a list is refused, NULL where the
// column allows it passes, as before.
TEST_F(CheckListsTest, AnUpgradeKeepsTheRowsAndTheRulesWithoutAnyInList) {
  {
    auto v22 = Store::open_at_version(path_, 22);
    ASSERT_TRUE(v22.ok()) << v22.error();
    Db& db = (*v22)->db();
    ASSERT_TRUE(db.exec(kBatch).ok()) << db.last_error();
    ASSERT_TRUE(db.exec(person(9990000018, "F")).ok()) << db.last_error();
    EXPECT_GT(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql "
                            "LIKE '%sex IN (%'"),
              0);
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  EXPECT_EQ((*store)->schema_version(), 23);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM persons WHERE sex = 'F'"), 1);
  auto tables = db.query_texts("SELECT sql FROM sqlite_schema WHERE type = 'table'", std::nullopt);
  ASSERT_TRUE(tables.ok()) << tables.error();
  ASSERT_GT(tables->size(), 40u);
  for (const std::string& sql : *tables) EXPECT_EQ(expand_in_lists(sql), sql);
  EXPECT_EQ(*db.query_texts("PRAGMA quick_check", std::nullopt), std::vector<std::string>{"ok"});

  EXPECT_TRUE(db.exec(person(9990000026, "U")).ok()) << db.last_error();
  EXPECT_FALSE(db.exec(person(9990000034, "X")).ok());
  EXPECT_TRUE(db.last_error_is_constraint());
  EXPECT_FALSE(db.exec("INSERT INTO ae_attendances (attendance_id, nhs_number, provider_code, "
                       "arrival, department_type, batch_id) VALUES ('A1', 9990000018, 'RHM', "
                       "'2018-01-01T10:00', '05', 1)")
                   .ok());
  EXPECT_TRUE(db.last_error_is_constraint());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM persons"), 2);
}

// The point of it: writing a person no longer builds a temporary b-tree of
// the sexes for the row (SQLite's OpenEphemeral), in a new store or an
// upgraded one.
TEST_F(CheckListsTest, WritingARowBuildsNoTemporaryTableForItsCheck) {
  auto store = Store::open(path_, Store::Mode::kCreateIfMissing);
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  for (const std::string& insert :
       {person(9990000018, "F"),
        std::string("INSERT INTO ae_attendances (attendance_id, nhs_number, provider_code, "
                    "arrival, department_type, batch_id) VALUES ('A1', 9990000018, 'RHM', "
                    "'2018-01-01T10:00', '01', 1)")}) {
    auto st = db.prepare("EXPLAIN " + insert);
    ASSERT_TRUE(st.ok()) << st.error();
    std::vector<std::string> opcodes;
    Status s;
    while (st->step(&s)) opcodes.push_back(st->text(1));
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_GT(opcodes.size(), 10u) << insert;
    EXPECT_EQ(std::count(opcodes.begin(), opcodes.end(), "OpenEphemeral"), 0) << insert;
  }
}

}  // namespace bc::check_lists_test
