// A first load (FileContext::first_load): a file whose kind's table is
// empty is written with a plain INSERT, and a duplicate is told by the
// key's refusal and a lookup of the key, not by an upsert that changes
// nothing. The outcome must be the one the upsert gives a later batch: the
// same duplicate named at the same line with the same words, a row that
// breaks another UNIQUE rule refused as such, nothing kept from a rejected
// batch. And the persons register read once for a batch (KnownPersons):
// the rows of a batch's persons file count as linked.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "fixtures.h"
#include "ingest/importer.h"
#include "ingest/kinds.h"
#include "ingest/known_persons.h"

namespace bc {
namespace first_load_test {

namespace fs = std::filesystem;

const std::string kSpellsHeader =
    "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
    "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n";

class FirstLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-first-load-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "f.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    ImportReport base = import(
        {fixture("partners"), fixture("practices"), fixture("providers"), fixture("persons")});
    ASSERT_TRUE(base.committed) << (base.errors.empty() ? "" : base.errors[0].reason);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  static ImportInput fixture(const std::string& kind) {
    return {(ingest_fixtures::kSmall / (kind + ".csv")).string(), *kind_from_name(kind)};
  }
  static ImportInput spells(const std::string& rows) {
    return {"spells.csv", FileKind::kSpells, kSpellsHeader + rows};
  }
  ImportReport import(std::vector<ImportInput> in) {
    auto r = import_batch(*store_, std::move(in), ImportOptions{});
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }
  int64_t count(const std::string& table) {
    auto n = store_->db().query_int("SELECT count(*) FROM " + table);
    return n.ok() ? n->value_or(-1) : -1;
  }
  // The batch's one problem, as "line: column: value: reason".
  static std::string only_problem(const ImportReport& r) {
    EXPECT_EQ(r.error_count, 1);
    if (r.errors.empty()) return "(none)";
    const Problem& p = r.errors[0];
    return std::to_string(p.line) + ": " + p.column + ": " + p.value + ": " + p.reason;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST(FirstLoadSql, APlainInsertOfTheUpsertsParametersAndALookupOfTheKey) {
  const KindSpec& spec = spec_of(FileKind::kSpells);
  const std::string insert = ingest::insert_sql(spec);
  EXPECT_EQ(insert.rfind("INSERT INTO spells (spell_id, ", 0), 0u) << insert;
  EXPECT_EQ(insert.find("ON CONFLICT"), std::string::npos) << insert;
  // The same parameters as the upsert, in the same order.
  const std::string upsert = ingest::upsert_sql(spec);
  EXPECT_EQ(upsert.substr(0, upsert.find(" ON CONFLICT")), insert);
  EXPECT_EQ(ingest::key_lookup_sql(spec), "SELECT 1 FROM spells WHERE spell_id = ?");
  // A key of several columns: each, in column order.
  EXPECT_EQ(ingest::key_lookup_sql(spec_of(FileKind::kPlans)),
            "SELECT 1 FROM plans WHERE metric = ? AND month = ?");
}

TEST_F(FirstLoad, ADuplicateIsNamedAsInALaterBatch) {
  const std::string rows =
      "S1,9990000018,RHM,2017-04-03,2017-04-10,21,J18.9,,19,100\n"
      "S2,9990000018,RHM,2017-05-03,2017-05-10,21,J18.9,,19,100\n"
      "S1,9990000026,RHM,2017-06-03,2017-06-10,21,J18.9,,19,100\n";
  // Into the empty table: the plain INSERT's refusal.
  ImportReport first = import({spells(rows)});
  EXPECT_FALSE(first.committed);
  const std::string problem = only_problem(first);
  EXPECT_EQ(problem,
            "4: spell_id: S1: a record with the same spell_id is already in this batch (each "
            "record may appear once per import)");
  EXPECT_EQ(count("spells"), 0);

  // Into a table with rows: the upsert's, the same words at the same line.
  ASSERT_TRUE(
      import({spells("S9,9990000018,RHM,2016-04-03,2016-04-10,21,J18.9,,19,100\n")}).committed);
  ImportReport later = import({spells(rows)});
  EXPECT_FALSE(later.committed);
  EXPECT_EQ(only_problem(later), problem);
  EXPECT_EQ(count("spells"), 1);
}

TEST_F(FirstLoad, ARowBreakingAnotherUniqueRuleIsRefusedNotCalledADuplicate) {
  if (test::on_postgresql()) GTEST_SKIP() << "PostgreSQL's imports are staged (ingest/stage.h)";
  // A rule of the store beyond the key (made for the test): one admission
  // a person a day.
  ASSERT_TRUE(store_->db()
                  .exec("CREATE UNIQUE INDEX one_a_day ON spells(nhs_number, admission_date)")
                  .ok());
  const std::string rows =
      "S1,9990000018,RHM,2017-04-03,2017-04-10,21,J18.9,,19,100\n"
      "S2,9990000018,RHM,2017-04-03,2017-04-11,21,J18.9,,19,100\n";
  const std::string refused =
      "3: (row): -: the store refused the row: UNIQUE constraint failed: spells.nhs_number, "
      "spells.admission_date";
  ImportReport first = import({spells(rows)});
  EXPECT_FALSE(first.committed);
  EXPECT_EQ(only_problem(first), refused);

  ASSERT_TRUE(
      import({spells("S9,9990000026,RHM,2016-04-03,2016-04-10,21,J18.9,,19,100\n")}).committed);
  ImportReport later = import({spells(rows)});
  EXPECT_FALSE(later.committed);
  EXPECT_EQ(only_problem(later), refused);
}

TEST_F(FirstLoad, APersonRegisteredInTheSameBatchIsLinked) {
  // 9990000069 is registered by this batch's own persons file; 9990000077
  // nowhere; 9990000018 by the earlier batch.
  ImportReport r =
      import({{"persons_more.csv", FileKind::kPersons,
               "nhs_number,date_of_birth,sex,practice_code\n9990000069,1960-01-01,M,J82001\n"},
              spells("S1,9990000018,RHM,2017-04-03,2017-04-10,21,J18.9,,19,100\n"
                     "S2,9990000069,RHM,2017-05-03,2017-05-10,21,J18.9,,19,100\n"
                     "S3,9990000077,RHM,2017-06-03,2017-06-10,21,J18.9,,19,100\n")});
  ASSERT_TRUE(r.committed) << (r.errors.empty() ? "" : r.errors[0].reason);
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files[1].kind, FileKind::kSpells);
  EXPECT_EQ(r.files[1].unlinked, 1);
}

TEST_F(FirstLoad, TheRegisterIsReadAgainOnlyWhenForgotten) {
  ingest::KnownPersons known(store_->db());
  auto n = [](const char* s) { return *NhsNumber::parse(s); };
  ASSERT_TRUE(known.contains(n("9990000018")).ok());
  EXPECT_TRUE(*known.contains(n("9990000018")));
  EXPECT_FALSE(*known.contains(n("9990000069")));
  ASSERT_TRUE(import({{"persons_more.csv", FileKind::kPersons,
                       "nhs_number,date_of_birth,sex,practice_code\n9990000069,1960-01-01,M,"
                       "J82001\n"}})
                  .committed);
  EXPECT_FALSE(*known.contains(n("9990000069"))) << "read once, until forgotten";
  known.forget();
  EXPECT_TRUE(*known.contains(n("9990000069")));
  EXPECT_TRUE(*known.contains(n("9990000018")));
}

}  // namespace first_load_test
}  // namespace bc
