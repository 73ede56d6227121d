// A process killed with SIGKILL in the middle of a large import leaves the
// store exactly as it was before the import.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

#include "harness.h"

namespace bc::test {
namespace {

// The k-th valid NHS number in the 999 range (mod-11 check).
std::string nhs(int k) {
  for (long long nine = 999100000 + k;; ++nine) {
    int sum = 0;
    long long v = nine;
    for (int w = 2; w <= 10; ++w, v /= 10) sum += static_cast<int>(v % 10) * w;
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check != 10) return std::to_string(nine * 10 + check);
  }
}

// Starts importing 400,000 valid spells (far more than are read before the
// first progress line) into the store in dir and kills the import with
// SIGKILL once rows are being written inside its transaction, after
// running `meanwhile` (if given) while it writes.
void kill_mid_import(TempDir& dir, const std::function<void()>& meanwhile = {}) {
  {
    FILE* f = std::fopen((dir / "spells.csv").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
        "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n",
        f);
    for (int i = 0; i < 400000; ++i) {
      std::fprintf(f, "K%07d,%s,RHM,2017-%02d-%02d,,21,J18.9,W19;I10,19,1234.56\n", i,
                   nhs(i % 5000).c_str(), 4 + i % 9, 1 + i % 28);
    }
    std::fclose(f);
  }

  // The store's arguments as run_bc gives them (its database in the pg. pass).
  std::vector<std::string> args =
      with_store_addresses(dir.path(), {"import", "--progress", "spells.csv"}, "");
  args.insert(args.begin(), BC_BINARY);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (chdir(dir.path().c_str()) != 0) _exit(127);
    dup2(err_pipe[1], STDERR_FILENO);
    close(err_pipe[0]);
    close(err_pipe[1]);
    execv(BC_BINARY, argv.data());
    _exit(127);
  }
  close(err_pipe[1]);
  // Wait for the first progress line: rows are being written inside the
  // transaction now.
  std::string seen;
  char buf[256];
  while (seen.find("rows") == std::string::npos) {
    ssize_t n = read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
  }
  ASSERT_NE(seen.find("importing spells.csv: 50,000 rows"), std::string::npos) << seen;
  if (meanwhile) meanwhile();
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  close(err_pipe[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the import finished before the kill";
}

TEST(KillTest, SigkillMidImportLeavesTheStoreAsItWas) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("small").string()}).code, 0);
  fs::path db = dir / "bettercare.db";
  StoreFingerprint before = fingerprint(db);
  kill_mid_import(dir);
  if (HasFatalFailure()) return;

  // SQLite recovers on the next open, and PostgreSQL rolls back the killed
  // client's transaction: nothing of the killed import is there.
  EXPECT_TRUE(fingerprint(db) == before);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM spells WHERE spell_id LIKE 'K%'"), 0);
  if (!on_postgresql()) {
    EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  }
  RunResult imports = run_bc(dir, {"imports", "--format", "json"});
  EXPECT_EQ(imports.code, 0) << imports.err;
  EXPECT_EQ(imports.out.find("\"batch\": 2"), std::string::npos) << imports.out;
  // And the store is still usable for the next import.
  write_file(dir / "bed_days.csv", "month,provider_code,occupied_bed_days\n2017-05,RHM,100\n");
  EXPECT_EQ(run_bc(dir, {"import", "bed_days.csv"}).code, 0);
}

// A first load (25 MB of spells into a store with no batch) is written
// with SQLite's rollback journal, not the WAL (Store::begin_rollback_journal):
// killed, it leaves a journal that the next open rolls back, and the store
// is back in WAL with nothing of the load. Its bytes may differ from
// before in SQLite's header alone (the journal mode's switches count as
// changes); its contents may not.
TEST(KillTest, SigkillMidFirstLoadLeavesTheStoreEmpty) {
  if (on_postgresql()) GTEST_SKIP() << "the journal is SQLite's";
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  fs::path db = dir / "bettercare.db";
  const std::string before = dump_store(db);
  // Another command meanwhile is told the store is busy (exit 4), not
  // shown a store that is being loaded.
  RunResult during;
  kill_mid_import(dir, [&] { during = run_bc(dir, {"imports"}); });
  EXPECT_EQ(during.code, 4) << during.out << during.err;
  EXPECT_NE(during.err.find("the store is busy"), std::string::npos) << during.err;
  if (HasFatalFailure()) return;
  EXPECT_TRUE(fs::exists(dir / "bettercare.db-journal"))
      << "the load was not in the rollback journal";
  EXPECT_FALSE(fs::exists(dir / "bettercare.db-wal"));

  // The next command's open rolls the journal back and returns to WAL.
  RunResult imports = run_bc(dir, {"imports", "--format", "json"});
  EXPECT_EQ(imports.code, 0) << imports.err;
  EXPECT_EQ(imports.out.find("\"batch\": 1"), std::string::npos) << imports.out;
  EXPECT_FALSE(fs::exists(dir / "bettercare.db-journal"));
  EXPECT_EQ(dump_store(db), before);
  EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");
  // And the first load can be made again, whole.
  ASSERT_EQ(run_bc(dir, {"import", fixture("small").string()}).code, 0);
  EXPECT_GT(query_int(db, "SELECT count(*) FROM spells"), 0);
}

}  // namespace
}  // namespace bc::test
