// A large first load (import's rollback_journal_from_bytes) into a store
// nobody else has open is written with SQLite's rollback journal, not
// through the WAL: what it keeps is what the WAL's load keeps, a rejected
// one keeps nothing, and afterwards the store is in WAL again. A later
// batch, a small first load and a store open elsewhere keep the WAL.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <limits>

#include "../support/test_backend.h"
#include "fixtures.h"
#include "ingest/importer.h"

namespace bc {
namespace rollback_journal_test {

namespace fs = std::filesystem;

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

// What an import saw and kept.
struct Seen {
  ImportReport report;
  std::string journal_during;  // PRAGMA journal_mode when the first file ended
};

class RollbackJournal : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY("the journal is SQLite's");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-journal-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    store_ = open(dir_ / "j.db");
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  static std::unique_ptr<Store> open(const fs::path& file) {
    auto store = test::open_test_store(file);
    EXPECT_TRUE(store.ok()) << store.error();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static std::vector<ImportInput> city() {
    return ingest_fixtures::small_inputs(
        {"partners", "practices", "providers", "persons", "conditions", "spells", "ae_attendances",
         "care_home_admissions", "reablement", "care_plans", "care_plan_actions",
         "care_plan_reviews", "spa_referrals"});
  }
  static Seen import(Store& store, std::vector<ImportInput> in, uint64_t from_bytes) {
    Seen seen;
    ImportOptions o;
    o.rollback_journal_from_bytes = from_bytes;
    o.on_progress = [&](const ImportProgress& p) {
      if (p.file_done && seen.journal_during.empty()) seen.journal_during = text(store, kMode);
    };
    auto r = import_batch(store, std::move(in), o);
    EXPECT_TRUE(r.ok()) << r.error();
    if (r.ok()) seen.report = std::move(*r);
    return seen;
  }
  static std::string text(Store& store, const std::string& sql) {
    auto t = store.db().query_texts(sql, std::nullopt);
    return t.ok() && !t->empty() ? (*t)[0] : "(none)";
  }
  // Every table's row count, and the rows of those the engine reads most.
  static std::string contents(Store& store) {
    std::string out;
    for (const char* t : {"import_batches", "persons", "conditions", "spells", "ae_attendances",
                          "care_home_admissions", "reablement", "care_plans", "care_plan_actions",
                          "care_plan_reviews", "spa_referrals"}) {
      out += std::string(t) + " " + text(store, std::string("SELECT count(*) FROM ") + t) + "\n";
    }
    out += text(store,
                "SELECT group_concat(spell_id || nhs_number || admission_date, ',') FROM "
                "(SELECT * FROM spells ORDER BY spell_id)") +
           "\n";
    out += text(store,
                "SELECT group_concat(nhs_number || date_of_birth, ',') FROM "
                "(SELECT * FROM persons ORDER BY nhs_number)");
    return out;
  }
  bool journal_left() const { return fs::exists(dir_ / "j.db-journal"); }

  static constexpr const char* kMode = "PRAGMA journal_mode";
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RollbackJournal, AFirstLoadKeepsWhatTheWalsKeepsAndEndsInWal) {
  Seen seen = import(*store_, city(), 0);
  ASSERT_TRUE(seen.report.committed);
  EXPECT_EQ(seen.journal_during, "delete");
  EXPECT_EQ(text(*store_, kMode), "wal");
  EXPECT_EQ(text(*store_, "PRAGMA integrity_check"), "ok");
  EXPECT_FALSE(journal_left());

  // The same files through the WAL, into another store.
  auto other = open(dir_ / "w.db");
  ASSERT_NE(other, nullptr);
  Seen wal = import(*other, city(), kNever);
  ASSERT_TRUE(wal.report.committed);
  EXPECT_EQ(wal.journal_during, "wal");
  EXPECT_GT(std::stoll(text(*store_, "SELECT count(*) FROM spells")), 0);
  EXPECT_EQ(contents(*store_), contents(*other));

  // Another process reopening it finds it in WAL, with the same rows.
  const std::string before = contents(*store_);
  store_.reset();
  store_ = open(dir_ / "j.db");
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(text(*store_, kMode), "wal");
  EXPECT_EQ(contents(*store_), before);
}

TEST_F(RollbackJournal, ASmallFirstLoadAndALaterBatchKeepTheWal) {
  Seen small = import(
      *store_, ingest_fixtures::small_inputs({"partners", "practices", "providers", "persons"}),
      kNever);
  ASSERT_TRUE(small.report.committed);
  EXPECT_EQ(small.journal_during, "wal");
  Seen later = import(*store_, ingest_fixtures::small_inputs({"spells"}), 0);
  ASSERT_TRUE(later.report.committed);
  EXPECT_EQ(later.journal_during, "wal");
  EXPECT_EQ(text(*store_, kMode), "wal");
}

TEST_F(RollbackJournal, AStoreOpenElsewhereKeepsTheWalAndItsReaderServed) {
  auto reader = open(dir_ / "j.db");
  ASSERT_NE(reader, nullptr);
  Seen seen = import(*store_, city(), 0);
  ASSERT_TRUE(seen.report.committed);
  EXPECT_EQ(seen.journal_during, "wal");
  EXPECT_EQ(text(*reader, kMode), "wal");
  EXPECT_EQ(text(*reader, "SELECT count(*) FROM import_batches"), "1");
}

TEST_F(RollbackJournal, ARejectedFirstLoadKeepsNothingAndTheNextLoadsAsAFirst) {
  const std::string empty = contents(*store_);
  std::vector<ImportInput> in =
      ingest_fixtures::small_inputs({"partners", "practices", "providers", "persons"});
  in.push_back({"spells.csv", FileKind::kSpells,
                "spell_id,nhs_number,provider_code,admission_date,discharge_date,"
                "admission_method,primary_diagnosis,secondary_diagnoses,discharge_destination,"
                "cost\nX1,9990000018,RHM,2017-13-01,,21,J18.9,,19,10.00\n"});
  Seen rejected = import(*store_, std::move(in), 0);
  EXPECT_FALSE(rejected.report.committed);
  EXPECT_GE(rejected.report.error_count, 1);
  EXPECT_EQ(rejected.journal_during, "delete");
  EXPECT_EQ(text(*store_, kMode), "wal");
  EXPECT_EQ(contents(*store_), empty);
  EXPECT_EQ(text(*store_, "PRAGMA integrity_check"), "ok");
  EXPECT_FALSE(journal_left());

  Seen next = import(*store_, city(), 0);
  ASSERT_TRUE(next.report.committed);
  EXPECT_EQ(next.journal_during, "delete");
  EXPECT_EQ(text(*store_, "SELECT count(*) FROM import_batches"), "1");
}

// While a first load is written with the rollback journal, foreign keys
// are not enforced a row at a time: the load checks them once before it
// commits (Store::broken_references), and afterwards they are enforced
// again. (The importer's own checks name a missing reference at its line
// first; this is the store's backstop.)
TEST_F(RollbackJournal, ReferencesAreCheckedOnceAndEnforcedAgainAfter) {
  const std::string dangling =
      "INSERT INTO spells (spell_id, nhs_number, provider_code, admission_date, "
      "admission_method, primary_diagnosis, batch_id) "
      "VALUES ('S1', 9990000018, 'NOPE', '2017-04-01', '21', 'J189', 99)";
  EXPECT_EQ(text(*store_, "PRAGMA foreign_keys"), "1");
  ASSERT_TRUE(store_->begin_rollback_journal());
  EXPECT_EQ(text(*store_, "PRAGMA foreign_keys"), "0");
  ASSERT_TRUE(store_->db().exec("BEGIN").ok());
  auto none = store_->broken_references();
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(store_->db().exec(dangling).ok());
  auto broken = store_->broken_references();
  ASSERT_TRUE(broken.ok()) << broken.error();
  EXPECT_EQ(*broken, 2);  // the provider and the batch
  ASSERT_TRUE(store_->db().exec("ROLLBACK").ok());
  store_->end_rollback_journal();
  EXPECT_EQ(text(*store_, kMode), "wal");
  EXPECT_EQ(text(*store_, "PRAGMA foreign_keys"), "1");
  EXPECT_FALSE(store_->db().exec(dangling).ok());
  EXPECT_EQ(text(*store_, "SELECT count(*) FROM spells"), "0");
}

}  // namespace rollback_journal_test
}  // namespace bc
