// The audit log cannot be rewritten (migration 0007, store/audit.h): the
// triggers refuse replacement and back-dating, and the keyed hash chain
// finds what someone with the file, but not the key, changed by hand.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "../support/test_backend.h"
#include "store/audit.h"
#include "store/store.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY(
        "tampers with the SQLite file directly (PostgreSQL: PgStore.ConcurrentWritersLoseNothing, "
        "pg.ReportStore.*FoundByAuditVerify)");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-audit-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    path_ = (dir_ / "s.db").string();
    auto store = Store::open(path_, Store::Mode::kCreateIfMissing);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    for (const char* who : {"clin", "anna", "clin", "bob", "clin"})
      ASSERT_TRUE(append_audit(*store_, who, "view_person", "9990000018", "10.0.0.1").ok());
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // SQL through the sqlite3 C API on a connection of its own, as an insider
  // with the file (but not the key) would; "" or SQLite's message.
  std::string raw(const std::string& sql) {
    sqlite3* db = nullptr;
    std::string err;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) return "cannot open";
    char* msg = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK)
      err = msg ? msg : "failed";
    sqlite3_free(msg);
    sqlite3_close(db);
    return err;
  }
  static constexpr const char* kDropTriggers =
      "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
      "DROP TRIGGER audit_log_insert_in_order;";

  AuditVerification verify() {
    auto v = verify_audit(*store_);
    EXPECT_TRUE(v.ok()) << v.error();
    return v.ok() ? *v : AuditVerification{};
  }
  std::string hash_of(int id) {
    auto st = store_->db().prepare("SELECT chain_hash FROM audit_log WHERE audit_id = ?");
    st->bind(1, id);
    Status s;
    return st->step(&s) ? st->text(0) : "";
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditChainTest, AnUntouchedLogVerifies) {
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.head_id, 5);
  EXPECT_EQ(v.head_hash, hash_of(5));
  EXPECT_EQ(v.head_hash.size(), 64u);
  EXPECT_NE(hash_of(4), hash_of(5));
}

TEST_F(AuditChainTest, AQueueAppendsFromManyThreadsInBatchesAndTheChainHolds) {
  auto own = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(own.ok()) << own.error();
  AuditQueue queue(std::move(*own));
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!queue.append("user" + std::to_string(t), "export_json", std::to_string(i), "10.0.0.2")
                 .ok())
          ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  // Text that could forge a line is refused before it is queued.
  EXPECT_EQ(queue.append("a\nb", "export_json", "", "10.0.0.2").code(),
            StatusCode::kInvalidArgument);
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5 + kThreads * kEach);
  // Each thread's entries are in its own order.
  for (int t = 0; t < kThreads; ++t) {
    auto st = store_->db().prepare(
        "SELECT group_concat(subject, ',') FROM (SELECT subject FROM audit_log WHERE actor = ? "
        "ORDER BY audit_id)");
    st->bind(1, "user" + std::to_string(t));
    Status s;
    ASSERT_TRUE(st->step(&s));
    std::string expected;
    for (int i = 0; i < kEach; ++i) expected.append(i ? "," : "").append(std::to_string(i));
    EXPECT_EQ(st->text(0), expected);
  }
}

TEST_F(AuditChainTest, ReplacementIsRefusedAndAReplacedEntryIsNamed) {
  const std::string h = hash_of(2);
  for (std::string sql :
       {"INSERT OR REPLACE INTO audit_log VALUES (2, '2020-01-01T00:00:00Z', 'anna', 'sign_in', "
        "'', '10.0.0.1', '" +
            h + "')",
        "REPLACE INTO audit_log VALUES (2, '2030-01-01T00:00:00Z', 'anna', 'sign_in', '', 'x', '" +
            h + "')",
        "INSERT INTO audit_log VALUES (2, '2030-01-01T00:00:00Z', 'anna', 'sign_in', '', 'x', '" +
            h + "') ON CONFLICT(audit_id) DO UPDATE SET action = 'sign_in'",
        std::string("INSERT INTO audit_log(at, actor, action, subject, origin) VALUES "
                    "('2030-01-01T00:00:00Z', 'x', 'y', 'z', 'o')")}) {
    std::string err = raw(sql);
    EXPECT_NE(err.find("append-only"), std::string::npos) << sql << ": " << err;
  }
  EXPECT_TRUE(verify().ok) << "nothing was changed";

  // An insider drops the triggers and replaces entry 2 (a record view
  // turned into a sign-in), keeping its time and hash.
  ASSERT_EQ(raw(std::string(kDropTriggers) +
                "INSERT OR REPLACE INTO audit_log SELECT audit_id, at, actor, 'sign_in', '', "
                "origin, chain_hash FROM audit_log WHERE audit_id = 2"),
            "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 2);
  EXPECT_NE(v.problem.find("entry 2 was changed"), std::string::npos) << v.problem;
}

TEST_F(AuditChainTest, ADeletedEntryIsNamed) {
  EXPECT_NE(raw("DELETE FROM audit_log WHERE audit_id = 3").find("append-only"), std::string::npos);
  ASSERT_EQ(raw(std::string(kDropTriggers) + "DELETE FROM audit_log WHERE audit_id = 3"), "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 3);
  EXPECT_NE(v.problem.find("entry 3 was removed"), std::string::npos) << v.problem;
}

TEST_F(AuditChainTest, TheFirstEntryRemovedAndRenumberedIsNamed) {
  ASSERT_EQ(raw(std::string(kDropTriggers) + "DELETE FROM audit_log WHERE audit_id = 1;"
                                             "UPDATE audit_log SET audit_id = audit_id - 1;"),
            "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 1);
}

TEST_F(AuditChainTest, ABackDatedInsertIsRefusedAndNamed) {
  // Even with the right next id and a hash, an entry dated before the
  // last one is refused.
  std::string err =
      raw("INSERT INTO audit_log VALUES (6, '2017-09-29T10:00:00Z', 'clin', 'view_person', "
          "'9990000026', '10.0.0.1', '" +
          hash_of(5) + "')");
  EXPECT_NE(err.find("back-dated"), std::string::npos) << err;
  EXPECT_TRUE(verify().ok);

  ASSERT_EQ(raw(std::string(kDropTriggers) +
                "INSERT INTO audit_log VALUES (6, '2017-09-29T10:00:00Z', 'clin', 'view_person', "
                "'9990000026', '10.0.0.1', '" +
                hash_of(5) + "')"),
            "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 6);
  EXPECT_NE(v.problem.find("entry 6 was inserted out of order"), std::string::npos) << v.problem;
}

TEST_F(AuditChainTest, AnEntryAppendedWithoutTheKeyIsNamed) {
  ASSERT_EQ(raw(std::string(kDropTriggers) +
                "INSERT INTO audit_log SELECT 6, at, 'mallory', 'sign_in', '', origin, "
                "chain_hash FROM audit_log WHERE audit_id = 5"),
            "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 6);
}

TEST_F(AuditChainTest, AnEditWithSqliteIsNamed) {
  EXPECT_NE(raw("UPDATE audit_log SET actor = 'mallory' WHERE audit_id = 4").find("append-only"),
            std::string::npos);
  // The upgrade's exception (setting a missing hash) does not open a door.
  EXPECT_NE(raw("UPDATE audit_log SET chain_hash = 'x' WHERE audit_id = 4").find("append-only"),
            std::string::npos);
  ASSERT_EQ(raw(std::string(kDropTriggers) +
                "UPDATE audit_log SET subject = '9990000026' WHERE audit_id = 4"),
            "");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 4);
  EXPECT_NE(v.problem.find("entry 4 was changed"), std::string::npos) << v.problem;
  // Later appends go on from the (broken) head; the first problem stays named.
  ASSERT_TRUE(append_audit(*store_, "clin", "view_person", "9990000018", "10.0.0.1").ok());
  EXPECT_EQ(verify().first_bad, 4);
}

TEST_F(AuditChainTest, TextThatCouldForgeALineIsRefused) {
  for (const char* bad : {"clin\x1b[2K\rview_person", "a\nb", "x\xe2\x80\xaey", "\xc2\x9b"}) {
    Status s = append_audit(*store_, bad, "sign_in_failed", "", "10.0.0.1");
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(append_audit(*store_, "clin", "view_person", bad, "cli").code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(verify().entries, 5);
}

TEST_F(AuditChainTest, EntriesFromBeforeTheChainAreChainedOnUpgrade) {
  store_.reset();
  fs::remove(path_);
  fs::remove(path_ + ".key");
  {
    auto v6 = Store::open_at_version(path_, 6);
    ASSERT_TRUE(v6.ok()) << v6.error();
    ASSERT_TRUE((*v6)
                    ->db()
                    .exec("INSERT INTO audit_log(at, actor, action, subject, origin) VALUES "
                          "('2018-01-01T09:00:00Z', 'clin', 'view_person', '9990000018', 'cli'),"
                          "('2018-01-01T09:05:00Z', 'anna', 'export_csv', 'x', 'cli')")
                    .ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  store_ = std::move(*store);
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 2);
  EXPECT_EQ(*store_->db().query_int("SELECT count(*) FROM audit_log WHERE chain_hash IS NULL"), 0);
  ASSERT_TRUE(append_audit(*store_, "bob", "view_person", "9990000026", "cli").ok());
  EXPECT_EQ(verify().entries, 3);
}

}  // namespace
}  // namespace bc
